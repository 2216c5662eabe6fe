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

test: $(STAMP) system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# PostgreSQL, Mosquitto and Chromium for the tests: installed and started when we may (root or passwordless sudo).
system-deps:
	@if [ "$$(id -u)" -eq 0 ] || sudo -n true 2>/dev/null; then bash scripts/system-deps.sh; \
	else echo "note: not root: tests needing PostgreSQL, Mosquitto or Chromium skip if those are missing (sudo bash scripts/system-deps.sh)"; fi

bench: $(STAMP)
	@set -e; for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f; done

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
