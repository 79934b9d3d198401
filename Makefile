# Two commands on a fresh machine:  make  (builds build/handbook.pdf)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCE ?= chapters
PDF    := build/handbook.pdf
# The install is stamped so that `make` with nothing changed does nothing.
STAMP  := $(VENV)/.installed
INPUTS := $(shell find $(SOURCE) styles src -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: all test check watch stats clean distclean
.DELETE_ON_ERROR: $(STAMP)

all: $(PDF)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(PDF): $(STAMP) $(INPUTS)
	$(BIN)/handbook build $(SOURCE) -o $@

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/handbook check $(SOURCE)

# Rebuild on every save (Ctrl+C to stop); problems are printed, the last good PDF is kept.
watch: $(STAMP)
	$(BIN)/handbook watch $(SOURCE) -o $(PDF)

stats: $(STAMP)
	$(BIN)/handbook stats $(SOURCE)

# The README's picture: one page of the built sample (PAGE is a physical page number).
PAGE ?= 5
docs/sample-page.png: $(PDF)
	pdftoppm -f $(PAGE) -l $(PAGE) -r 70 -png -singlefile $(PDF) docs/sample-page

clean:
	find build -mindepth 1 -not -name .gitkeep -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
