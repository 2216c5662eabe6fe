# The two commands a newcomer runs: `make demo` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench install system-deps clean

$(STAMP): pyproject.toml scripts/venv.sh
	PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/venv.sh
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/motcua demo

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@set -e; for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f; done

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
