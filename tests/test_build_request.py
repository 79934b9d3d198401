"""One build request (build_request.py) behind `build`, `build --chapter`, `editions` and
`test`: the same output refusal, theme choice (named_at, confinement, the book's language),
layout-error handling and atomic writing of every product together (issue 24)."""

from __future__ import annotations


import pytest
from pypdf import PdfReader

from conftest import write_sources
from editions_fixture import book_files
from handbook.errors import BuildFailed
from handbook.practice import build_test


def cover(path) -> str:
    return PdfReader(str(path)).pages[0].extract_text()


def test_a_hindi_books_test_paper_takes_its_themes_hindi_wording(tmp_path):
    """The test paper's theme is localised as the book's is (it was not: English words)."""
    files = book_files(extra_book="language: hi\nstyle: exam.yaml\n")
    files["exam.yaml"] = "extends: default\ntranslations:\n  hi:\n    test_paper.words.title: अभ्यास परीक्षा\n"
    source = write_sources(tmp_path / "src", files)
    result = build_test(source, tmp_path / "paper.pdf", count=5)
    assert "अभ्यास परीक्षा" in cover(result.paper) and "Practice Test" not in cover(result.paper)


def test_a_tests_unknown_style_is_reported_at_its_line_in_book_yaml(tmp_path):
    tests = "tests:\n  weekly:\n    count: 5\n    style: no-such-theme\n"
    source = write_sources(tmp_path / "src", book_files(extra_book=tests))
    with pytest.raises(BuildFailed) as raised:
        build_test(source, tmp_path / "paper.pdf", name="weekly")
    errors = raised.value.diagnostics.errors
    assert errors and all(str(e.path).endswith("book.yaml") and e.line is not None for e in errors), errors


def test_the_paper_and_its_key_are_written_together_or_not_at_all(tmp_path, monkeypatch):
    from handbook.output import atomic

    source = write_sources(tmp_path / "src", book_files())
    first = build_test(source, tmp_path / "paper.pdf", count=5, seed=1)
    paper_before = first.paper.read_bytes()
    stage = atomic._stage

    def full_disk_at_the_key(path, data):
        if path.name.endswith("-key.pdf"):
            raise OSError(28, "No space left on device", str(path))
        return stage(path, data)

    monkeypatch.setattr(atomic, "_stage", full_disk_at_the_key)
    with pytest.raises(BuildFailed) as raised:
        build_test(source, tmp_path / "paper.pdf", count=5, seed=2)
    (error,) = raised.value.diagnostics.errors
    assert error.code == "output-unwritable" and str(error.path).endswith("paper-key.pdf")
    assert first.paper.read_bytes() == paper_before, "the paper was not replaced without its key"


def test_every_file_a_test_writes_is_refused_before_any_work(tmp_path):
    source = write_sources(tmp_path / "src", book_files())
    foreign = tmp_path / "paper-key.pdf"
    foreign.write_bytes(b"%PDF-1.4 someone else's key")
    with pytest.raises(BuildFailed) as raised:
        build_test(source, tmp_path / "paper.pdf", count=5)
    assert [e.code for e in raised.value.diagnostics.errors] == ["output-refused"]
    assert not (tmp_path / "paper.pdf").exists() and foreign.read_bytes().endswith(b"key")
