"""Progress on a terminal: nothing for a quick build, one status line for a slow one,
nothing at all with --quiet or when stderr is not a terminal."""

from __future__ import annotations

import io

from click.testing import CliRunner

from handbook.cli import main
from handbook.progress import Progress

from conftest import write_sources


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_quick_build_prints_nothing_and_a_slow_one_a_line_that_is_cleared():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream, delay=2.0, clock=clock)
    progress.stage("parsing chapters: 1/3")
    clock.now = 1.9
    progress.update("parsing chapters: 3/3")
    assert stream.getvalue() == ""
    clock.now = 2.5
    on_page = progress.pages("laying out")
    on_page(7)
    assert stream.getvalue() == "\rlaying out: 7 pages\x1b[K"
    clock.now = 2.55
    on_page(8)  # within the interval: not redrawn
    progress.stage("writing 8 pages")  # a new stage always is
    assert (
        stream.getvalue().endswith("\rwriting 8 pages\x1b[K") and "8 pages\x1b[K\r" not in stream.getvalue()
    )
    progress.finish()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_off_writes_nowhere(capfd):
    progress = Progress.off()
    progress.delay = 0  # past the delay: a progress with a stream would write now
    progress.stage("x")
    progress.pages("y")(3)
    progress.finish()
    assert capfd.readouterr() == ("", "")
    assert progress.stream is None and not progress.shown


def test_the_cli_prints_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    folder = write_sources(tmp_path / "src", {"01.md": "---\ntitle: A\n---\nText.\n"})
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "a.pdf")])
    assert result.exit_code == 0
    assert "\r" not in result.output and "\x1b" not in result.output


def test_progress_is_for_a_terminal_and_not_with_quiet():
    terminal = _TtyStream()
    assert Progress.for_stream(terminal, quiet=False).stream is terminal
    assert Progress.for_stream(terminal, quiet=True).stream is None
    assert Progress.for_stream(io.StringIO(), quiet=False).stream is None


class _TtyStream(io.StringIO):
    def isatty(self):
        return True
