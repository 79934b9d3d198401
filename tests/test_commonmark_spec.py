"""Every CommonMark spec example builds, and the text it shows a reader reaches the PDF.

"Visible text" is what a browser shows for the spec's expected HTML: its text nodes (entities
decoded) and the alt text of images (the handbook prints an image's description where it cannot
show it). Raw HTML is printed literally by the handbook, so the PDF may hold *more* than the
visible text; the test asserts that every visible piece is there, in order, ignoring whitespace
(PDF text extraction does not keep the source's spaces and line breaks). Examples that are only
markup (a rule, a link definition) have no visible text: for them the build itself is the test.
Characters the fonts lack (Malayalam, some maths) cannot reach the PDF; the build must warn
about each of them instead.

Examples are built a batch at a time, one chapter per example, to keep the suite fast.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from pdffacts import page_texts
from handbook.pipeline import build

SPEC = json.loads((Path(__file__).parent / "fixtures" / "commonmark" / "spec-0.30.json").read_text("utf-8"))
BATCH = 110


class _VisibleText(HTMLParser):
    """What a browser shows: text nodes, image descriptions; not the code of <script>/<style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden = 0

    def handle_data(self, data):
        if not self.hidden:
            self.pieces.append(data)

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.pieces.append(dict(attrs).get("alt") or "")
        if tag in ("script", "style"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1


def squeeze(text: str) -> str:
    """Text without any whitespace (PDF extraction loses or adds spaces and line breaks)."""
    return re.sub(r"[\s\x00\ufffd]+", "", text)  # \x00: what extraction gives for a missing glyph


def visible_pieces(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return [p for p in (squeeze(piece) for piece in parser.pieces) if p]


def missing_pieces(pieces: list[str], pdf_text: str) -> list[str]:
    """The pieces not found in `pdf_text` in order (each searched after the previous one)."""
    text, position, missing = squeeze(pdf_text), 0, []
    for piece in pieces:
        found = text.find(piece, position)
        if found < 0:
            missing.append(piece)
        else:
            position = found + len(piece)
    return missing


def test_visible_text_reads_the_spec_html_like_a_browser():
    assert visible_pieces(
        '<p><a href="/u">link &amp; <em>text</em></a> <img src="x" alt="foo bar" /></p>'
    ) == ["link&", "text", "foobar"]
    assert missing_pieces(["ab", "cd"], "a b\n--c d") == []
    assert missing_pieces(["cd", "ab"], "ab cd") == ["ab"]


# Where the handbook knowingly reads Markdown differently from the 0.30 spec: the example's
# visible text as the handbook prints it, and why.
DEVIATIONS = {
    # Obsidian wiki links (issue 14): [[foo]] prints as its text, foo.
    589: (
        ["foo", "foo", ':/url"title"'],
        "![[foo]] and [[foo]] are wiki links (to a heading 'foo' when another example of the batch has one)",
    ),
    # markdown-it follows CommonMark 0.31, where these are HTML comments; comments are not printed.
    625: (["foo"], "an HTML comment in CommonMark 0.31"),
    626: (["foo", "foo-->", "foo", "foo"], "HTML comments in CommonMark 0.31"),
}

TYPOGRAPHIC_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@pytest.fixture
def no_image_files(monkeypatch):
    """The spec's image paths ('/url', 'train.jpg') point nowhere: treat every image as one that
    cannot be shown, so its description is printed (image files have tests of their own)."""
    import handbook.parse.markdown as markdown

    monkeypatch.setattr(markdown, "resolve_image", lambda src, source, root, diagnostics, line: None)


# The fast suite builds the first half batch (tabs, escapes, entities, thematic breaks);
# `make test-all` every batch. The fast suite builds each common construct (headings, quotes,
# lists, emphasis, links, images, code, fences, footnotes) in test_commonmark.py.
FIRST = BATCH // 2
BATCHES = [
    (0, FIRST),
    pytest.param((FIRST, BATCH), marks=pytest.mark.slow),
    *(
        pytest.param((start, start + BATCH), marks=pytest.mark.slow)
        for start in range(BATCH, len(SPEC), BATCH)
    ),
]


@pytest.mark.parametrize("span", BATCHES, ids=lambda span: f"examples-{span[0] + 1}-")
def test_spec_examples_build_and_show_their_text(span, tmp_path, no_image_files):
    examples = SPEC[span[0] : span[1]]
    files = {
        f"{n:03d}.md": f"---\ntitle: Example {e['example']}\n---\n" + e["markdown"]
        for n, e in enumerate(examples)
    }
    folder = tmp_path / "src"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")  # as is: no dedent of the examples
    result = build(folder, tmp_path / "spec.pdf")
    reader = PdfReader(str(tmp_path / "spec.pdf"))
    starts = result.record.chapter_starts + [len(reader.pages) + 1]
    assert len(starts) == len(examples) + 1
    unprintable = {}  # chapter file -> characters the build warned the fonts lack
    for item in result.diagnostics.warnings:  # one `glyph-missing` warning per chapter names them all
        if item.code == "glyph-missing":
            unprintable.setdefault(Path(item.path).name, set()).update(
                re.findall(r"'(.)' \(U\+", item.message)
            )
    failures = []
    page_text = page_texts(reader)
    for index, example in enumerate(examples):
        pages = page_text[starts[index] - 1 : starts[index + 1] - 1]
        # Straight quotes in prose print as typographic ones (smart quotes), by design.
        text = "\n".join(pages).translate(TYPOGRAPHIC_QUOTES)
        lacking = unprintable.get(f"{index:03d}.md", set())
        expected = (
            DEVIATIONS[example["example"]][0]
            if example["example"] in DEVIATIONS
            else visible_pieces(example["html"])
        )
        pieces = ["".join(c for c in piece if c not in lacking) for piece in expected]
        missing = missing_pieces([p for p in pieces if p], text)
        if missing:
            failures.append(
                f"example {example['example']} ({example['section']}): {missing!r} "
                f"not in {squeeze(text)[:200]!r}"
            )
    assert not failures, "\n".join(failures)
