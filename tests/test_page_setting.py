"""The sample's pages set as a publisher sets them, read back from the PDF: a heading never
stands alone at the foot of a page (it keeps with its first lines), whichever heading it is
(a section's, or the 'Notes' that opens a chapter's endnotes)."""

from __future__ import annotations

import pytest

from handbook.errors import Diagnostics
from handbook.theme import load_theme_into
from pdffacts import page_words


def heading_sizes(style: str) -> set[float]:
    text = load_theme_into(style, Diagnostics()).text
    return {round(getattr(text, f"h{level}").size, 1) for level in (1, 2, 3)}


def stranded_headings(path, style: str) -> list[tuple[int, str]]:
    """(page, heading) for every heading line of the text block with nothing set below it on
    its page (the folio and the running head are outside the text block)."""
    theme = load_theme_into(style, Diagnostics())
    sizes = heading_sizes(style)
    stranded = []
    for index, (_, height, found) in enumerate(page_words(path)):
        block = [
            w
            for w in found
            if theme.page.margin_top - 1 < w["top"] and w["bottom"] < height - theme.page.margin_bottom + 1
        ]
        if not block:
            continue
        lowest = max(w["top"] for w in block)
        last_line = [w for w in block if abs(w["top"] - lowest) < 2]
        if all(round(w["size"], 1) in sizes and "Sans" in w["fontname"] and "Bold" in w["fontname"] for w in last_line):
            stranded.append((index + 1, " ".join(w["text"] for w in last_line)))
    return stranded


@pytest.mark.parametrize("style", ["default", "a5-booklet"])
def test_no_heading_is_the_last_line_of_a_page(sample_book, style):
    """Round 6: the A5 sample left its endnotes' heading 'Notes' at the foot of page 4, its notes
    on the next page."""
    assert stranded_headings(sample_book(style=style).path, style) == []


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
    assert stranded_headings(book.path, "default") == []
