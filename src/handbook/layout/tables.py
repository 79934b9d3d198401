"""GFM tables: wrapped cells, column widths from the content, header repeated on each page."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from handbook.errors import LayoutFailed
from handbook.layout import scripts
from handbook.layout.context import LayoutContext
from handbook.layout.inline import markup
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.styles import color, paragraph_style
from handbook.model import Table, plain_text

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


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
    width = ctx.block_width - 2
    fitting = int(width // (2 * pad + cell_style.fontSize))
    if columns > fitting:
        raise LayoutFailed(f"this table has {columns} columns but at most {fitting} fit across "
                           "the page: split it into several tables", block.loc)
    data = [cells(block.header, header_style)] + [cells(r, cell_style) for r in block.rows]
    widths = column_widths(block, columns, width, (header_style.fontName, header_style.fontSize),
                           (cell_style.fontName, cell_style.fontSize), pad)
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        # Cells are Paragraphs with their own fonts, but the table still sets a font for its
        # cells' text state; without this it is Helvetica, written unembedded into the PDF.
        ("FONT", (0, 0), (-1, -1), cell_style.fontName, cell_style.fontSize, cell_style.leading),
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


def column_widths(block: Table, columns: int, total: float, header_font: tuple, cell_font: tuple,
                  padding: float) -> list[float]:
    """Widths from the content, measured in the fonts the cells are set in."""
    narrow, wide = [0.0] * columns, [0.0] * columns
    for row_index, row in enumerate([block.header] + block.rows):
        font, size = header_font if row_index == 0 else cell_font
        for index, cell in enumerate(row[:columns]):
            words = plain_text(cell.children).split() or [""]
            # scripts.width: Devanagari and emoji measured in the fallback faces that set them
            narrow[index] = max(narrow[index], max(scripts.width(w, font, size) for w in words))
            wide[index] = max(wide[index], scripts.width(" ".join(words), font, size))
    extra = 2 * padding + 1  # both paddings, and a point against rounding
    return share_width([n + extra for n in narrow], [w + extra for w in wide], total, minimum=extra)


def share_width(narrow: list[float], wide: list[float], total: float, minimum: float = 0.0) -> list[float]:
    """Split `total` between columns as browsers lay out tables: each column wants `wide` (its
    text on one line) and needs `narrow` (its longest word). When everything fits, the spare
    width goes to the columns in proportion to their text; otherwise each column gets its
    longest word plus a share of what is left, in proportion to how much it would like more.
    The widths always add up to `total`, and none is below `minimum` (a cell's paddings) when
    `total` allows it."""
    if sum(wide) <= total:
        return [w + (total - sum(wide)) * w / sum(wide) for w in wide]
    if sum(narrow) >= total:  # even the longest words do not fit: shrink, words will break
        floor = min(minimum, total / len(narrow))
        room = [n - floor for n in narrow]
        return [floor + (total - floor * len(narrow)) * r / sum(room) if sum(room) else total / len(narrow)
                for r in room]
    wants = [w - n for n, w in zip(narrow, wide)]
    spare = total - sum(narrow)
    return [n + spare * want / sum(wants) for n, want in zip(narrow, wants)]
