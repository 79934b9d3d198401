# Two commands on a fresh machine:  make  (builds build/handbook.pdf)  and  make test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCE ?= chapters
PDF    := build/handbook.pdf
# The install is stamped so that `make` with nothing changed does nothing.
STAMP  := $(VENV)/.installed
INPUTS := $(shell find $(SOURCE) styles src -type f -not -path '*/__pycache__/*' 2>/dev/null)

# Print products (see README): an A5 booklet for the copy shop, student and teacher editions.
BOOKLET_STYLE ?= a5-booklet
BOOKLET := build/handbook-a5-booklet.pdf
EDITIONS := build/handbook-student.pdf build/handbook-teacher.pdf

# The Hindi edition: each chapter's NN-slug.hi.md translation, the original where none exists.
HINDI := build/handbook-hi.pdf

.PHONY: all test test-all test-random lint format check watch stats bench fuzz clean distclean booklet editions hindi preview book-editions test-paper
.DELETE_ON_ERROR: $(STAMP)

all: $(PDF) $(HINDI)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(PDF): $(STAMP) $(INPUTS)
	$(BIN)/handbook build $(SOURCE) -o $@

# The A5 reading copy build/handbook-a5.pdf, and beside it the same pages imposed two-up
# on A4 sheets in saddle-stitch order: print two-sided (flip on short edge), fold, staple.
booklet: $(BOOKLET)

$(BOOKLET): $(STAMP) $(INPUTS)
	$(BIN)/handbook build $(SOURCE) --style $(BOOKLET_STYLE) -o build/handbook-a5.pdf --booklet

# Student edition without answers, teacher edition with the answer key at the end; and every
# edition named under `editions:` in book.yaml (the monthly compilation, the GS2 book, ...), and
# the Hindi edition (build/handbook-hi.pdf, below).
editions: $(EDITIONS) $(HINDI) book-editions

book-editions: $(STAMP)
	$(BIN)/handbook editions $(SOURCE) -o build

# The practice test `sunday` of book.yaml as booklet series A: build/test-sunday-A.pdf (the
# questions), build/test-sunday-A-omr.pdf (the OMR answer sheet, A4), build/test-sunday-A-key.pdf
# (the teacher's key), build/test-sunday-omr.json (the sheet's template) and
# build/test-sunday-key.json (what `handbook grade` scores the scanned sheets with).
TEST_NAME ?= sunday
SERIES ?= 1
test-paper: $(STAMP)
	$(BIN)/handbook test $(SOURCE) --name $(TEST_NAME) --series $(SERIES)

build/handbook-student.pdf: $(STAMP) $(INPUTS)
	$(BIN)/handbook build $(SOURCE) --answers none -o $@

build/handbook-teacher.pdf: $(STAMP) $(INPUTS)
	$(BIN)/handbook build $(SOURCE) --answers end -o $@

hindi: $(HINDI)

$(HINDI): $(STAMP) $(INPUTS)
	$(BIN)/handbook build $(SOURCE) --lang hi -o $@

# The fast suite, on every core (pytest-xdist; JOBS=0 runs it in one process). Tests marked slow
# (whole-build property tests, the 3 MB chapter) are left out; `make test-all` runs everything.
# worksteal: an idle worker takes tests queued for a busy one, so a file of slow tests at the end
# does not leave a core idle (measured against load and loadfile: the least wall and CPU time).
JOBS ?= auto
DIST ?= worksteal
# More pytest options for test, test-all and test-random: make test PYTEST_ARGS=--cpu-durations=20
PYTEST_ARGS ?=
# The fast suite builds the Hindi sample itself (tests/test_hindi*.py): `make test` does not
# build build/handbook-hi.pdf first. Bytecode is written for the tests even where the
# environment says not to (PYTHONDONTWRITEBYTECODE; empty is unset): without it each worker
# compiled every module and rewrote every test's asserts again, 3-4 s of CPU per worker per run.
# The bench too: a module a build imports when it needs it was compiled again inside every
# timed build, which an installed handbook never does.
test test-all test-random fuzz bench: export PYTHONDONTWRITEBYTECODE :=
test: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist $(DIST) $(PYTEST_ARGS)

test-all: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist $(DIST) -m "" $(PYTEST_ARGS)

# The property tests again with fresh random examples (CI runs this after the pinned ones, so it
# finds new bugs): a short run, the seed printed first; `make test-random SEED=N` repeats one.
ifeq ($(SEED),)
SEED := $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
endif
test-random: $(STAMP)
	@echo "hypothesis seed: $(SEED) (repeat with: make test-random SEED=$(SEED))"
	HYPOTHESIS_PROFILE=random $(BIN)/python -m pytest -n $(JOBS) --dist $(DIST) -m "hypothesis and not slow" \
		-p no:cacheprovider --hypothesis-seed=$(SEED) $(PYTEST_ARGS)

# Lint, formatting and types (ruff, mypy on src/); configured in pyproject.toml. `make format`
# rewrites the files as `ruff format --check` wants them.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .

# A long fuzzing run of the whole build (tests/test_fuzz_build.py; 10000 examples took 13 minutes
# on a shared 2-core machine); the normal suite runs a dozen.
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	HANDBOOK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_fuzz_build.py -m "" \
		-p no:cacheprovider --hypothesis-show-statistics

# One chapter as it prints in the book (numbers, first uses, page parity), into build/preview.pdf:
# make preview CHAPTER=3  (or CHAPTER=chapters/03-defence.md). Reuses build/.cache.
preview: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "make preview CHAPTER=N (a number or a chapter file)"; exit 2; }
	$(BIN)/handbook build $(SOURCE) -o $(PDF) --chapter "$(CHAPTER)"

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

# Build generated handbooks of 10, 50, 200 chapters (BENCH_FULL=1: also 1,000) against bare
# reportlab; prints a table, writes build/bench.json. Minutes, not seconds: not part of `test`.
bench: $(STAMP)
	$(BIN)/python -m bench.run build/bench.json

# Also removes build/.cache (the build cache with book.yaml's `cache: local`; by default it
# lives in ~/.cache/handbook, issue 23).
clean:
	find build -mindepth 1 -not -name .gitkeep -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
