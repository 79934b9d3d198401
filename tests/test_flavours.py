"""Issue 25: notes from any Markdown tool. Each flavour's fixture holds every syntax its tool's
documentation shows (written here, in our own words); the built PDF's text must hold none of
the markers, the boxes' titles and texts must be there, task-list questions must be practice
questions with their answers only in the key."""

from __future__ import annotations

import re
from textwrap import dedent

import pytest

from handbook.errors import Diagnostics
from handbook.model import Callout, MultipleChoice, plain_text
from handbook.parse import parse_book
from handbook.parse.flavours import FLAVOURS
from handbook.sources import load_sources
from conftest import write_sources
from png import png_bytes

MARKERS = [
    "{ref}",
    "{abbr}",
    "list-table",
    ":header-rows",
    "{figure}",
    ":alt:",
    "<quiz>",
    "===",
    "!!!",
    "???",
    "///",
    "```ad-",
    ":::",
    "{.callout",
    "==",
    "^id",
    "^blk",
    "[x]",
    "[ ]",
    "{ data-correct }",
    ":material-",
    "{{",
    "{%",
    "%%",
    "ad-note",
]

QUESTION = """
    Which city hosted the 2023 India-Japan summit?

    - [ ] Osaka
    - [x] New Delhi
    - [ ] Kyoto

    **Explanation:** the summit met in New Delhi that year.
"""

FIXTURES = {
    "github": {
        "book.yaml": "title: Flavours\nflavour: github\n",
        "01-ties.md": dedent("""
            # Ties with Japan

            > [!NOTE]
            > A GitHub alert.

            > [!TIP]
            > Another alert, a tip.

            Text with a footnote.[^1]

            [^1]: The footnote's text.
        """)
        + dedent(QUESTION),
    },
    "commonmark": {
        "book.yaml": "title: Flavours\nflavour: commonmark\n",
        "01-ties.md": dedent("""
            # Ties with Japan

            Plain CommonMark text, *emphasis* and `code`.
        """)
        + dedent(QUESTION),
    },
    "mkdocs": {
        "mkdocs.yml": "site_name: Notes\n",
        "01-ties.md": dedent("""
            ---
            title: Ties with Japan
            hide: [navigation]
            template: page.html
            icon: material/school
            ---
            ## Admonitions

            !!! note "Special partnership"
                Upgraded in 2014 to a special strategic partnership.

            !!! warning
                A box with the kind's own title.

            !!! danger ""
                A box with no title at all.

            ??? tip "Folded tip"
                Collapsible boxes print open.

            ???+ example "Open example"
                Open by default.

            /// details | Pymdown details
                type: info

            Text of the details block.
            ///

            /// admonition | Pymdown admonition
            Text of the admonition block.
            ///

            /// note
            A pymdown note without a title.
            ///

            === "First tab"

                Text of the first tab.

            === "Second tab"

                !!! note "Inside a tab"
                    A box inside a tab.

            Marked ==very important== words and :material-school: an icon { .lg .middle }.

            {{ generate_glossary() }}

            !!! quiz "Which exercise is a naval one?"
                - [ ] Dharma Guardian
                - [x] JIMEX { data-correct }
                - [ ] Shinyuu Maitri

            Which year was the special partnership signed?

            - 2014 { data-correct }
            - 2008
            - 2000

            <quiz>
            Which ocean lies south of India?
            ```
            hint: the one named after it
            ```
            - [ ] Pacific
            - [x] Indian
            - [ ] Arctic

            It washes three sides of the peninsula.
            </quiz>
        """)
        + dedent(QUESTION),
    },
    "obsidian": {
        ".obsidian/app.json": "{}",
        "attachments/deep/map.png": png_bytes(40, 30),
        "India and Japan.md": dedent("""
            ---
            aliases: [IJ]
            cssclasses: wide
            ---
            # Overview

            Partnership with ==deep roots== and a %%private%% comment. ^blk1

            %%
            A whole comment block.
            %%

            ![](map.png)

            ![[map.png|200]]

            > [!tip] Remember
            > Values shared since 1952.

            ```ad-note
            title: Admonition plugin note
            collapse: open
            The fence's body is *Markdown*.
            ```

            ```ad-Answer
            A model answer without a title line.
            ```

            - [x] #todo revise trade figures ⏫ ✅ 2023-03-04
            - [ ] read the joint statement 📅 2024-01-01 🔁 every week

            ![[Trade#Figures]]

            ![[Trade#^blk2]]
        """)
        + dedent(QUESTION),
        "Trade.md": """
            # Trade

            ## Figures

            Trade stood near 22 billion dollars. ^blk2

            ## Later

            More to come.
        """,
    },
    "docusaurus": {
        "docusaurus.config.js": "module.exports = {};\n",
        "01-ties.md": dedent("""
            ---
            title: Ties with Japan
            sidebar_position: 2
            slug: /ties
            ---
            :::note
            A Docusaurus note.
            :::

            :::tip[Bracket title]
            A tip with a title in brackets.
            :::

            :::warning Old title
            A title after the kind.
            :::
        """)
        + dedent(QUESTION),
    },
    "vitepress": {
        ".vitepress/config.js": "export default {}\n",
        "01-ties.md": dedent("""
            ---
            title: Ties with Japan
            outline: deep
            ---
            ::: info
            A VitePress info box.
            :::

            ::: details Click to read
            Details text.
            :::
        """)
        + dedent(QUESTION),
    },
    "quarto": {
        "_quarto.yml": "project:\n  type: book\n",
        "01-ties.md": dedent("""
            ---
            title: Ties with Japan
            format: html
            execute: {echo: false}
            ---
            ::: {.callout-note}
            A Quarto note.
            :::

            ::: {.callout-tip title="Quarto title" collapse="true"}
            A collapsed tip.
            :::

            ::: {.callout-warning}
            ## Heading title
            Warning text.
            :::
        """)
        + dedent(QUESTION),
    },
    "myst": {
        "myst.yml": "version: 1\n",
        "map.png": png_bytes(40, 30),
        "01-ties.md": dedent("""
            ---
            title: Ties with Japan
            kernelspec: {name: python3}
            ---
            ```{note}
            A MyST note.
            ```

            ```{admonition} MyST custom title
            :class: tip
            Admonition text.
            ```

            :::{warning}
            A colon-fenced warning.
            :::

            :::{tip} Tip with a title
            :class: dropdown
            Tip text.
            :::

            ```{code-block} python
            print("real code")
            ```

            ```{list-table} Summits
            :header-rows: 1
            * - Year
              - Place
            * - 2018
              - Tokyo
            ```

            ```{figure} map.png
            :alt: A map
            The map's caption.
            ```

            See {ref}`the ties <ties-label>` and {abbr}`ODA (Official Development Assistance)`.
        """)
        + dedent(QUESTION),
    },
}

EXPECTED = {
    "github": ["A GitHub alert.", "Another alert, a tip.", "The footnote"],
    "commonmark": ["Plain CommonMark text"],
    "mkdocs": [
        "Special partnership",
        "Folded tip",
        "Pymdown details",
        "Text of the details block.",
        "Pymdown admonition",
        "A pymdown note without a title.",
        "very important",
        "\U0001f3eb",
        "First tab",
        "Text of the first tab.",
        "Inside a tab",
        "A box inside a tab.",
    ],
    "obsidian": [
        "Partnership with deep roots",
        "Remember",
        "Admonition plugin note",
        "body is",
        "Answer",
        "revise trade figures",
        "read the joint statement",
        "Trade stood near 22 billion",
    ],
    "docusaurus": ["A Docusaurus note.", "Bracket title", "Old title"],
    "vitepress": ["A VitePress info box.", "Click to read"],
    "quarto": ["A Quarto note.", "Quarto title", "Heading title"],
    "myst": [
        "A MyST note.",
        "MyST custom title",
        "A colon-fenced warning.",
        "Tip with a title",
        'print("real code")',
        "Summits",
        "Year",
        "Tokyo",
        "See the ties and ODA (Official Development Assistance)",
    ],
}


@pytest.mark.parametrize("flavour", sorted(FIXTURES))
def test_every_syntax_of_a_flavour_prints_without_its_markers(shared_book, flavour):
    # The teacher's build of the next test (answers at the end, the default): one build each.
    book = shared_book({"book.yaml": "title: Flavours\n", **FIXTURES[flavour]}, answers="end")
    chosen = flavour in ("github", "commonmark")  # named in book.yaml: nothing to detect
    assert not book.result.diagnostics.has_errors, [d.format() for d in book.result.diagnostics.items]
    text = book.text
    assert [m for m in MARKERS if m in text] == []
    flat = " ".join(text.split())
    assert [p for p in EXPECTED[flavour] if p not in flat] == []
    detected = [d.message for d in book.result.diagnostics.items if d.code == "flavour-detected"]
    if chosen:
        assert detected == []
    else:
        assert len(detected) == 1 and FLAVOURS[flavour].label in detected[0]


@pytest.mark.parametrize("flavour", sorted(FIXTURES))
def test_task_list_questions_are_practice_questions_with_answers_in_the_key(shared_book, flavour):
    files = {"book.yaml": "title: Flavours\n", **FIXTURES[flavour]}
    student = shared_book(files, answers="none")
    teacher = shared_book(files, answers="end")
    for book in (student, teacher):
        flat = " ".join(book.text.split())
        assert "Which city hosted the 2023 India-Japan summit?" in flat
        assert re.search(r"\(a\) ?Osaka.*\(b\) ?New Delhi.*\(c\) ?Kyoto", flat), (
            "options in the author's order"
        )
    assert "the summit met in New Delhi" not in " ".join(student.text.split())
    key = teacher.pages[teacher.page_of("Answer Key") :]
    key_text = " ".join(" ".join(key).split())
    assert "(b)" in key_text and "the summit met in New Delhi" in key_text
    # Nowhere before the key is the answer said beside the question.
    body = " ".join(" ".join(teacher.pages[: teacher.page_of("Answer Key")]).split())
    assert "the summit met in New Delhi" not in body


def test_mkdocs_quiz_boxes_and_data_correct_options_become_numbered_questions(tmp_path):
    book, diagnostics = _parsed(tmp_path, FIXTURES["mkdocs"])
    questions = book.chapters[0].questions
    assert [type(q) for q in questions] == [MultipleChoice] * 4
    assert [q.number for q in questions] == [1, 2, 3, 4]
    assert [q.answer for q in questions] == [1, 0, 1, 1]
    assert "three sides of the peninsula" in plain_text(questions[2].explanation)
    assert "named after it" in plain_text(questions[2].question)
    assert all(not q.shuffle for q in questions)


def test_questions_none_keeps_task_lists_as_lists(make_book):
    book = make_book({"book.yaml": "title: T\nquestions: none\n", "01-a.md": "# A\n" + dedent(QUESTION)})
    flat = " ".join(book.text.split())
    assert "Practice Questions" not in flat and "Osaka" in flat and "[x]" not in flat and "[ ]" not in flat


def test_a_to_do_list_is_not_a_question(tmp_path):
    book, _ = _parsed(tmp_path, {"01-a.md": "# A\n\nThings to do today:\n\n- [x] read\n- [ ] write\n"})
    assert book.chapters[0].questions == []


def test_several_checked_options_stay_a_list_with_a_warning(tmp_path):
    text = "# A\n\nWhich are islands?\n\n- [x] Honshu\n- [x] Kyushu\n- [ ] Delhi\n"
    book, diagnostics = _parsed(tmp_path, {"01-a.md": text})
    assert book.chapters[0].questions == []
    assert "question-several-checked" in [d.code for d in diagnostics.items]


def test_obsidian_title_is_the_file_name_and_the_first_heading_a_section(tmp_path):
    book, _ = _parsed(tmp_path, FIXTURES["obsidian"])
    titles = [c.meta.title for c in book.chapters]
    assert titles == ["India and Japan", "Trade"]
    first = book.chapters[0].blocks[0]
    assert first.level == 1 and first.children[0].text == "Overview"


def test_obsidian_embed_loop_is_an_error_naming_the_chain(tmp_path):
    files = {".obsidian/app.json": "{}", "A.md": "Text\n\n![[B]]\n", "B.md": "More\n\n![[A]]\n"}
    _, diagnostics = _parsed(tmp_path, files)
    loops = [d.message for d in diagnostics.errors if d.code == "embed-loop"]
    assert loops and "A.md -> B.md -> A.md" in loops[0]


def test_images_are_never_found_outside_the_source_folder(tmp_path):
    (tmp_path / "outside.png").write_bytes(png_bytes(10, 10))
    files = {".obsidian/app.json": "{}", "A.md": "Text\n\n![](outside.png)\n\n![[outside.png]]\n"}
    _, diagnostics = _parsed(tmp_path, files)
    assert [d.code for d in diagnostics.errors] == ["image-missing", "image-missing"]


def test_site_front_matter_keys_are_summed_up_in_one_line(tmp_path):
    files = {"mkdocs.yml": "site_name: x\n"}
    for n in range(4):
        files[f"0{n}-c.md"] = (
            f"---\ntitle: C{n}\nhide: [toc]\nsocial: {{cards: false}}\nrobots: x\n---\nText.\n"
        )
    _, diagnostics = _parsed(tmp_path, files)
    codes = [d.code for d in diagnostics.items]
    assert codes.count("site-keys-ignored") == 1 and "key-unknown" not in codes


def test_syntax_a_flavour_does_not_know_is_one_warning_per_chapter(tmp_path):
    text = "# A\n\n```ad-note\nOne\n```\n\n```ad-tip\nTwo\n```\n\nSome ==marked== text.\n"
    book, diagnostics = _parsed(tmp_path, {"book.yaml": "title: T\nflavour: github\n", "01-a.md": text})
    warnings = [d for d in diagnostics.items if d.code == "syntax-not-in-flavour"]
    assert (
        len(warnings) == 1 and "lines 3, 7" in warnings[0].message and "==highlight==" in warnings[0].message
    )
    assert [type(b) for b in book.chapters[0].blocks[:2]] == [Callout, Callout]


def _parsed(tmp_path, files: dict):
    diagnostics = Diagnostics()
    folder = write_sources(tmp_path / "src", files)
    return parse_book(load_sources(folder, diagnostics), diagnostics), diagnostics


def test_chapters_from_one_template_list_chapters_only_in_the_contents(make_book):
    card = "# Card {n}\n\n## Facts\n\nFact {n}.\n\n## Dates\n\nDate {n}.\n\n## Sources\n\nSource {n}.\n"
    files = {f"0{n}-card.md": card.format(n=n) for n in range(1, 5)}
    book = make_book({"book.yaml": "title: Cards\n", **files})
    contents = book.pages[book.page_of("Contents")]
    assert "Card 1" in contents and "Card 4" in contents and "Facts" not in contents
    assert "contents-chapters-only" in [d.code for d in book.result.diagnostics.items]
    deeper = make_book({"book.yaml": "title: Cards\ntoc_depth: 2\n", **files})
    assert "Facts" in deeper.pages[deeper.page_of("Contents")]


def test_a_vault_s_notes_in_sub_folders_are_chapters_in_path_order(tmp_path):
    files = {
        ".obsidian/app.json": "{}",
        "README.md": "About this repository.\n",
        "Templates/Daily.md": "# {{date}}\n",
        "2 Economy/Budget.md": "Budget text.\n",
        "1 Polity/10 Courts.md": "Courts text.\n",
        "1 Polity/9 Parliament.md": "Parliament text.\n",
    }
    book, _ = _parsed(tmp_path, files)
    assert [c.meta.title for c in book.chapters] == ["9 Parliament", "10 Courts", "Budget"]


def test_an_embedded_picture_in_a_table_cell_prints_its_name_with_a_warning(make_book):
    # A vault's `![[graph.png]]` right under a table is a row of the table (GFM): the picture
    # stayed an image inside the cell and measuring the table raised AttributeError.
    table = "| x | f(x) |\n| --- | --- |\n| 1 | 1 |\n![[graph.png]]\n"
    book = make_book({".obsidian/app.json": "{}", "A.md": f"# A\n\n{table}", "graph.png": png_bytes(20, 20)})
    assert not book.result.diagnostics.has_errors
    assert "image-not-shown" in [d.code for d in book.result.diagnostics.items]
    assert "graph.png" in " ".join(book.text.split())
