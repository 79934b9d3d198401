"""Font names in recorded chapters (issue 24): a chapter drawn alone names its fonts in the order
it meets them, the book in the order the book does, so the recording keeps each page's code in
pieces split at its font selections and the replay writes the book's names between them. No
text is read as a font name: a chapter that prints "/F1 12 Tf" or "/F3" is recorded and
replayed like any other, and the replay is the live layout byte for byte."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from handbook.cache import read_entry
from handbook.layout.fonts import font_name
from handbook.layout.fontseed import (
    FONT_MARK,
    font_resource_names,
    mark_font_names,
    split_at_fonts,
    used_fonts,
    write_with_fonts,
)
from handbook.layout.replay import record_chapter
from handbook.layout.rlcompat import page_code
from handbook.output import replay_check
from handbook.pipeline import build

from conftest import SHARED_FIXTURES, BuiltBook, cache_dir, cached_build, cold_build, write_sources

PLAIN = "The council met on the border and agreed on the next steps. " * 30
# What the old renaming (a regex over content streams) read as font selections.
LOOKS_LIKE_FONTS = "Write /F1 12 Tf then /F3+0 9 Tf, or BT /F2 10 Tf ET; see /F9 and /F12."


def test_text_like_a_font_selection_is_recorded_and_replayed_as_laid_out_live(tmp_path, monkeypatch):
    source = write_sources(
        tmp_path / "src",
        {
            "book.yaml": "title: Font Names\n",
            "01-one.md": f"---\ntitle: One\n---\n{PLAIN}\n",
            # Its first text is code (the monospaced face): named first in its own recording,
            # after the serif faces in the book, so every selection of it is written anew.
            "02-two.md": (
                "---\ntitle: Two\n---\n"
                f"```\n{LOOKS_LIKE_FONTS}\n```\n\n"
                f"{LOOKS_LIKE_FONTS} **{LOOKS_LIKE_FONTS}** *`/F1 12 Tf`* {PLAIN}\n"
            ),
            "03-three.md": f"---\ntitle: Three\n---\n{LOOKS_LIKE_FONTS}\n\n{PLAIN}\n",
        },
    )
    monkeypatch.setenv(replay_check.VARIABLE, "1")  # laid out live as well: the same bytes, or it stops
    output = cached_build(source, tmp_path)
    stored = [read_entry(path) for path in (cache_dir(source) / "layout").glob("*.bin")]
    assert len(stored) == 3 and not any(recording.live for recording in stored)
    one, two = min(stored, key=lambda r: len(r.fonts)), max(stored, key=lambda r: len(r.fonts))
    in_the_book = tuple(dict.fromkeys(one.fonts + two.fonts))  # the book names One's faces first
    assert two.fonts != in_the_book, "Two's own names are not the book's: each is written anew"
    text = BuiltBook(output, None).flat_text
    assert text.count("/F1 12 Tf") >= 4 and "/F3+0 9 Tf" in text and "/F12." in text
    monkeypatch.delenv(replay_check.VARIABLE)
    build(source, output, use_cache=True)  # every chapter from the cache
    assert output.read_bytes() == cold_build(source, tmp_path)


@pytest.fixture
def faces(default_fonts):
    """The default theme's serif, bold, italic and monospaced faces."""
    theme = default_fonts
    body, code = theme.text.body.font, theme.text.code.font
    return [
        font_name(body, False, False),
        font_name(body, True, False),
        font_name(body, False, True),
        font_name(code, False, False),
    ]


_TEXT = st.text(st.sampled_from(list("/F0123 +()\\Tfé\u2014\x00\x01abc")), max_size=30)


@settings(max_examples=40, **SHARED_FIXTURES)
@given(draws=st.lists(st.tuples(st.integers(0, 3), _TEXT), min_size=1, max_size=8), first=st.integers(0, 3))
def test_a_page_split_at_its_font_selections_is_written_back_with_another_documents_names(
    faces, draws, first
):
    """What a recording document draws, split and written with the names of a document that
    named its faces in another order, is what that document draws: whatever the text."""
    recording, book = (Canvas(io.BytesIO(), initialFontName=faces[0]) for _ in range(2))
    mark_font_names(recording, tuple((face, "") for face in faces))
    book.setFont(faces[first], 9)
    book.drawString(0, 0, "x")  # the book named a face before: its names differ
    start = len(page_code(book))
    for face, text in draws:
        for canvas in (recording, book):
            canvas.setFont(faces[face], 10)
            canvas.drawString(10, 10, text)
    named = used_fonts(recording)
    assert all(internal.startswith(FONT_MARK) for internal, _ in named)
    split = split_at_fonts("\n".join(page_code(recording)), named)
    assert split is not None
    pieces, selected = split
    assert not any(FONT_MARK in piece for piece in pieces) and len(pieces) == len(selected) + 1
    names = font_resource_names(book, tuple(face for _, face in named))
    assert write_with_fonts(pieces, selected, names) == "\n".join(page_code(book)[start:])


def test_a_mark_that_names_no_recorded_font_is_not_split():
    fonts = ((FONT_MARK + "1", "Serif"),)
    assert split_at_fonts(f"BT /{FONT_MARK}1+0 10 Tf (a) Tj ET", fonts) == (
        ("BT /", "+0 10 Tf (a) Tj ET"),
        (0,),
    )
    assert split_at_fonts(f"BT /{FONT_MARK}2+0 10 Tf ET", fonts) is None
    assert split_at_fonts(f"BT /{FONT_MARK}1 10 Tf ET", fonts) is None
    assert split_at_fonts("BT /F1+0 10 Tf (/F1 12 Tf) Tj ET", fonts) == (
        ("BT /F1+0 10 Tf (/F1 12 Tf) Tj ET",),
        (),
    )


class RawLiteral(Flowable):
    """A flowable that writes raw code holding a NUL (the mark font names begin with)."""

    def wrap(self, availWidth, availHeight):
        return 10, 10

    def draw(self):
        self.canv.addLiteral("% a comment \x00 with a NUL")


def test_raw_code_with_the_mark_makes_the_chapter_live(default_fonts):
    from handbook.layout.fontseed import font_seed
    from handbook.layout.flowables import StartPart

    seed = font_seed("", default_fonts)
    recording = record_chapter([StartPart("chapter", recto=True), RawLiteral()], default_fonts, "Book", seed)
    assert recording.live and "addLiteral" in recording.why
