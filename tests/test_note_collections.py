"""Round 6: kinds of notes found by building public collections nobody had tuned to (revision
decks of Obsidian's Spaced Repetition plugin, ...). Each fixture is written here, in our own
words; the tests read the built PDF: its text, in order, with no raw syntax."""

from __future__ import annotations

from textwrap import dedent

import pytest

from handbook.errors import Diagnostics
from handbook.parse import parse_book
from handbook.sources import load_sources
from conftest import write_sources


def _flat(text: str) -> str:
    return " ".join(text.split())


def _in_order(flat: str, *parts: str) -> bool:
    at = 0
    for part in parts:
        at = flat.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


DECK = dedent("""\
    ---
    title: Parliament cards
    ---
    #flashcards/polity/parliament

    ## Houses

    Which article sets out the strength of the Rajya Sabha?::Article 80, at most 250 members.
    <!--SR:!2026-01-04,12,270-->

    Name the two houses of Parliament.
    ?
    - the Lok Sabha, house of the people
    - the Rajya Sabha, council of states
    <!--SR:!2026-02-01,30,290-->

    Who chairs the upper house?:::The Vice-President of India.

    The lower house may hold at most ==552== members.
    <!--SR:!2026-03-01,9,250-->

    A `std::map` in a code span and this plain line stay as written.
    """)


@pytest.fixture(scope="module")
def deck_book(tmp_path_factory):
    from conftest import BuiltBook

    from handbook.options import BuildOptions
    from handbook.pipeline import build

    folder = write_sources(tmp_path_factory.mktemp("deck"), {"01-cards.md": DECK})
    output = folder.parent / "deck.pdf"
    return BuiltBook(output, build(folder, output, BuildOptions()), folder)


def test_revision_cards_print_question_then_answer_without_separators(deck_book):
    flat = _flat(deck_book.text)
    assert _in_order(
        flat,
        "Which article sets out the strength of the Rajya Sabha?",
        "Article 80, at most 250 members.",
        "Name the two houses of Parliament.",
        "the Lok Sabha, house of the people",
        "the Rajya Sabha, council of states",
        "Who chairs the upper house?",
        "The Vice-President of India.",
        "at most 552 members",
        "std::map",
    )
    for raw in ("?::", "?:::", "::Article", "SR:!", "<!--", "#flashcards", "==552", " ? "):
        assert raw not in flat, raw
    assert "html-dropped" not in [d.code for d in deck_book.result.diagnostics.items]


def test_a_card_s_question_is_bold_and_its_answer_is_not(deck_book):
    import pdfplumber

    with pdfplumber.open(deck_book.path) as pdf:
        words = [w for page in pdf.pages for w in page.extract_words(extra_attrs=["fontname"])]
    font = {w["text"]: w["fontname"] for w in words}
    assert "Bold" in font["chairs"] and "Bold" not in font["Vice-President"]


def test_notes_without_the_deck_tag_are_never_read_as_cards(tmp_path):
    text = "# Notes\n\nRating::five stars, as written.\n"
    diagnostics = Diagnostics()
    folder = write_sources(tmp_path / "src", {"01-a.md": text})
    book = parse_book(load_sources(folder, diagnostics), diagnostics)
    from handbook.model import plain_text

    assert "Rating::five stars" in plain_text(book.chapters[0].blocks[0].children)


def test_the_vault_s_own_separators_are_used(tmp_path):
    settings = '{"settings": {"singleLineCardSeparator": ";;", "flashcardTags": ["#revise"]}}'
    files = {
        ".obsidian/plugins/obsidian-spaced-repetition/data.json": settings,
        "Deck.md": "#revise\n\nCapital of Assam;;Dispur, since 1973.\n",
    }
    diagnostics = Diagnostics()
    folder = write_sources(tmp_path / "src", files)
    book = parse_book(load_sources(folder, diagnostics), diagnostics)
    from handbook.model import Paragraph, Strong, plain_text

    blocks = book.chapters[0].blocks
    assert isinstance(blocks[0], Paragraph) and isinstance(blocks[0].children[0], Strong)
    assert plain_text(blocks[0].children) == "Capital of Assam"
    assert plain_text(blocks[1].children) == "Dispur, since 1973."


def test_a_folder_whose_notes_are_all_in_sub_folders_builds_them_and_says_so(tmp_path):
    files = {
        "README.md": "How to use these notes.\n",
        "Polity/Parliament.md": "# Parliament\n\nTwo houses.\n",
        "Economy/Budget.md": "# Budget\n\nPresented each February.\n",
    }
    diagnostics = Diagnostics()
    folder = write_sources(tmp_path / "src", files)
    book = parse_book(load_sources(folder, diagnostics), diagnostics)
    assert [c.meta.title for c in book.chapters] == ["Budget", "Parliament"]
    said = [d.message for d in diagnostics.items if d.code == "chapters-in-sub-folders"]
    assert len(said) == 1 and "2 notes" in said[0] and "Economy, Polity" in said[0]


def test_a_folder_with_chapters_of_its_own_keeps_to_them(tmp_path):
    files = {"01-intro.md": "# Intro\n\nText.\n", "drafts/old.md": "# Old\n\nDraft.\n"}
    diagnostics = Diagnostics()
    folder = write_sources(tmp_path / "src", files)
    book = parse_book(load_sources(folder, diagnostics), diagnostics)
    assert [c.meta.title for c in book.chapters] == ["Intro"]
    assert "chapters-in-sub-folders" not in [d.code for d in diagnostics.items]


DOCUSAURUS_PAGE = dedent("""\
    ---
    title: Monsoon notes
    date: 2025-07-01T09:30
    cover: /img/monsoon.png
    ---
    import Tabs from '@theme/Tabs';
    import TabItem from '@theme/TabItem';

    The monsoon reaches Kerala in early June.

    <details>
        <summary>Why it arrives</summary>

        Land heats faster than the sea.

        <details>
            <summary>A second layer</summary>

            Low pressure draws moist air inland.
        </details>
    </details>

    <Tabs>
      <TabItem value="sw" label="South-west branch">
        It brings most of the rain.
      </TabItem>
      <TabItem value="ne" label="North-east branch">
        It wets Tamil Nadu in winter.
      </TabItem>
    </Tabs>

    Rainfall over $\\R^2$ is mapped each year.

    ```mermaid
    flowchart LR
      sea -->|"moist
      air"| land
    ```

    After the boxes, the text goes on outside them.
    """)


def test_a_docusaurus_page_prints_as_its_site_shows_it(make_book):
    book = make_book({"docusaurus.config.js": "module.exports = {};\n", "docs/monsoon.md": DOCUSAURUS_PAGE})
    codes = [d.code for d in book.result.diagnostics.items]
    assert not book.result.diagnostics.has_errors, [d.format() for d in book.result.diagnostics.items]
    flat = _flat(book.text)
    assert _in_order(
        flat,
        "The monsoon reaches Kerala",
        "Why it arrives",
        "Land heats faster than the sea.",
        "A second layer",
        "Low pressure draws moist air inland.",
        "South-west branch",
        "It brings most of the rain.",
        "North-east branch",
        "It wets Tamil Nadu in winter.",
        "Rainfall over",
        "After the boxes",
    )
    for raw in ("import Tabs", "@theme", "<details>", "<summary>", "\\R", "TabItem", "-->|"):
        assert raw not in flat, raw
    assert "math-unsupported" not in codes and "diagram-syntax" not in codes
    assert "key-unknown" not in codes  # the blog's cover: key is the site's, said in one line
    # the box ends where its tags say: the last paragraph is not inside it (the text's left edge)
    import pdfplumber

    with pdfplumber.open(book.path) as pdf:
        lefts = {
            w["text"]: w["x0"]
            for page in pdf.pages
            for w in page.extract_words()
            if w["text"] in ("Rainfall", "After", "Land")
        }
    assert abs(lefts["After"] - lefts["Rainfall"]) < 1 and lefts["Land"] > lefts["After"] + 3


@pytest.mark.parametrize(
    "written, day",
    [("2025-06-08T00:02", "2025-06-08"), ("2023/6/10", "2023-06-10"), ("2022-8-9", "2022-08-09")],
)
def test_dates_as_sites_and_blogs_write_them_are_read(written, day):
    from handbook.yaml_schema import date

    assert date(written).isoformat() == day


@pytest.mark.parametrize("written", ["27 Oct 2025", "10/6/2023", "2023/13/1"])
def test_a_date_that_could_be_misread_is_still_an_error(written):
    from handbook.yaml_schema import FieldError, date

    with pytest.raises(FieldError):
        date(written)


def test_a_number_s_exponent_or_base_written_as_math_after_it_is_set(make_book):
    text = (
        "# Climate\n\nThe coast stays near 27$^\\circ$C in May; ten is 1010$_2$ in binary and "
        "128${_{10}}$ in decimal. Prices stay prices: 5$ and 10$ each.\n"
    )
    book = make_book({"01-climate.md": text})
    flat = _flat(book.text)
    assert "27°C" in flat and "1010₂" in flat and "128₁₀" in flat
    assert "5$ and 10$ each" in flat and "$^" not in flat and "$_" not in flat


def test_obsidian_query_blocks_are_left_out_with_one_warning_and_plugin_graphs_said(make_book):
    text = (
        "# Index\n\nBefore the queries.\n\n```dataview\nLIST FROM #polity\n```\n\n"
        "```dataviewjs\ndv.list(dv.pages().file.name)\n```\n\n"
        "```desmos-graph\ny=x^2\n```\n\nAfter the queries.\n"
    )
    book = make_book({".obsidian/app.json": "{}", "Index.md": text})
    flat = _flat(book.text)
    assert _in_order(flat, "Before the queries.", "y=x^2", "After the queries.")
    assert "LIST FROM" not in flat and "dv.list" not in flat
    said = [d for d in book.result.diagnostics.items if d.code == "query-left-out"]
    assert len(said) == 1 and "lines 5, 9" in said[0].message
    assert "diagram-not-drawn" in [d.code for d in book.result.diagnostics.items]


def test_equation_numbers_on_several_rows_are_drawn_not_a_crash(make_book):
    text = (
        "# Densities\n\n> [!thm] Conditions\n> $$\\begin{align*} f(x) \\geq 0 \\tag{1} \\\\ "
        "\\int f(x)\\,dx = 1 \\tag{2} \\end{align*}$$\n\n"
        "$$\n\\begin{aligned} a &= b \\tag{3} \\\\ c &= d \\end{aligned}\n$$\n\nAfter the formulas.\n"
    )
    book = make_book({"01-densities.md": text})
    codes = [d.code for d in book.result.diagnostics.items]
    assert "After the formulas." in _flat(book.text) and "math-unsupported" not in codes
    from handbook.parse.math import with_tags_written_out

    assert (
        with_tags_written_out("a \\tag{1} \\\\ b \\tag{2}")
        == "a \\qquad\\text{(1)} \\\\ b \\qquad\\text{(2)}"
    )
    assert with_tags_written_out("E = mc^2 \\tag{4}") == "E = mc^2 \\tag{4}"  # the renderer's own


def test_a_card_s_question_over_several_lines_keeps_its_list_and_block_id_out(make_book):
    deck = dedent("""\
        ---
        tags: [flashcards]
        ---
        These steps belong to which stage of a bill?<br> ^stage1
        - a first reading
        - a vote on its principles
        ?
        The first stage, in the house where it starts.
        """)
    book = make_book({".obsidian/app.json": "{}", "Bills.md": deck})
    flat = _flat(book.text)
    assert _in_order(
        flat,
        "These steps belong to which stage of a bill?",
        "a first reading",
        "a vote on its principles",
        "The first stage",
    )
    assert "^stage1" not in flat and "- a first" not in flat


def _parsed(tmp_path, files: dict):
    from test_flavours import _parsed as parsed  # a folder of files -> (book, diagnostics)

    return parsed(tmp_path, files)


def test_a_repository_s_license_beside_the_notes_is_no_chapter_of_its_own(tmp_path):
    # LICENSE.md at the top made the folder "a book with chapters of its own": the book was
    # the licence, and the notes in the sub-folders were left out without a word.
    files = {
        "README.md": "About.\n",
        "LICENSE.md": "MIT License\n",
        "CONTRIBUTING.md": "Send changes.\n",
        "Polity/Parliament.md": "# Parliament\n\nTwo houses.\n",
        "Economy/Budget.md": "# Budget\n\nEach February.\n",
    }
    book, _ = _parsed(tmp_path, files)
    assert [c.meta.title for c in book.chapters] == ["Budget", "Parliament"]


def test_a_page_or_two_at_the_top_of_a_folder_of_notes_joins_them(tmp_path):
    files = {
        "Resources.md": "# Resources\n\nBooks.\n",
        "Polity/Parliament.md": "# Parliament\n\nTwo houses.\n",
        "Polity/Courts.md": "# Courts\n\nThree tiers.\n",
        "Economy/Budget.md": "# Budget\n\nEach February.\n",
    }
    book, diagnostics = _parsed(tmp_path, files)
    assert [c.meta.title for c in book.chapters] == ["Resources", "Budget", "Courts", "Parliament"]
    said = [d.message for d in diagnostics.items if d.code == "chapters-in-sub-folders"]
    assert len(said) == 1 and "the 1 at the top and the 3 in its sub-folders" in said[0]
