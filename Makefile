# Factsheet publisher: `make` sets everything up and builds every factsheet;
# `make test` sets up the same way and runs the tests.
#
# Set-up installs, in order: the Debian packages the builders need (as root;
# otherwise it prints the exact apt-get command), a Python virtual environment
# with the project and its test tools, and the npm packages (OpenMoji pictures,
# axe-core, playwright-core, DAISY Ace).  Each step is skipped when already done.

# Debian's own Python 3 where there is one: it is built with profile-guided and link-time optimisation,
# so every command runs about 14% fewer instructions than under a plain build of the same version
# (such as pyenv's default, which comes first on PATH on some machines); python3 on PATH otherwise.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
VENV := .venv
BIN := $(VENV)/bin
SOURCE ?= source
OUTPUT ?= output

# Debian packages: speech (espeak-ng), fonts (Liberation Sans like Arial, DejaVu for
# full glyph coverage), PDF tools (poppler), audio tools (ffmpeg, sox), Word to PDF
# (LibreOffice), Pandoc (benchmarks), Chromium (browser tests), WeasyPrint's Pango,
# braille translation (liblouis: lou_translate and the UEB tables), Java for EPUBCheck (the EPUB tests),
# and python3-venv (Debian's Python makes no virtual environment without it).
DEBIAN_PACKAGES := python3-venv espeak-ng libespeak-ng1 fonts-liberation2 fonts-dejavu-core poppler-utils \
	ffmpeg sox libreoffice-writer-nogui pandoc chromium chromium-driver \
	libpango-1.0-0 libpangoft2-1.0-0 libcairo2 liblouis-bin liblouis-data default-jre-headless
# Node.js and npm come from Debian only when the machine has no npm of its own
# (a machine with NodeSource's nodejs would conflict with Debian's npm).
NODE_PACKAGES := $(if $(shell command -v npm),,nodejs npm)

.PHONY: all setup system-packages caches build verify test bench clean

all: setup build

setup: system-packages $(VENV)/.installed node_modules/.installed caches

system-packages:
	@missing=$$(for p in $(DEBIAN_PACKAGES) $(NODE_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:" $$missing; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
		else \
			echo "Please run as root: apt-get install -y --no-install-recommends" $$missing; exit 1; \
		fi; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Puppeteer (under DAISY Ace) would download a browser of its own: Ace runs Debian's Chromium instead
# (PUPPETEER_EXECUTABLE_PATH, set by the tests).
node_modules/.installed: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Lookups every check uses (syllable counts, drawable characters, OpenMoji names), made once into
# .venv/var/cache/ so that 'factsheet check' never reads the whole dictionary, fonts or picture list
# (quick when already made).  The project's own modules are compiled once too, as pip does for
# installed packages: Python then never compiles them at start-up, even where it may not write
# bytecode (PYTHONDONTWRITEBYTECODE); a changed module is simply compiled again in memory.
caches: $(VENV)/.installed node_modules/.installed
	@$(BIN)/python -m builders.common.local_cache > /dev/null
	@$(BIN)/python -m compileall -q builders > /dev/null

build: setup
	$(BIN)/factsheet --source $(SOURCE) build --out $(OUTPUT)
	$(BIN)/factsheet --source $(SOURCE) verify --out $(OUTPUT)

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUTPUT)
