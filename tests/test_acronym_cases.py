"""Acronyms that are never wrong (issue 15): each wrong expansion seen on public notes, in a
sentence of our own around the same construct, checked in the printed PDF; meanings, per-use
choices, the quiet lint, YAML booleans and `glossary suggest`."""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from conftest import BuiltBook, write_sources
from handbook.cli import main
from handbook.enrich.acronym_text import words
from handbook.errors import Diagnostics
from handbook.options import BuildOptions
from handbook.parse.acronyms import parse_acronym_defs
from handbook.pipeline import build, check, prepare

GLOSSARY = """
    HM: Hizbul Mujahideen
    PM: Prime Minister
    SC: [Supreme Court, Scheduled Castes]
    ST: Scheduled Tribes
    RS: Rajya Sabha
    LPG: [Liquefied Petroleum Gas, "Liberalisation, Privatisation and Globalisation"]
    CSE: {meanings: [{expansion: Civil Services Examination}, {expansion: Centre for Science and Environment, note: A Delhi think tank.}]}
    NPR: National Population Register
    NSCN: National Socialist Council of Nagaland
    IM: Isak-Muivah (faction of the NSCN)
    AW: Answer Writing
    NIFE: Nickel + Iron
    ADR: Alternative Dispute Resolution
    MISA: Maintenance of Internal Security Act
    CERT: Computer Emergency Response Team
    JAY: Jan Arogya Yojana
    BSL: Biosafety Level
    BSL-4: Biosafety Level 4
    QUAD: Quadrilateral Security Dialogue
    UPSC: Union Public Service Commission
    """

# One chapter per case from the issue, so each acronym's first use is the case itself.
CASES = {
    "01-quote.md": """
        # Montagu

        In 1917 Montagu announced: "The policy of HM Government is the gradual development of
        self-governing institutions."

        > HM Government also promised responsible government.

        Much later HM militants appeared in the valley.
        """,
    "02-time.md": """
        # Jallianwala

        Time: 4:30 PM – 5:30 PM, when the crowd gathered.
        """,
    "03-reservation.md": """
        # Reservation

        The amendment extended SC/ST reservation in legislatures for ten more years.
        """,
    "04-reservation-chapter.md": """
        ---
        title: Reservation Again
        acronyms: {SC: Scheduled Castes}
        ---
        Seats are reserved for SC and ST candidates in proportion to population.
        """,
    "05-reading.md": """
        # Reading

        Ancient India – RS Sharma remains the standard textbook.
        """,
    "06-economy.md": """
        # Economy

        The LPG Reforms of 1991 opened the economy. Later, LPG{Liberalisation, Privatisation and Globalisation} drew critics.
        """,
    "07-groups.md": """
        # Groups

        Environmental groups: Greenpeace, WWF, CSE.
        """,
    "08-groups-chapter.md": """
        ---
        title: Groups Again
        acronyms: {CSE: Centre for Science and Environment}
        ignore_acronyms: [WWF]
        ---
        Reports by WWF and CSE shaped the debate.
        """,
    "09-trade.md": """
        # Trade

        | Partner | Trade |
        |---|---|
        | Nepal | NPR 976.78 billion |

        A Nepali trader was paid 976.78 NPR that day.
        """,
    "10-northeast.md": """
        # North-East

        Talks continued with the National Socialist Council of Nagaland NSCN(IM) for years.
        """,
    "11-writing.md": """
        # Writing

        Practise Active Writing (AW) every day; AW improves speed.
        """,
    "12-geography.md": """
        # Geography

        The core is made of Nickel and iron (NIFE). The NIFE core is dense.
        """,
    "13-courts.md": """
        # Courts

        Alternative dispute resolution or ADR keeps cases out of court.
        """,
    "14-emergency.md": """
        # Emergency

        Many were detained under the MISA Act, 1971 during the Emergency.
        """,
    "15-compounds.md": """
        # Compounds

        CERT-In answers incidents, PM-JAY insures families, and BSL-3 labs test samples, while
        BSL-4 labs handle the worst.
        """,
}


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> BuiltBook:
    folder = write_sources(tmp_path_factory.mktemp("cases"), {"glossary.yaml": GLOSSARY, **CASES})
    output = folder / "out.pdf"
    return BuiltBook(output, build(folder, output, BuildOptions()))


TITLES = [re.search(r"^\s*(?:# |title: )(.+)$", text, re.M).group(1) for text in CASES.values()]


def glossary_start(book: BuiltBook) -> int:
    """The glossary's first page (the contents names it first)."""
    return [i for i, text in enumerate(book.pages) if "Glossary of Acronyms" in text][1]


def body(book: BuiltBook) -> str:
    return "\n".join(book.pages[: glossary_start(book)])


def printed(book: BuiltBook, chapter_title: str) -> str:
    """The flattened text of a chapter's opening page ('Chapter N' over its title)."""
    number = TITLES.index(chapter_title.strip()) + 1
    return " ".join(book.pages[book.page_of(f"Chapter {number}\n{chapter_title.strip()}")].split())


def test_a_quotation_is_not_expanded_and_a_later_use_is(book):
    text = printed(book, "Montagu")
    assert "“The policy of HM Government is the gradual" in text
    assert "HM Government also promised" in text  # a block quote
    assert "Much later Hizbul Mujahideen (HM) militants" in text


def test_a_time_is_no_use(book):
    text = printed(book, "Jallianwala")
    assert "Time: 4:30 PM – 5:30 PM, when" in text
    assert "Prime Minister" not in body(book)


def test_several_meanings_are_never_expanded_and_a_chapter_chooses(book):
    assert "extended SC/ST reservation" in printed(book, "Reservation\n")  # a slash pair: never spelled out
    assert "reserved for Scheduled Castes (SC) and Scheduled Tribes (ST) candidates" in printed(
        book, "Reservation Again"
    )


def test_initials_before_a_surname_are_no_use(book):
    assert "Ancient India – RS Sharma remains" in printed(book, "Reading")
    assert "Rajya Sabha" not in body(book)


def test_a_use_chooses_its_meaning(book):
    text = printed(book, "Economy")
    assert "The LPG Reforms of 1991" in text
    assert "Later, Liberalisation, Privatisation and Globalisation (LPG) drew critics." in text
    assert "Liquefied" not in text and "{" not in text


def test_a_list_of_acronyms_with_an_ambiguous_one(book):
    assert "Greenpeace, WWF, CSE." in printed(book, "Groups\n")
    assert "WWF and Centre for Science and Environment (CSE) shaped" in printed(book, "Groups Again")


def test_table_cells_and_numbers_link_only(book):
    text = printed(book, "Trade")
    assert "Nepal NPR 976.78 billion" in text
    assert "paid 976.78 NPR that day" in text
    assert "National Population Register" not in body(book)


def test_the_authors_parentheses_are_left_alone(book):
    assert "National Socialist Council of Nagaland NSCN(IM) for years" in printed(book, "North-East")
    assert "Practise Active Writing (AW) every day; AW improves" in printed(book, "Writing")
    text = printed(book, "Geography")
    assert "Nickel and iron (NIFE). The NIFE core" in text and "Nickel + Iron" not in body(book)


def test_nearby_spelling_and_a_repeated_last_word(book):
    assert "Alternative dispute resolution or ADR keeps" in printed(book, "Courts")
    assert "under the MISA Act, 1971" in printed(book, "Emergency")
    assert "Maintenance of Internal Security Act" not in printed(book, "Emergency")


def test_hyphenated_compounds_are_words_of_their_own(book):
    text = printed(book, "Compounds")
    assert "CERT-In answers incidents, PM-JAY insures families, and BSL-3 labs" in text
    assert "Biosafety Level 4 (BSL-4) labs handle" in text  # defined as a whole: expanded
    assert "Computer Emergency" not in text and "Jan Arogya" not in text


def test_glossary_lists_each_meaning_with_its_own_pages(book):
    glossary = " ".join(" ".join(book.pages[glossary_start(book) :]).split())
    reservation = book.label(book.page_of("Chapter 3\nReservation"))
    reservation_again = book.label(book.page_of("Chapter 4\nReservation Again"))
    entry = re.search(r"SC 1\. Supreme Court; 2\. Scheduled Castes (\S+); meaning not marked (\S+)", glossary)
    assert entry, glossary
    assert entry.group(1) == reservation_again and entry.group(2) == reservation
    assert (
        "CSE 1. Civil Services Examination; 2. Centre for Science and Environment. A Delhi think tank."
        in glossary
    )
    # Both uses of LPG are on one page: the unchosen one is still listed as such.
    economy = book.label(book.page_of("Chapter 6\nEconomy"))
    assert (
        f"Liberalisation, Privatisation and Globalisation {economy}; meaning not marked {economy}" in glossary
    )


def test_each_ambiguous_use_is_reported_once_per_chapter_with_its_line(book):
    found = check(book.path.parent)
    places = sorted(
        (d.path.rsplit("/", 1)[-1], d.line, d.message.split("'")[1])
        for d in found.warnings
        if d.code == "acronym-ambiguous"
    )
    # 11-writing.md defines AW as 'Active Writing' where the glossary has 'Answer Writing': its
    # uses are not the glossary's meaning (their page is listed apart), and check says so.
    assert places == [
        ("03-reservation.md", 3, "SC"),
        ("06-economy.md", 3, "LPG"),
        ("07-groups.md", 3, "CSE"),
        ("11-writing.md", 3, "AW"),
    ]


# --- per-use control, in the model ----------------------------------------------------


def enriched(tmp_path, files, glossary=GLOSSARY):
    folder = write_sources(tmp_path, {"glossary.yaml": glossary, **files})
    diagnostics = Diagnostics()
    prepared = prepare(folder, BuildOptions(), diagnostics)
    return prepared, diagnostics


def model_text(prepared, chapter=0) -> str:
    from handbook.model import Paragraph, plain_text

    return " ".join(
        plain_text(b.children) for b in prepared.book.chapters[chapter].blocks if isinstance(b, Paragraph)
    )


def test_backslash_says_not_the_acronym(tmp_path):
    prepared, diagnostics = enriched(
        tmp_path, {"01.md": "# One\n\nThe \\QUAD here is a word, \\ABC too; the QUAD met.\n"}
    )
    assert (
        model_text(prepared)
        == "The QUAD here is a word, ABC too; the Quadrilateral Security Dialogue (QUAD) met."
    )
    assert not [d for d in diagnostics.warnings if d.code == "acronym-undefined"]


def test_the_markup_is_never_printed_in_mind_maps_or_headings(tmp_path):
    from handbook.model import Heading, MindMap, plain_text

    prepared, _ = enriched(
        tmp_path,
        {
            "01.md": "# One\n\n## The SC{Scheduled Castes} and \\QUAD\n\n"
            "```mindmap\n- SC{Supreme Court}\n  - \\QUAD and ABC{Alpha Beta}\n```\n"
        },
    )
    blocks = prepared.book.chapters[0].blocks
    heading = next(b for b in blocks if isinstance(b, Heading))
    assert plain_text(heading.children) == "The SC and QUAD"
    mindmap = next(b for b in blocks if isinstance(b, MindMap))
    labels = [plain_text(mindmap.root.label)] + [plain_text(c.label) for c in mindmap.root.children]
    assert labels == ["SC", "QUAD and ABC"]


def test_a_meaning_written_at_an_undefined_acronym_defines_it(tmp_path):
    prepared, diagnostics = enriched(
        tmp_path, {"01.md": "# One\n\nThe XYZ{Example Yard Zone} opened; XYZ grew.\n"}
    )
    assert model_text(prepared) == "The Example Yard Zone (XYZ) opened; XYZ grew."
    assert prepared.book.glossary["XYZ"].expansion == "Example Yard Zone"
    assert not [d for d in diagnostics.warnings if d.code == "acronym-undefined"]


def test_a_todo_entry_is_linked_not_printed_and_check_lists_it(tmp_path):
    prepared, diagnostics = enriched(tmp_path, {"01.md": "# One\n\nThe ABC met.\n"}, glossary='ABC: "TODO"\n')
    assert model_text(prepared) == "The ABC met."
    (todo,) = [d for d in diagnostics.warnings if d.code == "acronym-todo"]
    assert todo.path.endswith("glossary.yaml") and todo.line == 1


def test_link_text_is_a_use_neither_undefined_nor_unused(tmp_path):
    prepared, diagnostics = enriched(
        tmp_path,
        {"01.md": "# One\n\nSee [the UPSC site](https://upsc.gov.in/ABC) and [ARF news](https://x.org).\n"},
        glossary="UPSC: Union Public Service Commission\n",
    )
    codes = {(d.code, d.message.split("'")[1]) for d in diagnostics.warnings if d.code.startswith("acronym")}
    assert codes == {("acronym-undefined", "ARF")}  # ABC in the link target is not a word
    assert model_text(prepared) == "See the UPSC site and ARF news."  # never spelled out in a link


def test_devanagari_text_around_an_acronym(tmp_path):
    prepared, diagnostics = enriched(
        tmp_path, {"01.md": "# एक\n\nभारत QUAD का सदस्य है। QUADका नाम, ABCकी बात।\n"}
    )
    assert model_text(prepared).startswith("भारत Quadrilateral Security Dialogue (QUAD) का सदस्य है। QUADका")
    assert {d.message.split("'")[1] for d in diagnostics.warnings if d.code == "acronym-undefined"} == {"ABC"}


# --- the quiet lint ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "INDIA-PAKISTAN RELATIONS",
        "**NECESSARY EVIL** it was",
        "WE, THE PEOPLE OF INDIA, having",
        "UNITED NATIONS & INDIA",
        "PAK-SPONSORED / CROSS-BORDER TERRORISM",
        "WORLD HEALTH ORGANIZATION (WHO) & INDIA",
        "DD Basu, GC Leong and MC Mehta wrote",
        "500 GW, 20 MW, 3 MT and 5 MMT",
        "the 44TH amendment, Article 243ZG and 239AA",
        "Parts IVA and XIVA, LXVII, XCIX",
        "NO2, SO2, NH3, CH4, H2O, CO and CO2",
        "the Su-30MKI fleet",
        '<abbr title="XYZ">x</abbr>',
        "[text](https://example.org/ABC)",
        "at 5:30 PM",
        "a \\NOTE here",
    ],
)
def test_not_reported_as_undefined(text):
    assert [w.candidate for w in words(text, {}) if w.candidate] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("WWF, CSE and UPSC CSE", ["WWF", "CSE", "UPSC"]),  # acronyms side by side: no prose in capitals
        ("CERT-In, PM-JAY and BSL-3 labs", ["CERT-In", "PM-JAY", "BSL-3"]),
        ("QUAD-led talks and India-ASEAN ties", ["QUAD", "ASEAN"]),
        ("SQL Injection and GIS Mapping", ["SQL", "GIS"]),  # three letters before a noun: acronyms
        ("I4C and APT10 (APT1, NAM)", ["I4C", "APT10", "APT1", "NAM"]),
        ("Art 136: SLP provision", ["SLP"]),
        ("the IIT and CCI, CII, LIC and MLA", ["IIT", "CCI", "CII", "LIC", "MLA"]),  # no Roman numerals
    ],
)
def test_reported_as_undefined(text, expected):
    found = [w.candidate for w in words(text, {}) if w.candidate]
    assert sorted(set(found)) == sorted(set(expected))


def test_yaml_booleans_in_a_word_list_are_the_words_with_a_warning(tmp_path):
    write_sources(
        tmp_path,
        {
            "book.yaml": "title: T\nignore_acronyms:\n  - NO\n  - ON\n  - ARF\n",
            "01.md": "# One\n\nSay NO, turn ON, and the ARF met.\n",
        },
    )
    found = check(tmp_path)
    booleans = sorted((d.line, d.code) for d in found.warnings if d.code == "yaml-boolean-word")
    assert booleans == [(3, "yaml-boolean-word"), (4, "yaml-boolean-word")]
    assert not found.errors
    assert not [d for d in found.warnings if d.code == "acronym-undefined"]


def test_a_glossary_key_list_item_boolean_flow_list(tmp_path):
    write_sources(
        tmp_path,
        {
            "book.yaml": "title: T\nignore_acronyms: [NO, ON]\n",
            "01.md": "---\ntitle: One\nignore_acronyms: [YES, Off]\n---\nNO, ON, OFF and YES; and AB.\n",
        },
    )
    found = check(tmp_path)
    assert sorted(d.path.rsplit("/", 1)[-1] for d in found.warnings if d.code == "yaml-boolean-word") == [
        "01.md",
        "01.md",
        "book.yaml",
        "book.yaml",
    ]  # (PyYAML reads Y and N as text already)
    assert [d.message.split("'")[1] for d in found.warnings if d.code == "acronym-undefined"] == ["AB"]


# --- glossary suggest --------------------------------------------------------------------

SUGGEST = {
    "glossary.yaml": "QUAD: Quadrilateral Security Dialogue\n",
    "01-a.md": """
        # A

        The Union Public Service Commission (UPSC) holds the exam. The UPSC sets papers; the ARF
        and the ARF again. QUAD too. YES was said.
        """,
    "02-b.md": "# B\n\nThe DPSP (Directive Principles of State Policy) guide the State. ON it went.\n",
}


def test_glossary_suggest_prints_proposals_with_their_sentences(tmp_path):
    folder = write_sources(tmp_path / "src", SUGGEST)
    result = CliRunner().invoke(main, ["glossary", "suggest", str(folder)])
    assert result.exit_code == 0, result.output
    blocks = result.output.split("\n\n")
    assert [b.split()[0] for b in blocks] == ["ARF", "UPSC", "DPSP", "YES"]  # most used first
    upsc = blocks[1].splitlines()
    assert upsc[0].startswith("UPSC  (2 uses, first at ") and upsc[0].endswith("01-a.md:3)")
    assert upsc[1] == "  meaning: Union Public Service Commission"
    assert upsc[2].endswith("01-a.md:3: The Union Public Service Commission (UPSC) holds the exam.")
    assert "no definition found in the text" in blocks[0]
    assert "meaning: Directive Principles of State Policy" in blocks[2]
    assert "ON" not in result.output.split()  # a code keyword, not proposed


def test_glossary_suggest_write_is_no_fact_until_reviewed(tmp_path):
    folder = write_sources(tmp_path / "src", SUGGEST)
    before = (folder / "glossary.yaml").read_text()
    result = CliRunner().invoke(main, ["glossary", "suggest", str(folder), "--write"])
    assert result.exit_code == 0, result.output
    assert (folder / "glossary.yaml").read_text() == before  # glossary.yaml untouched
    proposals = yaml.safe_load((folder / "glossary.suggested.yaml").read_text())
    assert proposals["UPSC"]["meanings"] == ["Union Public Service Commission"]
    assert proposals["YES"]["meanings"] == []  # (the key quoted: YAML would read true)
    found = check(folder)
    assert not [d for d in found.warnings if d.code == "acronym-todo"]
    # the proposals are not used: still undefined to a build
    assert sorted(d.message.split("'")[1] for d in found.warnings if d.code == "acronym-undefined") == [
        "ARF",
        "DPSP",
        "UPSC",
        "YES",
    ]


def test_meanings_are_checked_with_their_lines(tmp_path):
    from handbook.sources.yamlload import load_yaml

    text = (
        "SC: [Supreme Court, {expansion: Scheduled Castes, nots: x}]\n"
        "LPG: {meanings: []}\n"
        "HM: {meanings: [{note: only a note}], plural: HMs}\n"
    )
    diagnostics = Diagnostics()
    defs = parse_acronym_defs(
        load_yaml(text, "glossary.yaml", diagnostics), tmp_path / "glossary.yaml", diagnostics
    )
    assert [m.expansion for m in defs["SC"].meanings] == ["Supreme Court", "Scheduled Castes"]
    found = sorted((d.line, d.severity, d.code) for d in diagnostics.items)
    assert found == [
        (1, "warning", "key-unknown"),
        (2, "error", "value-invalid"),
        (3, "error", "acronym-expansion-missing"),
    ]
    assert set(defs) == {"SC"}  # the bad entries are left out, the good one kept
