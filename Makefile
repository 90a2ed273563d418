# The whole set-up of a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
WAREHOUSE ?= $(or $(ENT_WAREHOUSE),data/ent.duckdb)

.PHONY: run test lint browser bench venv demo clean

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

test: venv browser lint
	$(PY) -m pytest -q

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

# The browser tests drive Debian's Chromium (a test tool cannot download a browser of its
# own here): installed when this machine lets us, else those tests are skipped, saying so.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installation de Chromium (paquet Debian) pour les tests dans un navigateur…"; \
			{ DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
			echo "Chromium n'a pas pu être installé : les tests dans un navigateur seront sautés."; \
		else \
			echo "Chromium absent (apt-get install chromium, en root) : les tests dans un navigateur seront sautés."; \
		fi; \
	fi

bench: venv
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
