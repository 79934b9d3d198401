"""`handbook new` and `handbook init`: complete, commented files that build cleanly."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings, strategies as st
from conftest import examples

from handbook.cli import main
from handbook.errors import Diagnostics
from handbook.model import MindMap, plain_text
from handbook.parse.book import CHAPTER_KEYS, parse_chapter
from handbook.parse.notes import typographic_quotes
from handbook.pipeline import build, check
from handbook.sources import SourceSet
from handbook.sources.files import split_front_matter
from handbook.workflow.scaffold import chapter_text, init_project, new_chapter
from handbook.workflow.stats import QUESTION_TYPES

TODAY = dt.date(2025, 10, 27)


def parse_scaffold(text: str, tmp_path: Path):
    path = tmp_path / "01-x.md"
    diagnostics = Diagnostics()
    source = split_front_matter(text, path, diagnostics)
    chapter = parse_chapter(source, SourceSet(root=tmp_path), diagnostics)
    return source, chapter, diagnostics


def test_the_scaffold_has_every_front_matter_key_a_mind_map_and_each_question_type(tmp_path):
    text = chapter_text("India and Japan", 3, paper="GS2", topic="International Relations", today=TODAY)
    source, chapter, diagnostics = parse_scaffold(text, tmp_path)
    assert diagnostics.items == []
    assert set(source.front_matter) == set(CHAPTER_KEYS)
    meta = chapter.meta
    assert (meta.title, meta.paper, meta.topic, meta.order, meta.date) == (
        "India and Japan",
        "GS2",
        "International Relations",
        3,
        TODAY,
    )
    assert [q.kind for q in chapter.questions] == list(QUESTION_TYPES)
    maps = [b for b in chapter.blocks if isinstance(b, MindMap)]
    assert len(maps) == 1 and plain_text(maps[0].root.label) == "India and Japan"
    # Commented: every key has a comment line right above it.
    lines = text.split("\n")
    for key in CHAPTER_KEYS:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[index - 1].lstrip().startswith("#"), key


@settings(max_examples=examples(60, fast=20), deadline=None)
@example("[[]]")  # was: "a mindmap item has an empty label" (an empty wiki link, printed as nothing)
@example("0[[]]")  # was: the root read "0", its brackets lost
@example("[[Quad]] summit")  # escaped brackets are never a wiki link
@example("a \\[[b]] c")  # a backslash typed in the title, then brackets
@example("(0)")  # was: read as "0" (an escaped parenthesis opened inline math)
@example("\\(x\\) and (y)")  # a backslash typed before a parenthesis
@given(
    st.one_of(
        st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=60),
        st.text(st.sampled_from(list("-+*#>=1.)`_[]!&;:~<\\| a")), min_size=1, max_size=12),
    ).filter(lambda t: t.strip())
)
def test_any_title_reads_back_exactly_and_gives_a_valid_mind_map(title):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        _, chapter, diagnostics = parse_scaffold(chapter_text(title, 1, today=TODAY), Path(folder))
    assert not diagnostics.has_errors, diagnostics.items
    # Read back as written, straight quotes set as typographic ones (as in headings).
    assert chapter.meta.title == typographic_quotes(title)
    root = next(b for b in chapter.blocks if isinstance(b, MindMap)).root
    assert plain_text(root.label) == " ".join(title.split())


def test_the_scaffold_builds_with_no_problem_at_all(tmp_path):
    new_chapter(tmp_path, "India and Japan", "GS2", "International Relations", today=TODAY)
    result = build(tmp_path, tmp_path / "out.pdf")
    assert result.diagnostics.items == []
    assert result.pages > 2 and result.record.chapter_starts


def test_new_numbers_after_the_highest_order_and_file_number(tmp_path):
    (tmp_path / "01-a.md").write_text("---\ntitle: A\norder: 7\n---\nText.\n")
    (tmp_path / "12-b.md").write_text("---\ntitle: B\n---\nText.\n")
    made = new_chapter(tmp_path, "Defence Ties", today=TODAY)
    assert made.path == tmp_path / "13-defence-ties.md"
    assert made.order == 13 and made.unordered == ["12-b.md"]
    made = new_chapter(tmp_path, "Trade", today=TODAY)
    assert made.path.name == "14-trade.md"


def test_new_refuses_to_overwrite_and_says_so(tmp_path):
    runner = CliRunner()
    first = runner.invoke(main, ["new", "Defence Ties", str(tmp_path)])
    assert first.exit_code == 0, first.output
    chapter = tmp_path / "01-defence-ties.md"
    chapter.write_text(chapter.read_text() + "\nMy own notes.\n")
    before = chapter.read_text()
    again = runner.invoke(main, ["new", "Defence Ties", str(tmp_path)])
    assert again.exit_code == 1
    assert "01-defence-ties.md already exists; not overwriting it" in again.output
    assert chapter.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-defence-ties.md"]


def test_new_in_a_missing_folder_points_to_init(tmp_path):
    result = CliRunner().invoke(main, ["new", "Trade", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "not found" in result.output and "handbook init" in result.output


def test_new_warns_when_book_yaml_lists_the_chapters(tmp_path):
    (tmp_path / "book.yaml").write_text("title: T\nchapters:\n  - 01-a.md\n")
    (tmp_path / "01-a.md").write_text("---\ntitle: A\norder: 1\n---\nText.\n")
    result = CliRunner().invoke(main, ["new", "Trade", str(tmp_path)])
    assert result.exit_code == 0
    assert "add '- 02-trade.md' to its 'chapters' list" in result.output


def test_init_writes_a_project_that_checks_clean(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "my-handbook")])
    assert result.exit_code == 0, result.output
    root = tmp_path / "my-handbook"
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        ".gitignore",
        "Makefile",
        "chapters/01-getting-started.md",
        "chapters/book.yaml",
        "chapters/glossary.yaml",
    ]
    assert check(root / "chapters").items == []
    assert 'title: "My Handbook"' in (root / "chapters/book.yaml").read_text()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_the_projects_makefile_builds_with_the_installed_handbook(tmp_path):
    init_project(tmp_path / "hb", "Our Notes")
    handbook = Path(sys.executable).parent / "handbook"  # the installed command
    env = {**os.environ, "PATH": f"{handbook.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = subprocess.run(["make", "-C", str(tmp_path / "hb")], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "handbook build chapters -o build/handbook.pdf" in run.stdout
    assert (tmp_path / "hb" / "build" / "handbook.pdf").stat().st_size > 1000
