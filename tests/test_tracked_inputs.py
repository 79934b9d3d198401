"""Issue 24, inputs tracked: what a chapter prints may depend on other chapters (page numbers
of wiki links, acronyms' first uses, the answer key, the contents, the glossary's pages, the
running heads). For each such read, an edit of the source it reads is rebuilt with the cache
and compared with a cold build, byte for byte; and a layout function that reads another
chapter without declaring it anywhere (the review's experiment) is still rebuilt right,
because the chapters' recordings keep what they read of the book and are checked on reuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph

import handbook.incremental.passes as passes
import handbook.output.recordpool as recordpool
from handbook.layout.styles import paragraph_style
from handbook.pipeline import build
from conftest import BuiltBook, cold_build, write_sources

WORDS = "treaty river council summit border charter census monsoon harbour railway".split()


def prose(paragraphs: int, seed: int) -> str:
    return "\n\n".join(
        " ".join(WORDS[(seed + p + i * 3) % len(WORDS)] for i in range(80)).capitalize() + "."
        for p in range(paragraphs)
    )


def chapter(title: str, topic: str, body: str, front: str = "") -> str:
    return f"---\ntitle: {title}\ntopic: {topic}\n{front}---\n{body}\n"


QUESTION = (
    "questions:\n  - type: mcq\n    question: Which body met in Tokyo?\n"
    "    options: [QUAD, ASEAN, SAARC, BRICS]\n    answer: a\n    explanation: It met there in 2023.\n"
)
FILES = {
    "book.yaml": "title: Tracked Notes\n",
    "glossary.yaml": "QUAD: Quadrilateral Security Dialogue\nFOIP: Free and Open Indo-Pacific\n",
    "01-alpha.md": chapter(
        "Alpha",
        "Beginnings",
        f"## Opening\n\nThe QUAD met. See [[04-delta|the Delta chapter]].\n\n{prose(4, 1)}",
    ),
    "02-beta.md": chapter("Beta", "Trade", f"## Trade\n\n{prose(6, 2)}\n\nThe FOIP again.", QUESTION),
    "03-gamma.md": chapter("Gamma", "Defence", f"## Defence\n\nThe QUAD and FOIP.\n\n{prose(5, 3)}"),
    "04-delta.md": chapter("Delta", "Rail", f"## Rail\n\n{prose(5, 4)}\n\nFOIP, later."),
    "05-epsilon.md": chapter("Epsilon", "People", f"## People\n\n{prose(3, 5)}"),
}


def edited(name: str, old: str, new: str):
    return name, lambda text: text.replace(old, new, 1) if old else text + new


# What each cross-chapter read is, and an edit of the source it reads (file, change).
READS = {
    # Alpha prints the page Delta starts on: Beta grows by two pages.
    "wiki-link page numbers": edited("02-beta.md", "", "\n" + prose(8, 9) + "\n"),
    # Alpha spells QUAD out; without it there, Gamma must.
    "acronym first uses": edited("01-alpha.md", "The QUAD met.", "They met."),
    # The answer key prints Beta's answer and explanation.
    "the answer key": edited("02-beta.md", "It met there in 2023.", "It met there in 2024."),
    # The contents list every chapter's title and page.
    "the contents": edited("05-epsilon.md", "title: Epsilon", "title: Epsilon and After"),
    # The glossary lists the pages of each acronym's uses: Delta's FOIP moves on.
    "glossary pages": edited("03-gamma.md", "", "\n" + prose(8, 7) + "\n"),
    # Running heads name the chapter (and its section) on every page.
    "running heads": edited("03-gamma.md", "title: Gamma", "title: Gamma Rays"),
}


@pytest.fixture
def source(tmp_path):
    return write_sources(tmp_path / "src", FILES)


@pytest.fixture
def recorded(monkeypatch):
    """The tasks (chapter index or the answer key) recorded, in order."""
    made: list = []
    real = passes.record_one

    def spy(task, ctx, seed, folios=None):
        made.append(task)
        return real(task, ctx, seed, folios)

    monkeypatch.setattr(passes, "record_one", spy)
    return made


@pytest.mark.parametrize("read", READS)
def test_an_edit_of_what_another_chapter_reads_is_rebuilt_as_a_cold_build(source, tmp_path, recorded, read):
    output = tmp_path / "out" / "book.pdf"
    build(source, output, use_cache=True)
    before = output.read_bytes()
    name, change = READS[read]
    path = source / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    recorded.clear()
    build(source, output, use_cache=True)
    rebuilt = output.read_bytes()
    assert rebuilt != before, "the edit shows"
    if read != "acronym first uses":  # (there every chapter after Alpha meets another state)
        assert recorded and len(set(recorded)) < len(FILES) - 2 + 1, "the cache served some chapters"
    assert rebuilt == cold_build(source, tmp_path)


# --- enrichment's reads of other chapters -----------------------------------------------------

# Alpha links to Gamma by its title and to a heading of it: resolving them reads Gamma.
ENRICHED = dict(
    FILES,
    **{
        "01-alpha.md": FILES["01-alpha.md"].replace(
            "See [[04-delta|the Delta chapter]].",
            "See [[Gamma Review]] and [[03-gamma#Defence|its defence part]].",
        ),
        "03-gamma.md": FILES["03-gamma.md"].replace("title: Gamma", "title: Gamma Review"),
    },
)
# What an enrichment step reads of another chapter, and an edit of it (file, change).
ENRICH_READS = {
    # The link by title resolves no more: Alpha prints its text, without a page.
    "wiki-link target title": edited("03-gamma.md", "title: Gamma Review", "title: Gamma Survey"),
    # The heading a link names is gone: the link goes to the chapter.
    "wiki-link target heading": edited("03-gamma.md", "## Defence", "## Defence ties"),
    # A chapter put before Gamma: every chapter after it is numbered (and anchored) anew.
    "numbering": ("025-between.md", lambda _: chapter("Between", "Ports", f"## Ports\n\n{prose(2, 6)}")),
    # Alpha no longer spells FOIP out first... it never did; Beta does: without it, Gamma must.
    "acronym first use in another chapter": edited("02-beta.md", "The FOIP again.", "Again."),
}


@pytest.fixture
def enriched(tmp_path):
    return write_sources(tmp_path / "src", ENRICHED)


@pytest.mark.parametrize("read", ENRICH_READS)
def test_an_edit_of_what_enrichment_reads_in_another_chapter_is_rebuilt_as_a_cold_build(
    enriched, tmp_path, read
):
    output = tmp_path / "out" / "book.pdf"
    build(enriched, output, use_cache=True)
    before = output.read_bytes()
    name, change = ENRICH_READS[read]
    path = enriched / name
    path.write_text(change(path.read_text(encoding="utf-8") if path.exists() else ""), encoding="utf-8")
    build(enriched, output, use_cache=True)
    rebuilt = output.read_bytes()
    assert rebuilt != before, "the edit shows"
    assert rebuilt == cold_build(enriched, tmp_path)


def test_the_links_enrichment_resolves_are_in_the_book(enriched, tmp_path):
    output = tmp_path / "out" / "book.pdf"
    text = re.sub(r"\s+", " ", BuiltBook(output, build(enriched, output, use_cache=True)).text)
    assert re.search(r"See Gamma Review \(p\. \d+\) and its defence part \(p\. \d+\)", text)


def with_next_topic_step(step):
    """An enrichment step that ends each chapter with a paragraph naming the next chapter's
    topic: it reads another chapter, and neither the scan's key nor anything else is told."""
    from handbook.model import Location, Paragraph as Para, Text

    def enriched(book, theme, options, diagnostics):
        for index, each in enumerate(book.chapters[:-1]):
            upcoming = book.chapters[index + 1].meta.topic
            each.blocks.append(Para([Text(f"Up next: {upcoming}, and the QUAD.")], Location(each.path, None)))
        step(book, theme, options, diagnostics)

    return enriched


def test_an_enrichment_step_that_reads_another_chapter_undeclared_is_rebuilt_right(
    source, tmp_path, monkeypatch
):
    """The review's experiment, one stage earlier: the acronym step's cached scans are keyed by
    the chapter as the steps before it left it, so what such a step read is in the key."""
    from handbook import enrich

    steps = list(enrich.ENRICH_STEPS)
    steps[-1] = with_next_topic_step(steps[-1])  # just before the acronym step, every build
    monkeypatch.setattr(enrich, "ENRICH_STEPS", steps)
    output = tmp_path / "out" / "book.pdf"
    build(source, output, use_cache=True)
    assert "Up next: Defence" in re.sub(r"\s+", " ", BuiltBook(output, None).text)
    gamma = source / "03-gamma.md"
    gamma.write_text(gamma.read_text(encoding="utf-8").replace("topic: Defence", "topic: Maritime"))
    build(source, output, use_cache=True)
    text = re.sub(r"\s+", " ", BuiltBook(output, None).text)
    assert "Up next: Maritime" in text and "Up next: Defence" not in text  # Beta's scan, anew
    assert output.read_bytes() == cold_build(source, tmp_path)


# --- the review's experiment ----------------------------------------------------------------


def with_next_topic(layout_chapter):
    """A layout function that ends each chapter with the next chapter's topic: it reads another
    chapter, and neither the cache keys nor anything else is told."""

    def laid_out(chapter, ctx):
        story = layout_chapter(chapter, ctx)
        if chapter.number < len(ctx.book.chapters):
            upcoming = ctx.book.chapters[chapter.number].meta.topic
            story.append(Paragraph(f"Next: {upcoming}.", paragraph_style(ctx.theme, "body")))
        return story

    return laid_out


def test_a_layout_that_reads_another_chapter_undeclared_is_rebuilt_right(source, tmp_path, monkeypatch):
    for module in (passes, recordpool):  # the chapter laid out live, and recorded
        monkeypatch.setattr(module, "layout_chapter", with_next_topic(module.layout_chapter))
    output = tmp_path / "out" / "book.pdf"
    build(source, output, use_cache=True)
    assert "Next: Defence." in BuiltBook(output, None).text
    delta = source / "03-gamma.md"
    delta.write_text(delta.read_text(encoding="utf-8").replace("topic: Defence", "topic: Maritime"))
    build(source, output, use_cache=True)
    text = BuiltBook(output, None).text
    assert "Next: Maritime." in text and "Next: Defence." not in text  # Beta's end, re-recorded
    assert output.read_bytes() == cold_build(source, tmp_path)


def test_the_printed_facts_each_read_depends_on_are_in_the_book(source, tmp_path):
    """The fixture exercises each read: a page number after the wiki link, QUAD spelled out in
    Alpha, the answer key, a contents entry per chapter, the glossary's page lists."""
    output = tmp_path / "out" / "book.pdf"
    text = re.sub(r"\s+", " ", BuiltBook(output, build(source, output, use_cache=True)).text)
    assert re.search(r"the Delta chapter \(p\. \d+\)", text)
    assert "Quadrilateral Security Dialogue (QUAD)" in text
    assert "It met there in 2023." in text
    assert all(title in text for title in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon"))
    assert "Free and Open Indo-Pacific" in text


def paths(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- font codes per chapter ------------------------------------------------------------------


# é in the fast suite; Ŵ and € (beyond Latin-1) in `make test-all`: a whole build each
@pytest.mark.parametrize(
    "char", ["\u00e9", *(pytest.param(c, marks=pytest.mark.slow) for c in ("\u0174", "\u20ac"))]
)
def test_one_new_character_in_one_chapter_records_only_that_chapter(source, tmp_path, recorded, char):
    """The font seed is every character beyond ASCII the book prints; a chapter's recording is
    keyed by the codes of the characters it holds, and the characters every chapter may print
    (quotes, dashes) have codes no chapter's text moves."""
    (source / "01-alpha.md").write_text(
        FILES["01-alpha.md"].replace("The QUAD met.", "The QUAD met \u2014 twice.")
    )
    output = tmp_path / "out" / "book.pdf"
    build(source, output, use_cache=True)
    gamma = source / "03-gamma.md"
    gamma.write_text(
        gamma.read_text(encoding="utf-8").replace("## Defence", f"## Defence {char}"), encoding="utf-8"
    )
    recorded.clear()
    build(source, output, use_cache=True)
    assert set(recorded) == {2}, recorded  # Gamma (its index), and no other chapter or the key
    assert char in BuiltBook(output, None).text
    assert output.read_bytes() == cold_build(source, tmp_path)


# --- the document of the kinds -----------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"


def test_the_cache_section_names_every_kind_and_only_real_modules_and_tests():
    from test_architecture_doc import MEMORY_KIND

    text = DOC.read_text(encoding="utf-8")
    text = text[text.index("## The build cache") :].split("\n## ")[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", text, re.M))
    written = set()
    for path in (ROOT / "src" / "handbook").rglob("*.py"):
        text_of_module = path.read_text(encoding="utf-8")
        written.update(re.findall(r"\.put\(\s*\"(\w+)\"", text_of_module))
        written.update(MEMORY_KIND.findall(text_of_module))  # (a Memory's put names its kind)
    assert written and documented == written, (documented, written)
    for test_file, name in re.findall(r"(test_\w+\.py)::(\w+)", text):
        assert f"def {name}(" in (ROOT / "tests" / test_file).read_text(encoding="utf-8"), name
    for module in re.findall(r"`((?:[a-z]+/)*[a-z_]+\.py)`", text):
        where = ROOT / module if module.startswith("tests/") else ROOT / "src" / "handbook" / module
        assert where.exists(), module


# --- layout passes ---------------------------------------------------------------------------


def test_page_references_that_do_not_settle_are_named_in_a_warning(source, tmp_path, monkeypatch):
    """Every pass hands out a page number its target never lands on (as a reference whose
    number pushes its own target on would): the passes run out, and the build says so."""
    from handbook.layout.context import PageRefs

    handed_out = PageRefs.folio

    def never_right(self, anchor, placeholder="00"):
        handed_out(self, anchor, placeholder)
        self.asked[anchor] = "99"
        return "99"

    monkeypatch.setattr(PageRefs, "folio", never_right)
    result = build(source, tmp_path / "out" / "book.pdf")
    (warned,) = [d for d in result.diagnostics.items if d.code == "pages-unsettled"]
    assert "did not settle in 3 layout passes" in warned.message
    assert re.search(r"'[^']+' printed as p\. 99, now on p\. \d+", warned.message)


def test_page_references_that_settle_warn_nothing(source, tmp_path):
    result = build(source, tmp_path / "out" / "book.pdf")
    assert not [d for d in result.diagnostics.items if d.code == "pages-unsettled"]


# --- identity, kinds -------------------------------------------------------------------------


def test_an_identity_map_finds_only_the_object_itself():
    """Chapters and sources compare by value and cannot be hashed; the cache's maps of them are
    by identity and hold what they map, so an object freed since can never be found again in
    the guise of a new one with its id, nor an equal copy for the original."""
    import copy
    import gc

    from handbook.incremental.identity import ByIdentity
    from handbook.model import Location, Paragraph as Para, Text

    found: ByIdentity[str] = ByIdentity()
    original = Para([Text("one")], Location(Path("a.md"), 1))
    found[original] = "key"
    twin = copy.deepcopy(original)
    assert twin == original and twin not in found and found.get(twin) is None
    with pytest.raises(KeyError):
        found[twin]
    address = id(original)
    del original
    gc.collect()
    newcomers = [Para([Text(str(n))], Location(Path("b.md"), n)) for n in range(2000)]
    assert all(id(each) != address for each in newcomers)  # the entry keeps its object's id
    assert not any(each in found for each in newcomers)


def test_the_store_refuses_a_kind_not_listed_with_its_inputs(tmp_path):
    from handbook.incremental.kinds import KINDS
    from handbook.incremental.store import BuildCache

    cache = BuildCache(tmp_path / "cache", root=tmp_path / "root")
    with pytest.raises(ValueError, match="incremental/kinds.py"):
        cache.put("notes", "0" * 64, 1)
    cache.put("layout", "0" * 64, 1)
    assert cache.get("layout", "0" * 64) == 1 and "layout" in KINDS


def with_undefined_count(layout_chapter):
    """A layout function that ends each chapter with how many undefined acronyms the book has:
    it reads a field of the book the recording's key does not name."""

    def laid_out(chapter, ctx):
        story = layout_chapter(chapter, ctx)
        count = len(ctx.book.undefined_acronyms)
        story.append(Paragraph(f"Undefined in the book: {count}.", paragraph_style(ctx.theme, "body")))
        return story

    return laid_out


def test_a_layout_that_reads_an_unkeyed_field_of_the_book_is_rebuilt_right(source, tmp_path, monkeypatch):
    for module in (passes, recordpool):
        monkeypatch.setattr(module, "layout_chapter", with_undefined_count(module.layout_chapter))
    output = tmp_path / "out" / "book.pdf"
    build(source, output, use_cache=True)
    (before,) = set(re.findall(r"Undefined in the book: (\d+)\.", BuiltBook(output, None).text))
    epsilon = source / "05-epsilon.md"
    epsilon.write_text(epsilon.read_text(encoding="utf-8") + "\nThe ZYXW met.\n", encoding="utf-8")
    build(source, output, use_cache=True)
    after = set(re.findall(r"Undefined in the book: (\d+)\.", BuiltBook(output, None).text))
    assert after == {str(int(before) + 1)}  # every chapter's ending, Alpha's recording too
    assert output.read_bytes() == cold_build(source, tmp_path)
