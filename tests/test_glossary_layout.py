"""The pure parts of the glossary and syllabus index: ordering, page lists, grouping."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.layout.glossary import letter_group, page_list, page_runs, sort_key
from handbook.layout.syllabus import group_chapters
from handbook.model import Chapter, ChapterMeta, Location
from handbook.theme import load_theme

THEME = load_theme("default")


def test_sort_ignores_case_and_punctuation():
    names = ["SCRI", "R&D", "5G", "ACSA", "RBI", "Quad-Plus", "QUAD", "G20", "2+2"]
    assert sorted(names, key=sort_key) == [
        "2+2",
        "5G",
        "ACSA",
        "G20",
        "QUAD",
        "Quad-Plus",
        "RBI",
        "R&D",
        "SCRI",
    ]
    assert [letter_group(n, "0–9") for n in ["5G", "R&D", "ACSA"]] == ["0–9", "R", "A"]


def test_page_runs_and_links():
    assert page_runs([7, 3, 4, 5, 3, 12, 13]) == [(3, 5), (7, 7), (12, 13)]
    markup = page_list([7, 3, 4, 5, 3, 12, 13], "#123456")
    shown = re.sub(r"<[^>]+>", "", markup)
    assert shown == "3\u20135, 7, 12, 13"  # a range from three pages on; a pair stays a pair
    assert re.findall(r'href="#page-(\d+)"', markup) == ["3", "5", "7", "12", "13"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=60), max_size=30))
def test_page_list_covers_exactly_the_pages(folios):
    shown = re.sub(r"<[^>]+>", "", page_list(folios, "#000000"))
    pages = []
    for part in filter(None, shown.split(", ")):
        first, _, last = part.partition("\u2013")
        assert not last or int(last) - int(first) >= 2
        pages.extend(range(int(first), int(last or first) + 1))
    assert pages == sorted(set(folios))


def chapter(title, paper="", topic="", number=1):
    meta = ChapterMeta(title=title, loc=Location(Path("x.md"), 1), paper=paper, topic=topic)
    made = Chapter(meta, [], Path(f"{title}.md"), number=number, anchor=f"ch{number}")
    return made


def test_syllabus_groups_by_paper_order_then_topic():
    chapters = [
        chapter("Essay", number=1),
        chapter("Trade", "GS3", "Economy", 2),
        chapter("Japan", "GS2", "International Relations", 3),
        chapter("Courts", "gs 2", "Polity", 4),
        chapter("Maps", "Prelims", "", 5),
        chapter("Ethics", "GS4", "", 6),
        chapter("Quad", "GS2", "International Relations", 7),
        chapter("Misc", "GS2", "", 8),
    ]
    grouped = [
        (paper, [(topic, [c.meta.title for c in cs]) for topic, cs in topics])
        for paper, topics in group_chapters(chapters, THEME.syllabus_index)
    ]
    assert grouped == [
        (
            "GS2",
            [("International Relations", ["Japan", "Quad"]), ("Polity", ["Courts"]), ("General", ["Misc"])],
        ),
        ("GS3", [("Economy", ["Trade"])]),
        ("GS4", [("", ["Ethics"])]),
        ("Prelims", [("", ["Maps"])]),
        ("Other chapters", [("", ["Essay"])]),
    ]
