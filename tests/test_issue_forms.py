"""The issue forms in `.github/ISSUE_TEMPLATE/`: GitHub's form syntax, where it matters (a form
that breaks it is silently dropped from the "New issue" chooser), and every link the generator
prefills names a form that exists and fields (input ids) that the form has."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.project import Project
from generator.render import pages
from generator.site_config import SiteConfig, read_site_config
from generator.urls import entry as entry_target
from tests.conftest import REPO

FORMS_DIR = REPO / ".github/ISSUE_TEMPLATE"
FORMS = sorted(p for p in FORMS_DIR.glob("*.yml") if p.name != "config.yml")
TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
TOP_KEYS = {"name", "description", "body", "title", "labels", "assignees", "projects", "type"}
ID = re.compile(r"^[A-Za-z0-9_-]+$")
PREFILL_KEYS = {"template", "title", "labels", "assignees", "projects"}
"""Query parameters of `issues/new` that are not fields of the form."""


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


def element_problems(element: dict, where: str) -> list[str]:
    kind = element.get("type")
    attributes = element.get("attributes")
    if kind not in TYPES:
        return [f"{where}: type {kind!r} is not one of {sorted(TYPES)}"]
    if not isinstance(attributes, dict):
        return [f"{where}: attributes missing"]
    if kind == "markdown":
        found = [] if attributes.get("value") else [f"{where}: markdown needs attributes.value"]
        if "id" in element or "validations" in element:
            found.append(f"{where}: markdown takes no id or validations")
        return found
    found = [] if attributes.get("label") else [f"{where}: attributes.label missing"]
    if "id" in element and not ID.match(str(element["id"])):
        found.append(f"{where}: id {element['id']!r} has other characters than A-Z, 0-9, - and _")
    if kind in {"dropdown", "checkboxes"}:
        options = attributes.get("options")
        if not options or not isinstance(options, list):
            found.append(f"{where}: {kind} needs a list of options")
        elif kind == "checkboxes" and not all(
            isinstance(o, dict) and o.get("label") for o in options
        ):
            found.append(f"{where}: every checkbox option needs a label")
        elif kind == "dropdown" and len(set(options)) != len(options):
            found.append(f"{where}: dropdown options must be unique")
    required = element.get("validations", {}).get("required", False)
    if not isinstance(required, bool):
        found.append(f"{where}: validations.required must be true or false")
    return found


def form_problems(form: dict, name: str) -> list[str]:
    found = [f"{name}: unknown top-level key {k!r}" for k in form if k not in TOP_KEYS]
    found += [f"{name}: {k} missing" for k in ("name", "description") if not form.get(k)]
    body = form.get("body")
    if not isinstance(body, list) or not body:
        return [*found, f"{name}: body must be a non-empty list"]
    for i, element in enumerate(body):
        if not isinstance(element, dict):
            found.append(f"{name}: body[{i}] is not a mapping")
            continue
        found += element_problems(element, f"{name}: body[{i}]")
    fields = [e for e in body if isinstance(e, dict) and e.get("type") != "markdown"]
    if not fields:
        found.append(f"{name}: a form needs at least one field besides markdown")
    ids = [e["id"] for e in fields if "id" in e]
    found += [f"{name}: id {i!r} is used twice" for i in sorted(set(ids)) if ids.count(i) > 1]
    labels = [e.get("attributes", {}).get("label") for e in fields]
    found += [f"{name}: label {x!r} is used twice" for x in set(labels) if labels.count(x) > 1]
    return found


def input_ids(path: Path) -> set[str]:
    return {e["id"] for e in load(path)["body"] if "id" in e and e["type"] in {"input", "textarea"}}


def test_the_forms_expected_exist() -> None:
    assert {p.name for p in FORMS} == {"correction.yml", "new-evidence.yml", "new-issue.yml"}


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_each_form_follows_githubs_form_syntax(path: Path) -> None:
    assert form_problems(load(path), path.name) == []


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_each_form_is_labelled_and_asks_for_no_personal_information(path: Path) -> None:
    form = load(path)
    assert form.get("labels"), "reports are triaged by label"
    privacy = [e for e in form["body"] if e.get("id") == "privacy"]
    assert privacy and privacy[0]["type"] == "checkboxes"
    assert all(option.get("required") is True for option in privacy[0]["attributes"]["options"])
    assert "personal information" in privacy[0]["attributes"]["options"][0]["label"]


def test_form_names_are_unique() -> None:
    names = [load(p)["name"] for p in FORMS]
    assert len(set(names)) == len(names)


def test_the_checker_catches_what_github_refuses() -> None:
    broken = {
        "name": "x",
        "body": [
            {"type": "markdown", "attributes": {}},
            {"type": "input", "id": "a b", "attributes": {"label": "A"}},
            {"type": "input", "id": "c", "attributes": {"label": "A"}},
            {"type": "textarea", "id": "c", "attributes": {}},
            {"type": "select", "attributes": {"label": "S"}},
            {"type": "dropdown", "attributes": {"label": "D", "options": []}},
        ],
    }
    found = "\n".join(form_problems(broken, "x.yml"))
    for expected in (
        "description missing",
        "markdown needs attributes.value",
        "id 'a b' has other characters",
        "label 'A' is used twice",
        "body[3]: attributes.label missing",
        "id 'c' is used twice",
        "type 'select' is not one of",
        "dropdown needs a list of options",
    ):
        assert expected in found


def test_config_disables_blank_issues_and_its_links_are_complete() -> None:
    config = load(FORMS_DIR / "config.yml")
    assert set(config) <= {"blank_issues_enabled", "contact_links"}
    assert config["blank_issues_enabled"] is False
    for link in config.get("contact_links", []):
        assert set(link) == {"name", "url", "about"} and link["url"].startswith("https://")


def test_the_new_issue_form_offers_the_catalogs_phases() -> None:
    phases = yaml.safe_load((REPO / "catalog_src/phases.yaml").read_text(encoding="utf-8"))
    form = load(FORMS_DIR / "new-issue.yml")
    options = next(e for e in form["body"] if e.get("id") == "phase")["attributes"]["options"]
    assert options == ["Not sure", *(p["title"] for p in phases)]


def issue_url_calls() -> list[tuple[str, str, set[str]]]:
    """Every `issue_url(...)` call in the generator: (file, template, prefilled field names)."""
    calls = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "issue_url":
                continue
            template = node.args[0]
            assert isinstance(template, ast.Constant), f"{path.name}: template must be a literal"
            fields = {k.arg for k in node.keywords}
            assert None not in fields, f"{path.name}: fields must be named, not **unpacked"
            calls.append((path.relative_to(REPO).as_posix(), str(template.value), fields))
    return calls


def test_every_prefilled_link_names_a_form_and_its_fields() -> None:
    calls = issue_url_calls()
    assert calls, "the generator prefills no issue any more: is this test still needed?"
    for where, template, fields in calls:
        assert (FORMS_DIR / template).is_file(), f"{where}: no form {template}"
        missing = fields - input_ids(FORMS_DIR / template)
        assert not missing, f"{where}: {template} has no input with id {sorted(missing)}"


def test_an_entry_pages_suggest_link_prefills_the_correction_form() -> None:
    config: SiteConfig = read_site_config(Project(REPO))
    view = SimpleNamespace(
        id="MLQ-0042",
        slug="some-entry",
        page=entry_target("some-entry"),
        entry=SimpleNamespace(title="Some entry"),
    )
    link = urlsplit(pages.publication(view, config).suggest_url)  # type: ignore[arg-type]
    assert link.path.endswith("/issues/new")
    query = {k: v[0] for k, v in parse_qs(link.query).items()}
    form = FORMS_DIR / query["template"]
    assert form.is_file()
    assert set(query) - PREFILL_KEYS <= input_ids(form)
    assert query["entry"].startswith("MLQ-0042 https://")
    assert query["title"] == "[MLQ-0042] Some entry"
