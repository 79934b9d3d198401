"""Brackets an author escapes are printed, never read as a wiki link; an empty `[[]]` names
nothing and is printed as written (issue 24: `handbook new "[[]]"` made an empty mind-map label
and `0[[]]` lost its brackets)."""

from __future__ import annotations

from handbook.model import WikiLink
from handbook.model.walk import inlines_of, runs_of


def test_escaped_and_empty_brackets_print_as_written_and_real_links_stay_links(make_book):
    book = make_book(
        {
            "01-a.md": "---\ntitle: Alpha\n---\n\nEscaped \\[\\[Beta\\]\\] here, empty [[]] there, "
            "and a 0[[]] too; [[Beta]] is a link.\n",
            "02-b.md": "---\ntitle: Beta\n---\n\nThe second chapter.\n",
        }
    )
    text = " ".join(book.text.split())
    assert "Escaped [[Beta]] here, empty [[]] there, and a 0[[]] too; Beta (p. 3) is a link." in text


def test_the_parser_makes_one_wiki_link_of_the_unescaped_one_only(tmp_path):
    from handbook.errors import Diagnostics
    from handbook.parse.book import parse_chapter
    from handbook.sources import SourceSet
    from handbook.sources.files import split_front_matter

    path = tmp_path / "01-a.md"
    text = "---\ntitle: A\n---\n\nSee \\[\\[x\\]\\] and [[]], [[y]], [\\[z]].\n"
    path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    source = split_front_matter(text, path, diagnostics)
    chapter = parse_chapter(source, SourceSet(root=tmp_path), diagnostics)
    links = [link.target for run in runs_of(chapter) for link in inlines_of(WikiLink, run.inlines)]
    assert links == ["y"]
