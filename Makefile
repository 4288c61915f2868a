# Two commands for a newcomer: `make run` and `make test`. Both go through `make setup`,
# which is idempotent: it installs only what is missing.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
PORT    ?= 8501
CHROMIUM := /usr/bin/chromium
HAPROXY  := /usr/sbin/haproxy
PG_BIN   := /usr/lib/postgresql/15/bin
POSTGIS  := /usr/share/postgresql/15/extension/postgis.control
REPLICAS ?= $(shell nproc)
SERVE_PORT ?= 8501
BASE_PORT ?= 8610
BIND    ?= 127.0.0.1
SERVE_ARGS ?=

.PHONY: setup debian-packages run serve test test-fast test-stress bench bench-load data clean-venv

setup: .venv/.installed static/vendor/.installed debian-packages

.venv/.installed: requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --disable-pip-version-check -q -r requirements.txt
	touch $@

# Browser assets of the map (Leaflet and plugins), from the npm registry at pinned versions.
static/vendor/.installed: package.json package-lock.json scripts/vendor_assets.sh
	bash scripts/vendor_assets.sh
	touch $@

# Debian packages: chromium for the browser tests (never a browser downloaded by a test
# tool), HAProxy for `make serve`, PostgreSQL/PostGIS for the optional store (the tests
# start their own throw-away cluster). Only the missing ones, with one `apt-get update`.
debian-packages:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	[ -x $(HAPROXY) ] || missing="$$missing haproxy"; \
	[ -x $(PG_BIN)/initdb ] || missing="$$missing postgresql-15"; \
	[ -f $(POSTGIS) ] || missing="$$missing postgresql-15-postgis-3"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing </dev/null); \
	else \
	  echo "paquets Debian manquants :$$missing (sudo apt-get install$$missing)"; exit 1; \
	fi

# Production start: one Streamlit replica per core behind HAProxy (sticky sessions).
serve: setup
	$(PY) -m serve --replicas $(REPLICAS) --port $(SERVE_PORT) --base-port $(BASE_PORT) --bind $(BIND) $(SERVE_ARGS)

run: setup
	.venv/bin/streamlit run dashboard.py --server.port $(PORT) --server.headless true

# The whole suite: test files run side by side, one file per worker (--dist loadfile), as
# many workers as cores; every test runs.
PYTEST_WORKERS ?= $(shell nproc)
test: setup
	node --test tests/js
	node_modules/.bin/eslint static/atlas tests/js eslint.config.js
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile --durations=15 tests

# The edit-test loop: no browser, no Streamlit server, no PostgreSQL, no `make serve`, no
# sweep of the 80 print layouts (tests/test_print_layouts.py runs in `make test`).
test-fast: .venv/.installed static/vendor/.installed
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile -m "not browser and not postgis and not serve and not sweep" tests

# The browser tests three times in a row beside one CPU-bound process per core.
test-stress: setup
	$(PY) scripts/stress.py --rounds 3 -- -n $(PYTEST_WORKERS) --dist loadfile

bench: setup
	$(PY) -m bench
	$(PY) -m bench.bench_load

# Many people at once (1, 10, 30, 60 sessions) against `make run` and `make serve`.
bench-load: setup
	$(PY) -m bench.bench_load

# Regenerate the shipped data from the sources (byte for byte identical).
data: .venv/.installed
	$(PY) -m geo build-territory
	$(PY) -m geo import-seed
