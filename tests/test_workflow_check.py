"""`handbook check` output: grouped and coloured for people, JSON for tools, plain lines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from handbook.cli import main
from handbook.errors import Diagnostics
from handbook.workflow.report import as_groups, as_json, use_colour

ANSI = "\x1b["


def broken_sources(folder: Path) -> Path:
    (folder / "01-a.md").write_text("---\ntitle: A\ndate: 27 Oct 2025\ntagz: [x]\n---\nText.\n")
    (folder / "02-b.md").write_text("---\ntitle: B\norder: two\n---\nText.\n")
    (folder / "03-c.md").write_text("---\ntitle: C\n---\nFine.\n")
    return folder


def sample() -> Diagnostics:
    diagnostics = Diagnostics()
    diagnostics.warning("chapters/02-b.md", 9, "undefined acronym 'ARF'", column=4, code="acronym-undefined")
    diagnostics.error("chapters/01-a.md", 3, "'date' must be a date", code="value-invalid")
    diagnostics.error("chapters/02-b.md", 2, "'order' must be a whole number", code="value-invalid")
    diagnostics.error("chapters/book.yaml", None, "cannot read file", code="file-unreadable")
    return diagnostics


def test_groups_list_each_file_once_with_its_problems_in_line_order():
    text = as_groups(sample(), colour=False)
    assert ANSI not in text
    assert text.split("\n") == [
        "chapters/01-a.md  (1 error)",
        "chapters/01-a.md:3: error: 'date' must be a date [value-invalid]",
        "",
        "chapters/02-b.md  (1 error, 1 warning)",
        "chapters/02-b.md:2: error: 'order' must be a whole number [value-invalid]",
        "chapters/02-b.md:9:4: warning: undefined acronym 'ARF' [acronym-undefined]",
        "",
        "chapters/book.yaml  (1 error)",
        "chapters/book.yaml: error: cannot read file [file-unreadable]",
        "",
        "3 errors, 1 warning in 3 files",
    ]


def test_colour_marks_errors_red_and_warnings_yellow():
    text = as_groups(sample(), colour=True)
    assert "chapters/01-a.md:3: \x1b[31m\x1b[1merror:\x1b[0m 'date' must be a date" in text
    assert "chapters/02-b.md:9:4: \x1b[33mwarning:\x1b[0m undefined acronym" in text
    assert click.unstyle(text) == as_groups(sample(), colour=False)


def test_colour_only_on_a_terminal_and_never_with_no_color():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert use_colour(Terminal(), environ={}) is True
    assert use_colour(Terminal(), environ={"NO_COLOR": "1"}) is False
    assert use_colour(io.StringIO(), environ={}) is False


def test_check_prints_groups_without_colour_when_not_on_a_terminal(tmp_path):
    result = CliRunner().invoke(main, ["check", str(broken_sources(tmp_path))], color=True)
    assert result.exit_code == 1
    assert ANSI not in result.output
    lines = result.output.split("\n")
    first, second = (
        lines.index(f"{tmp_path / name}  ({counts})")
        for name, counts in (("01-a.md", "1 error, 1 warning"), ("02-b.md", "1 error"))
    )
    assert lines[first + 1].startswith(f"{tmp_path / '01-a.md'}:3: error: 'date' must be a date written")
    assert lines[first + 2].startswith(f"{tmp_path / '01-a.md'}:4: warning: unknown key 'tagz'")
    assert lines[first + 2].endswith("[key-unknown]")
    assert lines[second + 1].startswith(f"{tmp_path / '02-b.md'}:3: error: 'order' must be a whole number")
    assert "2 errors, 1 warning in 2 files" in result.output


def test_check_is_coloured_on_a_terminal(tmp_path):
    """A real pseudo-terminal: the colour decision is the command's, not the test's."""
    import pty

    broken_sources(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    output = _run_in_terminal([sys.executable, "-m", "handbook", "check", str(tmp_path)], env, pty)
    assert ANSI in output and "'order' must be a whole number" in output
    plain = _run_in_terminal(
        [sys.executable, "-m", "handbook", "check", str(tmp_path)], {**env, "NO_COLOR": "1"}, pty
    )
    assert ANSI not in plain and "'order' must be a whole number" in plain


def _run_in_terminal(command, env, pty) -> str:
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the terminal closed: the command is done
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_json_is_a_list_of_problems_for_editors(tmp_path):
    result = CliRunner().invoke(main, ["check", "--format", "json", str(broken_sources(tmp_path))])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert [set(p) for p in problems] == [{"path", "line", "column", "severity", "code", "message"}] * 3
    by_place = {(Path(p["path"]).name, p["line"]): p for p in problems}
    date = by_place["01-a.md", 3]
    assert date["code"] == "value-invalid" and date["severity"] == "error"
    assert by_place["01-a.md", 4]["code"] == "key-unknown" and by_place["01-a.md", 4]["severity"] == "warning"


def test_json_of_clean_sources_is_an_empty_list(tmp_path):
    (tmp_path / "01-a.md").write_text("---\ntitle: A\n---\nText.\n")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_lines_format_is_what_build_prints(tmp_path):
    result = CliRunner().invoke(main, ["check", "--format", "lines", str(broken_sources(tmp_path))])
    assert result.exit_code == 1
    assert "01-a.md:3: error: 'date' must be a date written YYYY-MM-DD, not '27 Oct 2025'" in result.output
    assert "02-b.md:3: error: 'order' must be a whole number, not 'two'" in result.output


def test_as_json_keeps_columns():
    problems = json.loads(as_json(sample()))
    assert problems[2] == {
        "path": "chapters/02-b.md",
        "line": 9,
        "column": 4,
        "severity": "warning",
        "code": "acronym-undefined",
        "message": "undefined acronym 'ARF'",
    }
