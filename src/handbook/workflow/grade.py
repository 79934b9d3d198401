"""`handbook grade`: read scanned or photographed OMR sheets and score them.

sheets (PNG/JPEG images, PDF pages) -> each page found by its four corner squares -> warped
onto the template (`handbook test`'s -omr.json: every bubble's position) -> each bubble's shading
measured -> roll number, series and answers -> scored with the answers and marking rule of the
key (`-key.json`). Every page carries the candidate's roll number, so the pages of a sheet of
several pages are matched in whatever order they were scanned (`grade_files`). A sheet is read
or it is listed with the reason it could not be: the corner
squares or the timing track not found, a roll-number digit with no bubble or with two, a
bubble neither shaded nor clear (a smudge, an erasure). Nothing is guessed. A question with two
bubbles shaded counts as wrong, as the exam counts it.

OpenCV (opencv-python-headless) does the image work; pypdfium2 renders PDF pages. Both are
imported only by this command.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

SCALE = 2.5  # pixels per point of the sheet once warped onto the template (180 dpi)
PDF_DPI = 200  # PDF pages are rendered at this resolution
MAX_SCAN_BYTES = 80_000_000  # one image or PDF file
INNER = 0.62  # the part of a bubble's radius that is measured (inside its printed outline)
# A bubble's shading: the share of dark pixels in it beyond what the printed circle and letter
# give (the median of the sheet's bubbles of the same letter, most of them left blank), as a
# share of what is left to shade. Full and partial shading measure 0.9-1, a printed letter 0,
# half a bubble shaded about 0.5: neither, so never guessed.
SHADED = 0.8
CLEAR = 0.3
TIMING_FOUND = 0.8  # share of the timing bars that must be found dark


class GradeError(Exception):
    """A mistake in what `grade` was given (a file it cannot read, a key without a template)."""


@dataclass
class SheetReading:
    file: str
    page: int
    readable: bool = True
    reason: str = ""
    roll: str = ""
    series: str = ""
    answers: dict[int, str] = field(default_factory=dict)  # "a".."f", "" blank, "*" two or more
    correct: int = 0
    wrong: int = 0
    blank: int = 0
    score: float = 0.0
    empty: bool = False  # a blank page (a sheet's back, scanned two-sided): no sheet, skipped


@dataclass
class Key:
    title: str
    marks: dict[str, float]
    series: dict[str, dict[int, str]]  # series letter ("" without series) -> question -> answer
    questions: int


def load_key(path: Path) -> Key:
    data = _json(path, "handbook-key 1")
    try:
        series = {
            letter: {int(number): answer for number, answer in answers.items()}
            for letter, answers in data["series"].items()
        }
        marks = {name: float(data["marks"][name]) for name in ("correct", "wrong", "blank")}
        return Key(str(data.get("title", "")), marks, series, int(data["questions"]))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GradeError(f"{path}: not an answer key written by `handbook test` ({exc})") from exc


def load_template(path: Path) -> dict:
    data = _json(path, "handbook-omr 1")
    if not isinstance(data.get("pages"), list) or not data["pages"]:
        raise GradeError(f"{path}: the template has no pages")
    return data


def _json(path: Path, form: str) -> dict:
    try:
        if path.stat().st_size > MAX_SCAN_BYTES:
            raise GradeError(f"{path}: too large for a {form.split()[0]} file")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GradeError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GradeError(f"{path}: not a JSON file written by `handbook test` ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != form:
        raise GradeError(f"{path}: not a '{form}' file written by `handbook test`")
    return data


# --- images -------------------------------------------------------------------------------


def load_pages(path: Path) -> list:
    """The grey images (numpy arrays) of a scan: one for an image file, one per PDF page."""
    import cv2
    import numpy as np

    try:
        if path.stat().st_size > MAX_SCAN_BYTES:
            raise GradeError(f"{path}: larger than {MAX_SCAN_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise GradeError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
    if data.startswith(b"%PDF-"):
        return _pdf_pages(path, data)
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise GradeError(f"{path}: not an image (PNG or JPEG) or a PDF")
    return [image]


def _pdf_pages(path: Path, data: bytes) -> list:
    import numpy as np
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(io.BytesIO(data))
    except pdfium.PdfiumError as exc:
        raise GradeError(f"{path}: a PDF that cannot be read ({exc})") from exc
    pages = []
    for page in document:
        bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
        pages.append(np.array(bitmap.to_pil().convert("L")))
    return pages


# --- finding the sheet --------------------------------------------------------------------


def find_marks(gray, template: dict):
    """The four corner squares' centres in the image (top-left, top-right, bottom-left,
    bottom-right), or None. Squares are told from shaded bubbles (round) and timing bars
    (long) by how much of their rotated bounding box they fill and their proportions."""
    import cv2

    height, width = gray.shape
    page_width = template["page_size"][0]
    expected = template["mark_size"] / page_width * width  # if the page fills the image
    block = max(3, int(expected * 3) | 1)
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    binary = cv2.adaptiveThreshold(blurred, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 25)
    contours, _ = cv2.findContours(binary, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    squares = []
    for contour in contours:
        (cx, cy), (w, h), _ = cv2.minAreaRect(contour)
        if min(w, h) < expected * 0.35 or max(w, h) > expected * 1.8:
            continue
        if max(w, h) / max(min(w, h), 1e-6) > 1.3:
            continue
        if cv2.contourArea(contour) / max(w * h, 1e-6) < 0.88:
            continue  # a circle fills 79% of its box, a square all of it
        squares.append((cx, cy, w * h))
    if len(squares) < 4:
        return None
    corners = [(0, 0), (width, 0), (0, height), (width, height)]
    chosen = []
    for corner_x, corner_y in corners:
        best = min(squares, key=lambda s: math.hypot(s[0] - corner_x, s[1] - corner_y))
        chosen.append(best)
    if len({(round(x), round(y)) for x, y, _ in chosen}) < 4:
        return None
    areas = [area for _, _, area in chosen]
    if max(areas) > 2.2 * min(areas):
        return None
    points = [(x, y) for x, y, _ in chosen]
    if not _proportions_fit(points, template):
        return None
    return points


def _proportions_fit(points, template) -> bool:
    """The four squares stand as the template's do (within what a phone's perspective does)."""
    marks = template["pages"][0]["marks"]
    want = (marks[1][0] - marks[0][0]) / (marks[2][1] - marks[0][1])
    tl, tr, bl, br = points
    across = (math.dist(tl, tr) + math.dist(bl, br)) / 2
    down = (math.dist(tl, bl) + math.dist(tr, br)) / 2
    return down > 0 and abs(across / down - want) < want * 0.15


def warp(gray, points, page: dict):
    """The image warped so that the page's template points fall SCALE pixels per point."""
    import cv2
    import numpy as np

    width, height = page["_size"]
    source = np.array(points, dtype=np.float32)
    target = np.array([[x * SCALE, y * SCALE] for x, y in page["marks"]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, target)
    return cv2.warpPerspective(
        gray, matrix, (int(width * SCALE), int(height * SCALE)), flags=cv2.INTER_AREA, borderValue=255
    )


def dark_mask(warped):
    """Dark pixels of the warped page: ink, pencil and print, by Otsu's threshold (the page's
    own light and dark, whatever the lighting)."""
    import cv2

    blurred = cv2.GaussianBlur(warped, (3, 3), 0)
    threshold, _ = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Otsu splits print from paper; pencil lies between: count it as dark up to a little
    # above the split, never up to the paper itself.
    return blurred < min(threshold + 25, 200)


def shading(mask, x: float, y: float, r: float) -> float:
    """The share of dark pixels inside a bubble's inner disk."""
    import numpy as np

    cx, cy, radius = x * SCALE, y * SCALE, r * INNER * SCALE
    left, right = int(cx - radius), int(math.ceil(cx + radius)) + 1
    top, bottom = int(cy - radius), int(math.ceil(cy + radius)) + 1
    window = mask[max(top, 0) : bottom, max(left, 0) : right]
    if window.size == 0:
        return 0.0
    ys, xs = np.ogrid[
        max(top, 0) : max(top, 0) + window.shape[0], max(left, 0) : max(left, 0) + window.shape[1]
    ]
    inside = (xs - cx) ** 2 + (ys - cy) ** 2 <= radius**2
    count = int(inside.sum())
    return float(window[inside].sum()) / count if count else 0.0


def _timing_found(mask, page: dict) -> bool:
    bars = page["timing"]
    dark = sum(_dark(mask, bar) for bar in bars)
    return not bars or dark >= TIMING_FOUND * len(bars)


def _dark(mask, bar) -> bool:
    """Is the printed bar at (x, y, width, height) there, dark?"""
    x, y, w, h = bar
    window = mask[int(y * SCALE) : int((y + h) * SCALE), int(x * SCALE) : int((x + w) * SCALE)]
    return bool(window.size > 0 and window.mean() > 0.6)


# --- reading one sheet ------------------------------------------------------------------


def read_page(gray, template: dict, page_index: int):
    """{(field, digit-or-question): {value: shading}} for one sheet page, or a reason string."""
    found = _page_mask(gray, template, page_index)
    return found if isinstance(found, str) else _bubbles(found, template["pages"][page_index])


def read_any_page(gray, template: dict):
    """(which page of the sheet, its readings) for a page of a sheet of several pages, told by
    the page-number bars at its foot; or a reason string."""
    found = _page_mask(gray, template, 0, timing=False)  # every page has its squares in one place
    if isinstance(found, str):
        return found
    slots = template["pages"][0].get("code_slots") or []
    code = sum(1 << bit for bit, slot in enumerate(slots) if _dark(found, slot))
    index = next((i for i, page in enumerate(template["pages"]) if page.get("code") == code), None)
    if index is None:
        return "the page-number bars at the foot of the page are not those of this sheet"
    found = read_page(gray, template, index)
    return found if isinstance(found, str) else (index, found)


def _page_mask(gray, template: dict, page_index: int, timing: bool = True):
    """The dark pixels of the page warped onto the template's page, or a reason string."""
    page = dict(template["pages"][page_index])
    page["_size"] = template["page_size"]
    points = find_marks(gray, template)
    if points is None:
        return "the four corner squares were not found"
    mask = dark_mask(warp(gray, points, page))
    if timing and not _timing_found(mask, page):
        return "the timing track does not line up (a fold, a torn corner or the wrong template)"
    return mask


def _bubbles(mask, page: dict) -> dict:
    raw = [(bubble, shading(mask, bubble["x"], bubble["y"], bubble["r"])) for bubble in page["bubbles"]]
    printed = _printed_ink(raw)
    readings: dict = {}
    for bubble, level in raw:
        group = (bubble["field"], bubble["digit"] if bubble["field"] == "roll" else bubble["question"])
        base = printed[(bubble["field"], bubble["value"])]
        readings.setdefault(group, {})[bubble["value"]] = max(0.0, level - base) / (1 - base)
    return readings


def _printed_ink(raw: list) -> dict:
    """What the print alone makes dark in each kind of bubble ((field, letter or digit)): the
    median over the sheet, most bubbles being blank; at most 0.5 (a sheet shaded all over
    is not taken for print)."""
    import statistics

    levels: dict = {}
    for bubble, level in raw:
        levels.setdefault((bubble["field"], bubble["value"]), []).append(level)
    return {kind: min(0.5, statistics.median(values)) for kind, values in levels.items()}


def _choice(shadings: dict[str, float]):
    """(the one shaded value, '' for none, '*' for two or more) or None for a smudge."""
    shaded = [value for value, level in shadings.items() if level >= SHADED]
    if any(CLEAR < level < SHADED for level in shadings.values()):
        return None
    return shaded[0] if len(shaded) == 1 else "*" if shaded else ""


def identify(readings: dict, template: dict):
    """(roll number, series) from one page's bubbles, or the reason they cannot be read."""
    digits = []
    for place in range(template["roll_digits"]):
        choice = _choice(readings.get(("roll", place), {}))
        if choice is None or choice == "*" or choice == "":
            what = {None: "is smudged", "*": "has two bubbles shaded", "": "has no bubble shaded"}[choice]
            return f"roll number digit {place + 1} {what}"
        digits.append(choice)
    series = ""
    if template.get("series_choices"):
        choice = _choice(readings.get(("series", None), {}))
        if choice in (None, "", "*"):
            return "the test booklet series is not shaded once"
        series = choice
    return "".join(digits), series


def interpret(readings: dict, template: dict, key: Key, reading: SheetReading) -> None:
    """Roll number, series and answers from the bubbles' shading, scored; or unreadable."""
    who = identify(readings, template)
    if isinstance(who, str):
        return _unreadable(reading, who)
    reading.roll, reading.series = who
    if not template.get("series_choices") and "" not in key.series:
        return _unreadable(reading, "the key has series but the sheet has no series bubbles")
    answers = key.series.get(reading.series)
    if answers is None:
        return _unreadable(reading, f"the key has no series {reading.series or '(none)'}")
    for number in sorted(answers):
        choice = _choice(readings.get(("answer", number), {}))
        if choice is None:
            return _unreadable(reading, f"question {number} has a bubble neither shaded nor clear")
        reading.answers[number] = choice
        if choice == "":
            reading.blank += 1
        elif choice == answers[number]:
            reading.correct += 1
        else:
            reading.wrong += 1  # two bubbles shaded count as a wrong answer
    marks = key.marks
    reading.score = round(
        reading.correct * marks["correct"] + reading.wrong * marks["wrong"] + reading.blank * marks["blank"],
        4,
    )


def _unreadable(reading: SheetReading, reason: str) -> None:
    reading.readable, reading.reason = False, reason
    reading.answers.clear()


def _read_upright(gray, template: dict):
    """A page's readings as `read_page` or `read_any_page` give them; a page fed upside down
    (a stack is seldom all one way up) is read turned round. Either way the timing track and
    the page-number bars must be found where the template has them, so nothing is guessed."""
    import cv2

    several = len(template["pages"]) > 1
    found = None
    for image in (gray, None):
        if image is None:
            image = cv2.rotate(gray, cv2.ROTATE_180)
        reading = read_any_page(image, template) if several else read_page(image, template, 0)
        if not isinstance(reading, str):
            return reading
        found = found or reading  # the reason the page as fed gave
    return found


EMPTY_INK = 0.001  # the share of dark pixels below which a page holds nothing printed


def _empty(gray) -> bool:
    """Whether a page is blank paper: the back of a sheet scanned two-sided, a separator. Dark
    means well below the page's own paper (its median), so that lighting does not matter; a
    printed sheet has a hundred times that much ink (squares, bubbles, words)."""
    import numpy as np

    paper = float(np.median(gray))
    return float((gray < paper - 60).mean()) < EMPTY_INK


def check_key_fits(key: Key, template: dict) -> None:
    """GradeError unless every answer of the key has its bubble on the sheet: a key and a
    template of two different tests (or of a test printed before every series shared one
    sheet) would score a right answer as blank."""
    options = template.get("options") or {}
    for series, answers in sorted(key.series.items()):
        for number, answer in sorted(answers.items()):
            bubbles = options.get(str(number), 0)
            if answer not in "abcdef"[:bubbles] or not answer:
                where = f"series {series}, " if series else ""
                raise GradeError(
                    f"the key and the OMR template do not belong together: {where}question {number} "
                    f"has answer ({answer}), and the sheet has {bubbles} bubble(s) for it; "
                    "print the test again (`handbook test`) and grade with its files"
                )


@dataclass
class ScannedPage:
    """One page of a scan, read: which page of the sheet it is and whose."""

    file: str
    number: int  # the page within its file
    order: int  # its place among every page scanned
    index: int  # the page of the sheet, 0-based
    readings: dict
    roll: str
    series: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.number}"


def grade_files(scans: list[Path], key: Key, template: dict) -> list[SheetReading]:
    """Every page of every scan, read and scored, one reading per candidate, in the order the
    candidates' first pages were scanned.

    Each page carries its candidate's roll number (and, on a sheet of several pages, its page
    number as bars at its foot), so the pages of a stack are matched by roll number in any
    order. Nothing is scored in part or guessed: a page that cannot be matched (its roll number
    not read) is listed with the reason, and a candidate with a page missing, a page scanned
    twice or two series is listed unreadable with the reason, never scored."""
    check_key_fits(key, template)
    sheet_pages = len(template["pages"])
    out: list[tuple[int, SheetReading]] = []
    by_roll: dict[str, list[ScannedPage]] = {}
    previous: ScannedPage | None = None
    order = 0
    for path in scans:
        for number, gray in enumerate(load_pages(path), start=1):
            order += 1
            found = _read_upright(gray, template)
            stray = SheetReading(str(path), number)
            if isinstance(found, str):
                stray.empty = _empty(gray)
                _unreadable(stray, "a blank page" if stray.empty else found)
                out.append((order, stray))
                previous = previous if stray.empty else None  # (a sheet's back parts no pages)
                continue
            index, readings = (0, found) if sheet_pages == 1 else found
            which = f"page {index + 1} of {sheet_pages}: " if sheet_pages > 1 else ""
            if not any(b["field"] == "roll" for b in template["pages"][index]["bubbles"]):
                # sheets printed before every page carried the roll number: such a page
                # belongs to the page scanned just before it, when that is the page before it
                if previous is None or previous.index != index - 1:
                    _unreadable(stray, f"{which}no roll number, and not scanned right after page {index}")
                    out.append((order, stray))
                    continue
                who: tuple[str, str] | str = (previous.roll, previous.series)
            else:
                who = identify(readings, template)
            if isinstance(who, str):
                matched = "; the page cannot be matched to a candidate" if sheet_pages > 1 else ""
                _unreadable(stray, which + who + matched)
                out.append((order, stray))
                previous = None
                continue
            previous = ScannedPage(str(path), number, order, index, readings, *who)
            by_roll.setdefault(who[0], []).append(previous)
    for roll, pages in by_roll.items():
        out.append((pages[0].order, _candidate(roll, pages, sheet_pages, key, template)))
    return [reading for _, reading in sorted(out, key=lambda item: item[0])]


def _candidate(
    roll: str, pages: list[ScannedPage], sheet_pages: int, key: Key, template: dict
) -> SheetReading:
    """One candidate's reading from the pages carrying their roll number: scored when every
    page of the sheet is there once and all are of one series."""
    first = min(pages, key=lambda page: (page.index, page.order))
    reading = SheetReading(first.file, first.number)
    by_index: dict[int, list[ScannedPage]] = {}
    for page in pages:
        by_index.setdefault(page.index, []).append(page)
    twice = [found for found in by_index.values() if len(found) > 1]
    if twice:
        where = ", ".join(page.where for page in twice[0])
        what = f"page {twice[0][0].index + 1} of {sheet_pages}" if sheet_pages > 1 else "a sheet"
        _unreadable(
            reading,
            f"roll number {roll}: {what} was scanned more than once, or two candidates shaded "
            f"this roll number ({where})",
        )
        return reading
    missing = [index + 1 for index in range(sheet_pages) if index not in by_index]
    if missing:
        listed = ", ".join(map(str, missing))
        pages_were = "page {} of {} was" if len(missing) == 1 else "pages {} of {} were"
        _unreadable(
            reading, f"roll number {roll}: {pages_were.format(listed, sheet_pages)} not found among the scans"
        )
        return reading
    series = {page.series for page in pages}
    if len(series) > 1:
        told = ", ".join(
            f"{page.series} on page {page.index + 1}" for page in sorted(pages, key=lambda p: p.index)
        )
        _unreadable(reading, f"roll number {roll}: the pages disagree on the series ({told})")
        return reading
    merged: dict = {}
    for page in sorted(pages, key=lambda page: page.index):
        merged.update(page.readings)
    interpret(merged, template, key, reading)
    return reading


# --- results ------------------------------------------------------------------------------

# How the two CSV files begin: an existing file is replaced only when it begins so (grade wrote it).
RESULTS_HEADER = "file,page,status,reason,roll,series,"
STATISTICS_HEADER = "series,question,answer,"


def refuse_foreign(path: Path) -> None:
    """GradeError when `path` exists and is not a CSV file grade wrote (a link, a folder, a
    user's own spreadsheet): grade never overwrites what it did not write."""
    if not (path.exists() or path.is_symlink()):
        return
    try:
        if path.is_symlink() or not path.is_file():
            raise OSError
        with path.open("rb") as handle:
            head = handle.read(64).decode("utf-8", "replace")
    except OSError:
        head = ""
    if not head.startswith((RESULTS_HEADER, STATISTICS_HEADER)):
        raise GradeError(f"{path}: exists and is not a CSV file grade wrote; choose another name")


def results_csv(readings: list[SheetReading], key: Key) -> str:
    numbers = list(range(1, key.questions + 1))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["file", "page", "status", "reason", "roll", "series"]
        + [f"q{n}" for n in numbers]
        + ["correct", "wrong", "blank", "score"]
    )
    for r in readings:
        if r.empty:
            continue  # not a sheet (the command names the blank pages it skipped)
        answers = [r.answers.get(n, "") if r.readable else "" for n in numbers]
        tallies = [r.correct, r.wrong, r.blank, f"{r.score:g}"] if r.readable else ["", "", "", ""]
        writer.writerow(
            [r.file, r.page, "read" if r.readable else "unreadable", r.reason, r.roll, r.series]
            + answers
            + tallies
        )
    return out.getvalue()


def statistics_csv(readings: list[SheetReading], key: Key, template: dict) -> str:
    """Per question (as numbered in series A, or the only series): how many chose each option,
    left it blank or shaded two; and how many were right. Another series' question is counted
    under its own number there: papers of several series are compared per series."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    letters = "abcdef"[: max(template["options"].values(), default=4)]
    writer.writerow(["series", "question", "answer", *letters, "blank", "two or more", "right", "sheets"])
    for series, answers in sorted(key.series.items()):
        sheets = [r for r in readings if r.readable and r.series == series]
        for number in sorted(answers):
            chosen = [r.answers.get(number, "") for r in sheets]
            counts = [chosen.count(letter) for letter in letters]
            writer.writerow(
                [
                    series,
                    number,
                    answers[number],
                    *counts,
                    chosen.count(""),
                    chosen.count("*"),
                    chosen.count(answers[number]),
                    len(sheets),
                ]
            )
    return out.getvalue()
