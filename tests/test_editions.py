"""Editions: a selection of chapters with its own title; numbering, glossary, first-use
expansion and the syllabus index follow the selected chapters only."""

from __future__ import annotations

from pypdf import PdfReader

from conftest import run_cli, write_sources
from editions_fixture import book_files
from handbook.errors import BuildFailed
from handbook.options import BuildOptions
from handbook.pipeline import build, check
from pdffacts import page_texts

EDITIONS = """
editions:
  october:
    select: "date >= 2025-10-01 and date <= 2025-10-31"
    title: October 2025
    output: october.pdf
  gs2:
    select: "paper == GS2"
    subtitle: Paper two
    answers: none
    language: hi
  defence:
    select: '"defence" in tags'
  nothing:
    select: "paper == GS4"
"""


def text_of(path) -> str:
    return "\n".join(page_texts(str(path)))


def chapter_titles(path) -> list[str]:
    """The chapters in the PDF's outline, in order, as numbered there ("1. Union Budget")."""
    from pdffacts import outline

    names = ("Quad Summit", "Union Budget", "Logistics Pact")
    return [title for depth, title, _ in outline(path) if depth == 0 and title.endswith(names)]


def test_edition_by_date_range(tmp_path):
    source = write_sources(tmp_path / "src", book_files(extra_book=EDITIONS))
    result = build(source, tmp_path / "oct.pdf", BuildOptions(edition="october"))
    text = text_of(tmp_path / "oct.pdf")
    assert chapter_titles(tmp_path / "oct.pdf") == ["1. Union Budget", "2. Logistics Pact"]
    assert text.splitlines()[0] == "October 2025"  # the edition's own title page
    # Glossary and first-use expansion: only the selected chapters' acronyms.
    assert (
        "Gross Domestic Product (GDP)" in text and "Acquisition and Cross-Servicing Agreement (ACSA)" in text
    )
    assert "Quadrilateral Security Dialogue" not in text
    # Chapters are numbered 1, 2 within the edition; no unused-acronym warnings for the cut.
    assert result.record.chapter_starts and len(result.record.chapter_starts) == 2
    assert not [d for d in result.diagnostics.warnings if "never used" in d.message]


def test_edition_by_paper_limits_the_syllabus_index_and_passes_language(tmp_path):
    from handbook.pipeline import prepare
    from handbook.errors import Diagnostics

    source = write_sources(tmp_path / "src", book_files(extra_book=EDITIONS))
    build(source, tmp_path / "gs2.pdf", BuildOptions(edition="gs2"))
    assert chapter_titles(tmp_path / "gs2.pdf") == ["1. Quad Summit", "2. Logistics Pact"]
    text = text_of(tmp_path / "gs2.pdf")
    index = text[text.rindex("Syllabus Index") :]
    assert "GS2" in index and "GS3" not in index and "Union Budget" not in index
    assert "Answer Key" not in text  # the edition's answers: none
    assert "Paper two" in text
    prepared = prepare(source, BuildOptions(edition="gs2"), Diagnostics())
    assert prepared.options.language == "hi"


def test_edition_by_tag_and_command_line_select(tmp_path):
    source = write_sources(tmp_path / "src", book_files(extra_book=EDITIONS))
    build(source, tmp_path / "d.pdf", BuildOptions(edition="defence"))
    assert chapter_titles(tmp_path / "d.pdf") == ["1. Logistics Pact"]
    build(source, tmp_path / "s.pdf", BuildOptions(select='"japan" in tags and order < 3'))
    assert chapter_titles(tmp_path / "s.pdf") == ["1. Quad Summit"]
    assert "Gross Domestic Product" not in text_of(tmp_path / "s.pdf")


def test_empty_selection_warns_and_writes_nothing(tmp_path):
    source = write_sources(tmp_path / "src", book_files(extra_book=EDITIONS))
    out = tmp_path / "none.pdf"
    try:
        build(source, out, BuildOptions(edition="nothing"))
    except BuildFailed as exc:
        codes = [(d.severity, d.code) for d in exc.diagnostics.items]
    assert codes == [("warning", "select-empty")]
    assert not out.exists()


def test_selection_mistake_in_book_yaml_has_line_and_column(tmp_path):
    bad = 'editions:\n  x:\n    select: "paper == GS2 and tpoic == y"\n'
    source = write_sources(tmp_path / "src", book_files(extra_book=bad))
    found = check(source)
    (item,) = [d for d in found.items if d.code == "select-unknown-field"]
    line = (source / "book.yaml").read_text().splitlines()[item.line - 1]
    assert line.strip().startswith("select:") and line[item.column - 1 :].startswith("tpoic")
    assert "did you mean 'topic'" in item.message


def test_cli_editions_builds_each_and_skips_the_empty_one(tmp_path, monkeypatch):
    source = write_sources(tmp_path / "src", book_files(extra_book=EDITIONS))
    monkeypatch.chdir(tmp_path)
    result = run_cli("editions", source, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "handbook-defence.pdf",
        "handbook-gs2.pdf",
        "october.pdf",
    ]
    assert "select-empty" not in result.output and "takes no chapter" in result.output
    # build --edition names the output after the edition; an unknown edition is an error.
    assert run_cli("build", source, "--edition", "october", "-q").exit_code == 0
    assert (tmp_path / "build" / "october.pdf").exists()
    wrong = run_cli("build", source, "--edition", "octobr")
    assert wrong.exit_code == 1 and "did you mean 'october'" in wrong.output
    bad = run_cli("build", source, "--select", "paper == GS2 and", "-o", tmp_path / "x.pdf")
    assert bad.exit_code == 1 and "--select:1:17: error:" in bad.output


def test_stats_per_edition(tmp_path):
    source = write_sources(tmp_path / "src", book_files(extra_book=EDITIONS))
    result = run_cli("stats", source, "--edition", "gs2", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Union Budget" not in result.output and "Quad Summit" in result.output


def test_edition_theme_is_used_and_a_wrong_one_is_reported_at_its_line(tmp_path):
    themed = (
        'editions:\n  small:\n    select: "paper == GS3"\n    style: a5-booklet\n  wrong:\n    style: bogus\n'
    )
    source = write_sources(tmp_path / "src", book_files(extra_book=themed))
    build(source, tmp_path / "a5.pdf", BuildOptions(edition="small"))
    width, height = PdfReader(str(tmp_path / "a5.pdf")).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (420, 595)
    try:
        build(source, tmp_path / "w.pdf", BuildOptions(edition="wrong"))
        raise AssertionError("a missing theme must fail")
    except BuildFailed as exc:
        (error,) = exc.diagnostics.errors
    line = (source / "book.yaml").read_text().splitlines()[error.line - 1]
    assert line.strip() == "style: bogus"


def test_check_warns_about_an_edition_that_selects_nothing(tmp_path):
    source = write_sources(tmp_path / "src", book_files(extra_book=EDITIONS))
    found = check(source)
    assert [(d.severity, d.code, d.line) for d in found.items if d.code.startswith("select")] == [
        ("warning", "select-empty", EDITIONS.splitlines().index("  nothing:") + 3)
    ]
