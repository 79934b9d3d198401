"""Contents, outline, page labels, running heads and folios agree with where chapters land."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from conftest import BuiltBook, write_sources
from handbook.options import BuildOptions
from handbook.pipeline import build
from pdffacts import lines_of, links, off_page_or_overlapping, outline, page_words

PARAGRAPH = (
    "The partnership between the two countries covers defence, technology, trade and "
    "maritime security, and it is reviewed every year at a summit. "
) * 6


def chapter(title: str, sections: int) -> str:
    body = "\n\n".join(
        f"## {title} section {n}\n\n{PARAGRAPH}\n\n{PARAGRAPH}" for n in range(1, sections + 1)
    )
    return f"---\ntitle: {title}\n---\n{body}\n"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> BuiltBook:
    folder = write_sources(
        tmp_path_factory.mktemp("pages"),
        {
            "book.yaml": "title: Running Title\n",
            "01-a.md": chapter("Alpha Chapter", 5),
            "02-b.md": chapter("Beta Chapter", 1),
            "03-c.md": chapter("Gamma Chapter", 8),
        },
    )
    output = folder / "book.pdf"
    return BuiltBook(output, build(folder, output, BuildOptions()))


TITLES = ["Alpha Chapter", "Beta Chapter", "Gamma Chapter"]


def chapter_start(book: BuiltBook, number: int, title: str) -> int:
    """The page whose text begins with the chapter's opener."""
    for index, text in enumerate(book.pages):
        if re.search(rf"Chapter {number}\s+{title}", text):
            return index
    raise AssertionError(f"chapter {number} opener not found")


def contents_lines(book: BuiltBook) -> str:
    """The contents page as text lines, by position ('1 Alpha Chapter . . . 1')."""
    index = book.page_of("Contents")
    return "\n".join(lines_of(page_words(book.path)[index][2]))


def test_contents_page_numbers_are_the_pages_where_chapters_start(book):
    contents = contents_lines(book)
    starts = []
    for number, title in enumerate(TITLES, start=1):
        match = re.search(rf"^{number} {title}[ .]*?(\d+)$", contents, re.M)
        assert match, f"no contents line for {title}"
        start = chapter_start(book, number, title)
        assert book.label(start) == match.group(1)
        starts.append(start)
    assert book.label(starts[0]) == "1"  # arabic numbering starts with the first chapter
    assert starts == sorted(starts) and len(set(starts)) == 3


def test_sections_in_the_contents_point_to_their_pages(book):
    contents = contents_lines(book)
    matches = list(re.finditer(r"^(Gamma Chapter section \d+)[ .]*?(\d+)$", contents, re.M))
    assert len(matches) == 8
    for match in matches:
        heading, folio = match.groups()
        pages = [i for i, text in enumerate(book.pages) if re.search(rf"^{heading}$", text, re.M)]
        assert [book.label(i) for i in pages if i != book.page_of("Contents")] == [folio]


def test_contents_lines_are_links_to_the_chapters(book):
    toc_page = book.page_of("Contents")
    targets = {link["dest_page"] for link in links(book.path) if link["page"] == toc_page}
    for number, title in enumerate(TITLES, start=1):
        assert chapter_start(book, number, title) in targets


def test_contents_leaders_and_numbers_line_up(book):
    toc_page = book.page_of("Contents")
    found = page_words(book.path)[toc_page][2]
    folios = [w for w in found if re.fullmatch(r"\d+", w["text"]) and w["x0"] > 300]
    assert len(folios) >= 3
    assert max(w["x1"] for w in folios) - min(w["x1"] for w in folios) < 0.5  # right-aligned
    # The last leader dot of every line ends at the same place.
    dot_ends = {
        round(max(w["x1"] for w in found if w["text"].startswith(".") and abs(w["top"] - f["top"]) < 2), 1)
        for f in folios
    }
    assert len(dot_ends) == 1


def test_contents_leaders_keep_clear_of_the_titles(book):
    """The first leader dot stands at least a whole leader pitch (dot to dot) after the title's
    last letter, so it never reads as the title's full stop ("Chapter1." once did, and text
    extraction joined them)."""
    with pdfplumber.open(book.path) as pdf:
        chars = pdf.pages[book.page_of("Contents")].chars
    lines: dict[int, list] = {}
    for char in chars:
        lines.setdefault(round(char["bottom"]), []).append(char)
    gaps = []
    for line in lines.values():
        inked = sorted((c for c in line if c["text"].strip()), key=lambda c: c["x0"])
        dots = [i for i, c in enumerate(inked) if c["text"] == "." and i and inked[i - 1]["text"] != "."]
        for i in dots[:1]:
            pitch = inked[i + 1]["x0"] - inked[i]["x0"]
            gaps.append(inked[i]["x0"] - inked[i - 1]["x1"])
            assert gaps[-1] >= pitch - 0.01 > 3, "".join(c["text"] for c in inked)
    assert len(gaps) >= 3


def test_outline_lists_every_chapter_at_its_page(book):
    entries = outline(book.path)
    for number, title in enumerate(TITLES, start=1):
        assert (0, f"{number}. {title}", chapter_start(book, number, title)) in entries
    assert any(depth == 1 and title == "Alpha Chapter section 3" for depth, title, _ in entries)


def test_chapters_open_on_right_hand_pages(book):
    for number, title in enumerate(TITLES, start=1):
        assert chapter_start(book, number, title) % 2 == 0  # 0-based: physical page 1, 3, 5 ...


def test_running_heads_and_folios(book):
    starts = {chapter_start(book, n, t): t for n, t in enumerate(TITLES, start=1)}
    checked_verso = checked_recto = 0
    current = None
    for index, (_, height, found) in enumerate(page_words(book.path)):
        if index in starts:
            current = starts[index]
        if current is None:
            continue
        head = " ".join(lines_of([w for w in found if w["bottom"] < 22 * 72 / 25.4])[:1])
        foot = lines_of([w for w in found if w["top"] > height - 24 * 72 / 25.4])
        if not found:  # a blank verso before a chapter: nothing at all
            continue
        assert foot == [book.label(index)], f"page {index + 1}: folio {foot}"
        if index in starts:
            assert head == "", "a chapter's first page has no running head"
        elif index % 2 == 1:  # a left-hand page: the book's title, at the outer (left) edge
            assert head == "Running Title"
            checked_verso += 1
        else:  # a right-hand page: the chapter's title
            assert head == current
            checked_recto += 1
    assert checked_verso and checked_recto


def test_pages_have_nothing_off_the_page_or_overlapping(book):
    assert off_page_or_overlapping(book.path) == []


def test_title_page_shows_the_book_settings(make_book):
    built = make_book(
        {
            "book.yaml": "title: Big Title\nsubtitle: The Subtitle\nauthor: The Author\n"
            "publisher: The Press\nedition: Second edition\ndate: 2025-10-27\n",
            "01-a.md": "# One\n\nText.\n",
        }
    )
    first = re.sub(r"\s+", " ", built.pages[0])
    assert first.startswith("Big Title The Subtitle The Author")
    assert "The Press" in first
    imprint = re.sub(r"\s+", " ", built.pages[1])
    assert "Second edition" in imprint and "27 October 2025" in imprint
    assert built.reader.page_labels[:3] == ["i", "ii", "iii"]


@pytest.mark.parametrize("style", ["default", "a5-booklet"])
def test_the_title_page_is_centred_on_the_trim(make_book, style):
    """Issue 27: the title sat 2.4 mm right of the page's middle (the text block between
    mirrored margins); each line of the title page is centred on the trim."""
    import pdfplumber

    built = make_book(
        {
            "book.yaml": "title: Big Title\nsubtitle: The Subtitle\nauthor: The Author\npublisher: The Press\n",
            "01-a.md": "# One\n\nText.\n",
        },
        style=style,
    )
    with pdfplumber.open(built.path) as pdf:
        page = pdf.pages[0]
        lines = page.extract_text_lines()
        middle = float(page.width) / 2
    texts = [line["text"] for line in lines]
    assert texts == ["Big Title", "The Subtitle", "The Author", "The Press"]
    for line in lines:
        assert (line["x0"] + line["x1"]) / 2 == pytest.approx(middle, abs=0.3), line["text"]
