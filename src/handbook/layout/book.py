"""The whole book as one story: front matter, chapters, back matter."""

from __future__ import annotations

from handbook.layout.answers import answer_key_part
from handbook.layout.chapter import layout_chapter
from handbook.layout.context import LayoutContext
from handbook.layout.frontmatter import layout_contents, layout_title_page, toc_entries
from handbook.layout.glossary import glossary_part
from handbook.layout.syllabus import syllabus_index_part

# Back-matter parts, in order. Each is f(ctx) -> (title, anchor, flowables) or None when the
# book has nothing for it; a new part is added to this list, here.
# Order: the answer key, then the glossary (it lists pages the answers use), then the index.
BACK_MATTER: list = [answer_key_part, glossary_part, syllabus_index_part]


def layout_book(ctx: LayoutContext) -> list:
    front, back = layout_front_and_back(ctx)
    story = front
    for chapter in ctx.book.chapters:
        story += layout_chapter(chapter, ctx)
    return story + back


def layout_front_and_back(ctx: LayoutContext, made: dict | None = None) -> tuple[list, list]:
    """What comes before the chapters (title page, contents) and after them (BACK_MATTER).
    `made`: parts already known (BACK_MATTER function -> its result), not made again."""
    made = made or {}
    back = [part for part in (made[make] if make in made else make(ctx) for make in BACK_MATTER) if part]
    front = layout_title_page(ctx)
    front += layout_contents(ctx, toc_entries(ctx, [(title, anchor) for title, anchor, _ in back]))
    return front, [flowable for _, _, flowables in back for flowable in flowables]
