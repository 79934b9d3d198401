"""The command line: every problem as `path:line[:col]: error|warning: message`, a summary,
exit status 1, and a traceback only with --debug."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli as run
from conftest import write_sources

LINE = re.compile(r"[^:\s][^:]*:\d+(:\d+)?: (error|warning): \S.*|[^:\s][^:]*: (error|warning): \S.*")


def test_problems_of_all_chapters_are_listed_then_summarised_and_exit_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths are shown relative to the working folder
    write_sources(
        tmp_path / "chapters",
        {
            "01-a.md": "---\ntitle: A\ndate: not-a-date\ntitel: x\n---\nText.\n",
            "02-b.md": "---\ntitle: B\ntags: notalist\n---\n![m](missing.png)\n",
        },
    )
    result = run("build", "chapters", "-o", "out/book.pdf")
    assert result.exit_code == 1
    lines = result.output.strip().split("\n")
    assert lines == [
        "chapters/01-a.md:3: error: 'date' must be a date written YYYY-MM-DD, not 'not-a-date'",
        "chapters/01-a.md:4: warning: unknown key 'titel' in front matter (did you mean 'title'?)",
        "chapters/02-b.md:3: error: 'tags' must be a list, like [notalist] or one '- notalist' line per item",
        "chapters/02-b.md:5: error: image 'missing.png' not found",
        "3 error(s), 1 warning(s)",
    ]
    assert all(LINE.fullmatch(line) for line in lines[:-1])
    assert not (tmp_path / "out").exists()


def test_warnings_alone_build_and_exit_0(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: A\nauthor: me\n---\nText.\n"})
    result = run("build", "chapters", "-o", "book.pdf")
    assert result.exit_code == 0, result.output
    assert "chapters/01-a.md:3: warning: unknown key 'author' in front matter" in result.output
    assert "0 error(s), 1 warning(s)" in result.output and "wrote book.pdf" in result.output


def test_check_lists_problems_and_exits_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: [A\n---\nText.\n"})
    result = run("check", "chapters")
    assert result.exit_code == 1
    assert "\nchapters/01-a.md:2: error: invalid YAML: " in result.output  # under the file's heading
    assert result.output.strip().endswith("1 error, 0 warnings in 1 file")


def test_an_unwritable_output_is_a_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: A\n---\nText.\n"})
    (tmp_path / "notes.txt").write_text("a file where a folder should be")
    result = run("build", "chapters", "-o", "notes.txt/book.pdf")
    assert result.exit_code == 1
    assert result.output.startswith("notes.txt/book.pdf: error: cannot write the PDF: ")
    assert "Traceback" not in result.output


@pytest.fixture
def broken_step(monkeypatch):
    """A bug inside handbook (not in the sources): an enrich step that raises."""
    from handbook import enrich

    def step(book, theme, options, diagnostics):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(enrich, "ENRICH_STEPS", enrich.ENRICH_STEPS + [step])


def test_an_internal_error_is_one_line_without_debug(tmp_path, monkeypatch, broken_step):
    monkeypatch.chdir(tmp_path)
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: A\n---\nText.\n"})
    result = run("build", "chapters", "-o", "book.pdf")
    assert result.exit_code == 1
    assert result.output.strip().split("\n") == [
        "handbook: internal error (ZeroDivisionError): this is a bug in handbook, not in your "
        "sources; re-run as 'handbook --debug build ...' and report the output"
    ]


def test_debug_shows_the_traceback(tmp_path, monkeypatch, broken_step):
    monkeypatch.chdir(tmp_path)
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: A\n---\nText.\n"})
    result = run("--debug", "build", "chapters", "-o", "book.pdf")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.output
    assert "ZeroDivisionError: a bug" in result.output
