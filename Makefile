# Two commands on a fresh machine:  make  (builds build/handbook.pdf)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCE ?= chapters
PDF    := build/handbook.pdf
# The install is stamped so that `make` with nothing changed does nothing.
STAMP  := $(VENV)/.installed
INPUTS := $(shell find $(SOURCE) styles src -type f -not -path '*/__pycache__/*' 2>/dev/null)

.PHONY: all test check fuzz clean distclean
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

# A long fuzzing run of the whole build (tests/test_fuzz_build.py; 10000 examples took 13 minutes
# on a shared 2-core machine); the normal suite runs a dozen.
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	HANDBOOK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz_build.py \
		-p no:cacheprovider --hypothesis-show-statistics

check: $(STAMP)
	$(BIN)/handbook check $(SOURCE)

clean:
	find build -mindepth 1 -not -name .gitkeep -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
