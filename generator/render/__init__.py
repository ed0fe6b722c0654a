"""Turn the checked catalog into a tree of Markdown pages (plain MkDocs input, no plugin hooks)."""
