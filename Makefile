# newsroom: two commands on a fresh machine with Python 3.11+ and make.
#   make run    install, ingest seeds/ into warehouse/newsroom.duckdb, print a summary
#   make test   install the test tools too, run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
UV_VERSION := 0.13.9
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test lint bench clean browser

run: $(VENV)/.installed-run
	$(BIN)/newsroom ingest seeds/

test: $(VENV)/.installed-dev browser
	$(BIN)/pytest

# The report's tests open it in Debian's headless chromium: installed when it is missing
# and this machine lets us (root, apt-get); elsewhere those two tests say why they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    echo "installing Debian's chromium for the report's browser tests" && \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; } || \
	  echo "chromium is not installed: the report's two browser tests will be skipped"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/page_copy_f1.py
	$(BIN)/python bench/throughput.py

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed-run: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --no-dev --inexact
	touch $@

$(VENV)/.installed-dev: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	touch $@ $(VENV)/.installed-run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
