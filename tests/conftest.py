"""Shared helpers: build a handbook from files written in a temporary folder, read the PDF back,
run the command line, show diagnostics relative to a folder. Import them as `from conftest
import ...` (never `tests.conftest`: that would be a second copy of this module)."""

from __future__ import annotations

import atexit
import fcntl
import functools
import hashlib
import io
import os
import pickle
import re
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from pypdf import PdfReader

from handbook.cli import main
from handbook.options import BuildOptions
from handbook.pipeline import build

ROOT = Path(__file__).resolve().parent.parent

# Random examples on a developer's machine (new ones each run find new bugs); the same examples on
# every CI run (`CI=true`), so a clean clone passes or fails the same way. A failure prints its
# example (and @reproduce_failure blob) either way. CI also runs the property tests once more
# with fresh random examples (`make test-random`: profile "random", a seed it prints), so new
# failures are found there too; a case found becomes an @example of its test.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.register_profile("random", derandomize=False, database=None, print_blob=True, max_examples=25)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

_FAST_SUITE = [True]  # set by pytest_configure, before the test modules are imported


def examples(full: int, fast: int) -> int:
    """max_examples for a costly property test: `full` where the slow tests run too (`make
    test-all`, CI), `fast` in the fast suite (`make test`, `make test-random`), which must finish
    within a minute on two cores: `@settings(max_examples=examples(60, fast=15))`."""
    return fast if _FAST_SUITE[0] else full


def pytest_configure(config):
    _FAST_SUITE[0] = "not slow" in (config.getoption("markexpr") or "")


# Builds outside a test's own user cache (session fixtures, made before the one below) use this
# process's: never the developer's ~/.cache.
_SESSION_CACHE = tempfile.mkdtemp(prefix="handbook-test-cache-")
os.environ["XDG_CACHE_HOME"] = _SESSION_CACHE
atexit.register(shutil.rmtree, _SESSION_CACHE, True)


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test its own user cache folder (the build cache's default home and its secret key,
    cache.py): never the developer's ~/.cache, never another test's entries."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "handbook"


def cache_dir(source: Path) -> Path:
    """Where builds of `source` keep their cache entries (the user's cache folder)."""
    from handbook.cache import folder_for

    return folder_for(source)


def run_cli(*args, **kwargs):
    """`handbook ARGS...` in this process: click's Result (exit_code, output)."""
    return CliRunner().invoke(main, [str(arg) for arg in args], **kwargs)


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """run_cli, from inside tmp_path (paths are shown relative to the working folder)."""
    monkeypatch.chdir(tmp_path)
    return run_cli


def relative(diagnostics, folder: Path, prefix: str = "") -> list[str]:
    """Formatted diagnostics with the source folder's path replaced by `prefix`."""
    return [item.format().replace(f"{folder}/", prefix, 1) for item in diagnostics]


def unhyphenated(text: str) -> str:
    """Text with 'Privat-' at the end of a line and 'isation' at the start of the next joined
    ('Privatisation'): a hyphen between two lower-case letters across a line break; a
    compound broken after its own hyphen before a capital ('Japan-' 'India') kept whole."""
    text = re.sub(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z])", "", text)
    return re.sub(r"(?<=\w)-[ \t]*\n[ \t]*(?=[A-Z])", "-", text)  # Japan-|India: a compound's own


def one_line(text: str) -> str:
    """Text with each run of whitespace as one space: extracted lines break where the source
    had a space."""
    return re.sub(r"\s+", " ", text)


def missing(text: str, phrases: list[str]) -> list[str]:
    """The phrases not in text (`assert missing(...) == []` names them when it fails)."""
    assert phrases, "nothing to look for"
    return [phrase for phrase in phrases if phrase not in text]


def write_sources(folder: Path, files: dict[str, str]) -> Path:
    """Write {relative name: text} (dedented) into folder and return it."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return folder


class BuiltBook:
    """A built PDF with its text per page (pypdf) for assertions."""

    def __init__(self, path: Path, result, folder: Path | None = None):
        self.path = path
        self.result = result
        self.folder = folder  # the sources, when known
        self.data = path.read_bytes()  # the PDF as built, even if the path is written again

    # Parsed when first asked for (many tests look only at the result): extracting the text is
    # most of what a small build costs a test.
    @functools.cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    @functools.cached_property
    def raw_pages(self) -> list[str]:
        """Each page's text as pypdf extracts it."""
        from pdffacts import page_texts

        return page_texts(self.reader)

    @functools.cached_property
    def pages(self) -> list[str]:
        """Each page's text, with a word hyphenated at a line's end joined again (issue 27:
        justified text is hyphenated; a reader reads 'Privat-' 'isation' as one word)."""
        return [unhyphenated(text) for text in self.raw_pages]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat_text(self) -> str:
        """All text as one line (see one_line)."""
        return one_line(self.text)

    def page_of(self, needle: str) -> int:
        """0-based index of the first page whose text contains needle."""
        for index, text in enumerate(self.pages):
            if needle in text:
                return index
        raise AssertionError(f"{needle!r} not found in the PDF")

    def label(self, index: int) -> str:
        return self.reader.page_labels[index]

    @functools.cached_property
    def words(self) -> list[tuple[float, float, list[dict]]]:
        """pdffacts.page_words of this PDF: (width, height, pdfplumber words) for every page."""
        from pdffacts import page_words

        return page_words(self.path)


class SharedSample(BuiltBook):
    """A sample build shared by the xdist workers (sample_book): its page words too are
    extracted by the first worker that asks (1.6 s of CPU a style) and read by the others."""

    @functools.cached_property
    def words(self) -> list[tuple[float, float, list[dict]]]:
        from pdffacts import page_words

        stored = self.path.parent / "words.pickle"
        with open(self.path.parent.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if stored.is_file():
                return pickle.loads(stored.read_bytes())
            found = page_words(self.path)
            stored.write_bytes(pickle.dumps(found))
            return found


SAMPLE = ROOT / "chapters"


def cached_build(source: Path, tmp_path: Path, options: BuildOptions | None = None) -> Path:
    """Build with the build cache into tmp_path/out/book.pdf (the cache beside it); the path."""
    output = tmp_path / "out" / "book.pdf"
    build(source, output, options or BuildOptions(), use_cache=True)
    return output


def cold_build(source: Path, tmp_path: Path, options: BuildOptions | None = None) -> bytes:
    """The bytes of the PDF a build without the cache writes (into tmp_path/cold, emptied first)."""
    output = tmp_path / "cold" / "book.pdf"
    shutil.rmtree(output.parent, ignore_errors=True)
    build(source, output, options or BuildOptions(), use_cache=False)
    assert not (output.parent / ".cache").exists()
    return output.read_bytes()


@pytest.fixture(scope="session")
def sample_book(tmp_path_factory):
    """sample_book(**options) -> the sample handbook (chapters/) built with these options, once
    per test session and shared: tests only read it. The xdist workers share it too (the first
    to ask builds it and extracts its text, under a lock; the others read what it left), so
    each of the half-dozen variants costs one build a run, not one per worker."""
    books: dict[tuple, BuiltBook] = {}
    basetemp = tmp_path_factory.getbasetemp()
    shared = (basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp) / "samples"
    shared.mkdir(exist_ok=True)

    def built(**options) -> BuiltBook:
        key = tuple(sorted(options.items()))
        if key not in books:
            books[key] = _shared_sample(shared / hashlib.sha256(repr(key).encode()).hexdigest()[:16], options)
        return books[key]

    return built


def _shared_sample(folder: Path, options: dict) -> BuiltBook:
    """The sample built with `options` into `folder`, or read from it if another worker built
    it: the PDF, the build's result and each page's text (pickled by this suite, for itself)."""
    output, facts = folder / "handbook.pdf", folder / "facts.pickle"
    with open(folder.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if facts.is_file():
            result, pages = pickle.loads(facts.read_bytes())
            book = SharedSample(output, result, SAMPLE)
            book.__dict__["raw_pages"] = pages  # the cached_property, as extracted by the builder
            return book
        folder.mkdir()
        book = SharedSample(output, build(SAMPLE, output, BuildOptions(**options)), SAMPLE)
        facts.write_bytes(pickle.dumps((book.result, book.raw_pages)))
        return book


@pytest.fixture(scope="session")
def shared_book(tmp_path_factory):
    """shared_book(files, **options) -> BuiltBook, built once per test session (per xdist
    worker) for each set of files and options and shared: for parametrised tests that build
    the same small book (one test reads its text, another its answer key). Tests only read it;
    a test that edits the sources or the PDF uses make_book."""
    books: dict[tuple, BuiltBook] = {}

    def built(files: dict[str, str], **options) -> BuiltBook:
        key = (tuple(sorted(files.items())), tuple(sorted(options.items())))
        if key not in books:
            folder = write_sources(tmp_path_factory.mktemp("shared"), files)
            output = folder.parent / f"{folder.name}.pdf"
            books[key] = BuiltBook(output, build(folder, output, BuildOptions(**options)), folder)
        return books[key]

    return built


@pytest.fixture
def default_fonts():
    """The default theme with its fonts registered with reportlab, as a build registers them
    (once per test: registering is global, and the last theme registered in a process wins)."""
    from handbook.layout.fonts import register_fonts
    from handbook.theme import load_theme

    theme = load_theme("default")
    register_fonts(theme)
    return theme


# Hypothesis examples share a test's fixtures; for `default_fonts` (set-up only) that is meant.
SHARED_FIXTURES = dict(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def make_book(tmp_path):
    """make_book({"01-a.md": "..."}, **options) -> BuiltBook."""
    counter = iter(range(1000))

    def make(files: dict[str, str], **options) -> BuiltBook:
        folder = write_sources(tmp_path / f"src{next(counter)}", files)
        output = tmp_path / "out" / f"{folder.name}.pdf"
        result = build(folder, output, BuildOptions(**options))
        return BuiltBook(output, result, folder)

    return make


# --- The fast suite's time budget --------------------------------------------------------------
# `make test` must finish within a minute on two idle cores, so each test's CPU time (its own
# process and the children it waited for: `os.times`, not wall time, which depends on what else
# the machine runs) is recorded. A test of the fast suite over FAST_TEST_CPU_BUDGET is named at
# the end of the run: share its build (the `sample_book` fixture, a module-scoped fixture) or mark
# it `slow`. `--cpu-durations=N` lists the N costliest tests (0: all), as --durations does for
# wall time. A session fixture's build is counted in the first test that asks for it.
FAST_TEST_CPU_BUDGET = 1.5  # seconds


def pytest_addoption(parser):
    parser.addoption(
        "--cpu-durations",
        type=int,
        default=None,
        metavar="N",
        help="list the N tests with the most CPU time (0: all)",
    )


def _cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Each phase (setup, call, teardown) carries its CPU time to the controlling process (xdist
    # sends user_properties with the report).
    report = yield
    started = item.stash.get(_PHASE_START, None)
    if started is not None:
        report.user_properties.append(("cpu", _cpu_seconds() - started))
    return report


_PHASE_START = pytest.StashKey[float]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    item.stash[_PHASE_START] = _cpu_seconds()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    item.stash[_PHASE_START] = _cpu_seconds()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    item.stash[_PHASE_START] = _cpu_seconds()


_CPU_BY_TEST: dict[str, float] = {}


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "cpu":
            _CPU_BY_TEST[report.nodeid] = _CPU_BY_TEST.get(report.nodeid, 0.0) + value


def pytest_terminal_summary(terminalreporter, config):
    if not _CPU_BY_TEST or hasattr(config, "workerinput"):
        return
    costliest = sorted(_CPU_BY_TEST.items(), key=lambda item: -item[1])
    count = config.getoption("--cpu-durations")
    if count is not None:
        terminalreporter.section(f"CPU time of the {count or 'all'} costliest tests")
        for nodeid, seconds in costliest[: count or None]:
            terminalreporter.write_line(f"{seconds:6.2f}s {nodeid}")
        terminalreporter.write_line(f"{sum(_CPU_BY_TEST.values()):6.1f}s in all {len(_CPU_BY_TEST)} tests")
    fast_suite = "not slow" in (config.getoption("markexpr") or "")
    over = [(nodeid, seconds) for nodeid, seconds in costliest if seconds > FAST_TEST_CPU_BUDGET]
    if fast_suite and over:
        terminalreporter.section(f"fast tests over {FAST_TEST_CPU_BUDGET} s of CPU time", yellow=True)
        for nodeid, seconds in over:
            terminalreporter.write_line(f"{seconds:6.2f}s {nodeid}")
        terminalreporter.write_line("share the build (sample_book, a module fixture) or mark the test slow")
