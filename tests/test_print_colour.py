"""Pages a printer accepts (issue 27): black and greys on the black plate alone, every colour as
CMYK when the theme asks for it, and font subsets whose tags differ between books."""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import ContentStream

CHAPTER = """---
title: Print
---

India and Japan keep a [joint statement](https://www.mea.gov.in/statement) and a **plan**.

| Year | Event |
|---|---|
| 2014 | Special Strategic and Global Partnership |

> [!WARNING]
> The figures are estimates.

Some text after the box, with a rule below.

---

The last paragraph of the chapter.
"""

COLOUR_OPS = {b"rg", b"RG", b"k", b"K", b"g", b"G", b"sc", b"SC", b"scn", b"SCN"}
TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}


def operations(path):
    reader = PdfReader(path)
    for page in reader.pages:
        yield from ContentStream(page.get_contents(), reader).operations


def text_fills(path, font_suffix: bytes, size: float = 11) -> list[tuple]:
    """The fill colour (operator, values) each run of text in a font whose name ends with
    `font_suffix`, at `size` (the body's), is shown in."""
    reader = PdfReader(path)
    found = []
    for page in reader.pages:
        fonts = {
            name: obj.get_object()["/BaseFont"]
            for name, obj in (page["/Resources"].get("/Font") or {}).items()
        }
        fill, font, stack = (b"g", (0.0,)), None, []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append(fill)
            elif op == b"Q" and stack:
                fill = stack.pop()
            elif op in (b"rg", b"k", b"g", b"sc", b"scn"):
                fill = (op, tuple(round(float(v), 3) for v in operands))
            elif op == b"Tf":
                font = str(fonts.get(operands[0], "")) if abs(float(operands[1]) - size) < 0.01 else None
            elif op in TEXT_OPS and font and font.encode().endswith(font_suffix):
                found.append(fill)
    return found


def test_print_bw_text_and_rules_are_black_on_the_black_plate(make_book):
    book = make_book({"01-print.md": CHAPTER}, style="print-bw", crop_marks=True)
    fills = text_fills(book.path, b"+GentiumBookPlus")
    assert len(fills) > 5
    assert set(fills) == {(b"k", (0.0, 0.0, 0.0, 1.0))}, set(fills)
    ops = list(operations(book.path))
    rgb = [(op, operands) for operands, op in ops if op in (b"rg", b"RG")]
    assert not rgb, rgb[:5]  # every grey of a black-and-white theme is K only
    strokes = {tuple(round(float(v), 3) for v in operands) for operands, op in ops if op == b"K"}
    assert (0.0, 0.0, 0.0, 1.0) in strokes  # the crop marks and rules


def test_default_body_text_is_pure_black(make_book):
    book = make_book({"01-print.md": CHAPTER})
    link = (b"rg", (0.122, 0.306, 0.475))  # the accent, #1f4e79: a colour, RGB in this theme
    assert set(text_fills(book.path, b"+GentiumBookPlus")) == {(b"k", (0.0, 0.0, 0.0, 1.0)), link}


def test_a_cmyk_theme_writes_no_rgb_colour(make_book):
    files = {
        "01-print.md": CHAPTER,
        "offset.yaml": "extends: default\ncolour: cmyk\n",
        "book.yaml": "title: Offset\nstyle: offset.yaml\n",
    }
    book = make_book(files, crop_marks=True)
    ops = [(op, operands) for operands, op in operations(book.path) if op in COLOUR_OPS]
    assert {op for op, _ in ops} <= {b"k", b"K"}, {op for op, _ in ops}
    # the accent (the chapter label, the links) is a colour, not a grey
    assert any(op == b"k" and float(values[0]) > 0.3 for op, values in ops)


def subset_names(path) -> set[str]:
    reader = PdfReader(path)
    names = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_subset_tags_differ_between_books_and_stay_for_the_same_book(make_book):
    first = subset_names(make_book({"01-print.md": CHAPTER}).path)
    again = subset_names(make_book({"01-print.md": CHAPTER}).path)
    # A tag is a hash of the face and the subset's characters: a book with other characters
    # (ASCII keeps its own codes in every subset 0, so these are beyond it) has other tags.
    other = subset_names(make_book({"01-print.md": CHAPTER.replace("India", "Tōkyō’s café")}).path)
    assert first == again
    tags = lambda names: {name.split("+")[0] for name in names}  # noqa: E731
    assert all(len(tag) == 7 and tag[1:].isalpha() and tag[1:].isupper() for tag in tags(first))  # '/ABCDEF'
    assert len(tags(first)) == len(first)  # one tag per subset, not AAAAAA for every face
    regular = lambda names: {n for n in names if n.endswith("+GentiumBookPlus")}  # noqa: E731
    assert regular(first) != regular(other)


def paper_colours(
    tmp_path, style: str | None = None, extra_book: str = "", extra: dict | None = None
) -> dict:
    """The colour operators (operator, values) of a practice paper's PDF and of its key."""
    from conftest import write_sources
    from editions_fixture import book_files
    from handbook.practice import build_test

    files = book_files(descriptive=True, extra_book=extra_book)
    files.update(extra or {})
    write_sources(tmp_path / "src", files)
    options = {"style": style} if style else {}
    result = build_test(tmp_path / "src", tmp_path / "paper.pdf", count=12, seed=7, **options)
    return {
        name: {
            (op, tuple(round(float(v), 3) for v in operands))
            for operands, op in operations(path)
            if op in COLOUR_OPS
        }
        for name, path in (("paper", result.paper), ("key", result.key))
    }


def test_exam_papers_and_keys_print_black_on_the_black_plate(tmp_path):
    for name, colours in paper_colours(tmp_path, "print-bw").items():
        assert (b"k", (0.0, 0.0, 0.0, 1.0)) in colours, name  # the text: K only
        rgb = {c for c in colours if c[0] in (b"rg", b"RG")}
        assert not rgb, (name, rgb)  # not reportlab's RGB black in the tables, nor greys


def test_exam_papers_in_a_cmyk_theme_write_no_rgb(tmp_path):
    extra = {"offset.yaml": "extends: default\ncolour: cmyk\n"}
    for name, colours in paper_colours(tmp_path, extra_book="style: offset.yaml\n", extra=extra).items():
        assert {op for op, _ in colours} <= {b"k", b"K", b"g", b"G"}, (name, colours)
        assert any(op == b"k" and values[:3] != (0, 0, 0) for op, values in colours), name  # the accent


PAINT_FILL = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def filled_greys(path) -> set[float]:
    """The black-plate share (K) of every filled shape drawn (not text), rounded."""
    found = set()
    fill, stack = 0.0, []
    for operands, op in operations(path):
        if op == b"q":
            stack.append(fill)
        elif op == b"Q" and stack:
            fill = stack.pop()
        elif op == b"k":
            fill = round(float(operands[3]), 2) if not any(float(v) for v in operands[:3]) else -1.0
        elif op in (b"rg", b"g", b"sc", b"scn"):
            fill = -1.0  # not a grey of the black plate
        elif op in PAINT_FILL:
            found.add(fill)
    return found


def test_print_bw_callout_bars_and_icons_are_solid_black(make_book):
    """Round 6: in print-bw the warning and prelims icons (and bars) printed as a 50 % grey, the
    grey of their orange accent, a screen of dots that blurs a 9 pt icon. Every kind's box: its
    bar and icon solid black, its background a light tint, nothing in between."""
    from handbook.theme import load_theme

    kinds = sorted(load_theme("print-bw").callouts.kinds)
    body = "\n\n".join(f"::: {kind}\nA line in the {kind} box.\n:::" for kind in kinds)
    book = make_book({"01-boxes.md": f"---\ntitle: Boxes\n---\n\n{body}\n"}, style="print-bw")
    greys = filled_greys(book.path)
    assert 1.0 in greys and -1.0 not in greys, greys
    assert [k for k in greys if 0.2 < k < 1.0] == [], greys  # no mid grey: black or a light tint
