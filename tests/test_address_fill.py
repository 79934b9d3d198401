"""A long web address fills the line it starts on (issue: the first line of its paragraph
ended early and the address began the second): it breaks after / . - _ ? & = where the line
is full, in body text (justified and ragged themes), a list item and a table cell, on A4 and
A5 pages. Read back from the PDF: the first line of each paragraph is about as wide as its
fullest line."""

from __future__ import annotations

import pdfplumber
import pytest

ADDRESS = (
    "https://www.mea.gov.in/bilateral-documents.htm?dtl/37284/"
    "India_Japan_Joint_Statement_on_Special_Strategic_and_Global_Partnership_{n}"
)
SHORTER = "https://www.mea.gov.in/bilateral-documents.htm?dtl/37284/India_Japan_Joint_Statement_{n}"


def _chapter() -> str:
    lead = "The ministry publishes the statement at"
    long_lead = "The ministry publishes the full text of the joint statement on its website at"
    return f"""# Addresses

Alpha1 {lead} {ADDRESS.format(n=1)} and it is worth reading in full before the examination Omega1.

Alpha2 {long_lead} {SHORTER.format(n=2)} and it is worth reading in full before the examination, with the notes of the earlier years beside it Omega2.

- Alpha3 {lead} {ADDRESS.format(n=3)} and it is worth reading Omega3.
- Another item.

| Source | Where to find it |
|---|---|
| Statement | Alpha4 The ministry publishes it at {ADDRESS.format(n=4)} for reading alongside the notes of the earlier years and the summary of the ministry Omega4 |
| Fact sheet | A short cell |
"""


RAGGED_THEME = "extends: default\ntext:\n  body: {align: left}\n"


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    from conftest import write_sources
    from handbook.options import BuildOptions
    from handbook.pipeline import build

    built = {}
    for style in ("default", "a5-booklet", "ragged"):
        folder = write_sources(
            tmp_path_factory.mktemp(style), {"01-a.md": _chapter(), "ragged.yaml": RAGGED_THEME}
        )
        output = folder / "out.pdf"
        chosen = str(folder / "ragged.yaml") if style == "ragged" else style
        build(folder, output, BuildOptions(style=chosen))
        with pdfplumber.open(output) as pdf:
            built[style] = [page.extract_words() for page in pdf.pages]
    return built


def _paragraph_lines(pages: list, n: int) -> list[tuple[float, float]]:
    """(x0, x1) of each line of the paragraph from AlphaN to OmegaN, in order."""
    for words in pages:
        start = next((w for w in words if w["text"] == f"Alpha{n}"), None)
        if start is None:
            continue
        end = next(w for w in words if w["text"].startswith(f"Omega{n}"))
        inside = [
            w for w in words if start["top"] - 1 <= w["top"] <= end["top"] + 1 and w["x0"] >= start["x0"] - 1
        ]
        lines: dict[int, list] = {}
        for word in inside:
            lines.setdefault(round(word["top"]), []).append(word)
        return [(min(w["x0"] for w in line), max(w["x1"] for w in line)) for _, line in sorted(lines.items())]
    raise AssertionError(f"Alpha{n} not found")


@pytest.mark.parametrize("style", ["default", "a5-booklet", "ragged"])
@pytest.mark.parametrize(
    "n, where", [(1, "body"), (2, "body, an address shorter than a line"), (3, "list"), (4, "table cell")]
)
def test_the_line_an_address_starts_on_is_filled(books, style, n, where):
    lines = _paragraph_lines(books[style], n)
    assert len(lines) >= 3, lines
    widths = [x1 - x0 for x0, x1 in lines[:-1]]  # the last line is as short as it is
    assert widths[0] >= 0.85 * max(widths), (where, widths)
