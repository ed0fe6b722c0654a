"""The ML quality-issues catalog: validate curated YAML entries and publish them as a site."""

__version__ = "0.1.0"
