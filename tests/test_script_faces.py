"""The face follows the text's own language, not the edition's: in a Hindi edition an
untranslated English chapter keeps the body serif and the sans headings at the theme's sizes
(not the Devanagari family the Hindi chapters are set in), the Devanagari words inside it come
from the Devanagari fallback, and the Latin words inside Hindi text stay in the Devanagari
family's own matching Latin."""

from __future__ import annotations

import pdfplumber
import pytest

HINDI_CHAPTER = """---
title: जापान की सुरक्षा
---

# जापान की सुरक्षा

जापान ने अपनी रक्षा नीति बदली है और QUAD के साझेदारों के साथ Malabar अभ्यास में भाग लेता है।
"""

ENGLISH_CHAPTER = """---
title: Economic Ties
---

# Economic Ties

Investment from Japan supports the *आत्मनिर्भर भारत* programme and the corridor projects.
The partnership rests on trade, technology and people, and each strand has grown steadily.
"""


@pytest.fixture(scope="module")
def hindi_edition(tmp_path_factory):
    from conftest import write_sources
    from handbook.options import BuildOptions
    from handbook.pipeline import build

    folder = write_sources(
        tmp_path_factory.mktemp("faces"),
        {
            "book.yaml": "title: {en: Ties, hi: संबंध}\n",
            "01-security.md": HINDI_CHAPTER.replace("जापान की सुरक्षा", "Security"),
            "01-security.hi.md": HINDI_CHAPTER,
            "02-economy.md": ENGLISH_CHAPTER,
        },
    )
    output = folder / "hi.pdf"
    build(folder, output, BuildOptions(language="hi"))
    with pdfplumber.open(output) as pdf:
        return [
            [
                (word["text"], word["fontname"].split("+")[-1], round(word["size"], 2))
                for word in page.extract_words(extra_attrs=["fontname", "size"])
            ]
            for page in pdf.pages
        ]


def _page_with(pages, text: str) -> list:
    """The words of the first page (past the contents) whose text has `text`."""
    return next(words for words in pages[3:] if any(word == text for word, _, _ in words))


def _faces(words, text: str) -> set[tuple[str, float]]:
    found = {(font, size) for word, font, size in words if word.strip(".,*।") == text}
    assert found, f"{text!r} is not in the PDF"
    return found


def test_an_english_chapter_of_a_hindi_edition_is_set_in_the_body_serif(hindi_edition):
    chapter = _page_with(hindi_edition, "Investment")
    for word in ("Investment", "programme", "partnership", "steadily"):
        assert _faces(chapter, word) == {("GentiumBookPlus", 11.0)}, word
    # its title in the sans, at the theme's size (a Hindi chapter's is 6% larger, in Mukta)
    assert _faces(chapter, "Ties") == {("SourceSans3-Bold", 24.0)}  # the chapter title


def test_devanagari_inside_english_text_comes_from_the_devanagari_face(hindi_edition):
    chapter = _page_with(hindi_edition, "Investment")
    assert _faces(chapter, "आत्मनिर्भर") == {("Mukta-Regular", 11.0)}


def test_the_hindi_chapter_keeps_the_devanagari_family_latin_words_included(hindi_edition):
    chapter = _page_with(hindi_edition, "QUAD")
    for word in ("रक्षा", "अभ्यास", "QUAD", "Malabar"):
        assert _faces(chapter, word) == {("Mukta-Regular", round(11 * 1.06, 2))}, word
