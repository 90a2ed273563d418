# The whole set-up of a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WAREHOUSE ?= $(or $(ENT_WAREHOUSE),data/ent.duckdb)

.PHONY: run test bench venv demo clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	@if [ ! -f "$(WAREHOUSE)" ]; then \
		$(PY) -m ingest demo --warehouse "$(WAREHOUSE)" || echo "Pas encore de données de démonstration : le tableau de bord s'ouvrira vide."; \
	fi
	$(PY) -m streamlit run dashboard.py \
		--server.port $${STREAMLIT_SERVER_PORT:-8501} \
		--server.headless $${STREAMLIT_SERVER_HEADLESS:-false}

test: venv
	$(PY) -m pytest -q

bench: venv
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
