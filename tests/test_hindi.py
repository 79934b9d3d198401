"""Hindi and bilingual editions (issue 16): the translations table, `--lang` with NN-slug.hi.md
translations, glossary `hi:` entries, and the Hindi sample's text copied back as typed."""

from __future__ import annotations

import collections
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import missing, write_sources
from handbook import translations
from handbook.options import BuildOptions
from handbook.pipeline import build
from handbook.theme import load_theme
from pdffacts import off_page_or_overlapping
from pdffacts import page_texts

ROOT = Path(__file__).resolve().parent.parent
HINDI_SOURCE = ROOT / "chapters" / "01-japan-security-outlook.hi.md"

BOOK_WORDS = [
    "words.contents",
    "words.chapter",
    "words.footnotes",
    "glossary.title",
    "syllabus_index.title",
    "mindmap.title_text",
    "questions.words.heading",
    "questions.words.answer_key",
    "questions.words.limits",
    "continued",
    "marks",
    "words",
]


def devanagari_words(text: str) -> list[str]:
    return re.findall(r"[\u0900-\u097F]+", unicodedata.normalize("NFC", text))


@pytest.fixture
def hindi_sample(sample_book):
    return sample_book(language="hi")


def test_every_listed_word_has_a_hindi_translation():
    theme = load_theme("default")
    for key in BOOK_WORDS:
        hindi, english = translations.word(key, "hi", theme), translations.word(key, "en", theme)
        assert hindi and hindi != english, key
        assert re.search("[\u0900-\u097f]", hindi), key
    assert translations.word("ask.statements", "hi") == "उपर्युक्त कथनों में से कौन-सा/से सही है/हैं?"
    assert translations.word("options.statements.2", "hi") == [
        "केवल 1",
        "केवल 2",
        "1 और 2 दोनों",
        "न तो 1 और न ही 2",
    ]
    assert translations.word("options.how_many.3", "hi") == ["केवल एक", "केवल दो", "सभी तीन", "कोई भी नहीं"]


def test_theme_overrides_a_word_and_digits():
    import dataclasses

    theme = load_theme("default")
    theme = dataclasses.replace(theme, translations={"hi": {"words.contents": "अनुक्रम"}})
    hindi = translations.localize(theme, "hi")
    assert hindi.words.contents == "अनुक्रम" and hindi.words.chapter == "अध्याय"
    assert translations.digits("12", hindi) == "12"  # international by default
    assert translations.digits("12", dataclasses.replace(hindi, digits="devanagari")) == "१२"
    import datetime as dt

    assert translations.long_date(dt.date(2025, 10, 27), hindi) == "27 अक्टूबर 2025"


def test_hindi_sample_copies_back_as_typed(hindi_sample):
    text = "\n".join(hindi_sample.raw_pages)
    want = collections.Counter(devanagari_words(HINDI_SOURCE.read_text(encoding="utf-8")))
    got = collections.Counter(devanagari_words(text))
    found = sum(min(count, got[word]) for word, count in want.items())
    assert found / sum(want.values()) >= 0.99, [w for w in want if got[w] < want[w]]


def test_hindi_sample_uses_hindi_words_and_warns_once(hindi_sample):
    result, text = hindi_sample.result, "\n".join(hindi_sample.raw_pages)
    shown = [
        "विषय-सूची",
        "अध्याय 1",
        "अभ्यास प्रश्न",
        "उत्तर कुंजी",
        "माइंड मैप",
        "उपर्युक्त कथनों में से कौन-सा/से सही है/हैं?",
        "केवल 1 और 3",
        "27 अक्टूबर 2025",
        "चतुर्भुज सुरक्षा संवाद (Quadrilateral Security Dialogue)",
    ]
    assert missing(text, shown) == []
    # chapters printed as written keep their English question wordings and expansions
    start = text.index("अध्याय 3")
    english_part = text[start : text.index("उत्तर कुंजी", start)]
    assert "Challenges and the Way Forward" in english_part and "Consider the following" in english_part
    assert "दक्षिण-पूर्व" not in english_part and "1 और 2 दोनों" not in english_part
    untranslated = [d for d in result.diagnostics.items if d.code == "untranslated-chapters"]
    assert len(untranslated) == 1 and "03-challenges-way-forward.md" in untranslated[0].message
    assert "01-japan" not in untranslated[0].message
    assert not [d for d in result.diagnostics.items if d.code == "glyph-missing"]
    assert off_page_or_overlapping(hindi_sample.path, tolerance=2) == []


def test_translation_inherits_order_and_paper(tmp_path):
    folder = write_sources(
        tmp_path / "src",
        {
            "01-a.md": "---\ntitle: First\npaper: GS2\ntopic: IR\norder: 2\n---\n\nEnglish one.\n",
            "02-b.md": "---\ntitle: Second\norder: 1\n---\n\nEnglish two.\n",
            "01-a.hi.md": "---\ntitle: पहला\n---\n\nहिंदी पाठ।\n",
        },
    )
    english = build(folder, tmp_path / "en.pdf", BuildOptions())
    hindi = build(folder, tmp_path / "hi.pdf", BuildOptions(language="hi"))
    en_text = "\n".join(page_texts(str(tmp_path / "en.pdf")))
    hi_text = "\n".join(page_texts(str(tmp_path / "hi.pdf")))
    assert "हिंदी पाठ" not in en_text and "English one" in en_text  # translations stay out
    assert "हिंदी पाठ" in hi_text and "English one" not in hi_text
    assert hi_text.index("English two") < hi_text.index("हिंदी पाठ")  # order 2 inherited
    assert "सामान्य अध्ययन प्रश्नपत्र-II" in hi_text  # GS2, in the Hindi book's words
    assert [d.code for d in hindi.diagnostics.items if d.code == "untranslated-chapters"]
    assert english.pages and hindi.pages


def test_book_language_sets_question_wordings(tmp_path):
    folder = write_sources(
        tmp_path / "src",
        {
            "book.yaml": "title: पुस्तक\nlanguage: hi\n",
            "01-a.md": """\
            ---
            title: अध्याय एक
            questions:
              - type: statements
                question: "निम्नलिखित कथनों पर विचार कीजिए:"
                statements: [पहला कथन।, दूसरा कथन।]
                answer: c
              - type: how-many
                question: "निम्नलिखित कथनों पर विचार कीजिए:"
                statements: [एक।, दो।, तीन।]
                answer: b
            ---

            पाठ।
            """,
        },
    )
    build(folder, tmp_path / "hi.pdf", BuildOptions())
    text = "\n".join(page_texts(str(tmp_path / "hi.pdf")))
    shown = [
        "न तो 1 और न ही 2",
        "1 और 2 दोनों",
        "उपर्युक्त में से कितने कथन सही हैं?",
        "कोई भी नहीं",
        "विषय-सूची",
    ]
    assert missing(text, shown) == []


def test_theme_language_and_devanagari_digits(tmp_path):
    folder = write_sources(
        tmp_path / "src",
        {
            "book.yaml": "title: पुस्तक\nstyle: hindi.yaml\n",
            "hindi.yaml": "extends: default\nlanguage: hi\ndigits: devanagari\n"
            "translations: {hi: {words.contents: अनुक्रम}}\n",
            "01-a.md": "---\ntitle: पहला अध्याय\ndate: 2025-10-27\nquestions:\n  - type: mcq\n"
            "    question: प्रश्न?\n    options: [क, ख]\n    answer: a\n---\n\nपाठ।\n",
        },
    )
    build(folder, tmp_path / "hi.pdf", BuildOptions())
    pages = page_texts(str(tmp_path / "hi.pdf"))
    text = "\n".join(pages)
    assert "अनुक्रम" in text and "विषय-सूची" not in text  # the theme's word wins
    assert "अध्याय १" in text and "२७ अक्टूबर २०२५" in text
    assert "१.\nप्रश्न?" in text or "१. प्रश्न?" in text  # the question number
    assert "१.१" in text  # its answer-key reference
    body = next(page for page in pages if "पाठ।" in page)
    assert body.strip().endswith("१")  # the folio
