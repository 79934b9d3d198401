"""A chapter: its opening page (label, title, subtitle, metadata line), body and notes."""

from __future__ import annotations

from reportlab.platypus import Spacer

from handbook.layout.answers import layout_chapter_answers
from handbook.layout.blocks import layout_blocks
from handbook.layout.context import LayoutContext
from handbook.layout.flowables import Anchor, AnchorInfo, StartPart
from handbook.layout.inline import text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.questions import layout_questions
from handbook.layout.styles import paragraph_style
from handbook.layout.text import long_date, rule
from handbook.translations import digits, display_name
from handbook.model import Chapter


def layout_chapter(chapter: Chapter, ctx: LayoutContext) -> list:
    book_theme, ctx = ctx.theme, ctx.in_chapter(chapter)
    flowables = [StartPart("chapter")] + chapter_opener(chapter, ctx, book_theme)
    flowables += layout_blocks(chapter.blocks, ctx)
    # The notes belong to the text: they close it, before the practice questions begin.
    flowables += layout_footnotes(chapter, ctx)
    flowables += chapter_end_hooks(chapter, ctx)
    return flowables


def chapter_opener(chapter: Chapter, ctx: LayoutContext, book_theme=None) -> list:
    """The chapter's opening: label, title, subtitle, rule and meta line. The meta line (paper,
    topic, date) is the book's classification: in the book's language (`book_theme`), also
    above a chapter printed as written in another."""
    theme, meta = ctx.theme, chapter.meta
    out = [
        Spacer(1, theme.spacing.chapter_top),
        Anchor(AnchorInfo(chapter.anchor, f"{chapter.number}. {meta.title}", 0, running_head=meta.title)),
        RLParagraph(
            text(f"{theme.words.chapter} {digits(chapter.number, theme)}"),
            paragraph_style(theme, "chapter_label"),
        ),
        RLParagraph(text(meta.title), paragraph_style(theme, "chapter_title")),
    ]
    if meta.subtitle:
        out.append(RLParagraph(text(meta.subtitle), paragraph_style(theme, "chapter_subtitle")))
    if theme.spacing.chapter_rule:
        space_after = theme.text.chapter_meta.leading * 0.4
        out.append(
            rule(theme.colors.accent, theme.spacing.chapter_rule, "100%", "LEFT", space_after=space_after)
        )
    line = metadata_line(chapter, book_theme or theme)
    if line:
        out.append(RLParagraph(line, paragraph_style(theme, "chapter_meta")))
    return out


def metadata_line(chapter: Chapter, theme=None) -> str:
    """'GS2 · International Relations · 27 October 2025 · #quad #japan' as markup."""
    meta = chapter.meta
    parts = [f"<b>{text(display_name('paper', meta.paper, theme))}</b>"] if meta.paper else []
    if meta.topic:
        parts.append(text(display_name("topic", meta.topic, theme)))
    if meta.date:
        parts.append(text(long_date(meta.date, theme)))
    if meta.tags:
        parts.append("\u2002".join(text(f"#{tag}") for tag in meta.tags))
    return " \u00b7 ".join(parts)


def chapter_end_hooks(chapter: Chapter, ctx: LayoutContext) -> list:
    """What features add at the end of a chapter (practice questions, answers)."""
    out: list = []
    for hook in CHAPTER_END:
        out.extend(hook(chapter, ctx))
    return out


# What follows a chapter's text, in order: f(chapter, ctx) -> flowables; listed here, not registered.
CHAPTER_END: list = [layout_questions, layout_chapter_answers]


def layout_footnotes(chapter: Chapter, ctx: LayoutContext) -> list:
    if not chapter.footnotes:
        return []
    theme = ctx.theme
    heading = RLParagraph(text(theme.words.footnotes), paragraph_style(theme, "h3"))
    heading.keepWithNext = True  # a heading keeps with its first note, as a section's does
    out = [heading]
    for note in chapter.footnotes:
        flowables = layout_blocks(note.blocks, ctx) or [RLParagraph("", paragraph_style(theme, "footnote"))]
        first = flowables[0]
        if isinstance(first, RLParagraph):
            # Re-set the note's first paragraph small, led by its number.
            flowables[0] = RLParagraph(
                f"<super>{note.number}</super>\u2002" + first.text if hasattr(first, "text") else "",
                paragraph_style(theme, "footnote"),
            )
        else:  # a note that starts with a list, table or image: its number on a line of its own
            flowables.insert(
                0, RLParagraph(f"<super>{note.number}</super>", paragraph_style(theme, "footnote"))
            )
        out.append(Anchor(AnchorInfo(f"{chapter.anchor}-{note.anchor}")))
        out.extend(flowables)
    return out
