# The two set-up commands of the README:
#   make serve   build the graph and serve it on http://127.0.0.1:8000
#   make test    run the whole test suite (what CI runs, through .ci/run)
# Both create .venv and install the project into it first (PyPI only).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The query UI's front-end packages (YASGUI, Chart.js) from the npm registry, exactly as locked;
# the server serves them from ui/node_modules (no CDN). npm ci rewrites the stamp it checks.
UI_STAMP := ui/node_modules/.package-lock.json

$(UI_STAMP): ui/package.json ui/package-lock.json
	cd ui && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

.PHONY: serve test install build browser ui

# Headless Chromium and ChromeDriver from Debian's packages, for the browser tests, and a
# Japanese font so that screenshots show the Japanese text.
BROWSER_PACKAGES := chromium chromium-driver fonts-ipafont-gothic
browser:
	@dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || \
	  { apt-get update -qq && apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; }

install: $(STAMP) $(UI_STAMP)

ui: $(UI_STAMP)

build: $(STAMP)
	$(BIN)/wpikg build

serve: build $(UI_STAMP)
	$(BIN)/wpikg serve

test: $(STAMP) $(UI_STAMP) browser
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/pytest -n auto --dist loadfile  # one process per core; a module stays on one
