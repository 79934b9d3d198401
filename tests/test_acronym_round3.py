"""Acronyms round 3 (issue 26): every wrong expansion seen on three public notes collections,
in sentences of our own around the same pattern, checked in the printed PDF; suggestions that
are proposals (no build uses them until an editor confirms them); the quiet lint."""

from __future__ import annotations

import re
import pytest
import yaml
from click.testing import CliRunner

from conftest import BuiltBook, write_sources
from png import png_bytes
from handbook.cli import main
from handbook.enrich.acronym_text import as_read, not_an_acronym
from handbook.options import BuildOptions
from handbook.pipeline import build, check


# What an editor confirmed from the author's own definitions elsewhere in the notes.
GLOSSARY = """
    MP: Member of Parliament
    CSC: Common Service Centre
    SCO: Shanghai Cooperation Organisation
    ADB: Asian Development Bank
    JICA: Japan International Cooperation Agency
    JBIC: Japan Bank for International Cooperation
    ODA: Official Development Assistance
    DFC: Dedicated Freight Corridor
    DMIC: Delhi-Mumbai Industrial Corridor
    BARC: Bhabha Atomic Research Centre
    ULFA: United Liberation Front of Asom
    NSG: {expansion: Nuclear Suppliers Group, article: the}
    IAEA: {expansion: International Atomic Energy Agency, article: the}
    AI: {expansion: Artificial Intelligence, proper: false}
    5G: {expansion: fifth-generation mobile technology, proper: false}
    ML: {expansion: machine learning, proper: false}
    FTA: Free Trade Agreement
    """

CASES = {
    # another meaning: the chapter spells 'Madhya Pradesh'; MP in a fact list is the state
    "01-parks.md": """
        # Protected Areas

        Kanha and Bandhavgarh lie in Madhya Pradesh, the state with the largest forest cover.

        Keibul Lamjao is the floating park of Manipur. MP leads in tiger reserves > Karnataka > Assam.
        """,
    # another meaning: CSC here is a Central Sector Scheme, not a Common Service Centre
    "02-schemes.md": """
        # Funding Schemes

        A Central Sector Scheme is paid for wholly by the Union government.

        The Japan-aided skills plan for Bihar is a CSC with its own budget line.
        """,
    # the author's definition in a heading, link text, a cell, a callout title, a caption;
    # in brackets a few words on; brackets after the use; glued brackets
    "03-groupings.md": """
        # Regional Groupings

        ## SCO (Shanghai Cooperation Organisation)

        Shanghai Cooperation Organization (SCO) was set up in 2001; India joined the SCO in 2017.

        [Asian Development Bank (ADB)](https://www.adb.org) lends to Indian cities. ADB loans built the Chennai metro.

        | Lender | What it funds |
        |---|---|
        | JBIC (Japan Bank for International Cooperation) | export credit |

        JBIC credit backs the ports.

        > [!note] Official Development Assistance (ODA)
        > Japan is the largest bilateral donor.

        ODA loans carry a low interest rate.

        ![Dedicated Freight Corridor (DFC) route map](map.png)

        The DFC carries coal and containers.

        The DMIC project (Delhi–Mumbai Industrial Corridor) runs through six states.

        Work at BARC (Trombay) began in 1954.

        Talks with ULFA(I) have stalled.

        The FTA talks (Free Trade Agreement) resumed in 2023.
        """,
    # the chapter title defines it; articles; common nouns mid-sentence and at a start
    "04-agency.md": """
        ---
        title: JICA (Japan International Cooperation Agency)
        subtitle: How the agency works
        ---
        JICA finances the high-speed rail line.

        India has sought a seat in NSG since 2016. Safeguards were signed with IAEA in 2008.

        Japan and India fund research in AI and 5G together.

        ML models now forecast floods.
        """,
}


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> BuiltBook:
    folder = write_sources(
        tmp_path_factory.mktemp("round3"), {"glossary.yaml": GLOSSARY, **CASES, "map.png": png_bytes(40, 20)}
    )
    output = folder / "out.pdf"
    return BuiltBook(output, build(folder, output, BuildOptions()), folder)


def body(book: BuiltBook) -> str:
    """The chapters' text as one line (up to the glossary)."""
    end = [i for i, text in enumerate(book.pages) if "Glossary of Acronyms" in text][1]
    return " ".join(" ".join(book.pages[:end]).split())


def test_another_meaning_in_the_chapter_prints_nothing(book):
    text = body(book)
    assert "Manipur. MP leads in tiger reserves" in text
    assert "Member of Parliament" not in text
    assert "for Bihar is a CSC with its own budget line" in text
    assert "Common Service" not in text


def test_another_meaning_is_a_warning_with_its_line(book):
    found = [
        (d.path.rsplit("/", 1)[-1], d.line, d.message)
        for d in check(book.folder).warnings
        if d.code == "acronym-ambiguous"
    ]
    assert [(path, line) for path, line, _ in found] == [("01-parks.md", 5), ("02-schemes.md", 5)]
    assert "'Madhya Pradesh', spelled in this chapter; Member of Parliament" in found[0][2]
    assert "MP{Member of Parliament}" in found[0][2]


def test_the_authors_definition_counts_wherever_it_is(book):
    text = body(book)
    assert (
        "SCO (Shanghai Cooperation Organisation) Shanghai Cooperation Organization (SCO) was set up" in text
    )
    assert "India joined the SCO in 2017" in text  # the heading defined it: never again
    assert "Asian Development Bank (ADB) lends to Indian cities. ADB loans built" in text
    assert "export credit JBIC credit backs the ports." in text
    assert "ODA loans carry a low interest rate." in text
    assert "route map The DFC carries coal" in text
    assert "JICA finances the high-speed rail line." in text
    assert "The DMIC project (Delhi–Mumbai Industrial Corridor) runs" in text
    assert "The FTA talks (Free Trade Agreement) resumed" in text
    for acronym in ("SCO", "ADB", "JBIC", "ODA", "DFC", "JICA", "DMIC", "FTA"):
        assert len(re.findall(rf"\({acronym}\)", text)) <= 1, acronym  # never a second time


def test_no_expansion_before_brackets_or_glued_to_them(book):
    text = body(book)
    assert "Work at BARC (Trombay) began in 1954." in text
    assert "Talks with ULFA(I) have stalled." in text
    assert not re.search(r"\([A-Z]+\)\s?\(", text)  # never '(X)(Y)' or '(X) (Y)'


def test_articles_and_case_read_right(book):
    text = body(book)
    assert "a seat in the Nuclear Suppliers Group (NSG) since 2016" in text
    assert "signed with the International Atomic Energy Agency (IAEA) in 2008" in text
    assert (
        "research in artificial intelligence (AI) and fifth-generation mobile technology (5G) together"
        in text
    )
    assert "Machine learning (ML) models now forecast floods." in text
    assert "the the" not in text


def test_a_common_noun_starts_with_a_capital_in_the_glossary(book):
    glossary = " ".join(" ".join(book.pages).split())
    assert "5G Fifth-generation mobile technology" in glossary
    assert "ML Machine learning" in glossary


@pytest.mark.parametrize(
    "before, article, proper, expected",
    [
        ("signed under ", "the", True, "the United Nations Convention"),
        ("signed under the ", "the", True, "United Nations Convention"),
        ("signed under India's ", "the", True, "United Nations Convention"),
        ("It was signed. ", "the", True, "The United Nations Convention"),
        ("NSE runs NSE ", "the", True, "United Nations Convention"),  # after a name: a modifier
        ("Funds, ", "the", True, "the United Nations Convention"),
        ("When ", "the", True, "the United Nations Convention"),
        ("", "", False, "United nations convention"),
        ("and ", "", False, "united nations convention"),
    ],
)
def test_as_read(before, article, proper, expected):
    assert as_read("United Nations Convention", before, article, proper) == expected


def test_as_read_keeps_words_set_in_capitals():
    assert as_read("Indian rupee", "the ", "", False) == "Indian rupee"  # written as it reads
    assert as_read("5G network", "a ", "", False) == "5G network"


# --- suggestions are proposals ------------------------------------------------------------

NOTES = {
    "01-groups.md": """
        # Groupings

        India and Japan both back the Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation (BIMSTEC) summit process. BIMSTEC met in Colombo.

        Data centres in Chennai run on two Graphics Processing Units (GPU) per rack; a single GPU costs more than a car.

        Cases under the prevention of money laundering Act (PMLA) rose sharply. PMLA cases need sanction.

        The Nat. Investigation Agency (NIA) took over the case; the NIA filed charges.

        Ten Members of Parliament (MP) went to Osaka. Later, Madhya Pradesh (MP) signed a pact with Japan.

        The treaty follows the United Nations Convention on the Law of the Sea (UNCLOS).

        Chip makers invest in artificial intelligence (AI). AI is everywhere.

        The Directive Principles of State Policy (DPSP) guide the State; the DPSP are not enforceable.

        See [notes](Polity%20B8E75930.md) and item B8E75930 and BF56-A3C2 too.

        Dr AMBEDKAR chaired the committee; Ambedkar was its guiding force. ARMED forces guard the
        border; armed guards stand watch. The NHAI builds roads.
        """,
    "02-questions.md": """
        ---
        title: Practice
        questions:
          - type: mcq
            question: Which of the following is NOT correct about the ONLY river?
            options: [FIRST one, SECOND one, ALL of these, NONE of these]
            answer: a
        ---
        IF the ledger is full THEN a new one opens; a SELECT with a JOIN reads both. REQ-NF001 covers it.
        """,
}


def proposals(folder) -> dict:
    result = CliRunner().invoke(main, ["glossary", "suggest", str(folder), "--write"])
    assert result.exit_code == 0, result.output
    return yaml.safe_load((folder / "glossary.suggested.yaml").read_text())


def test_suggestions_are_cleaned_and_junk_is_not_proposed(tmp_path):
    found = proposals(write_sources(tmp_path, NOTES))
    assert found["BIMSTEC"]["meanings"] == [
        "Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation"
    ]
    assert found["BIMSTEC"]["article"] == "the"
    assert "the initials match only 'Bengal Initiative" in found["BIMSTEC"]["doubts"][0]
    assert found["GPU"]["meanings"] == ["Graphics Processing Unit"]  # 'a single GPU': singular
    assert found["DPSP"]["meanings"] == ["Directive Principles of State Policy"]  # the name is plural
    assert found["PMLA"]["meanings"] == ["Prevention of Money Laundering Act"]
    assert found["NIA"]["meanings"] == [] and "Nat. Investigation Agency" in found["NIA"]["doubts"][0]
    assert found["MP"]["meanings"] == ["Members of Parliament", "Madhya Pradesh"]  # ambiguous; no 'a MP'
    assert "candidates" not in found["MP"]  # (no other name: both are meanings)
    assert found["UNCLOS"]["meanings"] == ["United Nations Convention on the Law of the Sea"]
    assert found["AI"]["meanings"] == ["artificial intelligence"] and found["AI"]["proper"] is False
    assert found["GPU"]["sources"][0].endswith("a single GPU costs more than a car.")
    assert found["NHAI"]["meanings"] == []
    for junk in (
        "B8E75930",
        "BF56-A3C2",
        "BF56",
        "AMBEDKAR",
        "ARMED",
        "NOT",
        "ONLY",
        "FIRST",
        "SECOND",
        "ALL",
        "NONE",
        "IF",
        "THEN",
        "SELECT",
        "JOIN",
        "REQ-NF001",
    ):
        assert junk not in found, junk


def texts_of(folder, name: str) -> tuple[str, str]:
    output = folder / name
    built = BuiltBook(output, build(folder, output, BuildOptions()))
    return built.flat_text, built.text


def test_suggest_write_then_build_prints_nothing_unconfirmed(tmp_path):
    folder = write_sources(tmp_path, NOTES)
    before, _ = texts_of(folder, "before.pdf")
    proposals(folder)
    after, _ = texts_of(folder, "after.pdf")
    assert after == before  # not one expansion, not one glossary entry more
    assert "Glossary of Acronyms" not in after


def test_todo_entries_never_print(tmp_path):
    glossary = 'NHAI: "TODO"\nGPU: TODO\nAI: {expansion: artificial intelligence, proper: false}\n'
    folder = write_sources(tmp_path, {**NOTES, "glossary.yaml": glossary})
    text, _ = texts_of(folder, "out.pdf")
    listed = text.split("Glossary of Acronyms")[-1]
    assert "TODO" not in text and "AI Artificial intelligence" in listed
    assert "NHAI" not in listed and "GPU" not in listed
    todo = [d for d in check(folder).warnings if d.code == "acronym-todo"]
    assert len(todo) == 1 and todo[0].message.startswith("2 glossary entries are still TODO (GPU, NHAI)")


def test_review_confirms_edits_and_drops_and_check_counts_what_waits(tmp_path):
    folder = write_sources(tmp_path, NOTES)
    proposals(folder)
    summary = CliRunner().invoke(main, ["check", str(folder), "--format", "lines"]).output
    waiting = [line for line in summary.splitlines() if "acronym-suggested" in line or "await review" in line]
    assert len(waiting) == 1 and "handbook glossary review" in waiting[0]
    assert "undefined acronym 'GPU'" not in summary  # folded into that one line
    listing = CliRunner().invoke(main, ["glossary", "review", str(folder)]).output
    assert "GPU  (2 uses" in listing and "from: " in listing and "1. Members of Parliament" in listing
    result = CliRunner().invoke(
        main,
        [
            "glossary",
            "review",
            str(folder),
            "--confirm",
            "GPU",
            "--confirm",
            "UNCLOS",
            "--drop",
            "NHAI",
            "--edit",
            "NIA=National Investigation Agency",
            "--confirm",
            "MP",
        ],
    )
    assert result.exit_code == 0, result.output
    glossary = yaml.safe_load((folder / "glossary.yaml").read_text())
    assert glossary["GPU"] == "Graphics Processing Unit"
    assert glossary["UNCLOS"] == {
        "expansion": "United Nations Convention on the Law of the Sea",
        "article": "the",
    }
    assert glossary["NIA"] == "National Investigation Agency"
    assert glossary["MP"] == ["Members of Parliament", "Madhya Pradesh"]
    left = yaml.safe_load((folder / "glossary.suggested.yaml").read_text())
    assert {"GPU", "UNCLOS", "NIA", "MP", "NHAI"}.isdisjoint(left) and left["dropped"] == ["NHAI"]
    again = CliRunner().invoke(main, ["glossary", "suggest", str(folder)]).output
    assert "NHAI" not in again  # dropped: not proposed again
    _, text = texts_of(folder, "out.pdf")
    flat = " ".join(text.split())
    assert "follows the United Nations Convention on the Law of the Sea (UNCLOS)" in flat  # the author's
    assert "a single Graphics Processing Unit (GPU)" not in flat  # the author defined it first
    assert "Madhya Pradesh (MP) signed" in flat and "Member of Parliament (MP)" not in flat


def test_review_refuses_a_proposal_without_meaning_and_an_unknown_one(tmp_path):
    folder = write_sources(tmp_path, NOTES)
    proposals(folder)
    result = CliRunner().invoke(
        main, ["glossary", "review", str(folder), "--confirm", "NHAI", "--confirm", "XYZ"]
    )
    assert result.exit_code != 0
    assert "NHAI: no meaning was found" in result.output and "XYZ: not among the proposals" in result.output
    assert (
        "NHAI" not in (folder / "glossary.yaml").read_text() if (folder / "glossary.yaml").exists() else True
    )


def test_suggested_file_of_someone_else_is_not_overwritten(tmp_path):
    folder = write_sources(tmp_path, {**NOTES, "glossary.suggested.yaml": "MINE: my notes\n"})
    result = CliRunner().invoke(main, ["glossary", "suggest", str(folder), "--write"])
    assert result.exit_code != 0 and "not written by handbook" in result.output
    assert (folder / "glossary.suggested.yaml").read_text() == "MINE: my notes\n"


# --- the quiet lint -----------------------------------------------------------------------


def test_exam_wording_code_and_ids_are_no_acronyms(tmp_path):
    folder = write_sources(tmp_path, NOTES)
    undefined = sorted(
        d.message.split("'")[1] for d in check(folder).warnings if d.code == "acronym-undefined"
    )
    assert undefined == ["AI", "BIMSTEC", "DPSP", "GPU", "MP", "NHAI", "NIA", "PMLA", "UNCLOS"]
    verbose = CliRunner().invoke(main, ["check", str(folder), "--verbose"]).output
    for word, why in [
        ("NOT", "the exam's wording"),
        ("SELECT", "a code keyword"),
        ("REQ-NF001", "an id"),
        ("B8E75930", "a hexadecimal id"),
        ("AMBEDKAR", "an ordinary word in capitals"),
    ]:
        assert f"'{word}' is not taken for an acronym ({why})" in verbose, word


@pytest.mark.parametrize("word", ["WHO", "RBI", "G20", "I4C", "QUAD", "BIMSTEC", "COVID-19"])
def test_real_acronyms_stay_in_the_lint(word):
    assert not_an_acronym(word) == ""


def test_review_asks_about_each_proposal_on_a_terminal(tmp_path):
    from handbook.workflow.review import review_suggestions

    folder = write_sources(tmp_path, NOTES)
    waiting = list(proposals(folder))
    assert waiting[:3] == ["AI", "BIMSTEC", "DPSP"]
    # AI: confirm; BIMSTEC: edit; DPSP: drop; then quit
    answers = "c\ne\nBay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation\nd\nq\n"
    with CliRunner().isolation(input=answers) as streams:
        review_suggestions(folder, (), False, (), (), interactive=True)
    shown = streams[0].getvalue().decode()
    assert "[c]onfirm, [e]dit, [d]rop, [s]kip, [q]uit" in shown and "from: " in shown
    glossary = yaml.safe_load((folder / "glossary.yaml").read_text())
    assert glossary["AI"] == {"expansion": "artificial intelligence", "proper": False}
    assert glossary["BIMSTEC"]["expansion"].startswith("Bay of Bengal Initiative") and "DPSP" not in glossary
    left = yaml.safe_load((folder / "glossary.suggested.yaml").read_text())
    assert "GPU" in left and left["dropped"] == ["DPSP"]
