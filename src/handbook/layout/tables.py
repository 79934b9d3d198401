"""GFM tables: wrapped cells, column widths from the content, header repeated on each page."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from handbook.errors import LayoutFailed
from handbook.layout.context import LayoutContext
from handbook.layout.inline import markup
from handbook.layout.styles import color, paragraph_style
from handbook.model import Table, plain_text

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
MIN_SHARE = 0.6  # a column gets at least this share of an equal split


def layout_table(block: Table, ctx: LayoutContext) -> list:
    theme = ctx.theme
    columns = max([len(block.header)] + [len(r) for r in block.rows])
    header_style = paragraph_style(theme, "table_header")
    cell_style = paragraph_style(theme, "table_cell")

    def cells(row, style):
        out = []
        for index in range(columns):
            align = ALIGN[block.aligns[index]] if index < len(block.aligns) else TA_LEFT
            content = markup(row[index].children, ctx) if index < len(row) else ""
            out.append(RLParagraph(content, style.clone(f"{style.name}:{align}", alignment=align)))
        return out

    pad = theme.spacing.table_padding
    # A column needs its padding and room for about one letter; more columns cannot fit.
    fitting = int((ctx.text_width - 2) // (2 * pad + cell_style.fontSize))
    if columns > fitting:
        raise LayoutFailed(f"this table has {columns} columns but at most {fitting} fit across "
                           "the page: split it into several tables", block.loc)
    data = [cells(block.header, header_style)] + [cells(r, cell_style) for r in block.rows]
    widths = column_widths(block, columns, ctx.text_width - 2)
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6), ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BACKGROUND", (0, 0), (-1, 0), color(theme.colors.table_header_background)),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, color(theme.colors.table_rule)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, color(theme.colors.table_rule)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, color(theme.colors.table_rule)),
    ]
    for row in range(2, len(data), 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), color(theme.colors.table_stripe)))
    table.setStyle(TableStyle(commands))
    table.spaceBefore = 4
    table.spaceAfter = theme.text.body.space_after + 4
    return [table]


def column_widths(block: Table, columns: int, total: float) -> list[float]:
    """Widths proportional to each column's longest text, no column starved."""
    lengths = [1.0] * columns
    for row in [block.header] + block.rows:
        for index, cell in enumerate(row[:columns]):
            lengths[index] = max(lengths[index], min(len(plain_text(cell.children)), 60))
    floor = total / columns * MIN_SHARE
    spare = total - floor * columns
    weight = sum(lengths)
    return [floor + spare * length / weight for length in lengths]
