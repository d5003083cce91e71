# The README's two commands: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test lint typecheck unit browser chromium bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## Start the service on the embedded SQLite default
	$(BIN)/python -m ops.serve

# The demo province into the embedded database (refused when it is not empty):
# `make demo DEMO_ARGS=--reset` deletes var/petitions*.sqlite first.
demo: $(STAMP)  ## Load the demo province and print its users' demo passwords
	$(BIN)/python -m ops.demo $(DEMO_ARGS)

test: lint typecheck unit  ## Install, lint, type-check and run every test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# Two test processes (pytest-xdist), a test file each at a time: about 13 min on 2 cores
# instead of 36. TEST_WORKERS=0 runs them in this one process.
TEST_WORKERS ?= 2
unit: $(STAMP) chromium
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

browser: $(STAMP) chromium  ## Only the browser tests (headless Chromium); screenshots in var/screenshots/
	$(BIN)/pytest tests/browser

# The browser tests drive Debian's Chromium (a downloaded browser does not run here).
# As root, install it when missing; otherwise say how (the tests then skip, or fail under CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium (Debian package) for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium' for the browser tests"; fi; }

# The benchmarks (not tests): PostgreSQL (POSTGRES_* variables; skipped when unreachable)
# and SQLite; the table and plot go to bench/results/. `make bench BENCH_ARGS="--events
# 1000000"` for the 1 M rebuild; `python -m bench --help` for every option.
BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)  ## Run the benchmarks (~10 min): bench/results/latest.md and latest.png
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
