# Two commands for a newcomer: `make run` and `make test`. Both go through `make setup`,
# which is idempotent: it installs only what is missing.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
PORT    ?= 8501
CHROMIUM := /usr/bin/chromium

.PHONY: setup run test bench data clean-venv

setup: .venv/.installed static/vendor/.installed $(CHROMIUM)

.venv/.installed: requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install --disable-pip-version-check -q -r requirements.txt
	touch $@

# Browser assets of the map (Leaflet and plugins), from the npm registry at pinned versions.
static/vendor/.installed: package.json package-lock.json scripts/vendor_assets.sh
	bash scripts/vendor_assets.sh
	touch $@

# Debian's chromium for the browser tests (never a browser downloaded by a test tool).
$(CHROMIUM):
	if [ "$$(id -u)" = 0 ]; then \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium </dev/null); \
	else \
	  echo "chromium manquant : installez le paquet Debian 'chromium' (sudo apt-get install chromium)"; exit 1; \
	fi

run: setup
	.venv/bin/streamlit run dashboard.py --server.port $(PORT) --server.headless true

test: setup
	node --test tests/js
	node_modules/.bin/eslint static/atlas tests/js eslint.config.js
	$(PY) -m pytest -q tests

bench: setup
	$(PY) -m bench

# Regenerate the shipped data from the sources (byte for byte identical).
data: .venv/.installed
	$(PY) -m geo build-territory
	$(PY) -m geo import-seed
