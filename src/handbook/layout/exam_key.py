"""The teacher's answer key to a practice test, a PDF of its own: the answers at a glance (to
mark an answer sheet quickly), then each question's answer with its explanation, notes or
model points (layout.answers.entry_flowables, as the book prints them) and the chapter it
came from."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Table, TableStyle

from handbook.layout.answers import entry_flowables
from handbook.layout.context import LayoutContext
from handbook.layout.flowables import StartPart
from handbook.layout.inline import text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.questions import KeepQuestion, LabelledBox, has_entry, qstyle, words
from handbook.layout.styles import color, paragraph_style, table_text_colour
from handbook.layout.exam_paper import fill
from handbook.model import option_letter
from handbook.model.book_cuts import PracticePaper
from handbook.translations import word

GLANCE_COLUMNS = 5  # question-answer pairs per row of the summary


def layout_test_key(paper: PracticePaper, ctx: LayoutContext) -> list:
    style = ctx.theme.test_paper
    title = f"{style.words.key}: {paper.title}"
    heading = paragraph_style(ctx.theme, "h1").clone("key:title", alignment=TA_CENTER, spaceBefore=0)
    meta = paragraph_style(ctx.theme, "title_meta").clone(
        "key:meta", alignment=TA_CENTER, spaceBefore=0, spaceAfter=ctx.theme.test_paper.block_gap
    )
    facts = [fill(style.words.date, paper, theme=ctx.theme)] if paper.date else []
    if paper.series:
        facts.append(f"{word('test.series', ctx.theme.language, ctx.theme)} {paper.series}")
    facts += [fill(style.words.marks, paper), f"seed {paper.spec.seed}"]
    out = [
        StartPart("chapter", recto=False, running_head=title),
        RLParagraph(text(title), heading),
        RLParagraph(text(" · ".join(facts)), meta),
    ]
    if paper.objective:
        out.append(RLParagraph(text(style.words.key_summary), paragraph_style(ctx.theme, "h3")))
        out.append(glance(paper, ctx))
    entries = paper.questions  # a descriptive question without model points: its source at least
    width = ctx.text_width - ctx.theme.questions.key_number_width
    source = qstyle(ctx, "limits")
    for item in entries:
        chapter = item.chapter
        where = words(
            style.words.source, chapter=chapter.number, title=chapter.meta.title, number=item.source_number
        )
        body = (
            entry_flowables(item.question, ctx.in_chapter(chapter), width) if has_entry(item.question) else []
        )
        body.append(RLParagraph(text(where), source))
        label = RLParagraph(text(f"{item.number}."), qstyle(ctx, "number"))
        box = LabelledBox(
            label, body, ctx.theme.questions.key_number_width, space_after=ctx.theme.questions.space_between
        )
        out.append(KeepQuestion([box]))
    return out


def glance(paper: PracticePaper, ctx: LayoutContext) -> Table:
    """'1 (b)  2 (d) ...' in a ruled grid, GLANCE_COLUMNS questions a row."""
    number = qstyle(ctx, "number")
    answer = qstyle(ctx, "key_answer")
    cells = [
        (
            RLParagraph(str(item.number), number),
            RLParagraph(
                text(
                    words(ctx.theme.questions.words.option_label, letter=option_letter(item.question.answer))
                ),
                answer,
            ),
        )
        for item in paper.objective
    ]
    rows = []
    for start in range(0, len(cells), GLANCE_COLUMNS):
        row = [c for pair in cells[start : start + GLANCE_COLUMNS] for c in pair]
        row += [RLParagraph("", answer)] * (2 * GLANCE_COLUMNS - len(row))
        rows.append(row)
    pair = ctx.text_width / GLANCE_COLUMNS
    table = Table(rows, colWidths=[pair * 0.4, pair * 0.6] * GLANCE_COLUMNS, hAlign="LEFT")
    rule = color(ctx.theme.test_paper.rule_color)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), answer.fontName, answer.fontSize, answer.leading),
                table_text_colour(answer),  # black through the theme (K only), not reportlab's RGB
                ("LINEBELOW", (0, 0), (-1, -1), ctx.theme.test_paper.rule_width, rule),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    table.spaceAfter = ctx.theme.test_paper.block_gap
    return table


def layout_series_keys(papers: list[PracticePaper], ctx: LayoutContext) -> list:
    """Every series' answers side by side: a row per question number, a column per series (the
    sheet says which series a candidate wrote, this table which answer that series wants)."""
    style = ctx.theme.test_paper
    first = papers[0]
    series = word("test.series", ctx.theme.language, ctx.theme)
    title = f"{style.words.key}: {first.title}"
    heading = paragraph_style(ctx.theme, "h1").clone("keys:title", alignment=TA_CENTER, spaceBefore=0)
    number = qstyle(ctx, "number")
    answer = qstyle(ctx, "key_answer")
    head = [RLParagraph("", number)] + [RLParagraph(f"{series} {paper.series}", number) for paper in papers]
    rows = [head]
    for index, item in enumerate(first.objective):
        row = [RLParagraph(str(item.number), number)]
        for paper in papers:
            letter = option_letter(paper.objective[index].question.answer)
            row.append(
                RLParagraph(text(words(ctx.theme.questions.words.option_label, letter=letter)), answer)
            )
        rows.append(row)
    widths = [ctx.text_width * 0.16] + [ctx.text_width * 0.84 / len(papers)] * len(papers)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    rule = color(style.rule_color)
    table.setStyle(
        TableStyle(
            [
                table_text_colour(answer),
                ("LINEBELOW", (0, 0), (-1, -1), style.rule_width, rule),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [
        StartPart("chapter", recto=False, running_head=title),
        RLParagraph(text(title), heading),
        table,
    ]
