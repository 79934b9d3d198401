"""The glossary, first-use expansions and the syllabus index, as they come out in the PDF."""

from __future__ import annotations

import re
from collections import Counter

import pdfplumber
import pytest
from click.testing import CliRunner

from conftest import SAMPLE, BuiltBook, write_sources
from handbook.enrich.acronyms import used_acronyms
from handbook.errors import Diagnostics
from handbook.model import AcronymUse
from handbook.model.walk import inlines_of
from handbook.cli import main
from handbook.options import BuildOptions
from handbook.pipeline import build, prepare
from handbook.theme import load_theme

GLOSSARY = """
    QUAD: {expansion: Quadrilateral Security Dialogue, note: "India, Japan, Australia and the United States."}
    FOIP: Free and Open Indo-Pacific
    ACSA: {expansion: Acquisition and Cross-Servicing Agreement, note: Reciprocal supplies and services between forces.}
    R&D: Research and Development
    5G: Fifth-Generation Mobile Networks
    SAGAR: Security and Growth for All in the Region
    UNCLOS: United Nations Convention on the Law of the Sea
    """

# Lowercase filler (no acronym-like tokens) that pushes later paragraphs onto later pages.
FILLER = (
    "the two countries have built their partnership slowly, through trade, loans for railways "
    "and metro lines, exchanges of students and a shared wish for open sea lanes. " * 4
).strip()


def filler(paragraphs: int) -> str:
    """Paragraphs for the chapters below (indented like them, for write_sources' dedent)."""
    return "\n\n        ".join([FILLER] * paragraphs)


CHAPTERS = {
    "book.yaml": "title: Ties Handbook\nignore_acronyms: [US]\n",
    "glossary.yaml": GLOSSARY,
    "01-partners.md": f"""
        ---
        title: Strategic Partners
        paper: GS2
        topic: International Relations
        acronyms:
          SCRI: Supply Chain Resilience Initiative
        ---
        The QUAD brings four democracies together, and the Free and Open Indo-Pacific (FOIP) is
        the vision it serves. The QUAD met again in 2021.

        ## The QUAD at sea

        {filler(7)}

        Two ACSAs were signed over the years, and the SCRI links supply chains.

        {filler(7)}

        The QUAD and FOIP appear here again, with R&D in 5G technology.
        """,
    "02-economy.md": f"""
        ---
        title: Money and Machines
        paper: GS3
        topic: Economy
        ---
        Spending on R&D grew, and SAGAR frames the ocean policy.

        {filler(4)}

        The QUAD also discussed critical technology.
        """,
    "03-ethics.md": """
        ---
        title: Duty at Sea
        paper: GS4
        ---
        A short chapter about duty, with no acronym at all.
        """,
    "04-extra.md": """
        ---
        title: Reading List
        ---
        Notes to read later about the ARF, in [the QUAD site](https://example.org/QUAD) and `UNCLOS`.
        """,
}

USED = {"QUAD", "FOIP", "ACSA", "R&D", "5G", "SAGAR", "SCRI"}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = write_sources(tmp_path_factory.mktemp("ties"), CHAPTERS)
    output = folder / "out.pdf"
    return BuiltBook(output, build(folder, output, BuildOptions()))


def flat(text: str) -> str:
    return " ".join(text.split())


def expansions() -> dict[str, str]:
    """The fixture's acronyms -> expansions."""
    import yaml

    data = yaml.safe_load(GLOSSARY.replace("\n    ", "\n"))
    out = {k: (v if isinstance(v, str) else v["expansion"]) for k, v in data.items()}
    out["SCRI"] = "Supply Chain Resilience Initiative"
    return out


def word(acronym: str) -> re.Pattern:
    return re.compile(rf"(?<![\w&]){re.escape(acronym)}s?(?![\w&])")


def body_pages(book: BuiltBook) -> list[int]:
    """Indexes of the pages from the first chapter up to the glossary."""
    return list(range(book.result.record.body_start - 1, glossary_pages(book)[0]))


def glossary_pages(book: BuiltBook) -> list[int]:
    record = book.result.record
    first = record.anchor_pages["glossary"] - 1
    last = record.anchor_pages.get("syllabus-index", len(book.pages) + 1) - 1
    return [i for i in range(first, last) if book.pages[i].strip()]


def links(book: BuiltBook, index: int):
    """(rect in pdfplumber coordinates, destination page index, destination top) per internal link."""
    ids = {page.indirect_reference.idnum: i for i, page in enumerate(book.reader.pages)}
    page = book.reader.pages[index]
    height = float(page.mediabox.height)
    out = []
    for annot in page.get("/Annots", []):
        annot = annot.get_object()
        dest = annot.get("/Dest")
        if dest is None:
            continue
        x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
        top = float(dest[3]) if dest[1] == "/XYZ" else None
        out.append(((x0, height - y1, x1, height - y0), ids[dest[0].idnum], top))
    return out


def inside(w, rect) -> bool:
    """The word's middle lies in rect (link rectangles sit a little off the glyphs)."""
    x0, top, x1, bottom = rect
    return (
        x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= x1 + 1 and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1
    )


def words_in(plumber_page, rect) -> str:
    return " ".join(w["text"] for w in plumber_page.extract_words() if inside(w, rect))


PAGE_LIST = re.compile(r"((?:\d+(?:–\d+)?, )*\d+(?:–\d+)?)\Z")


def glossary_entries(book: BuiltBook, acronyms) -> dict[str, tuple[list[int], list[tuple[str, int]]]]:
    """acronym -> (the pages its entry prints, ranges expanded; (number shown, target page index)
    of each link in the entry). An entry starts with its acronym at the left edge (later lines
    are hung), and ends where the next entry or letter heading starts."""
    entries = {}
    with pdfplumber.open(book.path) as pdf:
        for index in glossary_pages(book):
            page = pdf.pages[index]
            margins = load_theme("default").page  # the running head and folio are not entries
            words = sorted(
                (
                    w
                    for w in page.extract_words()
                    if margins.margin_top <= w["top"] <= page.height - margins.margin_bottom
                ),
                key=lambda w: (round(w["top"]), w["x0"]),
            )
            left = min(w["x0"] for w in words)
            starts = [i for i, w in enumerate(words) if abs(w["x0"] - left) < 1] + [len(words)]
            for begin, end in zip(starts, starts[1:]):
                acronym = words[begin]["text"]
                if acronym not in acronyms:
                    continue  # the title or a letter heading
                region = words[begin:end]
                match = PAGE_LIST.search(" ".join(w["text"] for w in region))
                pages = []
                for part in match.group(1).split(", ") if match else []:
                    first, _, last = part.partition("–")
                    pages.extend(range(int(first), int(last or first) + 1))
                # Characters, not words: '4–6,' is one word holding two links.
                span = (region[0]["top"], region[-1]["bottom"])
                linked = [
                    ("".join(c["text"] for c in page.chars if inside(c, rect)), target)
                    for rect, target, _ in links(book, index)
                    if span[0] - 1 <= (rect[1] + rect[3]) / 2 <= span[1] + 1
                ]
                entries[acronym] = (pages, linked)
    return entries


def check_glossary(book: BuiltBook, used: set[str], defined) -> dict[str, list[int]]:
    """Every used acronym has an entry whose every page number is a page showing the acronym
    and a link to exactly that page; returns acronym -> pages."""
    entries = glossary_entries(book, set(defined))
    assert used <= set(entries)
    labels = {book.label(i): i for i in range(len(book.pages))}
    for acronym, (pages, linked) in entries.items():
        assert pages == sorted(set(pages)) and pages, acronym
        for page in pages:
            assert word(acronym).search(book.pages[labels[str(page)]]), (acronym, page)
        ends = {p for p in pages if p - 1 not in pages or p + 1 not in pages}  # range ends and singles
        assert sorted(int(shown) for shown, _ in linked) == sorted(ends), acronym
        for shown, target in linked:
            assert book.label(target) == shown, acronym
    return {acronym: pages for acronym, (pages, _) in entries.items()}


def body_text(book: BuiltBook) -> str:
    """The body pages' words set in the body font family, in reading order. Headings, chapter
    titles, running heads and mind maps are set in other fonts and are never expanded."""
    with pdfplumber.open(book.path) as pdf:
        pages = [pdf.pages[i].extract_words(extra_attrs=["fontname"]) for i in body_pages(book)]
    family = Counter(_family(w) for words in pages for w in words).most_common(1)[0][0]
    text = " ".join(w["text"] for words in pages for w in words if _family(w) == family)
    # A word hyphenated at a line's end is one word (issue 27); 'Japan-' 'India' keeps its own
    return re.sub(r"(?<=\w)- (?=[A-Z])", "-", re.sub(r"(?<=[a-z])- (?=[a-z])", "", text))


def _family(w) -> str:
    return w["fontname"].split("+")[-1].split("-")[0]


def check_first_uses(
    book: BuiltBook,
    expansions: dict[str, str],
    written_by_author: dict[str, int],
    added: dict[str, int] | None = None,
    linked_first: set = frozenset(),
):
    """The spelled-out form 'Expansion (ACR)' is printed once per acronym (more only where the
    author wrote it out again), at the acronym's first appearance in the body text.
    `added`: how many expansions the tool added (at most one each) when the author's own come
    after the first use; without it, the author's expansions are taken to come first.
    `linked_first`: acronyms whose first use is one where an expansion cannot be right (a table
    cell, a quote, 'the ASEAN nations'): their spelled-out form comes later."""
    body = body_text(book)
    for acronym, expansion in expansions.items():
        spelled = re.compile(rf"(?i:{re.escape(expansion)}s?) \({re.escape(acronym)}s?\)")
        found = list(spelled.finditer(body))
        written = written_by_author.get(acronym, 0)
        expected = max(1, written) if added is None else written + added.get(acronym, 0)
        assert len(found) == expected, acronym
        first_use = word(acronym).search(body)
        if acronym in linked_first:
            assert first_use.end() < found[0].start(), acronym
            continue
        assert found[0].start() < first_use.end() <= found[0].end(), acronym


def test_each_used_acronym_is_spelled_out_exactly_once_at_its_first_use(book):
    check_first_uses(book, {a: e for a, e in expansions().items() if a in USED}, {"FOIP": 1})
    body = flat(" ".join(book.pages[i] for i in body_pages(book)))
    assert "(UNCLOS)" not in body and "Law of the Sea" not in body  # only in code: not a use


def test_glossary_lists_every_used_acronym_with_the_pages_it_is_on(book):
    pages = check_glossary(book, USED, expansions())
    assert set(pages) == USED  # UNCLOS is defined but only used in code: not listed
    for acronym in USED:
        # Link text is not a use (it cannot link again): the reading list's "the QUAD site".
        on = {
            int(book.label(i))
            for i in body_pages(book)
            if word(acronym).search(book.pages[i].replace("the QUAD site", ""))
        }
        assert set(pages[acronym]) == on, acronym  # every page with the acronym is listed
    assert len(pages["QUAD"]) >= 3  # the fixture spreads it over several pages
    assert any(b - a >= 2 for a, b in zip(pages["QUAD"], pages["QUAD"][1:])) or any(
        len(p) >= 3 for p in pages.values()
    )


def test_glossary_is_alphabetical_with_notes_and_a_range(book):
    text = flat(" ".join(book.pages[i] for i in glossary_pages(book)))
    order = [
        text.index(f" {acronym} {expansions()[acronym]}")
        for acronym in ["5G", "ACSA", "FOIP", "QUAD", "R&D", "SAGAR", "SCRI"]
    ]
    assert order == sorted(order)
    assert "Reciprocal supplies and services between forces." in text
    assert re.search(r"\d+–\d+", text), "consecutive pages are printed as a range"


def test_each_use_in_the_text_links_to_its_glossary_entry(book):
    glossary = set(glossary_pages(book))
    seen = set()
    with pdfplumber.open(book.path) as pdf:
        for index in body_pages(book):
            for rect, target, top in links(book, index):
                if target not in glossary:
                    continue
                shown = words_in(pdf.pages[index], rect)
                # A spelled-out use may wrap: a line's part of the link then shows only expansion
                # words. (reportlab starts a multi-word link's rectangle early on a justified
                # line, so a word before it may show too: the last word decides.)
                last = shown.split()[-1]
                acronym = next(a for a in USED if word(a).search(last) or last in expansions()[a].split())
                # The destination is the entry: it lands just above the entry's first word.
                page = pdf.pages[target]
                entry = [w for w in page.extract_words() if w["text"] == acronym and w["x0"] < 80]
                assert any(0 <= w["top"] - (page.height - top) < 30 for w in entry), acronym
                seen.add(acronym)
    assert seen == USED


def test_syllabus_index_groups_chapters_with_correct_pages(book):
    index = next(i for i, t in enumerate(book.pages) if t.startswith("Syllabus Index"))
    text = flat(book.pages[index])
    assert (
        text.index("GS2")
        < text.index("International Relations")
        < text.index("Strategic Partners")
        < text.index("GS3")
        < text.index("Money and Machines")
        < text.index("GS4")
        < text.index("Duty at Sea")
        < text.index("Other chapters")
        < text.index("Reading List")
    )
    with pdfplumber.open(book.path) as pdf:
        words = pdf.pages[index].extract_words()
    for number, title in enumerate(
        ["Strategic Partners", "Money and Machines", "Duty at Sea", "Reading List"], 1
    ):
        opening = book.page_of(f"Chapter {number}\n{title}")
        first = next(w for w in words if w["text"] == title.split()[0])
        line = sorted((w for w in words if abs(w["top"] - first["top"]) < 2), key=lambda w: w["x0"])
        assert line[0]["text"] == str(number) and line[-1]["text"] == book.label(opening)
    targets = sorted(target for _, target, _ in links(book, index))
    assert targets == sorted(book.page_of(f"Chapter {n}\n") for n in range(1, 5))


def test_unused_entries_are_listed_only_when_asked(tmp_path):
    folder = write_sources(tmp_path / "src", {"glossary.yaml": GLOSSARY, "01.md": "# One\n\nThe QUAD met.\n"})
    plain = BuiltBook(tmp_path / "a.pdf", build(folder, tmp_path / "a.pdf", BuildOptions()))
    everything = BuiltBook(
        tmp_path / "b.pdf", build(folder, tmp_path / "b.pdf", BuildOptions(all_acronyms=True))
    )
    assert "Quadrilateral Security Dialogue" in plain.pages[-1] and "UNCLOS" not in plain.text
    assert "UNCLOS United Nations Convention" in flat(everything.pages[-1])


def test_check_warns_about_undefined_acronyms_with_file_and_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_sources(
        tmp_path / "src",
        {
            "glossary.yaml": "QUAD: Quadrilateral Security Dialogue\nUNCLOS: Law of the Sea\n",
            "01-a.md": "---\ntitle: One\n---\nThe QUAD met.\n\nThe ARF met too.\n",
        },
    )
    result = CliRunner().invoke(main, ["check", "src"])
    assert "src/01-a.md:6: warning: undefined acronym 'ARF'" in result.output
    assert (
        "src/glossary.yaml:2: warning: acronym 'UNCLOS' is defined but never used in the text"
        in result.output
    )
    built = CliRunner().invoke(main, ["build", "src", "-o", "out.pdf"])
    assert built.exit_code == 0
    # One warning of each code: printed as it is (repeated ones are folded, tests/test_diagnostic_codes.py).
    assert "src/01-a.md:6: warning: undefined acronym 'ARF'" in built.output
    all_listed = CliRunner().invoke(main, ["build", "src", "-o", "all.pdf", "--all-acronyms"])
    assert all_listed.exit_code == 0 and "Law of the Sea" in BuiltBook(tmp_path / "all.pdf", None).text


# --- the sample handbook -------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(sample_book):
    if not (SAMPLE / "glossary.yaml").is_file():
        pytest.skip("the sample handbook has no glossary.yaml")
    built = sample_book()
    prepared = prepare(SAMPLE, BuildOptions(), Diagnostics())
    return built, prepared.book


def acronym_uses(book):
    """Every AcronymUse of the enriched model."""
    from handbook.enrich.inline_runs import chapter_runs

    for chapter in book.chapters:
        for run in chapter_runs(chapter):
            yield from inlines_of(AcronymUse, run.inlines)


def test_sample_spells_out_each_acronym_once_and_lists_it_with_its_pages(sample):
    built, book = sample
    used = used_acronyms(book)
    assert used, "the sample uses no defined acronym"
    assert used == {use.acronym for use in acronym_uses(book)}  # what the step recorded is the text's
    sources = flat(" ".join(p.read_text(encoding="utf-8") for p in SAMPLE.glob("*.md")))
    expansions = {a: book.glossary[a].expansion for a in used}
    by_author = {
        a: len(re.findall(rf"(?i:{re.escape(e)}s?) \({re.escape(a)}s?\)", sources))
        for a, e in expansions.items()
    }
    added = Counter(use.acronym for use in acronym_uses(book) if use.expansion)
    assert added, "the tool spelled out no acronym in the sample"
    assert all(count == 1 for count in added.values())  # the tool spells each out once at most
    check_first_uses(built, expansions, by_author, added, linked_first=linked_first(book))
    check_glossary(built, used, book.glossary)


def linked_first(book) -> set:
    """The acronyms whose first use in the body is linked only (a table cell, a block quote,
    'the ASEAN nations'), the expansion coming at a later use."""
    from handbook.enrich.inline_runs import book_runs

    seen, out = set(), set()
    for _, run in book_runs(book, "end"):
        if run.kind in ("heading", "mindmap"):
            continue
        for use in inlines_of(AcronymUse, run.inlines):
            if (use.acronym in seen and use.expansion) or (use.acronym not in seen and run.kind == "cell"):
                out.add(use.acronym)
            seen.add(use.acronym)
    assert "ACSA" in out and "ASEAN" in out  # a table cell, and 'the ASEAN nations'
    return out
