"""The acronym step's chapter scans reused from build/.cache (issue 17): a chapter is read
again only when it, its number or the acronym state it is reached in changed; whatever the
edit, the rebuilt PDF and its warnings are a cold build's."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.errors import Diagnostics
from handbook.options import BuildOptions
from handbook.pipeline import build, prepare

from conftest import cache_dir, cold_build, write_sources
from pdffacts import links, page_texts


def chapter(title: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\npaper: GS2\n{extra}---\n{body}\n"


def files(answers: str = "end", first_use: str = "book") -> dict[str, str]:
    return {
        "book.yaml": f"title: Scan Book\nstyle: mine.yaml\nanswers: {answers}\n",
        "mine.yaml": f"extends: default\nglossary:\n  first_use: {first_use}\n",
        "glossary.yaml": (
            "SCRI: Supply Chain Resilience Initiative\nQUAD: Quadrilateral Security Dialogue\n"
            "SC:\n  - Supreme Court\n  - Scheduled Castes\n"
        ),
        "01-one.md": chapter("One", "## Trade\n\nTrade grew between the two countries. " * 8),
        "02-two.md": chapter(
            "Two",
            "## Chains\n\nThe SCRI began in 2021 beside the QUAD. " * 6 + "\n\nThe SC ruled. ZQXW is new.",
            extra=(
                "questions:\n  - type: mcq\n    question: What does the SCRI cover?\n"
                "    options: [Chips, Supply chains, Ports, Rice]\n    answer: b\n"
                "    explanation: The SCRI is about supply chains, the QUAD about security.\n"
            ),
        ),
        "03-three.md": chapter("Three", "## Again\n\nThe SCRI and the QUAD, once more. " * 6),
    }


def entries(source: Path, kind: str) -> set[str]:
    return {p.name for p in (cache_dir(source) / kind).glob("*.bin")}


def rebuild(source: Path, output: Path) -> list[str]:
    """Build with the cache; its warnings, formatted, in order."""
    result = build(source, output, use_cache=True)
    return [d.format() for d in result.diagnostics.items]


def text(pdf: bytes | Path, tmp_path: Path) -> str:
    path = pdf if isinstance(pdf, Path) else tmp_path / "text.pdf"
    if not isinstance(pdf, Path):
        path.write_bytes(pdf)
    return " ".join(page_texts(str(path)))


EXPANDED = "Supply Chain Resilience Initiative (SCRI)"


@pytest.mark.parametrize(
    "answers, first_use",
    [
        ("end", "book"),
        pytest.param("chapter", "book", marks=pytest.mark.slow),
        ("end", "chapter"),
    ],  # a build each
)
def test_an_edit_that_moves_a_first_use_rebuilds_the_cold_pdf(tmp_path, answers, first_use):
    source = write_sources(tmp_path / "src", files(answers, first_use))
    output = tmp_path / "out" / "book.pdf"
    rebuild(source, output)
    scans = entries(source, "scan")
    assert len(scans) == 3
    assert text(output, tmp_path).count(EXPANDED) == (2 if first_use == "chapter" else 1)

    one = source / "01-one.md"  # chapter One now uses SCRI first: Two's expansion moves there
    one.write_text(one.read_text().replace("Trade grew", "The SCRI helped trade grow", 1))
    warnings = rebuild(source, output)
    assert len(entries(source, "scan") - scans) == 3  # One changed; Two and Three meet a new state
    rebuilt = output.read_bytes()
    cold_output = tmp_path / "cold" / "book.pdf"
    assert rebuilt == cold_build(source, tmp_path)
    cold = build(source, cold_output, use_cache=False)
    assert warnings == [d.format() for d in cold.diagnostics.items]
    printed = text(rebuilt, tmp_path)
    if first_use == "book":
        assert printed.count(EXPANDED) == 1 and printed.index(EXPANDED) < printed.index("began in 2021")


def test_an_edit_that_leaves_the_state_alone_reads_only_its_chapter_again(tmp_path):
    source = write_sources(tmp_path / "src", files())
    output = tmp_path / "out" / "book.pdf"
    first = rebuild(source, output)
    assert any("ZQXW" in warning for warning in first)  # kept in the entry, warned again below
    assert any("'SC' has 2 meanings" in warning for warning in first)
    scans = entries(source, "scan")
    three = source / "03-three.md"
    three.write_text(three.read_text().replace("once more", "yet again"))
    warnings = rebuild(source, output)
    assert len(entries(source, "scan") - scans) == 1  # One and Two: reused
    assert output.read_bytes() == cold_build(source, tmp_path)
    assert warnings == first
    assert "yet again" in text(output, tmp_path)


def test_a_wiki_link_follows_its_target_when_only_the_target_changed(tmp_path):
    """Two's text does not change, but the heading it links to moves in One: Two's scan,
    keyed by its resolved links, is not reused with the old destination."""
    sources = files()
    sources["02-two.md"] = chapter("Two", "## Chains\n\nSee [[01-one#Ports]] for the ports. The QUAD met.")
    sources["01-one.md"] = chapter("One", "## Trade\n\nTrade grew. " * 30 + "\n\n## Ports\n\nPorts grew too.")
    source = write_sources(tmp_path / "src", sources)
    output = tmp_path / "out" / "book.pdf"
    rebuild(source, output)
    one = source / "01-one.md"
    one.write_text(
        one.read_text().replace(
            "## Ports", "## Roads\n\nRoads first. " + "More roads. " * 300 + "\n\n## Ports"
        )
    )
    rebuild(source, output)
    assert output.read_bytes() == cold_build(source, tmp_path)
    pages = page_texts(str(output))
    ports_page = next(i for i, page in enumerate(pages) if "Ports grew too" in page)
    two_page = next(i for i, page in enumerate(pages) if "for the ports" in page)
    internal = [link for link in links(output) if link["page"] == two_page and link["dest_page"] is not None]
    assert ports_page in {link["dest_page"] for link in internal}


def test_chapters_in_a_new_order_are_numbered_and_read_as_in_a_cold_build(tmp_path):
    source = write_sources(tmp_path / "src", files())
    output = tmp_path / "out" / "book.pdf"
    rebuild(source, output)
    (source / "01-one.md").rename(source / "04-one.md")
    rebuild(source, output)
    assert output.read_bytes() == cold_build(source, tmp_path)


def test_only_chapters_whose_text_holds_double_brackets_are_walked_for_wiki_links(tmp_path):
    sources = files()
    sources["02-two.md"] = chapter(
        "Two",
        "No links here.",
        extra=(
            "questions:\n  - type: match\n    question: Match them.\n"
            "    pairs: [[Tokyo, Japan], [Delhi, India]]\n"
            "    options: ['A-1, B-2', 'A-2, B-1']\n    answer: a\n"
        ),
    )
    sources["03-three.md"] = chapter(
        "Three",
        "No links in the body.",
        extra=(
            "questions:\n  - type: mcq\n    question: Which note is [[01-one]]?\n"
            "    options: [a, b, c, d]\n    answer: a\n"
        ),
    )
    source = write_sources(tmp_path / "src", sources)
    prepared = prepare(source, BuildOptions(), Diagnostics())
    assert prepared is not None
    assert [chapter.wiki_linked for chapter in prepared.book.chapters] == [False, False, True]
