"""The search benchmark's pure parts (the benchmark itself is `python -m bench.search`)."""

from __future__ import annotations

from bench.search import (
    Sent,
    cell,
    compressible,
    content_type,
    index_chunk,
    load_and_query_bytes,
    material_config,
    search_asset,
    top_titles,
    transcripts_for,
)


def test_material_config_swaps_our_search_for_materials() -> None:
    config = {
        "theme": {"name": "material", "custom_dir": "generator/theme", "features": ["toc.follow"]},
        "plugins": [],
        "extra_javascript": ["assets/catalog.js", "assets/search.js"],
        "nav": ["index.md"],
    }
    changed = material_config(config)
    assert changed["plugins"] == ["search"]
    assert changed["theme"]["features"] == ["toc.follow", "search.suggest", "search.highlight"]
    assert changed["theme"]["custom_dir"] == "material_theme"
    assert changed["extra_javascript"] == ["assets/catalog.js"]
    assert changed["nav"] == ["index.md"]
    assert config["plugins"] == [] and config["theme"]["custom_dir"] == "generator/theme"


def test_search_assets_of_each_engine() -> None:
    assert search_asset("material", "/search/search_index.json")
    assert search_asset("material", "/assets/javascripts/workers/search.a7633da7.min.js")
    assert not search_asset("material", "/assets/javascripts/bundle.a5f9d56c.min.js")
    assert not search_asset("material", "/assets/search.js")
    assert search_asset("pagefind", "/assets/search.js")
    assert search_asset("pagefind", "/pagefind/issues/index/en_1.pf_index")
    assert not search_asset("pagefind", "/search/search_index.json")


def test_what_the_server_compresses() -> None:
    assert compressible(content_type("index.html"))
    assert compressible(content_type("pagefind.js"))
    assert compressible(content_type("search_index.json"))
    assert not compressible(content_type("en_1.pf_fragment"))
    assert not compressible(content_type("wasm.en.pagefind"))
    assert index_chunk("/pagefind/issues/fragment/en_1.pf_fragment")
    assert not index_chunk("/pagefind/issues/wasm.en.pagefind")


def test_query_bytes_stop_at_the_first_result() -> None:
    sent = [
        Sent("load", "/issues/x/", 100, 400, 1.0),
        Sent("load", "/assets/search.js", 10, 30, 1.1),
        Sent("query", "/pagefind/issues/pagefind.js", 20, 60, 2.0),
        Sent("query", "/pagefind/issues/index/en_1.pf_index", 5, 5, 2.1),
        Sent("query", "/pagefind/issues/fragment/en_2.pf_fragment", 7, 7, 3.0),
    ]
    figures = load_and_query_bytes("pagefind", sent, result_epoch=2.5)
    assert figures["page_load"] == {"wire_bytes": 110, "raw_bytes": 430, "requests": 2}
    assert figures["page_load_search"]["wire_bytes"] == 10
    assert figures["query_until_result"] == {"wire_bytes": 25, "raw_bytes": 65, "requests": 2}
    assert figures["query_index_chunks"]["wire_bytes"] == 5
    assert figures["query_total"]["requests"] == 3


def test_rankings_as_the_tables_show_them() -> None:
    ours = {"issues": {"items": [{"id": "MLQ-0009", "title": "Drift", "href": "x"}]}}
    assert top_titles("pagefind", ours) == ["MLQ-0009 Drift"]
    material = {"items": [{"title": "Tag: drift", "href": "/tags/drift/"}]}
    assert top_titles("material", material) == ["Tag: drift (tags/drift)"]
    assert cell("a | b\n c") == "a \\| b c"
    assert transcripts_for(1000) == 100
