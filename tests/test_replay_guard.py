"""Replay cannot drop anything (issue 24): a chapter is recorded on a canvas that refuses every
operation outside its allow-list, so a flowable that asks for something a recording cannot
carry (here a sticky note, the review's experiment: 4 live, 0 replayed) makes its chapter live
and the note is in the book; HANDBOOK_VERIFY_REPLAY=1 catches a hole in the allow-list."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from bench.corpus import write_corpus
from handbook.layout import replay
from handbook.layout.replay import RecordingCanvas
from handbook.incremental import passes
from handbook.output import recordpool, replay_check
from handbook.output.replay_check import ReplayMismatch, check_replay
from handbook.pipeline import build

CHAPTERS = 4


class StickyNote(Flowable):
    """A chapter's flowable that adds a text annotation (a sticky note) where it is drawn."""

    def wrap(self, availWidth, availHeight):
        return 10, 10

    def draw(self):
        self.canv.textAnnotation("Check this figure", Rect=(0, 0, 10, 10), relative=1)


class PrivateNote(StickyNote):
    """The same, through reportlab's private way in (no public canvas method)."""

    def draw(self):
        from reportlab.pdfbase.pdfdoc import TextAnnotation

        self.canv._addAnnotation(TextAnnotation((0, 0, 10, 10), "Check this"))


def with_notes(monkeypatch, note=StickyNote):
    """Every chapter laid out with a note after its content (recorded or live alike)."""
    from handbook.layout import chapter as chapter_layout

    original = chapter_layout.layout_chapter

    def layout_with_note(chapter, ctx):
        return original(chapter, ctx) + [note()]

    monkeypatch.setattr(recordpool, "layout_chapter", layout_with_note)
    monkeypatch.setattr(passes, "layout_chapter", layout_with_note)


def spy_recordings(monkeypatch) -> list:
    seen: list = []
    original = recordpool.record_chapter

    def spy(*args, **kwargs):
        recording = original(*args, **kwargs)
        seen.append(recording)
        return recording

    monkeypatch.setattr(recordpool, "record_chapter", spy)
    return seen


def notes(path: Path) -> int:
    return sum(
        1
        for page in PdfReader(str(path)).pages
        for annotation in page.get("/Annots", None) or []
        if annotation.get_object().get("/Subtype") == "/Text"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, CHAPTERS)
    return folder


@pytest.mark.parametrize("note", [StickyNote, PrivateNote])
def test_a_chapter_that_adds_a_sticky_note_is_laid_out_live_and_keeps_its_note(
    corpus, tmp_path, monkeypatch, note
):
    with_notes(monkeypatch, note)
    seen = spy_recordings(monkeypatch)
    output = tmp_path / "book.pdf"
    build(corpus, output, jobs=1)
    chapters = [recording for recording in seen if recording.live]
    assert len(chapters) == CHAPTERS, "each chapter with a note is live, not replayed"
    assert all("not recordable" in recording.why for recording in chapters)
    assert {recording.why for recording in chapters} == {
        "canvas.textAnnotation is not recordable"
        if note is StickyNote
        else "canvas._addAnnotation(TextAnnotation) is not recordable"
    }
    assert notes(output) == CHAPTERS, "every note is in the book"


def test_without_notes_every_chapter_of_the_corpus_is_recorded(corpus, tmp_path, monkeypatch):
    """The other side: the layout's own flowables use only allowed operations. A new block that
    calls something else makes its chapters live, and this test says which and why."""
    seen = spy_recordings(monkeypatch)
    build(corpus, tmp_path / "book.pdf", jobs=1)
    assert len(seen) == CHAPTERS + 1, "the chapters and the answer key"
    assert [recording.why for recording in seen if recording.live] == []


def test_the_verification_mode_catches_an_operation_the_recorder_would_drop(corpus, tmp_path, monkeypatch):
    """A hole in the allow-list (sticky notes let through unrecorded, as before issue 24):
    the replayed book lacks the notes, and HANDBOOK_VERIFY_REPLAY stops the build."""
    with_notes(monkeypatch)
    monkeypatch.setattr(RecordingCanvas, "textAnnotation", Canvas.textAnnotation)
    monkeypatch.setattr(RecordingCanvas, "_addAnnotation", Canvas._addAnnotation)
    output = tmp_path / "book.pdf"
    build(corpus, output, jobs=1)
    assert notes(output) == 0, "the notes were dropped on replay: what the guard prevents"
    monkeypatch.setenv(replay_check.VARIABLE, "1")
    with pytest.raises(ReplayMismatch, match="annotations"):
        build(corpus, tmp_path / "verified.pdf", jobs=1)


def test_the_verification_mode_passes_a_faithful_build(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv(replay_check.VARIABLE, "1")
    output = tmp_path / "book.pdf"
    build(corpus, output, jobs=1)
    monkeypatch.delenv(replay_check.VARIABLE)
    build(corpus, tmp_path / "again.pdf", jobs=1)
    assert output.read_bytes() == (tmp_path / "again.pdf").read_bytes()


def test_check_replay_names_pages_and_the_outline():
    def document(note: bool, title: str) -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, invariant=1)
        canvas.drawString(10, 10, "one")
        canvas.bookmarkPage("one")
        canvas.addOutlineEntry(title, "one")
        if note:
            canvas.textAnnotation("note")
        canvas.showPage()
        canvas.drawString(10, 10, "two" if note else "2")
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    check_replay(document(True, "A"), document(True, "A"))
    with pytest.raises(ReplayMismatch) as raised:
        check_replay(document(False, "A"), document(True, "B"))
    message = str(raised.value)
    assert "page 1: annotations" in message and "page 2: content stream" in message
    assert "outline" in message and "page 1: content stream" not in message


def test_every_canvas_operation_is_allowed_recorded_or_refused():
    """The allow-list covers reportlab's canvas as installed: an operation added by an upgrade
    is refused until someone decides it may be recorded."""
    public = replay._public_operations()
    allowed = replay.DRAWING | replay.RECORDED | replay.THROUGH_RECORDED
    assert allowed <= public | {"acroForm"}, sorted(allowed - public)
    for name in sorted(public - allowed):
        assert getattr(RecordingCanvas, name) is not getattr(Canvas, name), name


def test_every_class_a_recording_holds_may_be_read_back_from_the_cache():
    from handbook import cache

    names = {cls.__name__ for cls in replay.Event.__args__} | {
        "CarriedState",
        "PageRecording",
        "ChapterRecording",
    }
    assert {("handbook.layout.replay", name) for name in names} <= cache._ALLOWED
