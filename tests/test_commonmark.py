"""Every CommonMark construct (and GFM tables, footnotes) reaches the PDF: its text, in order,
set the way the construct means (fonts, links, images, lines), and on the page."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image as PILImage

from conftest import BuiltBook, write_sources
from handbook.options import BuildOptions
from handbook.pipeline import build
from pdffacts import lines_of, links, off_page_or_overlapping, page_words, words

LONG_CODE_LINE = "value = " + " + ".join(f"term_{i:03d}" for i in range(60))
UNBROKEN_CODE = "x" * 300

CONSTRUCTS = f"""\
---
title: Constructs
---
# Heading One Level

## Heading Two Level

### Heading Three Level

#### Heading Four Level

##### Heading Five Level

###### Heading Six Level

Plain paragraph with *emphasised words* and **strong words** and `inline_code_span`.

Line before the hard break\\
line after the hard break.

> Quoted wisdom here.
>
> > Nested quotation here.

1. First ordered item
2. Second ordered item
   - Nested bullet alpha
     - Deeper bullet beta
       1. Deepest ordered gamma
3. Third ordered item

Text above the rule.

---

Text below the rule.

A [link to example](https://example.com/page) and an autolink <https://auto.example.org/x>.

```python
def first_code_line():
    {LONG_CODE_LINE}
    {UNBROKEN_CODE}
    return "last code line"
```

![A small PNG picture](img/dot.png)

![A small JPEG picture](img/dot.jpg)

Closing paragraph with a note.[^note]

[^note]: The footnote body text.
"""


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def constructs(tmp_path_factory, request) -> BuiltBook:
    folder = tmp_path_factory.mktemp("constructs")
    write_sources(
        folder,
        {
            "01-constructs.md": CONSTRUCTS,
            "img/dot.png": image_bytes("PNG"),
            "img/dot.jpg": image_bytes("JPEG"),
        },
    )
    # Built from another working folder: image paths are relative to the chapter, not the cwd.
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(elsewhere)
        output = folder / "out.pdf"
        result = build(folder, output, BuildOptions())
    return BuiltBook(output, result)


def body_text(book: BuiltBook) -> str:
    """Text of the chapter pages, whitespace normalised."""
    start = book.page_of("Heading Six Level")  # (the contents list "Heading One Level" too)
    return re.sub(r"\s+", " ", " ".join(book.pages[start:]))


def test_all_text_is_present_in_source_order(constructs):
    text = body_text(constructs)
    expected = [
        "Heading One Level",
        "Heading Two Level",
        "Heading Three Level",
        "Heading Four Level",
        "Heading Five Level",
        "Heading Six Level",
        "Plain paragraph with",
        "emphasised words",
        "strong words",
        "inline_code_span",
        "Line before the hard break",
        "line after the hard break",
        "Quoted wisdom here.",
        "Nested quotation here.",
        "First ordered item",
        "Second ordered item",
        "Nested bullet alpha",
        "Deeper bullet beta",
        "Deepest ordered gamma",
        "Third ordered item",
        "Text above the rule.",
        "Text below the rule.",
        "link to example",
        "https://auto.example.org/x",
        "first_code_line",
        "term_000",
        "term_059",
        "last code line",
        "A small PNG picture",
        "A small JPEG picture",
        "Closing paragraph with a note.",
        "The footnote body text.",
    ]
    positions = [text.find(needle) for needle in expected]
    missing = [needle for needle, at in zip(expected, positions) if at < 0]
    assert not missing
    assert positions == sorted(positions), "constructs appear out of order"


def test_headings_get_smaller_with_their_level(constructs):
    index = constructs.page_of("Heading Six Level")
    sizes = {}
    for word in words(constructs.path, index):
        for level, name in enumerate(["One", "Two", "Three", "Four", "Five", "Six"], start=1):
            if word["text"] == name:
                sizes[level] = word["size"]
    assert sorted(sizes) == [1, 2, 3, 4, 5, 6]
    assert sizes[1] > sizes[2] > sizes[3] > sizes[4] >= sizes[5] >= sizes[6]


def test_emphasis_strong_and_code_are_set_in_their_fonts(constructs):
    found = {w["text"]: w["fontname"] for w in words(constructs.path, constructs.page_of("emphasised"))}
    assert "Italic" in found["emphasised"]
    assert "Bold" in found["strong"]
    assert "Mono" in found["inline_code_span"]
    assert "Bold" not in found["Plain"] and "Italic" not in found["Plain"]


def test_hard_break_starts_a_new_line(constructs):
    lines = lines_of(words(constructs.path, constructs.page_of("hard break")))
    before = next(i for i, line in enumerate(lines) if "Line before the hard break" in line)
    assert lines[before + 1].startswith("line after the hard break")


def test_nested_lists_are_indented_deeper_at_each_level(constructs):
    found = []
    for _, _, page in page_words(constructs.path):
        found += page
    x = {w["text"]: w["x0"] for w in found}
    assert x["First"] < x["alpha"] < x["beta"] < x["gamma"]


def test_thematic_break_draws_a_line_between_its_paragraphs(constructs):
    import pdfplumber

    index = constructs.page_of("Text below the rule")
    with pdfplumber.open(str(constructs.path)) as pdf:
        page = pdf.pages[index]
        found = page.extract_words()
        above = next(w for w in found if w["text"] == "above")["bottom"]
        below = next(w for w in found if w["text"] == "below")["top"]
        rules = [
            shape
            for shape in page.lines + page.rects
            if above < shape["top"] < below and shape["x1"] - shape["x0"] > 50
        ]
    assert rules, "no rule drawn between the paragraphs"


def test_links_and_autolinks_are_clickable(constructs):
    uris = {link["uri"] for link in links(constructs.path)}
    assert "https://example.com/page" in uris
    assert "https://auto.example.org/x" in uris


def test_code_lines_keep_their_indentation_and_never_leave_the_page(constructs):
    theme_margin = 20 * 72 / 25.4  # the default theme's outer margin
    for width, _, found in page_words(constructs.path):
        for word in found:
            if "Mono" in word["fontname"]:
                assert word["x1"] <= width - theme_margin + 1, word["text"]
    text = body_text(constructs)
    # Every character of the unbreakable line is printed, wrapped over several lines.
    assert text.replace(" ", "").count("x" * 300) == 1


def test_images_are_drawn_with_their_captions(constructs):
    import pdfplumber

    constructs.page_of("A small PNG picture")  # raises unless the caption is printed
    with pdfplumber.open(str(constructs.path)) as pdf:
        images = [image for page in pdf.pages for image in page.images]
    assert len(images) == 2
    assert "A small JPEG picture" in body_text(constructs)


def test_footnote_reference_links_to_the_note_at_the_chapter_end(constructs):
    text = body_text(constructs)
    assert text.index("Closing paragraph with a note.") < text.index("The footnote body text.")
    ref_page = constructs.page_of("Closing paragraph")
    note_page = constructs.page_of("The footnote body text.")
    note = next(w for w in words(constructs.path, note_page) if w["text"] == "footnote")
    height = page_words(constructs.path)[note_page][1]
    refs = [
        link for link in links(constructs.path) if link["page"] == ref_page and link["dest_page"] == note_page
    ]
    assert refs, "the footnote number is not a link to its note"
    # The link lands just above the note (PDF y runs upwards; pdfplumber's top downwards).
    assert 0 <= refs[0]["dest_top"] - (height - note["top"]) < 40


def test_nothing_is_off_the_page_or_drawn_over_other_text(constructs):
    assert off_page_or_overlapping(constructs.path) == []


def test_a_table_crossing_pages_repeats_its_header_and_wraps_its_cells(make_book):
    long_cell = "a long cell that has to wrap " * 12
    rows = "\n".join(f"| row{n:02d} | {long_cell if n == 3 else 'short'} | {n} |" for n in range(90))
    book = make_book(
        {"01-t.md": f"---\ntitle: Tables\n---\n| Name | Note | Amount |\n|---|---|--:|\n{rows}\n"}
    )
    pages_with_rows = [i for i, text in enumerate(book.pages) if re.search(r"row\d\d", text)]
    assert len(pages_with_rows) >= 2, "the table should cross a page"
    for index in pages_with_rows:
        assert "Name" in book.pages[index] and "Amount" in book.pages[index]
    for n in range(90):
        assert f"row{n:02d}" in book.text
    # The long cell wraps onto several lines, all inside the page.
    lines = [line for i in pages_with_rows for line in lines_of(words(book.path, i)) if "wrap" in line]
    assert len(lines) >= 3
    assert off_page_or_overlapping(book.path) == []
