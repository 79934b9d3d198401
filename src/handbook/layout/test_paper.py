"""A practice test paper: the cover, Section A (objective questions numbered 1..N across the
paper), Section B (descriptive questions, each with ruled answer space) and, on a sheet of its
own, the OMR answer sheet (layout.omr). The questions are set by layout.questions, as in the book.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from handbook.layout.context import LayoutContext
from handbook.layout.flowables import Anchor, AnchorInfo, StartPart
from handbook.layout.inline import text
from handbook.layout.omr import OmrGrid
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.questions import (
    KeepQuestion,
    LabelledBox,
    borderless,
    qstyle,
    question_flowables,
    words,
)
from handbook.layout.styles import color, paragraph_style
from handbook.layout.text import long_date
from handbook.model.book_cuts import PaperQuestion, PracticePaper


def number_text(value: float) -> str:
    """2 -> '2', 0.5 -> '0.5' (marks as an examiner writes them)."""
    return f"{value:g}"


def fill(template: str, paper: PracticePaper, marks: float | None = None) -> str:
    """A theme wording with the paper's numbers filled in (`marks`: the paper's maximum unless given)."""
    return words(
        template,
        count=len(paper.objective),
        minutes=paper.minutes,
        marks=number_text(paper.max_marks if marks is None else marks),
        each=number_text(paper.marks_each),
        date=long_date(paper.date) if paper.date else "",
    )


def layout_test_paper(paper: PracticePaper, ctx: LayoutContext) -> list:
    story = cover(paper, ctx)
    if paper.objective:
        story += section(paper, paper.objective, "objective", ctx, recto=False)
    if paper.descriptive:
        story += section(paper, paper.descriptive, "descriptive", ctx, recto=not paper.objective)
    if paper.objective:
        story += answer_sheet(paper, ctx)
    return story


# --- cover ------------------------------------------------------------------------------


def cover(paper: PracticePaper, ctx: LayoutContext) -> list:
    theme, style = ctx.theme, ctx.theme.test_paper
    title = paragraph_style(theme, "h1").clone("test:title", alignment=TA_CENTER, spaceBefore=0)
    out = [StartPart("title", recto=False), RLParagraph(text(paper.title), title)]
    book_title = ctx.book.settings.title
    if book_title and book_title != paper.title:
        out.append(
            RLParagraph(
                text(book_title),
                paragraph_style(theme, "title_meta").clone("test:book", alignment=TA_CENTER, spaceBefore=0),
            )
        )
    out.append(Spacer(1, style.block_gap))
    facts = [
        style.words.date if paper.date else style.words.date.replace("{date}", "____________"),
        style.words.time,
        style.words.marks,
    ]
    out.append(boxed_row([fill(f, paper) for f in facts], ctx))
    out.append(Spacer(1, style.block_gap))
    out += candidate_boxes(ctx)
    out.append(Spacer(1, style.block_gap))
    out.append(RLParagraph(text(style.words.instructions_heading), paragraph_style(theme, "h2")))
    lines = paper.spec.instructions or (
        style.words.instructions
        + (style.words.objective_instructions if paper.objective else [])
        + (style.words.descriptive_instructions if paper.descriptive else [])
    )
    body = paragraph_style(theme, "body")
    label_width = ctx.theme.questions.label_width
    rows = [
        [RLParagraph(f"{n}.", body), RLParagraph(text(fill(line, paper)), body)]
        for n, line in enumerate(lines, start=1)
    ]
    if rows:
        out.append(_plain_table(rows, [label_width, ctx.text_width - label_width], ctx))
    return out


def boxed_row(cells: list[str], ctx: LayoutContext) -> Table:
    """Facts side by side in ruled boxes (date, time allowed, maximum marks)."""
    style = paragraph_style(ctx.theme, "body").clone(
        "test:fact", alignment=TA_CENTER, spaceBefore=0, spaceAfter=0
    )
    width = ctx.text_width / len(cells)
    table = Table([[RLParagraph(text(c), style) for c in cells]], colWidths=[width] * len(cells))
    table.setStyle(_box_style(ctx))
    return table


def candidate_boxes(ctx: LayoutContext) -> list:
    """Ruled boxes for the candidate's name and roll number, to write in."""
    style = ctx.theme.test_paper
    label = paragraph_style(ctx.theme, "body").clone("test:label", spaceBefore=0, spaceAfter=0)
    label_width = ctx.text_width * 0.3
    empty = RLParagraph("", label)
    table = Table(
        [
            [RLParagraph(text(style.words.name), label), empty],
            [RLParagraph(text(style.words.roll), label), empty],
        ],
        colWidths=[label_width, ctx.text_width - label_width],
        rowHeights=[style.box_height] * 2,
    )
    commands = _box_style(ctx).getCommands() + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    table.setStyle(TableStyle(commands))
    return [table]


def _box_style(ctx: LayoutContext) -> TableStyle:
    style = ctx.theme.test_paper
    rule, padding = color(style.rule_color), style.box_padding
    body = paragraph_style(ctx.theme, "body")
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading),
            ("GRID", (0, 0), (-1, -1), style.rule_width, rule),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), padding),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ]
    )


def _plain_table(rows: list, widths: list, ctx: LayoutContext) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle(borderless(paragraph_style(ctx.theme, "body"), bottom=3)))
    return table


# --- the questions ----------------------------------------------------------------------


def section(
    paper: PracticePaper, items: list[PaperQuestion], kind: str, ctx: LayoutContext, recto: bool
) -> list:
    style = ctx.theme.test_paper
    if kind == "objective":
        heading = fill(style.words.objective, paper, paper.objective_marks)
    else:
        heading = words(style.words.descriptive, marks=paper.descriptive_marks)
    out = [
        StartPart("chapter", recto=recto, running_head=heading),
        Anchor(AnchorInfo(f"test-{kind}", heading, 0)),
        RLParagraph(text(heading), paragraph_style(ctx.theme, "h2")),
    ]
    first = [out.pop()]  # the heading stays with the first question
    for item in items:
        flowables = paper_question(item, ctx)
        kept = KeepQuestion(first + flowables[:1])
        kept.keepWithNext = len(flowables) > 1  # a question stays with its first answer lines
        out.append(kept)
        out += flowables[1:]
        first = []
    return out


def paper_question(item: PaperQuestion, ctx: LayoutContext) -> list:
    """The numbered question (kept on one page) and, for a descriptive one, its answer lines."""
    chapter_ctx = ctx.in_chapter(item.chapter)
    label = RLParagraph(text(f"{item.number}."), qstyle(ctx, "number"))
    box = LabelledBox(
        label,
        question_flowables(item.question, chapter_ctx),
        ctx.theme.questions.number_width,
        space_after=ctx.theme.questions.space_between,
    )
    box.handbook_loc = item.question.loc
    if item.question.objective:
        return [box]
    style = ctx.theme.test_paper
    count = max(3, round(item.question.words / 50 * style.answer_lines))
    return [
        box,
        AnswerLines(
            count,
            style.line_spacing,
            color(style.rule_color),
            indent=ctx.theme.questions.number_width,
            space_after=ctx.theme.questions.space_between * 2,
            rule_width=style.rule_width,
        ),
    ]


class AnswerLines(Flowable):
    """`count` ruled lines to write an answer on; split across pages (at least three on a page;
    one or two left over are dropped rather than given a page of their own)."""

    MIN_ON_PAGE = 3

    def __init__(
        self,
        count: int,
        spacing: float,
        rule,
        indent: float = 0,
        space_after: float = 0,
        rule_width: float = 0.5,
    ):
        super().__init__()
        self.count, self.spacing, self.rule, self.indent = count, spacing, rule, indent
        self.width_of_rule = rule_width
        self.spaceAfter = space_after

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = self.count * self.spacing
        return self.width, self.height

    def split(self, availWidth, availHeight):
        fits = int(availHeight // self.spacing)
        if fits >= self.count or fits < self.MIN_ON_PAGE:
            return []
        if self.count - fits < self.MIN_ON_PAGE:
            # A line or two would take a page of their own: the answer space ends a little
            # short instead (it is a guide to length, not a measure).
            return [
                AnswerLines(fits, self.spacing, self.rule, self.indent, self.spaceAfter, self.width_of_rule)
            ]
        return [
            AnswerLines(fits, self.spacing, self.rule, self.indent, 0, self.width_of_rule),
            AnswerLines(
                self.count - fits, self.spacing, self.rule, self.indent, self.spaceAfter, self.width_of_rule
            ),
        ]

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(self.width_of_rule)
        for n in range(self.count):
            y = self.height - (n + 1) * self.spacing
            canvas.line(self.indent, y, self.width, y)
        canvas.restoreState()


# --- the answer sheet -------------------------------------------------------------------


def answer_sheet(paper: PracticePaper, ctx: LayoutContext) -> list:
    """On a right-hand page of its own (to tear off and hand in): title, the candidate's boxes,
    how to mark, then a row of circles (a), (b), ... per objective question, in columns."""
    style = ctx.theme.test_paper
    heading = style.words.answer_sheet
    title = paragraph_style(ctx.theme, "h2").clone("test:sheet", alignment=TA_CENTER, spaceBefore=0)
    note = paragraph_style(ctx.theme, "body").clone(
        "test:note", spaceBefore=style.block_gap / 2, spaceAfter=style.block_gap
    )
    rows = [(item.number, len(item.question.options)) for item in paper.objective]
    return [
        StartPart("back", recto=True, running_head=heading),
        Anchor(AnchorInfo("test-sheet", heading, 0)),
        RLParagraph(text(f"{heading}: {paper.title}"), title),
        *candidate_boxes(ctx),
        RLParagraph(text(style.words.sheet_note), note),
        OmrGrid(rows, ctx.theme),
    ]
