"""The README's ten-minute tour, run as a new user would, step by step.

The commands are read from the README itself, so the tour cannot drift from what is tested:
init a handbook in a temporary folder, add a chapter with `new`, build, break it, read the
error (path:line), check, fix, rebuild, watch, stats.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from handbook.cli import main
from pdffacts import page_texts

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
CHAPTER = "chapters/02-trade-and-investment.md"
BREAK, FIX = "edit: break the date", "edit: fix the date"
TOUR = [  # the README's commands in order, with the edits it asks for between them
    "handbook init ~/my-handbook",
    "cd ~/my-handbook",
    "make",
    'handbook new "Trade and Investment" --paper GS3 --topic "Indian Economy"',
    "make",
    BREAK,
    "make",
    "handbook check",
    FIX,
    "make",
    "handbook watch",
    "handbook stats",
]


def tour_section() -> str:
    start = README.index("## A ten-minute tour")
    return README[start : README.index("\n## ", start + 1)]


def readme_commands() -> list[list[str]]:
    """The lines of each ```sh block of the tour."""
    blocks = re.findall(r"```sh\n(.*?)```", tour_section(), re.S)
    return [[line for line in block.strip().split("\n")] for block in blocks]


def pdf_text(path: Path) -> str:
    return "\n".join(page_texts(path))


def test_the_tour_lists_exactly_the_commands_the_test_runs():
    install, *steps = readme_commands()
    assert install == ["make", ". .venv/bin/activate"]  # run in this repository (by `make test` too)
    assert [line for block in steps for line in block] == [s for s in TOUR if not s.startswith("edit:")]


def test_the_readme_starts_with_the_two_commands():
    assert README.split("```sh\n", 1)[1].startswith(
        "make        # creates .venv, installs handbook, builds build/handbook.pdf from chapters/\n"
        "make test   # runs the test suite\n```"
    )
    assert (
        README.index("make test")
        < README.index("## A ten-minute tour")
        < README.index("## Commands")
        < README.index("## For developers")
    )


def test_the_readme_picture_is_a_small_png():
    picture = ROOT / "docs" / "sample-page.png"
    assert "](docs/sample-page.png)" in tour_section()
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert picture.stat().st_size < 200_000


@pytest.mark.slow  # the whole tour, 4-5 s: each command has fast tests of its own (test_workflow_*.py)
@pytest.mark.skipif(shutil.which("make") is None, reason="the tour uses make")
def test_the_tour_end_to_end(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    # `handbook` on PATH, as after `. .venv/bin/activate`, for the project's Makefile.
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "NO_COLOR": "1",
    }
    # Nothing changes while `handbook watch` runs here: it builds once and the test goes on.
    monkeypatch.setattr("handbook.workflow.watch.poll_changes", lambda *a, **k: iter(()))
    outputs = {}
    last_good_pdf = None
    for step in TOUR:
        if step == BREAK:
            last_good_pdf = Path("build/handbook.pdf").read_bytes()
            line = replace_line(Path(CHAPTER), r"date: .*", "date: 27 Oct 2025")
            assert f"Go to line {line}, write `date: 2025-10-27`" in README
        elif step == FIX:
            replace_line(Path(CHAPTER), r"date: .*", "date: 2025-10-27")
        elif step.startswith("cd "):
            os.chdir(step[3:].replace("~", str(home)))
        elif step == "make":
            run = subprocess.run(["make"], env=env, capture_output=True, text=True)
            outputs.setdefault("make", []).append(run)
            outputs.setdefault("pdf", []).append(Path("build/handbook.pdf").read_bytes())
        else:
            args = [arg.replace("~", str(home)) for arg in shlex.split(step)[1:]]
            outputs[step] = CliRunner().invoke(main, args)

    init = outputs["handbook init ~/my-handbook"]
    assert init.exit_code == 0 and "my-handbook/chapters/01-getting-started.md" in init.output
    first, second, broken, fixed = outputs["make"]
    assert first.returncode == 0, first.stderr
    assert "handbook build chapters -o build/handbook.pdf" in first.stdout

    new = outputs['handbook new "Trade and Investment" --paper GS3 --topic "Indian Economy"']
    assert new.exit_code == 0 and f"created {CHAPTER} (order 2)" in new.output
    assert second.returncode == 0, second.stderr

    # The mistake: a message with path:line, exactly as the README shows it, and the PDF kept.
    assert broken.returncode != 0
    shown = re.search(r"```text\n(.*?)\n```", tour_section(), re.S).group(1)
    assert shown in broken.stderr.splitlines()
    assert outputs["pdf"][2] == last_good_pdf
    check = outputs["handbook check"]
    assert check.exit_code == 1
    assert f"{CHAPTER}  (1 error)\n{shown} [value-invalid]\n" in check.output  # with its code

    assert fixed.returncode == 0, fixed.stderr
    assert outputs["pdf"][3] != last_good_pdf
    text = pdf_text(Path("build/handbook.pdf"))
    assert "Getting Started" in text and "Trade and Investment" in text and "GS3" in text

    watch = outputs["handbook watch"]
    assert watch.exit_code == 0 and "wrote build/handbook.pdf" in watch.output
    stats = outputs["handbook stats"]
    assert stats.exit_code == 0
    assert re.search(r"^2\s+Trade and Investment\s+\d+\s+[1-9]", stats.stdout, re.M)


def replace_line(path: Path, pattern: str, new: str) -> int:
    """Replace the one line matching `pattern` (as an editor would); return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if re.fullmatch(pattern, line)]
    assert len(hits) == 1, hits
    lines[hits[0]] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return hits[0] + 1
