"""The syllabus index at the very back: every chapter under its exam paper and topic (from the
front matter), with its page number and a link, so a candidate revising "GS2 › International
Relations" finds every chapter that belongs there.
"""

from __future__ import annotations

from handbook.layout.context import LayoutContext
from handbook.collation import hindi_key
from handbook.translations import display_name
from handbook.layout.frontmatter import TocEntry, TocLine
from handbook.layout.headings import back_part_opening
from handbook.layout.inline import text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.styles import paragraph_style
from handbook.model import Chapter

SYLLABUS_ANCHOR = "syllabus-index"


def syllabus_index_part(ctx: LayoutContext):
    """The BACK_MATTER part, or None when no chapter names a paper or topic."""
    if not any(c.meta.paper or c.meta.topic for c in ctx.book.chapters):
        return None
    theme = ctx.theme
    title = theme.syllabus_index.title
    flowables = back_part_opening(title, SYLLABUS_ANCHOR, ctx)
    for paper, topics in group_chapters(ctx.book.chapters, ctx.theme.syllabus_index):
        if theme.language == "hi":
            topics = in_hindi_order(topics, theme)
        flowables.append(_heading(display_name("paper", paper, theme), "index_paper", ctx))
        for topic, chapters in topics:
            if topic:
                flowables.append(_heading(display_name("topic", topic, theme), "index_topic", ctx))
            flowables.extend(
                TocLine(TocEntry(c.meta.title, c.anchor, 1, str(c.number)), ctx) for c in chapters
            )
    return title, SYLLABUS_ANCHOR, flowables


def in_hindi_order(topics: list[tuple[str, list[Chapter]]], theme) -> list[tuple[str, list[Chapter]]]:
    """A Hindi book's topics in dictionary order of their printed names; the chapters with no
    topic stay last."""
    named = [group for group in topics if group[1][0].meta.topic.strip()]
    rest = [group for group in topics if not group[1][0].meta.topic.strip()]
    return sorted(named, key=lambda group: hindi_key(display_name("topic", group[0], theme))) + rest


def _heading(label: str, style_name: str, ctx: LayoutContext) -> RLParagraph:
    heading = RLParagraph(text(label), paragraph_style(ctx.theme, style_name))
    heading.keepWithNext = True
    return heading


def group_chapters(chapters: list[Chapter], style) -> list[tuple[str, list[tuple[str, list[Chapter]]]]]:
    """[(paper, [(topic, chapters in book order)])]: papers in the theme's order (GS1 … GS4),
    other papers alphabetically, chapters without a paper last; topics alphabetically, the
    chapters without a topic last (with no topic heading when they are the paper's only group).
    Papers and topics match ignoring case, spaces and punctuation ('GS 2' is 'GS2')."""
    papers: dict[str, tuple[str, dict[str, tuple[str, list[Chapter]]]]] = {}
    for chapter in chapters:
        paper, topic = chapter.meta.paper.strip(), chapter.meta.topic.strip()
        shown_paper, topics = papers.setdefault(_key(paper), (paper or style.other_paper, {}))
        topics.setdefault(_key(topic), (topic, []))[1].append(chapter)
    order = [_key(p) for p in style.papers]

    def paper_rank(key: str):
        if key in order:
            return 0, order.index(key), ""
        return (1 if key else 2), 0, key

    grouped = []
    for key in sorted(papers, key=paper_rank):
        shown_paper, topics = papers[key]
        named = [topics[k] for k in sorted(k for k in topics if k)]
        if "" in topics:
            unnamed = topics[""][1]
            named.append(("" if not named else style.other_topic, unnamed))
        grouped.append((shown_paper, named))
    return grouped


def _key(label: str) -> str:
    return "".join(ch for ch in label.casefold() if ch.isalnum())
