"""Rendering: the URL scheme, read-only views for templates, and the Jinja environment."""
