"""The answer key: after each chapter's questions (`answers: chapter`), as an "Answer Key" part
before the rest of the back matter (`answers: end`), or nowhere (`answers: none`, the
student edition: no answer, explanation, note or model point is laid out at all).

Each entry is named like "1.3" (chapter 1, question 3) and links back to its question.
"""

from __future__ import annotations

from handbook.layout.context import LayoutContext
from handbook.layout.flowables import Anchor, AnchorInfo
from handbook.layout.headings import back_part_opening
from handbook.layout.inline import markup, text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.questions import (
    LabelledBox,
    answer_anchor,
    keep_each,
    link,
    numbered_rows,
    qstyle,
    words,
)
from handbook.layout.styles import paragraph_style
from handbook.model import Chapter, DescriptiveQuestion, option_letter
from handbook.translations import digits

KEY_ANCHOR = "answer-key"


def reference(chapter: Chapter, question, ctx: LayoutContext) -> str:
    return digits(
        words(ctx.theme.questions.words.reference, chapter=chapter.number, number=question.number), ctx.theme
    )


# --- where the key goes ---------------------------------------------------------------


def layout_chapter_answers(chapter: Chapter, ctx: LayoutContext) -> list:
    """CHAPTER_END hook (after the questions): the chapter's answers, with `answers: chapter`."""
    entries = answer_entries(chapter, ctx) if ctx.answers == "chapter" else []
    if not entries:
        return []
    title = ctx.theme.questions.words.answers
    heading = [
        Anchor(AnchorInfo(f"{chapter.anchor}-answers", title, 2)),
        RLParagraph(text(title), paragraph_style(ctx.theme, "h2")),
    ]
    return keep_each(entries, heading)


def answer_key_part(ctx: LayoutContext):
    """BACK_MATTER part: the Answer Key, grouped by chapter, with `answers: end`."""
    if ctx.answers != "end":
        return None
    theme = ctx.theme
    title = theme.questions.words.answer_key
    flowables = back_part_opening(title, KEY_ANCHOR, ctx)
    found = False
    for chapter in ctx.book.chapters:
        entries = answer_entries(chapter, ctx.in_chapter(chapter))
        if not entries:
            continue
        found = True
        group = words(theme.questions.words.key_chapter, chapter=chapter.number, title=chapter.meta.title)
        heading = [
            Anchor(AnchorInfo(f"{chapter.anchor}-key", group, 1)),
            RLParagraph(text(group), qstyle(ctx, "key_chapter")),
        ]
        flowables += keep_each(entries, heading)
    return (title, KEY_ANCHOR, flowables) if found else None


def answer_key_heading(ctx: LayoutContext) -> tuple[str, str] | None:
    """(title, anchor) of the part `answer_key_part` makes, or None when it makes none: what the
    contents need, without making the key's flowables (a recorded key is replayed instead)."""
    if ctx.answers != "end":
        return None
    if not any(answer_anchor(q, ctx) for chapter in ctx.book.chapters for q in chapter.questions):
        return None
    return ctx.theme.questions.words.answer_key, KEY_ANCHOR


def answer_key_inputs(ctx: LayoutContext) -> str:
    """Everything of the book `answer_key_part` reads, as text (a recording's key, beside the
    theme, options and answers mode): each chapter's number, anchor, front matter and enriched
    questions. A chapter's body is not read, so an edit to it leaves the key's recording valid."""
    chapters = [(c.number, c.anchor, c.meta, c.questions) for c in ctx.book.chapters]
    return repr(("answer-key", ctx.answers, chapters))


# --- entries --------------------------------------------------------------------------


def answer_entries(chapter: Chapter, ctx: LayoutContext) -> list[list]:
    """One list of flowables per answered question."""
    out = []
    theme = ctx.theme.questions
    for question in chapter.questions:
        anchor = answer_anchor(question, ctx)
        if anchor is None:
            continue
        label = RLParagraph(
            link(text(reference(chapter, question, ctx)), question.anchor, ctx), qstyle(ctx, "number")
        )
        width = ctx.text_width - theme.key_number_width
        out.append(
            [
                Anchor(AnchorInfo(anchor)),
                LabelledBox(
                    label,
                    entry_flowables(question, ctx, width),
                    theme.key_number_width,
                    space_after=theme.key_note.space_after,
                ),
            ]
        )
    return out


def entry_flowables(question, ctx: LayoutContext, width: float) -> list:
    """The answer, then the explanation, the note on each statement, the model points."""
    theme = ctx.theme.questions
    note = qstyle(ctx, "key_note")
    if isinstance(question, DescriptiveQuestion):
        bullet = ctx.theme.bullets[0]
        return [
            RLParagraph(text(theme.words.points), qstyle(ctx, "key_answer")),
            numbered_rows(
                [markup(p, ctx) for p in question.points],
                ctx,
                width,
                "key_note",
                labels=[bullet] * len(question.points),
            ),
        ]
    letter = words(theme.words.option_label, letter=option_letter(question.answer))
    out = [
        RLParagraph(
            f"<b>{text(letter)}</b> {markup(question.options[question.answer], ctx)}",
            qstyle(ctx, "key_answer"),
        )
    ]
    if question.explanation:
        out.append(RLParagraph(markup(question.explanation, ctx), note))
    if question.notes:
        out.append(numbered_rows([markup(n, ctx) for n in question.notes], ctx, width, "key_note"))
    return out
