"""Marsad: a static site generator for a bilingual Arabic/English news-analysis desk.

A build (`build.py`) runs the stages in order, each a folder: `load/` -> `model.py` ->
`relate/` -> `render/` -> `output/`; what builds remember of each other is in `incremental/`,
which only the build's checklist uses. README.md ("Project layout") maps every module.
"""

__version__ = "0.1.0"
