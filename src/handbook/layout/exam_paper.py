"""A practice test paper: the cover, Section A (objective questions numbered 1..N across the
paper), Section B (descriptive questions, each with ruled answer space, an examiner's margin and
a marks box) and a page for rough work. The questions are set by layout.questions, as in the
book; the OMR answer sheet is a PDF of its own (layout.omr_sheet), with the words `sheet_words`
gives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from handbook.layout.context import LayoutContext
from handbook.layout.flowables import Anchor, AnchorInfo, StartPart
from handbook.layout.fonts import font_name
from handbook.layout.inline import text
from handbook.layout.omr_sheet import SheetWords
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.questions import (
    KeepQuestion,
    LabelledBox,
    borderless,
    qstyle,
    question_flowables,
    words,
)
from handbook.layout.styles import color, paragraph_style, table_text_colour
from handbook.layout.text import long_date
from handbook.model.book_cuts import PaperQuestion, PracticePaper
from handbook.translations import word


def number_text(value: float) -> str:
    """2 -> '2', 0.5 -> '0.5' (marks as an examiner writes them)."""
    return f"{value:g}"


def fill(template: str, paper: PracticePaper, marks: float | None = None, theme=None) -> str:
    """A theme wording with the paper's numbers filled in (`marks`: the paper's maximum unless given)."""
    return words(
        template,
        count=len(paper.objective),
        minutes=paper.minutes,
        marks=number_text(paper.max_marks if marks is None else marks),
        each=number_text(paper.marks_each),
        date=long_date(paper.date, theme) if paper.date else "",  # in the paper's language
    )


def layout_test_paper(paper: PracticePaper, ctx: LayoutContext, versions: list | None = None) -> list:
    """`versions`: a bilingual paper's contexts, one per language in print order (each question
    is set in the first, then its companion in the second); `ctx` carries both languages' words."""
    versions = versions or [ctx]
    story = cover(paper, ctx)
    if paper.objective:
        story += section(paper, paper.objective, "objective", ctx, versions, recto=False)
    if paper.descriptive:
        story += section(paper, paper.descriptive, "descriptive", ctx, versions, recto=not paper.objective)
    return story + rough_work(ctx)


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
    out.append(boxed_row([fill(f, paper, theme=theme) for f in facts], ctx))
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
            table_text_colour(body),  # black through the theme (K only), not reportlab's RGB
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
    paper: PracticePaper,
    items: list[PaperQuestion],
    kind: str,
    ctx: LayoutContext,
    versions: list,
    recto: bool,
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
        flowables = paper_question(item, ctx, versions)
        kept = KeepQuestion(first + flowables[:1])
        kept.keepWithNext = len(flowables) > 1  # a question stays with its first answer lines
        out.append(kept)
        out += flowables[1:]
        first = []
    return out


def paper_question(item: PaperQuestion, ctx: LayoutContext, versions: list | None = None) -> list:
    """The numbered question (kept on one page) and, for a descriptive one, its answer lines.
    With a companion (a bilingual paper), the question in the first language and then, after a
    gap, in the second: one number, options lettered alike."""
    versions = versions or [ctx]
    label = RLParagraph(text(f"{item.number}."), qstyle(ctx, "number"))
    body = question_flowables(item.question, versions[0].in_chapter(item.chapter))
    if item.companion is not None and len(versions) > 1:
        body.append(Spacer(1, ctx.theme.questions.space_between / 2))
        body += question_flowables(item.companion, versions[1].in_chapter(item.companion_chapter))
    box = LabelledBox(
        label,
        body,
        ctx.theme.questions.number_width,
        space_after=ctx.theme.questions.space_between,
    )
    box.handbook_loc = item.question.loc
    if item.question.objective:
        return [box]
    style = ctx.theme.test_paper
    count = max(3, round(item.question.words / 50 * style.answer_lines))
    language = ctx.theme.language
    return [
        box,
        AnswerLines(
            count,
            style.line_spacing,
            color(style.rule_color),
            indent=ctx.theme.questions.number_width,
            space_after=ctx.theme.questions.space_between * 2,
            rule_width=style.rule_width,
            margin=ExaminerMargin(
                EXAMINER_MARGIN,
                word("test.examiner", language, ctx.theme),
                f"{word('test.marks_box', language, ctx.theme)}: ____ / {item.question.marks}",
                font_name(ctx.theme.text.body.font, False, False),
            ),
        ),
    ]


EXAMINER_MARGIN = 62.0  # the ruled column on the right of answer space where the examiner writes


@dataclass(frozen=True)
class ExaminerMargin:
    """A column at the right of the answer lines, for the examiner's remarks; its first part
    carries a box for the marks given."""

    width: float
    label: str
    marks: str
    font: str


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
        margin: ExaminerMargin | None = None,
        first: bool = True,
    ):
        super().__init__()
        self.count, self.spacing, self.rule, self.indent = count, spacing, rule, indent
        self.width_of_rule = rule_width
        self.spaceAfter = space_after
        self.margin, self.first = margin, first

    def _part(self, count: int, space_after: float, first: bool) -> AnswerLines:
        return AnswerLines(
            count, self.spacing, self.rule, self.indent, space_after, self.width_of_rule, self.margin, first
        )

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
            return [self._part(fits, self.spaceAfter, self.first)]
        return [self._part(fits, 0, self.first), self._part(self.count - fits, self.spaceAfter, False)]

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.rule)
        canvas.setLineWidth(self.width_of_rule)
        right = self.width - (self.margin.width if self.margin else 0)
        for n in range(self.count):
            y = self.height - (n + 1) * self.spacing
            canvas.line(self.indent, y, right, y)
        if self.margin:
            self._draw_margin(canvas, right)
        canvas.restoreState()

    def _draw_margin(self, canvas, right: float) -> None:
        """The examiner's column: a rule down its left side; on the first part, its label and
        a box for the marks."""
        margin = self.margin
        assert margin is not None
        canvas.line(right + 4, 0, right + 4, self.height)
        if not self.first:
            return
        canvas.setFillColor(self.rule)
        canvas.setFont(margin.font, 6)
        top = self.height
        canvas.drawString(right + 8, top - 8, margin.label)
        box_height = 2 * self.spacing - 6
        canvas.rect(right + 8, top - 12 - box_height, margin.width - 10, box_height, stroke=1, fill=0)
        canvas.drawString(right + 10, top - 20, margin.marks)


# --- rough work and the OMR sheet's words -----------------------------------------------


def rough_work(ctx: LayoutContext) -> list:
    """A page headed for rough work (exam booklets end with one: working never goes on the
    answer sheet)."""
    heading = word("test.rough_work", ctx.theme.language, ctx.theme)
    style = paragraph_style(ctx.theme, "h2").clone("test:rough", alignment=TA_CENTER, spaceBefore=0)
    return [StartPart("back", recto=False, running_head=heading), RLParagraph(text(heading), style)]


def sheet_words(paper: PracticePaper, theme) -> SheetWords:
    """The OMR sheet's labels and rules in the paper's language, the marking rule filled in."""
    language = theme.language

    def say(key: str, **values) -> str:
        return word(key, language, theme).format(**values)

    spec = paper.spec
    rules = [
        say("omr.rule.time", minutes=paper.minutes, marks=number_text(paper.max_marks)),
        say("omr.rule.marks", correct=number_text(spec.marks)),
    ]
    if spec.wrong or spec.blank:
        rules.append(say("omr.rule.wrong", wrong=number_text(abs(spec.wrong)), blank=number_text(spec.blank)))
    rules += [say("omr.rule.pen"), say("omr.rule.twice"), say("omr.rule.roll")]
    return SheetWords.in_language(language, theme, tuple(rules))
