"""Books whose text prints page numbers (wiki links' "(p. 12)") are recorded and replayed too
(incremental/passes.py's passes, issue 17): the numbers printed are the pages the targets land on, a
rebuild after an edit records again only the chapters whose text or printed numbers changed,
and writes the cold build's bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.incremental import passes
from handbook.output import pdf
from handbook.pipeline import build

from conftest import BuiltBook, cache_dir, cached_build, cold_build, write_sources

WORDS = "treaty river council summit border charter census monsoon".split()
NAMES = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]
# Who links to whom: Gamma prints no page number (its first recording is drawn, not measured).
LINKS = {
    "Alpha": ["Gamma", "Delta", "Epsilon"],
    "Beta": ["Alpha", "Epsilon"],
    "Delta": ["Beta"],
    "Epsilon": ["Gamma"],
}


def prose(paragraphs: int, seed: int) -> str:
    return "\n\n".join(
        " ".join(WORDS[(seed + p + i * 3) % len(WORDS)] for i in range(90)).capitalize() + "."
        for p in range(paragraphs)
    )


def chapter(name: str, paragraphs: int = 9) -> str:
    links = " ".join(f"See [[{target}|the {target} chapter]]." for target in LINKS.get(name, []))
    return f"---\ntitle: {name}\n---\nOpening of {name}. {links}\n\n{prose(paragraphs, len(name))}\n\nClosing of {name}.\n"


@pytest.fixture
def source(tmp_path):
    files = {f"{i:02d}-{name.lower()}.md": chapter(name) for i, name in enumerate(NAMES, 1)}
    return write_sources(tmp_path / "src", {"book.yaml": "title: Linked Notes\n", **files})


def printed_numbers(book: BuiltBook) -> dict[tuple[str, str], str]:
    """(linking chapter, target) -> the page number printed after the link."""
    found = {}
    for text in book.pages:
        flat = re.sub(r"\s+", " ", text)
        opening = re.search(r"Opening of (\w+)\.", flat)
        for target, folio in re.findall(r"the (\w+) chapter \(p\. (\w+)\)", flat):
            found[opening.group(1) if opening else "?", target] = folio
    return found


def start_labels(book: BuiltBook) -> dict[str, str]:
    """Chapter -> the label of the page it opens on (where its first sentence is)."""
    return {name: book.label(book.page_of(f"Opening of {name}.")) for name in NAMES}


def assert_numbers_right(book: BuiltBook) -> dict[tuple[str, str], str]:
    printed, starts = printed_numbers(book), start_labels(book)
    assert set(printed) == {(name, target) for name, targets in LINKS.items() for target in targets}
    for (_, target), folio in printed.items():
        assert folio == starts[target], (target, folio, starts)
    return printed


@pytest.fixture
def recorded(monkeypatch):
    """Every recording made, as (chapter number, drawn against folios or first pass)."""
    made: list[tuple[int, bool]] = []
    real = passes.record_one

    def spy(task, ctx, seed, folios=None):
        made.append((int(task) + 1, folios is not None))
        return real(task, ctx, seed, folios)

    monkeypatch.setattr(passes, "record_one", spy)
    return made


def test_page_numbers_in_the_text_are_recorded_and_right(source, tmp_path, recorded):
    output = cached_build(source, tmp_path)
    book = BuiltBook(output, None)
    assert_numbers_right(book)
    # First pass: every chapter (the four that print numbers only measured); then those four drawn.
    assert sorted(recorded) == sorted([(n, False) for n in range(1, 6)] + [(n, True) for n in (1, 2, 4, 5)])
    stored = list((cache_dir(source) / "layout").glob("*.bin"))
    assert len(stored) == 9


def test_an_edit_that_moves_link_targets_records_only_what_changed(source, tmp_path, recorded):
    output = cached_build(source, tmp_path)
    before = assert_numbers_right(BuiltBook(output, None))
    recorded.clear()
    beta = source / "02-beta.md"
    beta.write_text(chapter("Beta", paragraphs=30), encoding="utf-8")  # Gamma, Delta, Epsilon move on
    cached_build(source, tmp_path)
    after = assert_numbers_right(BuiltBook(output, None))
    assert after[("Alpha", "Gamma")] != before[("Alpha", "Gamma")], "the edit must move a target"
    assert after[("Delta", "Beta")] == before[("Delta", "Beta")]
    # Beta: edited (measured, then drawn); Alpha and Epsilon: numbers moved (drawn again). Gamma
    # (prints none) and Delta (its target stayed) are replayed from the cache.
    # Beta is drawn twice: ahead, against the last build's numbers (Epsilon's moved), then again.
    assert sorted(recorded) == [(1, True), (2, False), (2, True), (2, True), (5, True)]
    assert output.read_bytes() == cold_build(source, tmp_path)


def test_an_edit_that_moves_nothing_records_only_the_edited_chapter(source, tmp_path, recorded):
    output = cached_build(source, tmp_path)
    recorded.clear()
    delta = source / "04-delta.md"
    delta.write_text(
        delta.read_text(encoding="utf-8").replace("Closing of", "At last, closing of"), encoding="utf-8"
    )
    cached_build(source, tmp_path)
    assert sorted(recorded) == [(4, False), (4, True)]
    assert "At last, closing of Delta" in re.sub(r"\s+", " ", BuiltBook(output, None).text)
    assert output.read_bytes() == cold_build(source, tmp_path)


def test_an_edited_chapter_that_prints_numbers_is_drawn_ahead_with_the_last_numbers(
    source, tmp_path, monkeypatch
):
    """Beside its measuring, in the first pass: the drawing pass then finds it (nothing moved),
    so the chapter is not laid out twice in a row."""
    output = cached_build(source, tmp_path)
    events: list = []
    real_record, real_run = passes.record_one, pdf._run

    def record(task, ctx, seed, folios=None):
        events.append(("record", int(task) + 1, folios is not None))
        return real_record(task, ctx, seed, folios)

    def run(story, book, theme, progress, label, draw, seed=()):
        events.append(("pass", draw))
        return real_run(story, book, theme, progress, label, draw, seed)

    monkeypatch.setattr(passes, "record_one", record)
    monkeypatch.setattr(pdf, "_run", run)
    delta = source / "04-delta.md"
    delta.write_text(
        delta.read_text(encoding="utf-8").replace("Closing of", "At last, closing of"), encoding="utf-8"
    )
    build(source, output, use_cache=True)
    assert events == [("record", 4, True), ("record", 4, False), ("pass", False), ("pass", True)]
    assert_numbers_right(BuiltBook(output, None))
    assert output.read_bytes() == cold_build(source, tmp_path)


def test_recorded_in_worker_processes_the_book_is_the_same(source, tmp_path, monkeypatch):
    one, pooled = tmp_path / "one" / "book.pdf", tmp_path / "pool" / "book.pdf"
    build(source, one, use_cache=True, jobs=1)
    names = {p.name for p in (cache_dir(source) / "layout").glob("*.bin")}
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user-cache"))  # nothing to reuse
    build(source, pooled, use_cache=True, jobs=2)
    assert pooled.read_bytes() == one.read_bytes()
    assert names == {p.name for p in (cache_dir(source) / "layout").glob("*.bin")}


def test_the_passes_are_a_measuring_one_then_drawing_ones(source):
    from handbook.errors import Diagnostics
    from handbook.options import BuildOptions
    from handbook.pipeline import prepare

    prepared = prepare(Path(source), BuildOptions(), Diagnostics())
    rendered = pdf.render_pdf(prepared.book, prepared.theme, BuildOptions(), prepared.answers, jobs=1)
    assert rendered.passes[0] == "measure" and set(rendered.passes[1:]) == {"draw"}


@pytest.mark.slow  # whole builds of random books: `make test-all`
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.integers(1, 14), min_size=5, max_size=5),
    st.integers(0, 4),
    st.integers(1, 20),
)
def test_any_edit_rebuilds_to_the_cold_bytes_with_the_right_numbers(
    tmp_path_factory, sizes, edited, new_size
):
    """Chapters of random lengths, one of them rewritten at another length (moving, or not, the
    targets after it): the rebuild is the cold build, and every printed number is right."""
    tmp_path = tmp_path_factory.mktemp("book")
    files = {
        f"{i:02d}-{name.lower()}.md": chapter(name, size)
        for i, (name, size) in enumerate(zip(NAMES, sizes), 1)
    }
    source = write_sources(tmp_path / "src", {"book.yaml": "title: Linked Notes\n", **files})
    output = cached_build(source, tmp_path)
    name = NAMES[edited]
    (source / f"{edited + 1:02d}-{name.lower()}.md").write_text(chapter(name, new_size), encoding="utf-8")
    cached_build(source, tmp_path)
    assert_numbers_right(BuiltBook(output, None))
    assert output.read_bytes() == cold_build(source, tmp_path)
