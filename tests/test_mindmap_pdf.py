"""Mind maps in a built PDF: labels are real text on the map's page, in the book's fonts, at
or above the minimum size, inside the frame, with no two words overlapping; errors in a
mindmap block are messages with the offending line; `mindmap: auto` draws one from headings."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from handbook.errors import BuildFailed
from handbook.options import BuildOptions
from handbook.pipeline import build
from handbook.theme import load_theme

from conftest import missing

FIXTURES = Path(__file__).parent / "fixtures" / "mindmaps"
MIN_SIZE = load_theme("default").mindmap.min_size
# Where a printed label may be cut between lines: at spaces, and after a hyphen or dash.
TOKEN = re.compile(r"[^\s\-–—/]+[\-–—/]*|[\-–—/]+")


def fence_labels(markdown: str) -> list[str]:
    """The labels of every ```mindmap fence in a chapter, Markdown emphasis removed."""
    labels = []
    for block in re.findall(r"```mindmap\n(.*?)```", markdown, re.S):
        labels += [re.sub(r"[*_`]", "", m) for m in re.findall(r"^\s*- (.+)$", block, re.M)]
    return labels


# Straight quotes in the source print as typographic ones (the parser's smart quotes).
TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def tokens(text: str) -> Counter:
    return Counter(TOKEN.findall(text.translate(TYPOGRAPHIC)))


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mindmaps")
    shutil.copytree(FIXTURES, folder / "src")
    output = folder / "out.pdf"
    build(folder / "src", output, BuildOptions())
    with pdfplumber.open(output) as pdf:
        # Words in the order they were drawn: label lines of neighbouring nodes at nearly
        # the same height would otherwise be merged into one "line" and interleaved.
        pages = [
            (
                page.extract_text() or "",
                page.extract_words(use_text_flow=True),
                page.chars,
                page.curves,
                page.width,
                page.height,
            )
            for page in pdf.pages
        ]
    return pages


def map_pages(pages, label: str) -> list[int]:
    return [i for i, page in enumerate(pages) if "Mind map" in page[0] and label in page[0]]


def words_overlap(a, b, tolerance: float = 0.3) -> bool:
    return (
        a["x0"] + tolerance < b["x1"]
        and b["x0"] + tolerance < a["x1"]
        and a["top"] + tolerance < b["bottom"]
        and b["top"] + tolerance < a["bottom"]
    )


@pytest.mark.parametrize("chapter, centre", [("01-large.md", "Dharma"), ("02-small.md", "Quad")])
def test_every_label_is_text_on_the_page_of_its_map(fixture_pdf, chapter, centre):
    labels = fence_labels((FIXTURES / chapter).read_text(encoding="utf-8"))
    pages = map_pages(fixture_pdf, centre)
    assert pages, "no page shows the map"
    printed = Counter()
    for index in pages:
        printed += tokens(" ".join(w["text"] for w in fixture_pdf[index][1]))
    missing = tokens(" ".join(labels)) - printed
    assert not missing, f"label words not found as text: {missing}"


def test_the_forty_topic_map_is_one_page_without_overlapping_words(fixture_pdf):
    labels = fence_labels((FIXTURES / "01-large.md").read_text(encoding="utf-8"))
    assert len(labels) == 40
    for index in map_pages(fixture_pdf, "Dharma"):
        text, words, chars, curves, width, height = fixture_pdf[index]
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                assert not words_overlap(a, b), (a["text"], b["text"])
        # Labels in the book's (embedded) sans face, never under the minimum size.
        label_chars = [c for c in chars if "SourceSans3" in c["fontname"] and c["text"].strip()]
        assert label_chars and min(c["size"] for c in label_chars) >= MIN_SIZE - 0.01
        # Everything inside the frame: the largest drawn shape on the page.
        frame = max(curves, key=lambda c: (c["x1"] - c["x0"]) * (c["bottom"] - c["top"]))
        map_chars = [c for c in label_chars if frame["top"] < (c["top"] + c["bottom"]) / 2 < frame["bottom"]]
        assert len(map_chars) > 1000
        for c in map_chars:
            assert frame["x0"] < c["x0"] and c["x1"] < frame["x1"]
            assert frame["top"] < c["top"] and c["bottom"] < frame["bottom"]


def test_emphasis_in_a_label_is_set_in_italic(fixture_pdf):
    (index, *_) = map_pages(fixture_pdf, "Dharma")
    words = pdfplumber_words_with_font(fixture_pdf[index])
    assert any(text == "Special" and "Italic" in font for text, font in words)


def pdfplumber_words_with_font(page):
    text, words, chars, *_ = page
    out = []
    for word in words:
        first = next(
            c for c in chars if abs(c["x0"] - word["x0"]) < 0.01 and abs(c["top"] - word["top"]) < 0.01
        )
        out.append((word["text"], first["fontname"]))
    return out


def auto_map_book(make_book, body: str):
    """A chapter 'Defence ties' with `mindmap: auto` and this body."""
    return make_book({"01-a.md": "---\ntitle: Defence ties\nmindmap: auto\n---\n" + textwrap.dedent(body)})


def test_mindmap_auto_draws_the_headings_after_the_opener(make_book):
    book = auto_map_book(
        make_book,
        """\
        Opening paragraph.

        ## Exercises

        ### JIMEX

        ### Malabar

        ## Agreements

        ### ACSA

        Body text.
        """,
    )
    first = book.pages[book.page_of("Opening paragraph")]
    assert first.index("Defence ties") < first.index("Mind map") < first.index("Opening paragraph")
    map_text = first[first.index("Mind map") : first.index("Opening paragraph")]
    assert missing(map_text, ["Exercises", "JIMEX", "Malabar", "Agreements", "ACSA"]) == []


def test_mindmap_auto_leaves_a_written_map_alone(make_book):
    book = auto_map_book(
        make_book,
        """\
        ## Exercises

        ```mindmap
        - Written centre
          - Written branch
        ```
        """,
    )
    assert book.text.count("Mind map") == 1 and "Written centre" in book.text


@pytest.mark.parametrize(
    "fence, line, code",
    [
        ("Just a sentence.", 5, "mindmap-no-list"),
        ("- One centre\n- Another centre", 7, "mindmap-roots"),
        ("- Centre\n  - **  **\n  - fine", 7, "mindmap-invalid"),
        ("- Centre\n  - branch\n\nA stray paragraph.", 9, "mindmap-extra-content"),
        ("", 5, "mindmap-no-list"),
    ],
)
def test_a_bad_mindmap_block_is_an_error_at_its_line(tmp_path, fence, line, code):
    source = tmp_path / "src"
    source.mkdir()
    (source / "01-a.md").write_text(
        f"---\ntitle: T\n---\n\n```mindmap\n{fence}\n```\n\nText.\n", encoding="utf-8"
    )
    output = tmp_path / "out.pdf"
    with pytest.raises(BuildFailed) as info:
        build(source, output, BuildOptions())
    found = [d for d in info.value.diagnostics.errors if d.code == code]
    assert found and found[0].line == line and found[0].path.endswith("01-a.md"), info.value.diagnostics.items
    assert not output.exists()
