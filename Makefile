# Two commands do everything on a fresh Debian/Ubuntu machine: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
SEEDS  ?= ../shared/seeds
ARGMAP := $(BIN)/python -m argmap

export PYTHONPATH := $(CURDIR)/scripts
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup system test-system venv check build serve test sources sync fmt new clean bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP) ## the Python environment only (.venv, pinned by requirements.txt)

system: ## Graphviz and a CJK font: installed with apt when missing and permitted
	@sh scripts/setup-system.sh

test-system: ## ... and, for the tests, Chromium and npm
	@FOR_TESTS=1 sh scripts/setup-system.sh

setup: venv system ## everything the site needs

check: venv ## validate the argument files (fast; no Graphviz, no MkDocs)
	$(ARGMAP) check

build: setup ## the static site into site/ (strict)
	$(BIN)/mkdocs build --strict

serve: setup ## build and serve on http://127.0.0.1:8000 (rebuilds when arguments/ change)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: venv test-system argdown ## every test
	$(BIN)/python -m pytest -q

sources: venv ## rebuild sources/*.txt from the seeds ($(SEEDS))
	$(ARGMAP) sources --seeds $(SEEDS) --write

sync: venv ## fill the missing Chinese script with OpenCC (FORCE=1 overwrites reviewed text)
	$(ARGMAP) sync $(if $(FORCE),--force) $(FILES)

new: venv ## scaffold a node: make new ESSAY=hegemony SECTION=d1-1 TYPE=premise SUPPORTS=hg-d1-1-thesis ID=hg-d1-my-claim
	$(ARGMAP) new $(if $(ESSAY),--essay $(ESSAY)) $(if $(SECTION),--section $(SECTION)) $(if $(TYPE),--type $(TYPE)) \
	  $(if $(ID),--id $(ID)) $(if $(SUPPORTS),--supports $(SUPPORTS)) $(if $(ATTACKS),--attacks $(ATTACKS)) \
	  $(if $(ORIGIN),--origin $(ORIGIN)) $(if $(CONTRIBUTOR),--contributor "$(CONTRIBUTOR)")

fmt: venv ## canonical formatting of the argument files (full-width punctuation in Chinese texts)
	$(ARGMAP) fmt $(FILES)

# The Argdown CLI that tests/test_export.py runs on the exported maps, pinned by tests/js/package-lock.json
# and installed into .cache/node/ (gitignored). Without npm it says so; the Argdown tests then skip.
ARGDOWN := .cache/node/node_modules/.bin/argdown

$(ARGDOWN): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p .cache/node && cp tests/js/package.json tests/js/package-lock.json .cache/node/ && \
	  npm ci --prefix .cache/node --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "make argdown: npm not found; install Node.js 20 and npm to run the Argdown export tests"; fi

.PHONY: argdown
argdown: $(ARGDOWN) ## the Argdown CLI for the export tests (npm ci into .cache/node/)

bench: setup ## time the generator and MkDocs on the real site and on 200/2,000/10,000-node projects (~18 min)
	$(BIN)/python scripts/bench.py

clean: ## remove generated pages, caches and site/
	rm -rf site .cache docs/nodes docs/essays docs/map* docs/glossary* docs/index*.md
