"""Logseq graphs build as the app shows them (parse.flavours.logseq): found by
`logseq/config.edn`, pages then journals, namespaced and journal names as Logseq writes them,
properties, task markers, drawers, macros and block references never printed as syntax.
Found building nikneal91/knowledge_graph and mikegomezg/babbitt-logseq (the fixture below is
our own text, in their shapes)."""

from __future__ import annotations

from handbook.model import Heading
from test_flavours import _parsed  # a folder of files -> (book, diagnostics)

REF = "6650a1b2-0000-4000-8000-000000000001"
GRAPH = {
    "logseq/config.edn": "{:meta/version 1}\n",
    "logseq/bak/pages/India___Japan/2024-05-01.md": "- an old copy the app keeps\n",
    "pages/India___Japan.md": (
        "title:: India and Japan\n"
        "alias:: ij\n"
        "tags:: #gs2\n"
        "\n"
        "- ## Security ties\n"
        "\t- The Malabar exercise includes Japan.\n"
        f"\t  id:: {REF}\n"
        "\t  collapsed:: true\n"
        "\t- source:: the ministry's brief\n"
        "\t- TODO Read the 2022 joint statement\n"
        "\t  :LOGBOOK:\n"
        "\t  CLOCK: [2024-05-01 Wed 10:00:00]--[2024-05-01 Wed 10:05:00] =>  00:05:00\n"
        "\t  :END:\n"
        "\t- DONE [#A] Note the 2+2 dialogue\n"
        "\t  SCHEDULED: <2024-05-02 Thu>\n"
        "\t- Started in 2015\n"
        "\t  status:: ongoing\n"
        f"- Exercises named here: (({REF}))\n"
        "- #+BEGIN_TIP\n"
        "  Remember the year 2014.\n"
        "  #+END_TIP\n"
        "- {{video https://www.youtube.com/watch?v=abc}}\n"
        "- Cloze: the partnership is {{cloze special strategic}}.\n"
        "- {{query (todo now)}}\n"
        "- A reference elsewhere ((6650a1b2-0000-4000-8000-00000000ffff))\n"
        "-\n"
    ),
    "pages/Trade___Yen loans.md": "- The loans fund metro lines.\n- ![the brief](../assets/brief.pdf)\n",
    "journals/2024_05_01.md": "- Read about [[India and Japan]] today.\n",
}


def test_pages_then_journals_named_as_logseq_names_them(tmp_path):
    book, diagnostics = _parsed(tmp_path, GRAPH)
    assert [c.meta.title for c in book.chapters] == ["India and Japan", "Trade/Yen loans", "May 1st, 2024"]
    assert "flavour-detected" in [d.code for d in diagnostics.items]
    # A top-level heading block is the page's heading; its children are its text, not code.
    first = book.chapters[0].blocks[0]
    assert isinstance(first, Heading) and first.children[0].text == "Security ties"


def test_a_graph_prints_no_outliner_syntax(shared_book):
    book = shared_book(GRAPH)
    result = book.result
    assert not result.diagnostics.has_errors, [d.format() for d in result.diagnostics.items]
    flat = " ".join(book.text.split())
    for syntax in (
        "::",
        "LOGBOOK",
        "CLOCK",
        "SCHEDULED",
        "#+",
        "{{",
        "((",
        "TODO",
        "DONE",
        "[#A]",
        "%%",
        "collapsed",
    ):
        assert syntax not in flat, syntax
    for printed in (
        "The Malabar exercise includes Japan.",
        "source: the ministry",
        "Read the 2022 joint statement",
        "Note the 2+2 dialogue",
        "status: ongoing",
        "Exercises named here: The Malabar exercise includes Japan.",  # the block it refers to
        "Remember the year 2014.",
        "https://www.youtube.com/watch?v=abc",
        "the partnership is special strategic.",
        "the brief",
        "May 1st, 2024",
    ):
        assert printed in flat, printed
    assert "an old copy" not in flat  # the app's backups are no pages


def test_what_a_book_cannot_show_is_said_once_each(shared_book):
    codes = [d.code for d in shared_book(GRAPH).result.diagnostics.items]
    for code in ("block-ref-left-out", "query-left-out", "attachment-not-printed", "site-keys-ignored"):
        assert codes.count(code) == 1, code
    assert "wiki-link-unresolved" not in codes and "image-missing" not in codes


def test_a_document_embedded_like_a_picture_is_a_warning_not_an_error(make_book):
    # Notes apps embed PDFs and videos as `![...](file)`; the build went no further (image
    # missing, or not an image) and the book could not be made without editing the notes.
    book = make_book({"01-a.md": "# A\n\n![The 2022 statement](files/statement.pdf)\n\n![](talk.mp4)\n"})
    assert not book.result.diagnostics.has_errors
    assert [d.code for d in book.result.diagnostics.items].count("attachment-not-printed") == 2
    flat = " ".join(book.text.split())
    assert "The 2022 statement" in flat and "talk.mp4" in flat


def test_a_list_whose_first_item_is_a_list_after_a_heading_builds(make_book):
    # An empty first item holding a nested list, right after a heading: measuring it to keep
    # the heading with it raised AttributeError (an internal error) in layout.pages.
    book = make_book({"01-a.md": "# A\n\n## Heading\n\n- \n  - nested one\n  - nested two\n- b\n"})
    assert not book.result.diagnostics.has_errors
    flat = " ".join(book.text.split())
    assert "nested one" in flat and "nested two" in flat


def test_a_graph_s_pages_copied_out_of_it_read_as_logseq_when_book_yaml_says_so(tmp_path):
    files = {
        "book.yaml": "title: T\nflavour: logseq\n",
        "India___Japan.md": "alias:: ij\n\n- Text\n  collapsed:: true\n",
    }
    book, diagnostics = _parsed(tmp_path, files)
    assert not diagnostics.has_errors, [d.format() for d in diagnostics.items]
    assert [c.meta.title for c in book.chapters] == ["India/Japan"]
    summary = [d.message for d in diagnostics.items if d.code == "site-keys-ignored"]
    assert summary and "in 1 chapter (" in summary[0]
