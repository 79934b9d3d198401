"""Hostile content lays out: literal markup, deep nesting, ragged tables, long words, huge
images; what cannot be laid out is an error at the block's line, never a crash or a hang."""

from __future__ import annotations

import pdfplumber
import pytest

from handbook.layout.loopguard import MAX_REPEATS, LoopGuard
from reportlab.platypus.doctemplate import LayoutError
from conftest import relative
from png import png_bytes
from robust_helpers import build_errors, text_block, words_outside_text_block

HEAD = "---\ntitle: Robust\n---\n"


def test_raw_html_is_read_safely_and_reportlab_markup_never_applies(make_book):
    # HTML is read by an HTML parser (issue 14); none of it reaches reportlab as markup.
    book = make_book(
        {
            "01-a.md": HEAD
            + (
                'Before <font size="40" color="red">BIG</font> <para>p</para> <onDraw name="x" label="y"/> '
                "<a href='https://x.org'>link</a> <b>bold</b> &amp;nbsp; after.\n\n"
                "<div>\n<i>block</i> &nbsp; <br/>\n</div>\n"
            )
        }
    )
    text = " ".join(book.pages[book.page_of("Before")].split())
    assert "Before BIG p link bold &nbsp; after." in text  # &amp;nbsp; is the text &nbsp;
    assert "block" in text and "<" not in text
    with pdfplumber.open(str(book.path)) as pdf:
        page = pdf.pages[book.page_of("Before")]
        big = [c for c in page.chars if c["text"] in "BIG" and c["size"] > 20]
        assert not big, "markup was interpreted: a 40 pt font"
        assert [link["uri"] for link in page.hyperlinks] == ["https://x.org"]
    dropped = [d.message for d in book.result.diagnostics.items if d.code == "html-dropped"]
    assert len(dropped) == 1 and "<para>" in dropped[0] and "<onDraw>" in dropped[0]


def test_lists_and_quotes_nested_too_deep_are_an_error_not_a_recursion_error(tmp_path):
    lists = "".join("  " * depth + f"- level {depth}\n" for depth in range(300))
    quotes = ">" * 1000 + " deep\n"
    messages = build_errors(
        tmp_path,
        {"01-a.md": HEAD + "Intro.\n\n" + lists, "02-b.md": HEAD.replace("Robust", "Quotes") + quotes},
    )
    expected = (
        "error: lists and block quotes are nested too deeply here (more than about 20 lists "
        "or 40 quotes inside each other); the text inside would be lost: flatten the nesting"
    )
    assert messages == [f"01-a.md:25: {expected}", f"02-b.md:4: {expected}"]


def test_deep_but_allowed_nesting_keeps_every_word_inside_the_page(make_book):
    lists = "".join("  " * depth + f"- level{depth} " + "word " * 30 + "\n" for depth in range(18))
    quotes = "> " * 35 + "innermost " + "text " * 80 + "\n"
    book = make_book({"01-a.md": HEAD + lists + "\n\n" + quotes})
    assert "level17" in book.text and "innermost" in book.text
    assert words_outside_text_block(book.path) == []


def test_table_rows_with_unequal_cell_counts(make_book):
    # GFM fills short rows with empty cells and drops the excess of long ones: the author is told.
    book = make_book(
        {
            "01-a.md": HEAD
            + "| Year | Event |\n|---|---|\n| 2006 |\n| 2014 | Special | Strategic \\| Global |\n"
            "| 2015 | a \\| b |\n\nAfter.\n"
        }
    )
    page = book.pages[book.page_of("Year")]
    for word in ["Year", "Event", "2006", "2014", "Special", "a | b", "After."]:
        assert word in page
    assert page.index("2006") < page.index("2014") < page.index("Special") < page.index("After.")
    assert relative(book.result.diagnostics.items, book.folder) == [
        "01-a.md:7: warning: this table row has 3 cells but the header has 2; the extra cells are "
        "not printed: add columns to the header"
    ]
    assert words_outside_text_block(book.path) == []


def test_long_words_and_urls_are_broken_inside_the_text_block(make_book):
    word, url = "Anti" + "disestablishment" * 40, "https://www.mea.gov.in/" + "bilateral-documents/" * 30
    book = make_book(
        {
            "01-a.md": HEAD + f"{word} and <{url}>\n\n- in a list {word}\n\n> quoted {url}\n\n"
            f"| cell |\n|---|\n| {word} |\n\n## Head{word}\n\n```\n{url}{url}\n```\n"
        }
    )
    assert words_outside_text_block(book.path, wide=True) == []
    # Only the table, too wide for the text block, takes the wide area (issue 27): what leaves
    # the text block stands between the table's header and the heading after it.
    import pdfplumber

    outside = words_outside_text_block(book.path)
    assert outside and all(text in word or text == "cell" for _, text, _ in outside)
    with pdfplumber.open(str(book.path)) as pdf:
        words = pdf.pages[outside[0][0]].extract_words()
    header = next(w["top"] for w in words if w["text"] == "cell")
    heading = next(w["top"] for w in words if w["text"].startswith("HeadAnti"))
    assert all(index == outside[0][0] and header <= top < heading for index, _, top in outside)
    squeezed = "".join(book.text.split())
    assert squeezed.count(word) >= 3 and url in squeezed  # broken across lines, nothing lost


def test_huge_images_are_scaled_into_the_text_block_even_when_indented(make_book):
    book = make_book(
        {
            "01-a.md": HEAD + 'Wide:\n\n![wide](wide.png)\n\nTall:\n\n![tall](tall.png "A tall one")\n\n'
            "> > - ![in a quote](wide.png)\n\n- - ![in a list](tall.png)\n",
            "wide.png": png_bytes(6000, 40),
            "tall.png": png_bytes(40, 6000),
        }
    )
    images, wider = [], []
    with pdfplumber.open(str(book.path)) as pdf:
        for index, page in enumerate(pdf.pages):
            left, right, top, bottom = text_block(index, wide=True)
            narrow_left, narrow_right, _, _ = text_block(index)
            for image in page.images:
                images.append(image)
                if image["x0"] < narrow_left - 0.5 or image["x1"] > narrow_right + 0.5:
                    wider.append(image["x1"] - image["x0"])
                assert left - 0.5 <= image["x0"] and image["x1"] <= right + 0.5, (
                    index,
                    image["x0"],
                    image["x1"],
                )
                assert top - 0.5 <= image["top"] and image["bottom"] <= bottom + 0.5
    assert len(images) == 4
    # The wide picture standing in the text takes the wide area's width (issue 27); the one in
    # a quote keeps to the text block.
    assert wider == [pytest.approx(right - left, abs=0.5)]
    assert "A tall one" in book.text


def test_tables_in_lists_and_quotes_fit_the_narrower_width(make_book):
    # Found by `make fuzz`: a many-column table in a nested list got columns narrower than
    # their paddings (a reportlab ValueError), and every nested table was as wide as the page.
    # 16 columns: as many as fit the nested width of the 128 mm text block (a nested table
    # stays in the text block; only one standing in it may take the wide area, issue 27)
    header, rule = "|" + " h |" * 16, "|" + "-|" * 16
    row = "|" + " a |" * 15 + " veryveryveryveryveryveryverylong |"
    table = "\n".join((header, rule, row, row))
    nested = "\n".join("    " + line for line in table.split("\n"))
    book = make_book(
        {"01-a.md": HEAD + f"- item\n  - inner\n\n{nested}\n\n> {table.replace(chr(10), chr(10) + '> ')}\n"}
    )
    assert words_outside_text_block(book.path) == []
    assert "veryveryvery" in "".join(book.text.split())


def test_a_table_row_taller_than_a_page_is_an_error_at_its_line(tmp_path):
    messages = build_errors(
        tmp_path, {"01-a.md": HEAD + "Intro.\n\n| Notes |\n|---|\n| " + "word " * 3000 + "|\n"}
    )
    assert messages == [
        "01-a.md:6: error: a row of this table is 1806 pt tall, more than a page holds: "
        "split the long cell into several rows or shorten it"
    ]


def test_a_table_with_more_columns_than_fit_is_an_error(tmp_path):
    row = "|" + "x|" * 60
    messages = build_errors(tmp_path, {"01-a.md": HEAD + "\n" + row + "\n|" + "-|" * 60 + "\n" + row + "\n"})
    assert messages == [
        "01-a.md:5: error: this table has 60 columns but at most 26 fit across the page: "
        "split it into several tables"
    ]


def test_a_title_too_long_for_the_contents_page_is_an_error_at_the_chapter(tmp_path):
    messages = build_errors(tmp_path, {"01-a.md": "---\ntitle: " + "W" * 5000 + "\n---\nText.\n"})
    assert len(messages) == 1 and messages[0].startswith("01-a.md:1: error: this contents entry is ")


def test_a_heading_taller_than_a_page_at_the_end_does_not_hang(make_book):
    # reportlab used to loop forever here: keep-with-next with nothing left to keep with.
    book = make_book({"01-a.md": HEAD + "## " + "word " * 500})
    body = "\n".join(book.pages[book.page_of("Chapter 1") :])
    assert body.count("word") == 500


def test_the_loop_guard_stops_a_layout_that_goes_round_in_circles():
    guard = LoopGuard()

    class Frame:
        _y = 700.0

    for _ in range(MAX_REPEATS):
        guard.step(5, Frame, 2)
        guard.step(5, Frame, 1)
    with pytest.raises(LayoutError, match="no progress on page 5"):
        guard.step(5, Frame, 2)
    guard.step(6, Frame, 2)  # a new page starts afresh


def test_characters_the_fonts_lack_are_warned_about_at_their_line(make_book):
    # Malayalam comes from a fallback font now (issue 16); the contour integral from none.
    book = make_book({"01-a.md": HEAD + "Kerala starts with \u0d15 in Malayalam.\n\n```\nx \u2232 y\n```\n"})
    found = [d for d in book.result.diagnostics.items if d.code == "glyph-missing"]
    assert len(found) == 1 and len(book.result.diagnostics.items) == 1
    assert "'\u2232' (U+2232 CLOCKWISE CONTOUR INTEGRAL) on line(s) 6" in found[0].message
    assert "U+0D15" not in found[0].message
    assert "Kerala starts with \u0d15" in book.text
