"""The OMR answer sheet of a practice test, as a scanner or a phone camera can read it.

One A4 page per 125 questions, drawn directly on a canvas (not flowed), so that every bubble
stands at a position known before drawing. `sheet_layout` computes those positions (a plain
`SheetLayout`, written beside the PDF as the JSON template that `handbook grade` and any other
OMR reader use); `draw_sheet` draws them. Coordinates in the layout are PDF points from the
page's top-left corner (as image rows and columns run).

What an exam sheet has and ours draws:
- four solid corner squares (registration marks) to find the page in a scan or a photo, and a
  timing track of short bars down the left edge, one per answer row, to check the fit;
- the candidate's name, centre and the test booklet's serial number, to write in;
- the roll number: a box per digit to write in, and under each a column of bubbles 0-9;
- the test booklet series (A-D), the paper's own series bubble printed filled;
- on a sheet of several pages, every page the same header (name, roll number, series) with
  "Sheet k of n" in large type and k as bars at the foot: a stack of scanned pages is sorted
  back into candidates by the roll number each page carries, so a page separated from its
  first page is still matched (or listed), never lost or scored for someone else;
- signature boxes for the candidate and the invigilator;
- instructions (the marking rule, the time allowed) and the right and wrong ways to mark;
- the answers: a row per question, a bubble per option, in blocks of five.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from handbook.model import option_letter
from handbook import translations

PAGE = (595.2756, 841.8898)  # A4 in points, whatever the paper's own page size
MARK = 17.0  # the registration squares' side (6 mm)
MARK_INSET = 20.0  # from the page edge to a square's outer side
MARGIN = 48.0  # the content's left and right edge
BUBBLE = 11.0  # diameter: 3.9 mm, the size printed OMR sheets use
PITCH = 15.0  # between the bubbles of a row
ROW = 15.5  # one answer row
ROWS = 25  # answer rows per column
LABEL = 24.0  # the question number's room, left of its bubbles
ROLL_PITCH = 14.0  # between roll-number rows (digits 0-9)
SERIES = "ABCD"
FORMAT = "handbook-omr 1"


@dataclass
class Bubble:
    """One circle to shade: `field` is roll | series | answer; for roll, `digit` is the digit's
    place (0 = leftmost) and `value` the digit; for answer, `question` and `value` the option."""

    field: str
    value: str
    x: float  # centre, points from the left edge
    y: float  # centre, points from the top edge
    r: float
    digit: int | None = None
    question: int | None = None


@dataclass
class SheetPage:
    page: int  # 1-based page of the sheet's PDF
    marks: list[
        list[float]
    ]  # the registration squares' centres: top-left, top-right, bottom-left, bottom-right
    timing: list[list[float]]  # the timing bars: x, y (top-left), width, height
    bubbles: list[Bubble] = field(default_factory=list)
    # The page's number in binary, for a sheet of several pages: bars at `code_slots` (x, y,
    # width, height), the lowest bit first; a bar drawn is a 1.
    code_slots: list[list[float]] = field(default_factory=list)
    code: int = 0
    questions: list[int] = field(default_factory=list)  # answered on this page


@dataclass
class SheetLayout:
    format: str
    page_size: list[float]
    mark_size: float
    title: str
    series: str  # this sheet's printed series ("" when the test has none)
    series_choices: str
    roll_digits: int
    options: dict[int, int]  # question -> number of options
    pages: list[SheetPage]

    def to_json(self) -> str:
        data = asdict(self)
        data["options"] = {str(k): v for k, v in self.options.items()}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def sheet_layout(
    title: str, options: dict[int, int], roll_digits: int = 8, series: str = "", series_choices: str = ""
) -> SheetLayout:
    """Where everything of the sheet stands. `options`: question number -> option count, in order."""
    questions = list(options)
    pages = []
    columns = answer_columns(max(options.values(), default=4))
    per_page = ROWS * columns
    chunks = [questions[i : i + per_page] for i in range(0, len(questions), per_page)] or [[]]
    for index, chunk in enumerate(chunks):
        page = _page_frame(index + 1)
        # Every page identifies its candidate: the roll number (and the series) on each.
        page.bubbles += _roll_bubbles(roll_digits)
        if series_choices:
            page.bubbles += _series_bubbles(series_choices)
        page.bubbles += _answer_bubbles(chunk, options, ANSWERS_TOP, columns)
        page.questions = list(chunk)
        page.timing = [[MARK_INSET, y - 2.0, 10.0, 4.0] for y in _row_centres(ANSWERS_TOP)]
        if len(chunks) > 1:
            page.code_slots, page.code = _code_slots(len(chunks)), index + 1
        pages.append(page)
    return SheetLayout(
        FORMAT, list(PAGE), MARK, title, series, series_choices, roll_digits, dict(options), pages
    )


def _page_frame(number: int) -> SheetPage:
    w, h = PAGE
    near, far_x, far_y = MARK_INSET + MARK / 2, w - MARK_INSET - MARK / 2, h - MARK_INSET - MARK / 2
    return SheetPage(number, [[near, near], [far_x, near], [near, far_y], [far_x, far_y]], [])


CODE_BITS = 4  # at least: pages 1-15 (a page holds 125 questions); more bars for more pages
CODE_BAR = (14.0, 5.0)  # long, so that no bar is taken for a corner square


def _code_slots(pages: int) -> list[list[float]]:
    """Where the page-number bars stand: in the quiet strip between the bottom corner squares,
    on their centre line, left of the middle (the page label is printed at the top). As many
    bars as the sheet's last page number needs (a 16th page with four bars had none drawn)."""
    w, h = PAGE
    bar_w, bar_h = CODE_BAR
    bits = max(CODE_BITS, pages.bit_length())
    y = h - MARK_INSET - MARK / 2 - bar_h / 2
    left = w / 2 - bits * bar_w
    return [[left + bit * 2 * bar_w, y, bar_w, bar_h] for bit in range(bits)]


# --- the header: fields, roll number, series ----------------------------------------------

HEADER_TOP = 44.0
FIELDS_TOP = 92.0  # the name / centre / serial boxes
FIELD_HEIGHT = 26.0
ROLL_LEFT = MARGIN
ROLL_TOP = 138.0  # the roll-number block: label, written boxes, then bubbles
ROLL_BUBBLES_TOP = ROLL_TOP + 34.0
SERIES_LEFT = 200.0
SERIES_TOP = ROLL_TOP
SIGN_TOP = 322.0
ANSWERS_TOP = 382.0  # the first answer row's top, on every page


def _roll_bubbles(digits: int) -> list[Bubble]:
    out = []
    for place in range(digits):
        x = ROLL_LEFT + 8 + place * ROLL_PITCH + BUBBLE / 2
        for value in range(10):
            y = ROLL_BUBBLES_TOP + value * ROLL_PITCH + BUBBLE / 2
            out.append(Bubble("roll", str(value), x, y, BUBBLE / 2, digit=place))
    return out


def _series_bubbles(choices: str) -> list[Bubble]:
    return [
        Bubble("series", letter, SERIES_LEFT + 10 + i * 24 + BUBBLE / 2, SERIES_TOP + 40, BUBBLE / 2)
        for i, letter in enumerate(choices)
    ]


# --- the answers -------------------------------------------------------------------------


def answer_columns(most_options: int) -> int:
    """Five columns of answer rows to a page; four when a question has six options."""
    return 5 if LABEL + most_options * PITCH <= (PAGE[0] - 2 * MARGIN) / 5 else 4


def _row_centres(top: float) -> list[float]:
    """Each answer row's centre; a third of a row between blocks of five."""
    return [top + r * ROW + (r // 5) * ROW / 3 + ROW / 2 for r in range(ROWS)]


def _answer_bubbles(questions: list[int], options: dict[int, int], top: float, columns: int) -> list[Bubble]:
    out = []
    centres = _row_centres(top)
    column_width = (PAGE[0] - 2 * MARGIN) / columns
    for index, number in enumerate(questions):
        column, row = divmod(index, ROWS)
        left = MARGIN + column * column_width + LABEL
        for k in range(options[number]):
            out.append(
                Bubble(
                    "answer",
                    option_letter(k),
                    left + k * PITCH + BUBBLE / 2,
                    centres[row],
                    BUBBLE / 2,
                    question=number,
                )
            )
    return out


# --- drawing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetWords:
    """The sheet's labels in the paper's language(s) (a label may hold "हिन्दी / English"):
    each field is the wording `omr.<field>` (translations.yaml), besides the rules."""

    heading: str
    name: str
    centre: str
    serial: str
    roll: str
    series: str
    candidate_sign: str
    invigilator_sign: str
    instructions: tuple[str, ...]  # the rules, filled in (layout.exam_paper.sheet_words)
    right_way: str
    wrong_ways: str
    page: str  # "Sheet {page} of {pages}"
    every_page: str  # page 1's added rule on a sheet of several pages
    continued: str  # a later page's instruction: shade the roll number here too

    @classmethod
    def in_language(cls, language: str = "", theme=None, instructions: tuple[str, ...] = ()) -> SheetWords:
        labels = (item.name for item in fields(cls) if item.name != "instructions")
        return cls(
            instructions=instructions,
            **{name: translations.word(f"omr.{name}", language, theme) for name in labels},
        )


def wrap_words(text: str, face: str, size: float, width: float, measure) -> list[str]:
    """`text` broken into lines no wider than `width` (a word longer than that stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(lines[-1] + " " + word, face, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def draw_sheet(
    canvas, layout: SheetLayout, words: SheetWords, font: str, bold: str, draw_text, measure
) -> None:
    """Draw every page of `layout` on `canvas` (A4 pages). `draw_text(canvas, x, y, text, face,
    size)` sets a label and `measure(text, face, size)` measures one (layout.scripts.draw and
    width: fallback faces and Devanagari shaping)."""
    w, h = PAGE
    for page in layout.pages:
        canvas.setPageSize(PAGE)
        canvas.setFillGray(0)
        canvas.setStrokeGray(0)
        for cx, cy in page.marks:
            canvas.rect(cx - MARK / 2, h - cy - MARK / 2, MARK, MARK, stroke=0, fill=1)
        for x, y, bw, bh in page.timing:
            canvas.rect(x, h - y - bh, bw, bh, stroke=0, fill=1)
        for bit, (x, y, bw, bh) in enumerate(page.code_slots):
            if page.code >> bit & 1:
                canvas.rect(x, h - y - bh, bw, bh, stroke=0, fill=1)
        pages = len(layout.pages)
        draw_text(canvas, MARGIN, h - HEADER_TOP, words.heading, bold, 14)
        draw_text(canvas, MARGIN, h - HEADER_TOP - 15, layout.title, font, 9)
        if pages > 1:  # large: the first thing an invigilator sorting a stack looks for
            label = words.page.format(page=page.page, pages=pages)
            draw_text(canvas, MARGIN + 250, h - HEADER_TOP - 2, label, bold, 16)
        if layout.series:
            _series_badge(canvas, layout.series, bold, draw_text)
        _fields(canvas, words, font, draw_text, measure)
        _roll_block(canvas, page, layout.roll_digits, words, font, bold, draw_text)
        _series_block(canvas, layout, page, words, font, draw_text)
        if page.page == 1:
            rules = words.instructions + ((words.every_page.format(pages=pages),) if pages > 1 else ())
            _instructions(canvas, rules, words, font, bold, draw_text, measure)
        else:
            note = words.continued.format(page=page.page, pages=pages)
            _instructions(canvas, (note,), words, font, bold, draw_text, measure)
        _signatures(canvas, words, font, draw_text, measure)
        _answer_grid(canvas, page, font, bold, draw_text)
        canvas.showPage()


def _series_badge(canvas, letter: str, bold: str, draw_text) -> None:
    """The series letter, large, in a box at the top right (read by eye, not by the scanner)."""
    w, h = PAGE
    size = 40.0
    x, y = w - MARGIN - size, h - HEADER_TOP - 22
    canvas.setLineWidth(1.5)
    canvas.rect(x, y, size, size, stroke=1, fill=0)
    canvas.setFont(bold, 28)
    canvas.drawCentredString(x + size / 2, y + 10, letter)


def _box(
    canvas, x: float, top: float, width: float, height: float, label: str, font: str, draw_text, measure
) -> None:
    """A box to write in, its label in its top-left corner (smaller where it would not fit)."""
    h = PAGE[1]
    canvas.setLineWidth(0.8)
    canvas.rect(x, h - top - height, width, height, stroke=1, fill=0)
    size = 6.5
    while size > 4.5 and measure(label, font, size) > width - 6:
        size -= 0.25
    draw_text(canvas, x + 3, h - top - 8, label, font, size)


def _fields(canvas, words: SheetWords, font: str, draw_text, measure) -> None:
    inner = PAGE[0] - 2 * MARGIN
    boxes = [(0, 0.5, words.name), (0.5, 0.25, words.centre), (0.75, 0.25, words.serial)]
    for start, share, label in boxes:
        width = inner * share - (4 if start + share < 1 else 0)
        _box(canvas, MARGIN + inner * start, FIELDS_TOP, width, FIELD_HEIGHT, label, font, draw_text, measure)


def _bubble(canvas, bubble: Bubble, font: str, filled: bool = False) -> None:
    h = PAGE[1]
    canvas.setLineWidth(0.7)
    canvas.circle(bubble.x, h - bubble.y, bubble.r, stroke=1, fill=1 if filled else 0)
    if not filled:
        canvas.setFont(font, 6.0)
        canvas.drawCentredString(
            bubble.x, h - bubble.y - 2.1, bubble.value.upper() if bubble.field == "series" else bubble.value
        )


def _roll_block(
    canvas, page: SheetPage, digits: int, words: SheetWords, font: str, bold: str, draw_text
) -> None:
    h = PAGE[1]
    draw_text(canvas, ROLL_LEFT, h - ROLL_TOP - 7, words.roll, bold, 8)
    for place in range(digits):
        x = ROLL_LEFT + 8 + place * ROLL_PITCH - 1.5
        canvas.setLineWidth(0.8)
        canvas.rect(x, h - ROLL_TOP - 28, ROLL_PITCH, 16, stroke=1, fill=0)
    for bubble in page.bubbles:
        if bubble.field == "roll":
            _bubble(canvas, bubble, font)


def _series_block(
    canvas, layout: SheetLayout, page: SheetPage, words: SheetWords, font: str, draw_text
) -> None:
    if not layout.series_choices:
        return
    h = PAGE[1]
    draw_text(canvas, SERIES_LEFT, h - SERIES_TOP - 7, words.series, font, 8)
    for bubble in page.bubbles:
        if bubble.field == "series":
            _bubble(canvas, bubble, font, filled=bubble.value == layout.series)
            if bubble.value == layout.series:  # its letter, hidden by the shading, under it
                canvas.setFont(font, 7)
                canvas.drawCentredString(bubble.x, h - bubble.y - bubble.r - 9, bubble.value)


INSTRUCTIONS_LEFT = 330.0


def _instructions(
    canvas, rules: tuple[str, ...], words: SheetWords, font: str, bold: str, draw_text, measure
) -> None:
    """The rules on the sheet's own face, and a row of examples: the right way, the wrong ways."""
    h = PAGE[1]
    width = PAGE[0] - MARGIN - INSTRUCTIONS_LEFT - 8
    room = SIGN_TOP - 46 - ROLL_TOP  # above the examples
    size = 7.0
    while True:  # the rules at the largest size (7 pt down to 5) that leaves room for the examples
        lines = [wrap_words(rule, font, size, width - 8, measure) for rule in rules]
        leading = size * 1.22
        if sum(len(rule) * leading + 1.5 for rule in lines) <= room or size <= 5:
            break
        size -= 0.25
    y = ROLL_TOP + 7
    for number, rule_lines in enumerate(lines, start=1):
        if len(lines) > 1:
            draw_text(canvas, INSTRUCTIONS_LEFT, h - y, f"{number}.", font, size)
        for line in rule_lines:
            draw_text(canvas, INSTRUCTIONS_LEFT + 8, h - y, line, font, size)
            y += leading
        y += 1.5
    y = SIGN_TOP - 36  # the examples, in a row above the signature boxes
    labels = max(measure(words.right_way, bold, 7), measure(words.wrong_ways, bold, 7))
    left = INSTRUCTIONS_LEFT + labels + 12
    draw_text(canvas, INSTRUCTIONS_LEFT, h - y, words.right_way, bold, 7)
    example = Bubble("example", "", left + BUBBLE / 2, y - 2.5, BUBBLE / 2)
    canvas.circle(example.x, h - example.y, example.r, stroke=1, fill=1)
    y += 18
    draw_text(canvas, INSTRUCTIONS_LEFT, h - y, words.wrong_ways, bold, 7)
    for index, mark in enumerate(("tick", "cross", "dot", "half", "ring")):
        cx, cy = left + BUBBLE / 2 + index * 20, h - (y - 2.5)
        canvas.setLineWidth(0.7)
        canvas.circle(cx, cy, BUBBLE / 2, stroke=1, fill=0)
        _wrong_mark(canvas, mark, cx, cy, BUBBLE / 2)


def _wrong_mark(canvas, mark: str, cx: float, cy: float, r: float) -> None:
    canvas.setLineWidth(1.1)
    if mark == "tick":
        canvas.lines(
            [
                (cx - r * 0.6, cy, cx - r * 0.1, cy - r * 0.6),
                (cx - r * 0.1, cy - r * 0.6, cx + r * 0.8, cy + r * 0.8),
            ]
        )
    elif mark == "cross":
        canvas.lines(
            [
                (cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7),
                (cx - r * 0.7, cy + r * 0.7, cx + r * 0.7, cy - r * 0.7),
            ]
        )
    elif mark == "dot":
        canvas.circle(cx, cy, r * 0.25, stroke=0, fill=1)
    elif mark == "half":
        path = canvas.beginPath()
        path.moveTo(cx, cy - r)
        path.arcTo(cx - r, cy - r, cx + r, cy + r, startAng=-90, extent=180)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    else:  # a ring drawn round the bubble instead of shading it
        canvas.circle(cx, cy, r * 1.35, stroke=1, fill=0)


def _signatures(canvas, words: SheetWords, font: str, draw_text, measure) -> None:
    inner = PAGE[0] - 2 * MARGIN
    _box(canvas, MARGIN, SIGN_TOP, inner / 2 - 4, 34, words.candidate_sign, font, draw_text, measure)
    _box(
        canvas,
        MARGIN + inner / 2 + 4,
        SIGN_TOP,
        inner / 2 - 4,
        34,
        words.invigilator_sign,
        font,
        draw_text,
        measure,
    )


def _answer_grid(canvas, page: SheetPage, font: str, bold: str, draw_text) -> None:
    h = PAGE[1]
    by_question: dict[int, list[Bubble]] = {}
    for bubble in page.bubbles:
        if bubble.field == "answer":
            by_question.setdefault(bubble.question or 0, []).append(bubble)
    canvas.setFont(bold, 8)
    for number, bubbles in by_question.items():
        first = bubbles[0]
        canvas.drawRightString(first.x - first.r - 4, h - first.y - 2.8, str(number))
        for bubble in bubbles:
            _bubble(canvas, bubble, font)
        canvas.setFont(bold, 8)


def sheet_pdf(layout: SheetLayout, words: SheetWords, theme, title: str) -> bytes:
    """The sheet as a PDF of its own (A4, black only: it is scanned, and photocopied first)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from handbook.layout import rlcompat, scripts
    from handbook.layout.fonts import font_name

    body = theme.text.body
    font, bold = font_name(body.font, False, False), font_name(body.font, True, False)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=1, pageCompression=1)
    canvas.setCreator("handbook")
    canvas.setProducer("handbook")
    canvas.setTitle(title)
    # Inside handbook's reportlab: shaped Hindi words get their ToUnicode and ActualText.
    with rlcompat.handbook_reportlab():
        draw_sheet(canvas, layout, words, font, bold, scripts.draw, scripts.width)
        canvas.save()
    return buffer.getvalue()
