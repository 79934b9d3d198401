"""The `handbook` command: exit codes (0 ok, 1 content errors, 2 usage) and its messages."""

from __future__ import annotations

import re

import pytest

from conftest import write_sources
from handbook import __version__

ERROR_LINE = re.compile(r"^(?P<path>\S+\.(md|yaml)):(?P<line>\d+): error: .+$", re.M)


@pytest.fixture
def run(cli):
    return cli


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"handbook, version {__version__}"


def test_build_with_warnings_succeeds_and_prints_them(run, tmp_path):
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: A\ncolour: red\n---\nText <Chart/>.\n"})
    result = run("build")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "handbook.pdf").is_file()
    assert "chapters/01-a.md:3: warning: unknown key 'colour' in front matter" in result.stderr
    assert "chapters/01-a.md:5: warning: HTML not printed" in result.stderr
    assert "wrote build/handbook.pdf" in result.stdout


def test_build_with_content_errors_exits_1_listing_every_problem(run, tmp_path):
    write_sources(
        tmp_path / "src",
        {
            "01-a.md": "---\ntitle: A\ndate: 27/10/2025\n---\nText.\n",
            "02-b.md": "---\ntitle: B\norder: first\n---\nText.\n",
            "book.yaml": "title: [unclosed\n",
        },
    )
    result = run("build", "src", "-o", "out/book.pdf")
    assert result.exit_code == 1
    errors = {(m["path"], m["line"]) for m in ERROR_LINE.finditer(result.stderr)}
    assert {("src/01-a.md", "3"), ("src/02-b.md", "3"), ("src/book.yaml", "1")} <= errors
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "book.pdf").exists()


def test_usage_errors_exit_2(run, tmp_path):
    write_sources(tmp_path / "chapters", {"01-a.md": "# A\n"})
    assert run("build", "--no-such-option").exit_code == 2
    assert run("build", "--answers", "sometimes").exit_code == 2
    assert run("frobnicate").exit_code == 2
    assert run("build", "a", "b").exit_code == 2


def test_missing_source_folder_is_a_content_error(run):
    result = run("build", "nowhere")
    assert result.exit_code in (1, 2)
    assert "nowhere" in result.output


def test_check_writes_nothing_and_strict_fails_on_warnings(run, tmp_path):
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: A\ntittle: B\n---\nText.\n"})
    relaxed = run("check")
    assert relaxed.exit_code == 0
    assert (
        "chapters/01-a.md:3: warning: unknown key 'tittle' in front matter (did you mean 'title'?)"
        in relaxed.stdout
    )
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    assert not (tmp_path / "build").exists()


def test_check_reports_errors_with_exit_1(run, tmp_path):
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: A\ntags: japan\n---\nText.\n"})
    result = run("check")
    assert result.exit_code == 1
    # The report is the output (for pipes and grep); stderr is for usage errors only.
    assert "chapters/01-a.md:3: error: 'tags' must be a list" in result.stdout
    assert result.stderr == ""
    assert result.stdout.strip().splitlines()[-1] == "1 error, 0 warnings in 1 file"


def test_clean_sources_check_says_so(run, tmp_path):
    write_sources(tmp_path / "chapters", {"01-a.md": "---\ntitle: A\n---\nText.\n"})
    result = run("check", "--strict")
    assert result.exit_code == 0
    assert result.stdout == "no problems found\n" and result.stderr == ""


def test_check_lines_go_to_stdout_for_grep(run, tmp_path):
    write_sources(tmp_path / "chapters", {"01-a.md": "# A\n\nThe ARF met.\n"})
    result = run("check", "--format", "lines")
    assert result.exit_code == 0 and result.stderr == ""
    out = result.stdout.strip().splitlines()
    assert out == ["chapters/01-a.md:3: warning: undefined acronym 'ARF'", "0 errors, 1 warning"]
