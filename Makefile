# Two commands do everything on a fresh Debian/Ubuntu machine: `make serve` and `make test`.
# Prerequisites (checked first): make, git, python3 with venv — `apt-get install make git python3-venv`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  ?= ../shared/seeds
ARGMAP := $(BIN)/argmap
# One stamp per dependency group (requirements/<group>.txt, locked with hashes from pyproject.toml).
stamp   = $(VENV)/.group-$(1)-$(shell cat requirements/$(1).txt pyproject.toml | cksum | cut -d' ' -f1)

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help prereq setup system test-system venv venv-check venv-site venv-test venv-dev check build serve \
        test test-fast lint lock sources sync fmt new clean bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

prereq: ## check make, python3 and python3-venv before anything else
	@command -v $(PYTHON) >/dev/null 2>&1 && $(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "make: $(PYTHON) with venv is missing. Install the prerequisites, then run make again:" >&2; \
	  if [ "$$(id -u)" = 0 ]; then echo "  apt-get update && apt-get install -y make git python3-venv" >&2; \
	  elif command -v sudo >/dev/null 2>&1; then echo "  sudo apt-get update && sudo apt-get install -y make git python3-venv" >&2; \
	  else echo "  su -c 'apt-get update && apt-get install -y make git python3-venv'" >&2; fi; exit 1; }
	@# A venv left half-made by an interrupted first run (no working pip) is made again.
	@if [ -e $(VENV) ] && ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
	  echo "make: $(VENV) is broken (no working pip): making it again" >&2; rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)

# Each group includes the ones before it (pyproject.toml): installing one brings its included groups up to
# date too, so `make check` after `make test` installs nothing.
GROUPS   := check site test dev
included_check := check
included_site  := check site
included_test  := check site test
included_dev   := check site test dev
define group
$(call stamp,$(1)): requirements/$(1).txt pyproject.toml | prereq
	$(BIN)/python -m pip install --disable-pip-version-check --require-hashes \
	  --no-deps -r requirements/$(1).txt
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --no-deps --no-build-isolation -e .
	@# jieba comes as an sdist whose wheel is installed without bytecode: compile it once, quietly, or every
	@# run (PYTHONDONTWRITEBYTECODE) prints its DeprecationWarnings, which look like tracebacks.
	@$(BIN)/python -W ignore -c "import compileall, sysconfig; compileall.compile_dir(sysconfig.get_paths()['purelib'] + '/jieba', quiet=1)" || true
	@for g in $(included_$(1)); do rm -f $(VENV)/.group-$$$$g-*; done
	@touch $(foreach g,$(included_$(1)),$(call stamp,$(g)))
venv-$(1): prereq $(call stamp,$(1))
endef
$(foreach g,$(GROUPS),$(eval $(call group,$(g))))

venv: venv-site ## the Python environment of the site (.venv; requirements/site.txt)

system: ## Graphviz and a CJK font (requirements/system.txt): installed with apt when missing and permitted
	@sh scripts/setup-system.sh

test-system: ## ... and, for the tests, Chromium, Node.js/npm and libatomic1
	@FOR_TESTS=1 sh scripts/setup-system.sh

setup: venv system ## everything the site needs

check: venv-check ## validate the argument files (fast; no Graphviz, no MkDocs); FORMAT=github: annotations too
	$(ARGMAP) check $(if $(FORMAT),--format $(FORMAT))

build: setup ## the static site into site/ (strict)
	$(BIN)/mkdocs build --strict

serve: setup ## build and serve on http://127.0.0.1:8000 (rebuilds when arguments/ change)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

test: venv-test test-system argdown ## every test, in parallel on all cores
	$(BIN)/python -m pytest -q -n auto

test-fast: venv-test ## the fast tests only: no MkDocs build, no serve, no browser (< 60 s)
	$(BIN)/python -m pytest -q -n auto -m 'not slow and not serve and not browser'

lint: venv-dev ## ruff and mypy on the Python, zizmor on the workflows
	$(BIN)/ruff check src tests hooks scripts
	$(BIN)/mypy
	$(BIN)/zizmor --offline .github/workflows

lock: ## rewrite requirements/*.txt (hashes) from pyproject.toml; needs uv (pip install uv)
	for g in check site test dev; do uv pip compile pyproject.toml --group $$g --generate-hashes --python-version 3.11.2 \
	  --python-platform x86_64-manylinux_2_28 --no-header --quiet -o requirements/$$g.txt; done

sources: venv-check ## rebuild sources/*.txt from the seeds ($(SEEDS))
	$(ARGMAP) sources --seeds $(SEEDS) --write

sync: venv-check ## fill the missing Chinese script with OpenCC (FORCE=1 overwrites reviewed text)
	$(ARGMAP) sync $(if $(FORCE),--force) $(FILES)

new: venv-check ## scaffold a node: make new ESSAY=hegemony SECTION=d1-1 TYPE=premise SUPPORTS=hg-d1-1-thesis ID=hg-d1-my-claim
	$(ARGMAP) new $(if $(ESSAY),--essay $(ESSAY)) $(if $(SECTION),--section $(SECTION)) $(if $(TYPE),--type $(TYPE)) \
	  $(if $(ID),--id $(ID)) $(if $(SUPPORTS),--supports $(SUPPORTS)) $(if $(ATTACKS),--attacks $(ATTACKS)) \
	  $(if $(ORIGIN),--origin $(ORIGIN)) $(if $(CONTRIBUTOR),--contributor "$(CONTRIBUTOR)")

fmt: venv-check ## canonical formatting of the argument files (full-width punctuation in Chinese texts)
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

bench: venv-test system ## time the generator and MkDocs on the real site and on 200/2,000/10,000-node projects (~18 min)
	$(BIN)/python scripts/bench.py

clean: venv-check ## remove generated pages, caches and site/ (the list: src/argmap/paths.py GENERATED)
	$(ARGMAP) clean
