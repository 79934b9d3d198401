"""Section headings: an anchor for links and the outline, kept with what follows."""

from __future__ import annotations

from handbook.layout.context import LayoutContext
from handbook.layout.flowables import Anchor, AnchorInfo, StartPart
from handbook.layout.inline import markup, text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.styles import paragraph_style
from handbook.model import Heading, plain_text


def layout_heading(block: Heading, ctx: LayoutContext) -> list:
    level = section_level(block, ctx)
    style = paragraph_style(ctx.theme, f"h{min(level, 6)}")
    number = f"{text(block.number)}\u2002" if block.number else ""
    paragraph = RLParagraph(number + markup(block.children, ctx), style)
    paragraph.keepWithNext = True
    title = (f"{block.number} " if block.number else "") + plain_text(block.children)
    anchor = Anchor(AnchorInfo(block.anchor, title.strip(), level))
    return [anchor, paragraph]


def section_level(block: Heading, ctx: LayoutContext) -> int:
    """1 for a chapter's top sections, whichever Markdown level the author started at."""
    top = getattr(ctx.chapter, "top_heading_level", 1) if ctx.chapter else 1
    return max(1, block.level - top + 1)


def back_part_opening(title: str, anchor: str, ctx: LayoutContext) -> list:
    """How a part of the back matter (answer key, glossary, syllabus index) begins: a fresh
    right-hand page with the part's running head, its outline entry and its heading."""
    return [
        StartPart("back", running_head=title),
        Anchor(AnchorInfo(anchor, title, 0)),
        RLParagraph(text(title), paragraph_style(ctx.theme, "back_heading")),
    ]
