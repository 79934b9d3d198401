"""The sample's pages set as a publisher sets them, read back from the PDF: a heading never
stands alone at the foot of a page (it keeps with its first lines), whichever heading it is
(a section's, or the 'Notes' that opens a chapter's endnotes)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED_FIXTURES, examples
from handbook.errors import Diagnostics
from handbook.theme import load_theme_into
from pdffacts import lines_of, page_words


def heading_sizes(style: str) -> set[float]:
    text = load_theme_into(style, Diagnostics()).text
    return {round(getattr(text, f"h{level}").size, 1) for level in (1, 2, 3)}


def stranded_headings(book, style: str) -> list[tuple[int, str]]:
    """(page, heading) for every heading line of the text block with nothing set below it on
    its page (the folio and the running head are outside the text block)."""
    theme = load_theme_into(style, Diagnostics())
    sizes = heading_sizes(style)
    stranded = []
    for index, (_, height, found) in enumerate(book.words):
        block = [
            w
            for w in found
            if theme.page.margin_top - 1 < w["top"] and w["bottom"] < height - theme.page.margin_bottom + 1
        ]
        if not block:
            continue
        lowest = max(w["top"] for w in block)
        last_line = [w for w in block if abs(w["top"] - lowest) < 2]
        if all(
            round(w["size"], 1) in sizes and "Sans" in w["fontname"] and "Bold" in w["fontname"]
            for w in last_line
        ):
            stranded.append((index + 1, " ".join(w["text"] for w in last_line)))
    return stranded


@pytest.mark.parametrize("style", ["default", "a5-booklet"])
def test_no_heading_is_the_last_line_of_a_page(sample_book, style):
    """Round 6: the A5 sample left its endnotes' heading 'Notes' at the foot of page 4, its notes
    on the next page."""
    assert stranded_headings(sample_book(style=style), style) == []


def test_the_notes_heading_moves_with_its_first_note(make_book):
    """Chapters whose text ends a little higher each time, so that in one of them the 'Notes'
    heading falls on the page's last lines: it goes over with its first note instead."""
    filler = " ".join(["The partners meet every year and review their defence ties."] * 6)
    chapters = {
        f"{n:02d}-c.md": f"---\ntitle: C{n}\n---\n\n"
        + "\n\n".join([filler] * 14)
        + "\n\n"
        + " ".join(["A short line."] * (3 * n))
        + " A note.[^1]\n\n[^1]: The note itself, long enough to run over one line of the notes.\n"
        for n in range(10, 14)
    }
    book = make_book(chapters)
    assert stranded_headings(book, "default") == []


def mind_map_labels(book) -> list[tuple[int, list[str]]]:
    """(page, lines) of every mind-map node: the words inside each filled box drawn on a page
    with a mind map (the smallest box around a word is its node; the map's frame holds them
    all), grouped into lines by their tops. Only the pages whose text (the book's, extracted
    once and shared) says 'Mind map' are read with pdfplumber: reading every page's curves and
    text took over a second a style."""
    import pdfplumber

    labels = []
    with pdfplumber.open(book.path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if "Mind map" not in book.raw_pages[number - 1]:
                continue
            boxes = [c for c in page.curves if c.get("fill")]
            if "Mind map" not in (page.extract_text() or "") or len(boxes) < 2:
                continue
            members: dict[int, list[dict]] = {}
            for word in page.extract_words():
                around = [
                    k
                    for k, b in enumerate(boxes)
                    if b["x0"] <= word["x0"]
                    and word["x1"] <= b["x1"]
                    and b["top"] <= word["top"]
                    and word["bottom"] <= b["bottom"]
                ]
                if around:
                    smallest = min(
                        around,
                        key=lambda k: (
                            (boxes[k]["x1"] - boxes[k]["x0"]) * (boxes[k]["bottom"] - boxes[k]["top"])
                        ),
                    )
                    members.setdefault(smallest, []).append(word)
            frame = max(range(len(boxes)), key=lambda k: boxes[k]["x1"] - boxes[k]["x0"])
            for k, found in members.items():
                if k != frame:
                    labels.append((number, lines_of(found)))
    return labels


@pytest.mark.parametrize("style", ["default", "a5-booklet"])
def test_mind_map_labels_take_at_most_three_lines(sample_book, style):
    """Round 6: on A5 the first chapter's map, placed smaller to fit the foot of a page, stacked
    two labels four lines deep ('Sanae / Takaichi, first / woman Prime / Minister'); the label's
    box grows past its column's share instead (the map set at most two sizes smaller)."""
    labels = mind_map_labels(sample_book(style=style))
    assert len(labels) > 40  # every node of the three maps was found
    assert [(page, lines) for page, lines in labels if len(lines) > 3] == []


def _png(path, width: int, height: int) -> None:
    from PIL import Image

    Image.new("RGB", (width, height), "#ccd").save(path)


def test_a_figure_and_its_caption_stand_apart_from_the_text(tmp_path):
    """Round 6: a figure's caption sat as close to the next paragraph as to its own picture
    (the box holding them dropped the caption's space after), and the picture touched the
    paragraph above. The caption belongs to its picture: the text keeps further away."""
    import pdfplumber

    sentence = "The sea lanes between the two oceans carry most of the trade of both countries. "
    files = {
        "01-fig.md": "---\ntitle: Figures\n---\n\n"
        + sentence * 4
        + "\n\n![The Indo-Pacific as one strategic space](images/map.png)\n\n"
        + sentence * 4
        + "\n\n![](images/map.png)\n\nClosing words after a figure without a caption.\n",
    }
    folder = tmp_path / "figs"
    (folder / "images").mkdir(parents=True)
    _png(folder / "images" / "map.png", 900, 200)
    from conftest import write_sources
    from handbook.options import BuildOptions
    from handbook.pipeline import build

    write_sources(folder, files)
    output = tmp_path / "figs.pdf"
    build(folder, output, BuildOptions())
    with pdfplumber.open(output) as pdf:
        page = next(p for p in pdf.pages if p.images)
        pictures = sorted(page.images, key=lambda i: i["top"])
        words = page.extract_words(extra_attrs=["size"])
    body = [w for w in words if abs(w["size"] - 11) < 0.1]
    caption = [w for w in words if w["size"] < 10 and w["top"] > pictures[0]["bottom"]][:1]
    assert len(pictures) == 2 and caption
    above = max(w["bottom"] for w in body if w["bottom"] < pictures[0]["top"])
    below = min(w["top"] for w in body if w["top"] > caption[0]["bottom"])
    to_caption = caption[0]["top"] - pictures[0]["bottom"]
    assert below - caption[0]["bottom"] > to_caption + 3, (to_caption, below - caption[0]["bottom"])
    assert pictures[0]["top"] - above > to_caption + 3, (to_caption, pictures[0]["top"] - above)
    after_bare = min(w["top"] for w in body if w["top"] > pictures[1]["bottom"])
    assert after_bare - pictures[1]["bottom"] > to_caption + 3


def test_a_wrapped_code_line_hangs_under_its_start(make_book):
    """Round 6: a code line too long for the block went on at the block's left edge, where it
    read as a new line of code. Its rest hangs in from the line's own indentation, and every
    piece keeps inside the block."""
    long_line = "    return exports - imports  # " + "a deficit is negative and India imports more " * 3
    book = make_book(
        {
            "01-code.md": "---\ntitle: Code\n---\n\n```python\ndef balance(exports, imports):\n"
            + long_line
            + "\nshort = 1\n```\n"
        },
        style="a5-booklet",
    )
    rows: dict[int, list[dict]] = {}
    for _, _, found in page_words(book.path):
        for word in found:
            if "Mono" in word["fontname"]:
                rows.setdefault(round(word["top"]), []).append(word)
    starts = [min(w["x0"] for w in row) for _, row in sorted(rows.items())]
    texts = [
        " ".join(w["text"] for w in sorted(row, key=lambda w: w["x0"])) for _, row in sorted(rows.items())
    ]
    assert texts[0].startswith("def balance") and texts[1].startswith("return") and texts[-1] == "short = 1"
    assert len(texts) >= 5, texts  # the long line took three lines or more
    margin, indent = starts[0], starts[1] - starts[0]
    assert indent > 10
    assert all(x > margin + indent + 10 for x in starts[2:-1]), (starts, texts)  # hanging, past the indent
    assert starts[-1] == pytest.approx(margin, abs=0.5)


@settings(max_examples=examples(100, fast=20), deadline=None, **SHARED_FIXTURES)
@given(
    line=st.text(
        alphabet=st.sampled_from("abcdefghij  _(),.=:/\u0915\u093e\u094d\u0937"), min_size=0, max_size=300
    ),
    indent=st.integers(0, 12),
    room=st.floats(60, 400),
)
def test_wrapped_code_pieces_fit_and_keep_every_character(default_fonts, line, indent, room):
    """A code line cut for the block: every piece fits the room, the pieces after the first
    hang further in than the line's indentation, and together they hold the line's characters
    in order (only the spaces at the cuts are dropped)."""
    from handbook.layout import scripts
    from handbook.layout.code import CONTINUATION_INDENT, wrap_code_line
    from handbook.layout.fonts import font_name

    font, size = font_name("mono", False, False), 8.5
    source = " " * indent + line
    pieces = wrap_code_line(source, room, font, size)
    assert all(scripts.width(piece, font, size) <= room + 0.01 for piece in pieces), pieces
    assert "".join(p.replace(" ", "") for p in pieces) == source.replace(" ", "")
    own = len(source) - len(source.lstrip(" "))
    hangs = {len(piece) - len(piece.lstrip(" ")) for piece in pieces[1:]}
    assert hangs <= {own + CONTINUATION_INDENT, CONTINUATION_INDENT}, (hangs, pieces)
    if not any(f" {mark}" in source for mark in "\u093e\u094d"):  # (a mark after a space: malformed)
        starts = [piece.lstrip(" ")[:1] for piece in pieces[1:] if piece.strip()]
        assert not [c for c in starts if c in "\u093e\u094d"], pieces  # no piece opens with a mark
