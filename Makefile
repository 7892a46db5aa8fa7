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

.PHONY: serve test install build browser

# Headless Chromium and ChromeDriver from Debian's packages, for the browser tests.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }

install: $(STAMP)

build: $(STAMP)
	$(BIN)/wpikg build

serve: build
	$(BIN)/wpikg serve

test: $(STAMP) browser
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/pytest
