"""`handbook watch`: the polling iterator, the loop, and the command (no real waiting)."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from handbook.cli import main, rebuild
from handbook.workflow.scaffold import init_project
from handbook.workflow.watch import poll_changes, watch_loop, watched_files
from pdffacts import page_texts


def touch(path: Path, text: str, bump: int) -> None:
    """Write and move the modification time on, so the change shows on any file system."""
    path.write_text(text, encoding="utf-8")
    stamp = 1_700_000_000 + bump
    os.utime(path, (stamp, stamp))


def test_poll_yields_once_per_save_and_waits_for_the_files_to_settle(tmp_path):
    chapter = tmp_path / "01-a.md"
    touch(chapter, "one", 0)
    script = iter(
        [
            lambda: None,  # a quiet look: nothing changed
            lambda: touch(chapter, "two", 1),  # the editor saves ...
            lambda: touch(chapter, "two, more", 2),  # ... and writes again while settling
            lambda: None,  # settled
            lambda: (tmp_path / "02-b.md").write_text("new"),  # a new chapter appears
            lambda: None,
        ]
    )
    sleeps = []

    def fake_sleep(seconds):
        sleeps.append(seconds)
        next(script)()

    changes = poll_changes(lambda: sorted(tmp_path.glob("*.md")), interval=0.5, settle=0.2, sleep=fake_sleep)
    assert next(changes) == {chapter}
    assert next(changes) == {tmp_path / "02-b.md"}
    assert sleeps == [0.5, 0.5, 0.2, 0.2, 0.5, 0.2]


def test_a_file_saved_back_to_its_old_state_is_no_change(tmp_path):
    chapter = tmp_path / "01-a.md"
    touch(chapter, "one", 0)
    script = iter(
        [
            lambda: touch(chapter, "two", 1),
            lambda: touch(chapter, "one", 0),
            lambda: None,
            lambda: touch(chapter, "three", 3),
            lambda: None,
        ]
    )
    changes = poll_changes(lambda: [chapter], sleep=lambda s: next(script)())
    assert next(changes) == {chapter}  # the restore was skipped; the next real change is seen
    assert chapter.read_text() == "three"


def test_the_first_snapshot_is_taken_before_the_first_build(tmp_path):
    chapter = tmp_path / "01-a.md"
    touch(chapter, "one", 0)
    changes = poll_changes(lambda: [chapter], sleep=lambda s: None)
    touch(chapter, "saved during the first build", 5)
    assert next(changes) == {chapter}


def test_the_loop_builds_first_then_once_per_change_and_survives_failures():
    calls = []

    def rebuild(changed):
        calls.append(changed)
        return len(calls) != 2  # the second build fails: the loop goes on

    builds = watch_loop(rebuild, iter([{Path("a.md")}, {Path("b.md")}, {Path("c.md")}]))
    assert builds == 4
    assert calls == [set(), {Path("a.md")}, {Path("b.md")}, {Path("c.md")}]


def test_watched_files_cover_chapters_book_glossary_images_and_themes(tmp_path):
    init_project(tmp_path / "hb")
    source = tmp_path / "hb" / "chapters"
    (source / "img").mkdir()
    (source / "img" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (source / ".01-getting-started.md.swp").write_text("editor's temporary file")
    (source / "notes.txt").write_text("not read by the build")
    (source / ".git").mkdir()
    (source / ".git" / "config.yaml").write_text("a hidden folder is not walked")
    (source / "my-theme.yaml").write_text("extends: default\n")
    (source / "book.yaml").write_text("title: T\nstyle: my-theme.yaml\n")
    names = {p.name for p in watched_files(source)}
    assert {
        "01-getting-started.md",
        "book.yaml",
        "glossary.yaml",
        "map.png",
        "my-theme.yaml",
        "default.yaml",
    } <= names
    assert not {".01-getting-started.md.swp", "notes.txt", "handbook.pdf", "config.yaml"} & names


def test_watch_command_reports_errors_keeps_the_last_good_pdf_and_rebuilds_after_the_fix(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # as an editor works: inside the handbook's folder
    init_project(Path("."))
    chapter = Path("chapters/01-getting-started.md")
    good = chapter.read_text()
    pdf = Path("build/handbook.pdf")
    seen = []

    def edits(list_files, **kwargs):
        # Each item is one save by the editor; the command rebuilds after each.
        seen.append(pdf.read_bytes())  # the first build has run
        chapter.write_text(good.replace("order: 1", "order: first"))
        yield {chapter}
        seen.append(pdf.read_bytes())
        chapter.write_text(good.replace("Replace this paragraph", "Fixed paragraph"))
        yield {chapter}

    monkeypatch.setattr("handbook.workflow.watch.poll_changes", edits)
    result = CliRunner().invoke(main, ["watch"])
    assert result.exit_code == 0, result.output
    assert "chapters/01-getting-started.md:" in result.output
    assert "'order' must be a whole number, not 'first'" in result.output
    assert "build/handbook.pdf is the last good PDF" in result.output
    assert seen[0] == seen[1]  # the failed build left the PDF as it was
    assert "Fixed paragraph" in "".join(page_texts(pdf))
    assert result.output.count("wrote build/handbook.pdf") == 2


def test_an_internal_error_during_watch_is_reported_and_watching_goes_on(tmp_path, monkeypatch, capsys):
    def broken_build(*args, **kwargs):  # watch builds with use_cache=True (issue 17)
        raise RuntimeError("a bug")

    monkeypatch.setattr("handbook.pipeline.build", broken_build)
    assert rebuild(tmp_path, tmp_path / "out.pdf", None, set(), debug=False) is False
    assert "internal error (RuntimeError): this is a bug in handbook" in capsys.readouterr().err
