# secret-graph: `make run` serves the API on a local Neo4j, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run demo screenshots test chaos browser mutants lint bench fuzz load audit neo4j-start neo4j-stop migrate clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its test tools

run: $(STAMP) ## Start the local Neo4j, migrate and serve on http://127.0.0.1:8080
	$(BIN)/secret-graph serve

demo: $(STAMP) ## Seed a small living world (once; DEMO_ARGS=--reset to start over) and serve it on http://127.0.0.1:8080
	$(BIN)/secret-graph demo $(DEMO_ARGS)

screenshots: $(STAMP) ## Phone-sized screenshots of the web client on a demo world (throwaway Neo4j) into docs/img/
	$(BIN)/python -m tests.browser.screenshots

test: $(STAMP) ## Run the whole test suite against a throwaway local Neo4j (or NEO4J_URI), `make chaos`'s tests aside
	$(BIN)/pytest -m "not chaos"

chaos: $(STAMP) ## Crash, backup/restore and pepper-rotation tests (kill Neo4j and API workers; several minutes)
	$(BIN)/pytest -m chaos

browser: $(STAMP) ## The web client in Chromium only (tests/browser; needs apt-get install chromium); screenshots in var/screenshots
	$(BIN)/pytest -q -m browser tests/browser

mutants: $(STAMP) ## Mutation check: every mutant of the visibility rule must fail the visibility tests
	$(BIN)/python -m tests.mutation

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

neo4j-start: $(STAMP) ## Start the local Neo4j in the background
	$(BIN)/secret-graph neo4j start

neo4j-stop: $(STAMP) ## Stop the local Neo4j
	$(BIN)/secret-graph neo4j stop

migrate: $(STAMP) ## Apply pending migrations
	$(BIN)/secret-graph migrate

clean: ## Remove .venv and local state (the local Neo4j's data included)
	-$(BIN)/secret-graph neo4j stop
	rm -rf $(VENV) var

bench: $(STAMP) ## Run the benchmarks (not part of make test); BENCH_ACCOUNTS=100000 for the big feed run; nearby's worst case
	$(BIN)/python -m bench.contacts_upload --accounts $${BENCH_ACCOUNTS:-10000}
	$(BIN)/python -m bench.analytics_runtime --accounts $${BENCH_ANALYTICS_ACCOUNTS:-10000}
	$(BIN)/python -m bench.feed --accounts $${BENCH_ACCOUNTS:-10000} --viewers $${BENCH_VIEWERS:-200} \
		--naive-viewers $${BENCH_NAIVE_VIEWERS:-50} --popular-viewers $${BENCH_POPULAR_VIEWERS:-50}
	$(BIN)/python -m bench.nearby
	$(BIN)/python -m bench.screening_eval
	$(BIN)/python -m bench.notifications --accounts $${BENCH_NOTIFY_ACCOUNTS:-10000}
	$(BIN)/python -m bench.whisper --accounts $${BENCH_ACCOUNTS:-10000} --posts $${BENCH_WHISPER_POSTS:-100000}

fuzz: $(STAMP) ## Schema-driven fuzzing of every operation, 200 examples each (make test runs 3)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/pytest -q tests/test_fuzz.py

load: $(STAMP) ## Locust mix (sign-in, contacts, posts, feed, hearts, comments) against gunicorn, loopback only
	$(BIN)/python -m load.run --users $${LOAD_USERS:-20} --seconds $${LOAD_SECONDS:-60}

audit: $(STAMP) ## pip-audit over the installed dependencies (needs the PyPI JSON API; --strict fails when a package cannot be checked)
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off
