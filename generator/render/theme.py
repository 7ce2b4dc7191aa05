"""Where the theme lives: templates/, static/ (copied into the site) and fonts/ (for social
cards)."""

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parents[2]  # the project root
TEMPLATES_DIR = THEME_DIR / "templates"
STATIC_DIR = THEME_DIR / "static"
FONTS_DIR = THEME_DIR / "fonts"
