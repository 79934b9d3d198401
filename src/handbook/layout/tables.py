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
from handbook.layout.styles import color, paragraph_style, table_text_colour
from handbook.layout.typography import address_style, break_long_addresses
from handbook.model import Table, plain_text

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


def layout_table(block: Table, ctx: LayoutContext) -> list:
    theme = ctx.theme
    columns = max([_width(block.header)] + [_width(r) for r in block.rows])
    header_style = paragraph_style(theme, "table_header")
    cell_style = paragraph_style(theme, "table_cell")

    spans: list = []  # ("SPAN", (first, row), (last, row)) for HTML colspan

    def cells(row, style, row_index):
        out = []
        grid = _grid(row, columns)
        for index in range(columns):
            cell = grid[index]
            if cell is None:  # covered by a cell spanning from the left
                out.append("")
                continue
            align = ALIGN[block.aligns[index]] if index < len(block.aligns) else TA_LEFT
            last = min(index + cell.span, columns) - 1
            out.append(
                _cell(
                    cell.children,
                    style.clone(f"{style.name}:{align}", alignment=align),
                    sum(widths[index : last + 1]) - 2 * pad,
                )
            )
            if cell.span > 1:
                spans.append(("SPAN", (index, row_index), (last, row_index)))
        return out

    def _cell(children, style, room: float):
        """A cell's paragraph; a web address in it breaks after / . - _ ? & = where the column
        is too narrow for it, as in running text (reportlab would cut it anywhere: 'stati|stics')."""
        if not children:
            return RLParagraph("", style)
        style = address_style(style, children, room)
        children = break_long_addresses(children, room, style.fontName, style.fontSize)
        return RLParagraph(markup(children, ctx), style)

    pad = theme.spacing.table_padding
    # A column needs its padding and room for about one letter; more columns cannot fit.
    width = ctx.block_width - 2
    fitting = int(width // (2 * pad + cell_style.fontSize))
    if columns > fitting:
        raise LayoutFailed(
            f"this table has {columns} columns but at most {fitting} fit across "
            "the page: split it into several tables",
            block.loc,
        )
    headed = bool(block.header)  # HTML tables may have no header row
    widths = column_widths(
        block,
        columns,
        width,
        (header_style.fontName, header_style.fontSize),
        (cell_style.fontName, cell_style.fontSize),
        pad,
    )
    data = ([cells(block.header, header_style, 0)] if headed else []) + [
        cells(r, cell_style, i) for i, r in enumerate(block.rows, 1 if headed else 0)
    ]
    table = RLTable(data, colWidths=widths, repeatRows=1 if headed else 0, hAlign="LEFT")
    commands = [
        # Cells are Paragraphs with their own fonts, but the table still sets a font for its
        # cells' text state; without this it is Helvetica, written unembedded into the PDF.
        ("FONT", (0, 0), (-1, -1), cell_style.fontName, cell_style.fontSize, cell_style.leading),
        table_text_colour(cell_style),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, color(theme.colors.table_rule)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, color(theme.colors.table_rule)),
    ]
    if headed:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), color(theme.colors.table_header_background)),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, color(theme.colors.table_rule)),
        ]
    commands.extend(spans)
    for row in range(2 if headed else 1, len(data), 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), color(theme.colors.table_stripe)))
    table.setStyle(TableStyle(commands))
    table.spaceBefore = 4
    table.spaceAfter = theme.text.body.space_after + 4
    return [table]


def _width(row) -> int:
    return sum(cell.span for cell in row)


def _grid(row, columns: int) -> list:
    """The row's cell at each column: a spanning cell first, None where it covers; empty
    cells (TableCell([])) fill a short row."""
    from handbook.model import TableCell

    out: list = []
    for cell in row:
        out.append(cell)
        out.extend([None] * (cell.span - 1))
    out = out[:columns]
    return out + [TableCell([]) for _ in range(columns - len(out))]


def needs_room(block: Table, ctx: LayoutContext) -> bool:
    """Whether the table is wider than the block with each cell's text on one line, or has more
    columns than fit: it goes to the wide area (layout/wide.py)."""
    columns = max([_width(block.header)] + [_width(r) for r in block.rows])
    header, cell = paragraph_style(ctx.theme, "table_header"), paragraph_style(ctx.theme, "table_cell")
    pad = ctx.theme.spacing.table_padding
    width = ctx.block_width - 2
    if columns > width // (2 * pad + cell.fontSize):
        return True
    _, wide = natural_widths(
        block, columns, (header.fontName, header.fontSize), (cell.fontName, cell.fontSize)
    )
    return sum(wide) + columns * (2 * pad + 1) > width


def column_widths(
    block: Table, columns: int, total: float, header_font: tuple, cell_font: tuple, padding: float
) -> list[float]:
    """Widths from the content, measured in the fonts the cells are set in."""
    narrow, wide = natural_widths(block, columns, header_font, cell_font)
    extra = 2 * padding + 1  # both paddings, and a point against rounding
    return share_width([n + extra for n in narrow], [w + extra for w in wide], total, minimum=extra)


def natural_widths(block: Table, columns: int, header_font: tuple, cell_font: tuple) -> tuple[list, list]:
    """Each column's longest word and its longest text on one line, in the cells' fonts."""
    narrow, wide = [0.0] * columns, [0.0] * columns
    for row_index, row in enumerate([block.header] + block.rows):
        font, size = header_font if row_index == 0 else cell_font
        for index, cell in enumerate(_grid(row, columns)):
            if cell is None or cell.span > 1:
                continue  # a spanning cell shares its width out among the columns it covers
            words = plain_text(cell.children).split() or [""]
            # scripts.width: Devanagari and emoji measured in the fallback faces that set them
            narrow[index] = max(narrow[index], max(scripts.width(w, font, size) for w in words))
            wide[index] = max(wide[index], scripts.width(" ".join(words), font, size))
    return narrow, wide


def share_width(narrow: list[float], wide: list[float], total: float, minimum: float = 0.0) -> list[float]:
    """Split `total` between columns as browsers lay out tables: each column wants `wide` (its
    text on one line) and needs `narrow` (its longest word). When everything fits, the spare
    width goes to the columns in proportion to their text; otherwise each column gets its
    longest word plus a share of what is left, in proportion to how much it would like more.
    The widths always add up to `total`, and none is below `minimum` (a cell's paddings) when
    `total` allows it."""
    if sum(wide) <= total:
        return [w + (total - sum(wide)) * w / sum(wide) for w in wide]
    if sum(narrow) >= total:  # even the longest words do not fit: some words will break
        # A column whose longest word fits in an even share keeps it whole; the columns with
        # longer words (a long address, cut at its break points anyway) share what is left, each
        # at least an even share. Shrinking all alike broke a short header word ("Docum/ent")
        # for a URL's sake.
        fair = total / len(narrow)
        long_words = [n for n in narrow if n > fair]
        if long_words and len(long_words) < len(narrow):
            rest = total - sum(n for n in narrow if n <= fair) - fair * len(long_words)
            over = sum(n - fair for n in long_words)
            return [n if n <= fair else fair + rest * (n - fair) / over for n in narrow]
        floor = min(minimum, total / len(narrow))
        room = [n - floor for n in narrow]
        return [
            floor + (total - floor * len(narrow)) * r / sum(room) if sum(room) else total / len(narrow)
            for r in room
        ]
    wants = [w - n for n, w in zip(narrow, wide)]
    spare = total - sum(narrow)
    return [n + spare * want / sum(wants) for n, want in zip(narrow, wants)]
