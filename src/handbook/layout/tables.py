"""GFM tables: wrapped cells, column widths from the content, header repeated on each page."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

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
        (header_style.fontName, header_style.fontSize, header_style.leading),
        (cell_style.fontName, cell_style.fontSize, cell_style.leading),
        pad,
    )
    data = ([cells(block.header, header_style, 0)] if headed else []) + [
        cells(r, cell_style, i) for i, r in enumerate(block.rows, 1 if headed else 0)
    ]
    table = BookTable(data, colWidths=widths, repeatRows=1 if headed else 0, hAlign="LEFT")
    table.page_height = ctx.text_height
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


MIN_ROWS_AT_A_SPLIT = 2  # body rows a table keeps on each side of a page break


class BookTable(RLTable):
    """reportlab's Table, split as a book splits a table: at least MIN_ROWS_AT_A_SPLIT body
    rows on each page (one row alone under a repeated header, at the foot of a page or at the
    head of the next, reads as a printing fault). A table whose first rows would not fit on a
    page even so splits as reportlab would."""

    page_height = 0.0  # the text block's height: whether moving the table on can help

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        head = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        heights = self._rowHeights
        first = len(parts[0]._cellvalues) - head
        last = len(heights) - head - first
        if first < MIN_ROWS_AT_A_SPLIT:
            fits_a_page = sum(heights[: head + MIN_ROWS_AT_A_SPLIT]) <= self.page_height
            return [] if fits_a_page else parts  # all of it on the next page
        if last < MIN_ROWS_AT_A_SPLIT:
            moved = MIN_ROWS_AT_A_SPLIT - last  # rows to take over to the next page
            if first - moved < MIN_ROWS_AT_A_SPLIT:
                return [] if sum(heights) <= self.page_height else parts
            end = head + first
            shorter = sum(heights[:end]) - sum(heights[end - moved : end]) + 0.01
            return super().split(availWidth, min(availHeight, shorter))
        return parts


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
    """Widths from the content, measured in the fonts the cells are set in (see balance_widths)."""
    grid = measured_words(block, columns, header_font, cell_font)
    extra = 2 * padding + 1  # both paddings, and a point against rounding
    narrow = [n + extra for n in _column_extremes(grid, columns, _longest_word)]
    wide = [w + extra for w in _column_extremes(grid, columns, _one_line)]
    if sum(wide) <= total or sum(narrow) >= total:
        return share_width(narrow, wide, total, minimum=extra)
    leadings = [header_font[2] if index == 0 else cell_font[2] for index in range(len(grid))]
    return balance_widths(grid, narrow, wide, total, leadings, extra)


@dataclass(frozen=True)
class CellWords:
    """A cell's words as the column sees them: each word's width and the width of a space."""

    words: tuple[float, ...]
    space: float


def measured_words(block: Table, columns: int, header_font: tuple, cell_font: tuple) -> list[list]:
    """Each row's CellWords per column (the header first, an empty row where there is none); None
    where a spanning cell covers it or starts (it shares its width out among its columns)."""
    grid = []
    for row_index, row in enumerate([block.header] + block.rows):
        font, size = (header_font if row_index == 0 else cell_font)[:2]
        space = scripts.width(" ", font, size)
        cells: list[CellWords | None] = []
        for cell in _grid(row, columns):
            if cell is None or cell.span > 1:
                cells.append(None)
                continue
            # scripts.width: Devanagari and emoji measured in the fallback faces that set them
            words = tuple(scripts.width(w, font, size) for w in plain_text(cell.children).split())
            cells.append(CellWords(words or (0.0,), space))
        grid.append(cells)
    return grid


def _longest_word(cell: CellWords) -> float:
    return max(cell.words)


def _one_line(cell: CellWords) -> float:
    return sum(cell.words) + cell.space * (len(cell.words) - 1)


def _column_extremes(grid: list[list], columns: int, measure) -> list[float]:
    return [max([measure(row[c]) for row in grid if row[c] is not None] or [0.0]) for c in range(columns)]


def natural_widths(block: Table, columns: int, header_font: tuple, cell_font: tuple) -> tuple[list, list]:
    """Each column's longest word and its longest text on one line, in the cells' fonts."""
    grid = measured_words(block, columns, header_font, cell_font)
    return _column_extremes(grid, columns, _longest_word), _column_extremes(grid, columns, _one_line)


HEADER_LINES = 3  # a header is set in at most this many lines where the table has room for it
HEADER_LINE_COST = 4.0  # a header line past HEADER_LINES costs as much as this many body lines


def wrapped(cell: CellWords, width: float) -> tuple[int, float]:
    """How many lines the cell's words take at `width` (first fit, as the cell's paragraph
    breaks them), and the next wider width at which that could change: where some line could
    take the first word of the line after it."""
    lines, line, change = 1, -cell.space, float("inf")
    for word in cell.words:
        if line + cell.space + word > width and line > 0:
            change = min(change, line + cell.space + word)
            lines, line = lines + 1, word
        else:
            line += cell.space + word
    return lines, change


@dataclass(frozen=True)
class LineSteps:
    """A cell's line count at every width: `counts[i]` lines from `widths[i]` (content width)
    up to the next; first-fit breaking takes no more lines at a wider width."""

    widths: tuple[float, ...]
    counts: tuple[int, ...]

    @classmethod
    def of(cls, cell: CellWords) -> "LineSteps":
        widths, counts, width = [], [], 0.0
        while True:
            count, change = wrapped(cell, width)
            widths.append(width)
            counts.append(count)
            if change == float("inf"):
                return cls(tuple(widths), tuple(counts))
            width = change

    def lines(self, width: float) -> int:
        return self.counts[
            bisect_right(self.widths, width + 1e-9) - 1
        ]  # (a width made by adding and subtracting)

    def least_width(self, lines: int) -> float:
        """The narrowest content width at which the cell takes at most `lines` lines."""
        return next(w for w, count in zip(self.widths, self.counts) if count <= lines)


def balance_widths(
    grid: list[list],
    narrow: list[float],
    wide: list[float],
    total: float,
    leadings: list[float],
    extra: float,
) -> list[float]:
    """Column widths (adding up to `total`) that make the table as short as they can, as a
    careful compositor sets one: every column at least its longest word (`narrow`); then the
    spare width given to the column where it saves the most height per point, its header lines
    past HEADER_LINES counted HEADER_LINE_COST times (a tower of one word a line over a column
    of figures reads badly); what saves nothing is shared out towards each column's one-line
    width (`wide`).

    (The browsers' rule, spare width in proportion to each column's one-line width, gives
    nearly all of it to the column of the longest text: a column of figures keeps only its
    longest number and its header stands one word a line.)"""
    steps = [[LineSteps.of(cell) if cell is not None else None for cell in row] for row in grid]
    header = steps[0]
    # Where to start growing from: every column at its longest word, or besides that each
    # header in at most `most` lines. Growing one column at a time cannot shorten the header
    # row (its other cells stay as tall), so each header height the table has room for is tried.
    tallest = max(cell.lines(n - extra) for cell, n in zip(header, narrow) if cell is not None)
    starts = [list(narrow)]
    for most in range(1, tallest):
        floors = [
            max(n, min(cell.least_width(most) + extra, w)) if cell is not None else n
            for cell, n, w in zip(header, narrow, wide)
        ]
        if sum(floors) <= total and floors != starts[-1]:
            starts.append(floors)
    measured: dict = {}  # (column, width) -> its cells' heights, shared by the starts
    grown = [_grown(steps, start, wide, total, leadings, extra, measured) for start in starts]
    widths, _ = min(grown, key=lambda found: found[1])
    spare = total - sum(widths)
    wants = [max(0.0, w - now) for w, now in zip(wide, widths)]
    share = wants if sum(wants) > 0 else widths
    return [now + spare * part / sum(share) for now, part in zip(widths, share)]


def _grown(
    steps: list[list],
    start: list[float],
    wide: list[float],
    total: float,
    leadings: list[float],
    extra: float,
    measured: dict,
):
    """Widths grown from `start`, each time the column that saves the most height per point
    to the next width where its cells break differently; and what the table then costs: its
    height, each header line past HEADER_LINES counted HEADER_LINE_COST times over."""
    columns, widths = len(start), list(start)

    def heights(c: int, content: float) -> list[float]:
        """Column c's cells' heights at content width `content`."""
        found = measured.get((c, content))
        if found is None:
            found = measured[c, content] = [
                row[c].lines(content) * leading if row[c] is not None else 0.0
                for row, leading in zip(steps, leadings)
            ]
        return found

    tall = [heights(c, widths[c] - extra) for c in range(columns)]
    while True:
        spare = total - sum(widths)
        best = None  # (height saved per point, column, width)
        for c in range(columns):
            others = [max([tall[o][r] for o in range(columns) if o != c] or [0.0]) for r in range(len(steps))]
            # Only the rows this column alone makes as tall as they are get shorter with it.
            alone = [r for r in range(len(steps)) if tall[c][r] > others[r]]
            now, limit = widths[c] - extra, min(wide[c], widths[c] + spare) - extra
            changes = sorted({w for r in alone for w in steps[r][c].widths if now < w <= limit})
            for change in changes:
                saved = sum(
                    tall[c][r] - max(steps[r][c].lines(change) * leadings[r], others[r]) for r in alone
                )
                if saved > 0:
                    rate = saved / (change - now)
                    if best is None or rate > best[0]:
                        best = (rate, c, change)
                    break
        if best is None:
            break
        _, c, change = best
        widths[c], tall[c] = change + extra, heights(c, change)
    rows = [max(column[r] for column in tall) for r in range(len(steps))]
    excess = max(0.0, rows[0] - HEADER_LINES * leadings[0])
    return widths, sum(rows) + HEADER_LINE_COST * excess


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
