"""Practice questions at a chapter's end, in the forms the papers print them.

Each question is one `KeepTogether`: its number, text, statements or lists, lead-out and
options move to the next page together rather than leave the question at a page foot.
The number hangs in the margin and links to the question's answer when the book prints one.
"""

from __future__ import annotations

from collections.abc import Sequence

import string
from xml.sax.saxutils import quoteattr

from reportlab.platypus import KeepTogether
from reportlab.platypus import Table, TableStyle

from handbook.layout.context import LayoutContext
from handbook.layout.wide import mark_wide, may_widen
from handbook.layout.flowables import Anchor, AnchorInfo, IndentedBox
from handbook.layout.grid import CellGrid
from handbook.layout.fonts import font_name
from handbook.layout.inline import markup, text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.rlcompat import grow_wrapped_height, kept_flowables
from handbook.layout.styles import color, paragraph_style, style_of, table_text_colour
from handbook.model import (
    Chapter,
    DescriptiveQuestion,
    HowManyQuestion,
    MatchQuestion,
    StatementsQuestion,
    option_letter,
)
from handbook.translations import digits

LIST_ONE_LABELS = string.ascii_uppercase


class LabelledBox(IndentedBox):
    """Flowables indented by `indent`, with `label` (a paragraph) hanging in the indent beside
    the first line. When the box splits, the label stays with the first part."""

    def __init__(self, label: RLParagraph, flowables: list, indent: float, space_after: float = 0):
        super().__init__(flowables, indent, space_after=space_after)
        self.label = label

    def wrap(self, availWidth, availHeight):
        width, height = super().wrap(availWidth, availHeight)
        _, self._label_height = self.label.wrap(self.indent, availHeight)
        self.height = max(height, self._label_height)
        return width, self.height

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            parts[0] = LabelledBox(self.label, parts[0].flowables, self.indent)
        return parts

    def _copy(self, flowables, space_after):
        return IndentedBox(flowables, self.indent, space_after=space_after)

    def draw(self):
        # The label first, so text extraction (and copy and paste) reads "3. Question ...".
        self.label.drawOn(self.canv, 0, self.height - self._label_height)
        super().draw()


class KeepQuestion(KeepTogether):
    """KeepTogether that also counts the space above its first flowable: platypus leaves it out
    when it measures, so a heading kept with a question could be placed and the question then
    just miss the page, leaving the heading alone at the foot."""

    def wrap(self, availWidth, availHeight):
        size = super().wrap(availWidth, availHeight)
        grow_wrapped_height(
            self, next((f.getSpaceBefore() for f in kept_flowables(self) if not isinstance(f, Anchor)), 0)
        )
        return size


def qstyle(ctx: LayoutContext, name: str, **kwargs):
    """The ParagraphStyle of text style `name` of the theme's `questions` section."""
    return style_of(ctx.theme, f"questions.{name}", getattr(ctx.theme.questions, name), **kwargs)


def span(ctx: LayoutContext, name: str, content: str) -> str:
    """`content` (markup) set inline in the questions text style `name`."""
    style = getattr(ctx.theme.questions, name)
    face = font_name(style.font, style.bold, style.italic)
    # Theme values are validated when it loads (names by pattern, sizes finite, colours
    # '#rrggbb'); quoted as attributes anyway, so no value can close the tag.
    return (
        f"<font face={quoteattr(face)} size={quoteattr(f'{style.size:g}')} "
        f"color={quoteattr(str(style.color))}>{content}</font>"
    )


def words(template: str, **values) -> str:
    """A theme wording with its {placeholders} filled (unknown ones are left as written)."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def link(content: str, anchor: str, ctx: LayoutContext) -> str:
    return f'<a href="#{anchor}" color="{ctx.theme.colors.link}">{content}</a>'


def has_entry(question) -> bool:
    """Whether the key has anything to say: every objective question, a descriptive one with points."""
    return not isinstance(question, DescriptiveQuestion) or bool(question.points)


def answer_anchor(question, ctx: LayoutContext) -> str | None:
    """The destination of the question's answer, or None when the book prints none."""
    if ctx.answers == "none" or not has_entry(question):
        return None
    return f"{question.anchor}-answer"


# --- the chapter's section ------------------------------------------------------------


def layout_questions(chapter: Chapter, ctx: LayoutContext) -> list:
    """CHAPTER_END hook: the "Practice Questions" section, set across the wide area (the
    exercises of a textbook: match lists and option grids need the room; layout/wide.py)."""
    if not chapter.questions:
        return []
    if may_widen(ctx):
        return mark_wide(layout_questions(chapter, ctx.widened()))
    title = ctx.theme.questions.words.heading
    heading = [
        Anchor(AnchorInfo(f"{chapter.anchor}-questions", title, 1)),
        RLParagraph(text(title), paragraph_style(ctx.theme, "h1")),
    ]
    items = []
    for question in chapter.questions:
        number = text(digits(f"{question.number}.", ctx.theme))  # `digits: devanagari`: १.
        target = answer_anchor(question, ctx)
        label = RLParagraph(link(number, target, ctx) if target else number, qstyle(ctx, "number"))
        box = LabelledBox(
            label,
            question_flowables(question, ctx),
            ctx.theme.questions.number_width,
            space_after=ctx.theme.questions.space_between,
        )
        box.handbook_loc = question.loc  # so a layout error names the question's line
        items.append([Anchor(AnchorInfo(question.anchor)), box])
    return keep_each(items, heading)


def keep_each(items: list[list], heading: list) -> list:
    """Each item (a list of flowables) kept on one page, and `heading` with the first item
    (platypus does not keep a keepWithNext paragraph with a following KeepTogether)."""
    out = []
    for item in items:
        out.append(KeepQuestion(heading + item))
        heading = []
    return out


def question_flowables(question, ctx: LayoutContext) -> list:
    """The question without its number: text, statements or lists, lead-out, options."""
    width = ctx.text_width - ctx.theme.questions.number_width
    stem = markup(question.question, ctx)
    if isinstance(question, DescriptiveQuestion):
        limits = words(ctx.theme.questions.words.limits, marks=question.marks, words=question.words)
        return [RLParagraph(f"{stem} {span(ctx, 'limits', text(limits))}", qstyle(ctx, "question"))]
    out = [RLParagraph(stem, qstyle(ctx, "question"))]
    if isinstance(question, (StatementsQuestion, HowManyQuestion)) and question.statements:
        out.append(numbered_rows([markup(s, ctx) for s in question.statements], ctx, width))
    if isinstance(question, HowManyQuestion) and question.pairs:
        out.append(pairs_table(question, ctx, width))
    if isinstance(question, MatchQuestion):
        out.append(match_table(question, ctx, width))
    if isinstance(question, (StatementsQuestion, HowManyQuestion)):
        out.append(RLParagraph(markup(question.ask, ctx), qstyle(ctx, "question")))
    out.append(options_grid([markup(o, ctx) for o in question.options], ctx, width))
    return out


# --- pieces ---------------------------------------------------------------------------


def numbered_rows(
    items: list[str],
    ctx: LayoutContext,
    width: float,
    style: str = "statement",
    labels: list[str] | None = None,
) -> CellGrid:
    """Items (markup) each after its label ("1.", "2.", ...) hanging in a narrow column."""
    label_width = ctx.theme.questions.label_width
    labels = labels or [f"{n}." for n in range(1, len(items) + 1)]
    data = [
        [RLParagraph(text(label), qstyle(ctx, style)), RLParagraph(item, qstyle(ctx, style))]
        for label, item in zip(labels, items)
    ]
    return _grid(data, [label_width, width - label_width], ctx)


def options_grid(options: list[str], ctx: LayoutContext, width: float) -> CellGrid:
    """Options labelled (a), (b), ... in as many columns as let every option fit on one line
    (up to the theme's `max_option_columns`), read row by row like the papers print them."""
    theme = ctx.theme.questions
    labels = [
        RLParagraph(text(words(theme.words.option_label, letter=option_letter(i))), qstyle(ctx, "option"))
        for i in range(len(options))
    ]
    for columns in option_columns(len(options), theme.max_option_columns):
        cell_width = (width - theme.column_gap * (columns - 1)) / columns - theme.label_width
        cells = [RLParagraph(option, qstyle(ctx, "option")) for option in options]
        if columns == 1 or all(_one_line(cell, cell_width) for cell in cells):
            break
    data, row = [], []
    for label, cell in zip(labels, cells):
        row += [label, cell]
        if len(row) == 2 * columns:
            data.append(row)
            row = []
    if row:
        data.append(row + [_empty(ctx)] * (2 * columns - len(row)))
    widths = [theme.label_width, cell_width + theme.column_gap] * columns
    widths[-1] -= theme.column_gap
    return _grid(data, widths, ctx)


def option_columns(count: int, most: int) -> list[int]:
    """Column counts to try, widest first: all in one row, three or two per row, one."""
    candidates = [count, 3 if count % 3 == 0 else 0, 2, 1]
    return sorted({c for c in candidates if 1 <= c <= min(count, most)}, reverse=True) or [1]


def _one_line(paragraph: RLParagraph, width: float) -> bool:
    paragraph.wrap(width, 10_000)
    return len(paragraph.blPara.lines) <= 1


def match_table(question: MatchQuestion, ctx: LayoutContext, width: float) -> Table:
    """List I (A, B, ...) and List II (1, 2, ...) side by side, row by row as written."""
    theme = ctx.theme.questions
    label_width, half = theme.label_width, width / 2
    heads = [text(theme.words.list_one), text(theme.words.list_two)]
    if question.headings:  # "List I (Initiative)"
        heads = [
            words(text(theme.words.list_titled), list=head, title=markup(title, ctx))
            for head, title in zip(heads, question.headings)
        ]
    cell = lambda content: RLParagraph(content, qstyle(ctx, "statement"))  # noqa: E731
    data = [
        [
            RLParagraph(heads[0], qstyle(ctx, "list_heading")),
            _empty(ctx),
            RLParagraph(heads[1], qstyle(ctx, "list_heading")),
            _empty(ctx),
        ]
    ]
    for index, pair in enumerate(question.pairs):
        data.append(
            [
                cell(f"{LIST_ONE_LABELS[index]}."),
                cell(markup(pair.left, ctx)),
                cell(f"{index + 1}."),
                cell(markup(pair.right, ctx)),
            ]
        )
    widths = [label_width, half - label_width, label_width, half - label_width]
    return _table(data, widths, ctx, header=True, spans=[((0, 0), (1, 0)), ((2, 0), (3, 0))])


def pairs_table(question: HowManyQuestion, ctx: LayoutContext, width: float) -> Table:
    """Numbered pairs in two aligned columns, under the column titles when given."""
    label_width = ctx.theme.questions.label_width
    half = (width - label_width) / 2
    cell = lambda content, style="statement": RLParagraph(content, qstyle(ctx, style))  # noqa: E731
    data = [
        [cell(f"{n}."), cell(markup(p.left, ctx)), cell(markup(p.right, ctx))]
        for n, p in enumerate(question.pairs, start=1)
    ]
    if question.headings:
        data.insert(0, [_empty(ctx)] + [cell(markup(h, ctx), "list_heading") for h in question.headings])
    return _table(data, [label_width, half, half], ctx, header=bool(question.headings))


def _empty(ctx: LayoutContext) -> RLParagraph:
    """An empty cell (a plain "" would be drawn in the PDF's default font)."""
    return RLParagraph("", qstyle(ctx, "option"))


def _grid(data: list, widths: list[float], ctx: LayoutContext) -> CellGrid:
    """Rows of paragraphs as `_table` without a header would set them (see layout/grid.py)."""
    return CellGrid(data, widths, row_gap=1, space_after=ctx.theme.questions.question.space_after)


def borderless(style, bottom: float) -> list:
    """Table commands for cells set in `style`, top-aligned, without padding but `bottom` below
    each row (the table's own default font is Helvetica, which would be written unembedded)."""
    return [
        ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize, style.leading),
        table_text_colour(style),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
    ]


def _table(
    data: list, widths: list[float], ctx: LayoutContext, header: bool = False, spans: Sequence = ()
) -> Table:
    table = Table(data, colWidths=widths, hAlign="LEFT")
    commands = borderless(qstyle(ctx, "option"), bottom=1)
    for start, end in spans:
        commands.append(("SPAN", start, end))
    if header:
        rule = color(ctx.theme.colors.table_rule)
        commands += [
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, rule),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
            ("TOPPADDING", (0, 1), (-1, 1), 2),
        ]
    table.setStyle(TableStyle(commands))
    table.spaceAfter = ctx.theme.questions.question.space_after
    return table
