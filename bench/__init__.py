"""Benchmark of the catalog tool on synthetic catalogs (run: python -m bench)."""
