"""Importers: raw source pages (and exports) -> content/articles/<id>/article.md."""
