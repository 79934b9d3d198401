# Two commands on a fresh machine:  make  (builds build/handbook.pdf)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCE ?= chapters
PDF    := build/handbook.pdf
# The install is stamped so that `make` with nothing changed does nothing.
STAMP  := $(VENV)/.installed
INPUTS := $(shell find $(SOURCE) styles src -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: all test check bench clean distclean
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

# Build generated handbooks of 10, 50, 200 chapters (BENCH_FULL=1: also 1,000) against bare
# reportlab; prints a table, writes build/bench.json. Minutes, not seconds: not part of `test`.
bench: $(STAMP)
	$(BIN)/python -m bench.run build/bench.json

clean:
	find build -mindepth 1 -not -name .gitkeep -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
