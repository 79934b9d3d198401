"""A failed build leaves the previous PDF byte for byte as it was, and no temporary file."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

import handbook.output.atomic as atomic
from handbook.cli import main
from handbook.errors import BuildFailed
from handbook.pipeline import build
from conftest import write_sources

GOOD = "---\ntitle: India and Japan\n---\nThe partnership grew after 2000.\n"


@pytest.fixture
def previous(tmp_path):
    """A source folder, and the PDF a good build made from it (path, bytes)."""
    folder = write_sources(tmp_path / "src", {"01-a.md": GOOD})
    output = tmp_path / "build" / "handbook.pdf"
    build(folder, output)
    return folder, output, output.read_bytes()


def assert_untouched(output, data):
    assert output.read_bytes() == data
    assert sorted(p.name for p in output.parent.iterdir() if p.name != ".cache") == [
        "handbook.pdf"
    ]  # no temp files


def test_a_content_error_keeps_the_previous_pdf(previous):
    folder, output, data = previous
    (folder / "01-a.md").write_text("---\ntitle: [broken\n---\nNew text.\n")
    with pytest.raises(BuildFailed):
        build(folder, output)
    assert_untouched(output, data)


def test_a_layout_error_keeps_the_previous_pdf(previous):
    folder, output, data = previous
    (folder / "01-a.md").write_text(GOOD + "\n| Notes |\n|---|\n| " + "word " * 3000 + "|\n")
    with pytest.raises(BuildFailed):
        build(folder, output)
    assert_untouched(output, data)


@pytest.mark.parametrize("problem", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_while_writing_keeps_the_previous_pdf(previous, monkeypatch, problem):
    folder, output, data = previous
    (folder / "01-a.md").write_text(GOOD + "\nA new paragraph.\n")
    written = []

    def fail_on_sync(fd):  # the new PDF is half on disk when this strikes
        written.append(os.fstat(fd).st_size)
        raise problem

    monkeypatch.setattr(atomic.os, "fsync", fail_on_sync)
    with pytest.raises((BuildFailed, KeyboardInterrupt)) as raised:
        build(folder, output)
    assert written and written[0] > 0
    if isinstance(problem, OSError):  # a message for the user, not a traceback
        assert [d.code for d in raised.value.diagnostics.items] == ["output-unwritable"]
        assert "No space left on device" in raised.value.diagnostics.items[0].message
    else:
        assert isinstance(raised.value, KeyboardInterrupt)
    assert_untouched(output, data)


def test_an_exception_in_the_middle_of_the_layout_keeps_the_previous_pdf(previous, monkeypatch):
    folder, output, data = previous
    from handbook.layout import blocks

    def broken(block, ctx):
        raise RuntimeError("a bug in a layout function")

    monkeypatch.setitem(blocks.BLOCK_LAYOUTS, blocks.Paragraph, broken)
    with pytest.raises(RuntimeError):
        build(folder, output)
    assert_untouched(output, data)


def test_ctrl_c_from_the_command_line_says_the_pdf_is_unchanged(previous, monkeypatch):
    folder, output, data = previous
    (folder / "01-a.md").write_text(GOOD + "\nMore.\n")

    def interrupt(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupt)
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(output)])
    assert result.exit_code == 130
    assert result.output.strip() == "interrupted; the previous PDF is unchanged"
    assert_untouched(output, data)


def test_a_successful_build_replaces_the_pdf(previous):
    folder, output, data = previous
    (folder / "01-a.md").write_text(GOOD + "\nA new paragraph.\n")
    build(folder, output)
    assert output.read_bytes() != data
    assert sorted(p.name for p in output.parent.iterdir()) == ["handbook.pdf"]
