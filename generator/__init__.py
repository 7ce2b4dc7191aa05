"""Marsad: a static site generator for a bilingual Arabic/English news-analysis desk.

The build is a pipeline of stages, each in its own module and each owning one
kind of data:

    content.py      read site.yaml, tags.yaml, entities.yaml and articles/*
    annotations.py  validate the editors' layer against the schema and the vocabulary
    model.py        the frozen site model every later stage reads
    related.py      related articles, with the reason for each
    render/         Jinja views and pages
    output/         the atomic writer and the build cache
    pipeline.py     the checklist that runs them in order
    build.py        a build: its options, its lock, and the check that skips it when nothing changed
"""

__version__ = "0.1.0"
