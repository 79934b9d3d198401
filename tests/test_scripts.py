"""Every character drawn (issue 16): Devanagari shaped as uharfbuzz shapes it, fallback faces
per character, copyable text, no boxes for emoji and symbols, and Latin text left alone."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pdfplumber

from handbook.layout import rlcompat, scripts
from handbook.layout.rlcompat import handbook_reportlab
from handbook.theme import font_file, load_theme
from conftest import SHARED_FIXTURES, examples
from pdffacts import drawn_glyphs, fonts, off_page_or_overlapping, shaped_glyphs

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "tests" / "fixtures" / "scripts" / "mixed"
WORDS = ["क्षेत्र", "त्रिपक्षीय", "ज्ञान", "श्रीलंका", "द्विपक्षीय", "कृत्रिम", "विशेष"]


@functools.cache  # called for every word and character below; the theme loads once
def mukta() -> Path:
    theme = load_theme("default")
    return font_file(theme.fonts["devanagari"], "regular", theme.source)


def test_drawn_glyphs_are_the_shaped_glyphs(make_book):
    body = "\n\n".join(WORDS)
    book = make_book({"01-a.md": f"---\ntitle: Words\n---\n\n{body}\n"})
    drawn = drawn_glyphs(book.path, "Mukta-Regular")
    expected = [glyph for word in WORDS for glyph in shaped_glyphs(mukta(), word)]
    assert drawn == expected
    # The check can fail: the same words drawn a character at a time are other glyphs.
    unshaped = [glyph for word in WORDS for char in word for glyph in shaped_glyphs(mukta(), char)]
    assert unshaped != expected


def test_shaped_text_extracts_as_typed(make_book):
    body = " ".join(WORDS)
    book = make_book({"01-a.md": f"---\ntitle: Words\n---\n\n{body}\n"})
    with pdfplumber.open(book.path) as pdf:
        found = [w["text"] for page in pdf.pages for w in page.extract_words()]
    assert all(word in found for word in WORDS), found
    assert all(word in book.text for word in WORDS)


def test_fallback_runs_by_character():
    load_theme("default")
    from handbook.layout.fonts import register_fonts

    register_fonts(load_theme("default"))
    pieces = scripts.runs("Region क्षेत्र ✅ done", "serif")
    faces = [face for _, face in pieces]
    # the space after a Devanagari word is set with it, the space before an emoji is not
    assert pieces == [("Region ", "serif"), ("क्षेत्र ", "devanagari"), ("✅", "emoji"), (" done", "serif")]
    assert faces[0] == "serif"
    # spaces between and around Devanagari words: one run, shown as one string
    assert scripts.runs("में जापान ने", "serif") == [("में जापान ने", "devanagari")]
    assert scripts.runs("GS2 में जापान", "serif") == [("GS2 ", "serif"), ("में जापान", "devanagari")]
    # italic Devanagari is set upright: the italic face is the regular file
    assert ("क्षेत्र", "devanagari") in scripts.runs("क्षेत्र", "serif-Italic")
    assert ("क्षेत्र", "devanagari-Bold") in scripts.runs("क्षेत्र", "serif-BoldItalic")


def test_latin_is_one_run_and_never_shaped():
    from handbook.layout.fonts import register_fonts

    register_fonts(load_theme("default"))
    assert scripts.runs("Plain “Latin” text – 2%", "serif") == [("Plain “Latin” text – 2%", "serif")]
    word = [10.0, (type("F", (), {"fontName": "serif", "fontSize": 10})(), "Latin")]
    assert scripts.shape_word(word) is word


def test_joiners_and_variation_selectors_never_print():
    assert scripts.clean("🏛\ufe0f Law") == "🏛 Law"
    assert scripts.clean("a\u200db") == "ab"
    assert scripts.clean("👩\u200d💻") == "👩\u200d💻"  # a joined emoji: the shaper's to read
    assert scripts.clean("क्\u200dष") == "क्\u200dष"  # a half form asked for


def test_mixed_fixture_builds_without_boxes_or_overlaps(tmp_path):
    from handbook.options import BuildOptions
    from handbook.pipeline import build

    source = shutil.copytree(MIXED, tmp_path / "mixed")
    result = build(source, tmp_path / "mixed.pdf", BuildOptions())
    codes = [d.code for d in result.diagnostics.items]
    assert "glyph-missing" not in codes, [str(d) for d in result.diagnostics.items]
    assert off_page_or_overlapping(tmp_path / "mixed.pdf") == []
    used = fonts(tmp_path / "mixed.pdf")
    assert all(used.values())
    assert {"Mukta-Regular", "Mukta-Bold", "NotoEmoji-Regular"} <= set(used)
    with pdfplumber.open(tmp_path / "mixed.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for expected in ["क्षेत्रीय सुरक्षा", "✅", "❌", "भारत-जापान", "सुमेलित", "🇮🇳", "★", "✗"]:
        assert expected in text, expected
    assert "\ufe0f" not in text and "\x00" not in text


def test_missing_characters_are_one_warning_per_chapter(make_book, tmp_path):
    from handbook.options import BuildOptions
    from handbook.pipeline import check

    from conftest import write_sources

    folder = write_sources(
        tmp_path / "g",
        {
            "01-a.md": "---\ntitle: A\n---\n\nClef 𝄞 here\n\nand 𝄞 again, with 𝄢\n",
            "02-b.md": "---\ntitle: B\n---\n\nNo problem here ✓\n",
        },
    )
    found = [d for d in check(folder, BuildOptions()).items if d.code == "glyph-missing"]
    assert len(found) == 1
    assert "U+1D11E" in found[0].message and "U+1D122" in found[0].message
    assert "5, 7" in found[0].message


def test_emoji_strip_leaves_them_out(tmp_path):
    from handbook.options import BuildOptions
    from handbook.pipeline import build

    from conftest import write_sources

    theme = "extends: default\nemoji: strip\n"
    folder = write_sources(
        tmp_path / "e",
        {
            "book.yaml": "title: E\nstyle: t.yaml\n",
            "t.yaml": theme,
            "01-a.md": "---\ntitle: A\n---\n\n📊 Charts ✅ done\n",
        },
    )
    build(folder, tmp_path / "e.pdf", BuildOptions())
    with pdfplumber.open(tmp_path / "e.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Charts" in text and "📊" not in text and "✅" not in text


from hypothesis import given, settings, strategies as st  # noqa: E402

SCRIPT_TEXT = st.text(
    alphabet=st.sampled_from(list("ab क्षेत्रविशेषज्ञानश्रीलंकाकृत्रिम ✓✗✅❌★●📊🏛\u200d\ufe0f«»–")), max_size=40
)


@settings(max_examples=examples(100, fast=30), deadline=None, **SHARED_FIXTURES)
@given(SCRIPT_TEXT)
def test_runs_keep_every_printed_character_in_order(default_fonts, value):
    pieces = scripts.runs(value, "serif")
    assert "".join(piece for piece, _ in pieces) == scripts.clean(value)
    assert all(piece for piece, _ in pieces)


@settings(deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=12), st.text(min_size=1, max_size=20))
def test_glyph_shares_give_back_the_typed_text(steps, typed):
    clusters, at = [], 0
    for step in steps:  # monotone cluster values inside the text, as harfbuzz gives them
        at = min(at + step, len(typed) - 1)
        clusters.append(at)
    clusters[0] = 0
    shares = scripts._shares(clusters, typed)
    assert len(shares) == len(clusters)
    assert "".join(shares) == typed


def test_missing_characters_are_reported_also_when_the_build_has_errors(tmp_path):
    from handbook.options import BuildOptions
    from handbook.pipeline import check

    from conftest import write_sources

    folder = write_sources(
        tmp_path / "g",
        {
            "01-a.md": "---\ntitle: A\nquestions:\n  - type: nonsense\n---\n\nClef 𝄞 here\n",
        },
    )
    found = check(folder, BuildOptions())
    assert found.has_errors
    assert [d.code for d in found.items if d.code == "glyph-missing"] == ["glyph-missing"]


MIXED_ALPHABET = list("a ,.()-क्षत्रिविशेषंँःॉ़ऽ।०१ज्ञश्र\u200c\u200d\ufe0f✓✗✅❌★●📊🏛⚖🇮🇳👩💻中文ಕதব") + [
    "\u094d\u094d",
    "िि",
]


@settings(max_examples=examples(100, fast=30), deadline=None, **SHARED_FIXTURES)
@given(st.lists(st.sampled_from(MIXED_ALPHABET), max_size=60).map("".join))
def test_any_mix_of_scripts_wraps_draws_and_copies_without_error(default_fonts, value):
    """Odd sequences (lone marks, doubled viramas, joiners at word ends) never crash the
    layout, and every word drawn is measured."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    from handbook.layout.paragraph import Paragraph
    from handbook.layout.styles import paragraph_style
    from handbook.layout.inline import text

    with handbook_reportlab():  # as in a build
        canvas = Canvas(BytesIO())
        paragraph = Paragraph(text(value), paragraph_style(default_fonts, "body"))
        width, height = paragraph.wrap(120, 1000)
        assert height >= 0
        paragraph.drawOn(canvas, 10, 10)
        assert scripts.width(value, "sans-Bold", 9) >= 0
        scripts.draw(canvas, 10, 10, value, "sans", 9)
        canvas.save()


def test_a_word_half_in_a_link_copies_once(make_book):
    book = make_book({"01-a.md": "---\ntitle: T\n---\n\nशब्द [विशेष](https://example.org)रणनीति\n"})
    assert "विशेषरणनीति" in book.text


def test_a_build_installs_its_shaper_and_to_unicode_maps_and_takes_them_out_after():
    """(Each internal it goes through is tested in tests/test_rlcompat.py.)"""
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph

    with handbook_reportlab():
        assert paragraph.shapeFragWord is scripts.shape_word  # replaced, and still called by name
        assert ttfonts.makeToUnicodeCMap is scripts.to_unicode_cmap
    assert paragraph.shapeFragWord is rlcompat.reportlab_shape
    assert ttfonts.makeToUnicodeCMap is rlcompat.reportlab_to_unicode_cmap


def test_the_seed_asks_no_fallback_face_for_spaces_and_finds_the_face_a_symbol_needs():
    """The font seed's `fallbacks_for`: Source Sans 3 (sans) lacks the en and em spaces that
    layout may set; only Noto Sans SC has them, at the chain's end. Searching the chain for
    them loaded the CJK faces (60 MB more for a 10-chapter book) for characters no face is
    needed for: spaces are left out, a symbol is not."""
    from handbook.layout.fonts import register_fonts

    theme = load_theme("default")
    register_fonts(theme)
    assert "\u2002" not in scripts.coverage("sans") and "\u25cb" not in scripts.coverage("serif")
    assert scripts.face_for("\u2002", "sans") == "cjk"  # (what the search would have found)
    assert scripts.fallbacks_for("\u2002\u2003 plain text") == set()
    assert "symbols" in scripts.fallbacks_for("\u25cb")  # (and its bold and italic)
