"""An OMR sheet of several pages (over 100 or 125 questions) read back by `handbook grade`: each
page carries the candidate's roll number and series and its own number (as bars at its foot
and "Sheet k of n"), so the pages of a stack are matched to candidates in any order; a page
that cannot be matched, missing or scanned twice is listed with the reason, never scored. The sheet is rendered (pypdfium2), shaded at the
template's positions, photographed (rotation, perspective, noise, JPEG) and graded."""

from __future__ import annotations

import json
import random

from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pytest
from click.testing import CliRunner
from PIL import Image

from handbook.cli import main

from handbook.layout.fonts import register_fonts
from handbook.layout.omr_sheet import MARK, MARK_INSET, SheetWords, sheet_layout, sheet_pdf
from handbook.theme import load_theme
from handbook.workflow import grade as g
from omr_scans import Candidate, expected, photograph, random_candidate, render, shade

QUESTIONS = 160  # 150 of four options and ten of six: four columns, 100 questions a page
MARKS = {"correct": 2.0, "wrong": -0.66, "blank": 0.0}
DPI = 150


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("omr-pages")
    theme = load_theme("default")
    register_fonts(theme)
    options = {n: 4 if n <= 150 else 6 for n in range(1, QUESTIONS + 1)}
    layout = sheet_layout("Weekly test", options, 8, "B", "AB")
    pdf = folder / "sheet.pdf"
    pdf.write_bytes(sheet_pdf(layout, SheetWords.in_language(instructions=("Shade fully.",)), theme, "t"))
    template = json.loads(layout.to_json())
    rng = random.Random(7)
    answers = {str(n): rng.choice("abcdef"[:count]) for n, count in options.items()}
    key = g.Key("Weekly test", MARKS, {"B": {int(n): a for n, a in answers.items()}}, QUESTIONS)
    images = [render(pdf, DPI, index) for index in range(len(template["pages"]))]
    return folder, pdf, template, key, answers, images


def scan(sheet, candidate: Candidate, page_index: int, rng: random.Random, name: str):
    folder, _, template, *_, images = sheet
    shaded = shade(images[page_index].copy(), template, candidate, DPI, rng, page_index)
    jpeg = photograph(shaded, rng, angle=rng.uniform(-2, 2), perspective=0.015, noise=6, quality=80)
    path = folder / name
    path.write_bytes(jpeg)
    assert cv2.imread(str(path), cv2.IMREAD_GRAYSCALE) is not None
    return path


def test_the_sheet_has_two_pages_each_with_its_number_in_bars_at_its_foot(sheet):
    _, pdf, template, *_ = sheet
    pages = template["pages"]
    assert len(pages) == 2 and [p["code"] for p in pages] == [1, 2]
    assert pages[0]["questions"] == list(range(1, 101)) and pages[1]["questions"] == list(range(101, 161))
    assert {b["value"] for b in pages[1]["bubbles"] if b["question"] == 160} == set("abcdef")
    with pdfplumber.open(str(pdf)) as document:
        for page, drawn in zip(pages, document.pages):
            bars = [r for r in drawn.rects if abs(r["width"] - 14) < 0.1 and abs(r["height"] - 5) < 0.1]
            found = sum(
                1 << bit
                for bit, (x, y, w, h) in enumerate(page["code_slots"])
                if any(abs(r["x0"] - x) < 0.2 and abs(r["top"] - y) < 0.2 for r in bars)
            )
            assert found == page["code"]
            # a quiet zone: nothing else is drawn within 6 points of the bars
            x0, x1 = page["code_slots"][0][0] - 6, page["code_slots"][-1][0] + 20
            y0, y1 = page["code_slots"][0][1] - 6, page["code_slots"][0][1] + 11
            near = [c for c in drawn.chars if x0 < c["x0"] < x1 and y0 < c["top"] < y1]
            assert not near and len(bars) == bin(page["code"]).count("1")


def test_two_candidates_sheets_of_two_pages_are_read_and_scored(sheet):
    _, _, template, key, answers, _ = sheet
    rng = random.Random(3)
    candidates = [random_candidate(template, answers, rng) for _ in range(2)]
    scans = [
        scan(sheet, candidate, index, rng, f"c{n}-p{index + 1}.jpg")
        for n, candidate in enumerate(candidates)
        for index in (0, 1)
    ]
    readings = g.grade_files(scans, key, template)
    assert len(readings) == 2
    for reading, candidate, first_page in zip(readings, candidates, (scans[0], scans[2])):
        assert reading.readable, reading.reason
        assert reading.file == str(first_page) and reading.roll == candidate.roll and reading.series == "B"
        want = {n: (letters if len(letters) < 2 else "*") for n, letters in candidate.answers.items()}
        assert reading.answers == want
        assert (reading.correct, reading.wrong, reading.blank) == expected(candidate, answers, MARKS)[:3]


def stack_pdf(folder, name: str, pages) -> str:
    """The photographed pages as one PDF, as a feeder scanner hands over a stack."""
    images = [Image.open(path).convert("L") for path in pages]
    path = folder / name
    images[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
    return path


def test_every_page_names_its_candidate_series_and_place(sheet):
    """Each page of the PDF has the name box, the roll-number boxes and bubbles at page 1's
    positions, the series bubble printed filled, and "Sheet k of 2" in large type."""
    _, pdf, template, *_ = sheet
    first = template["pages"][0]["bubbles"]
    where = sorted(
        (b["field"], b["digit"], b["value"], b["x"], b["y"]) for b in first if b["field"] != "answer"
    )
    assert len(where) == 8 * 10 + 2
    with pdfplumber.open(str(pdf)) as document:
        for page, drawn in zip(template["pages"], document.pages):
            ident = [b for b in page["bubbles"] if b["field"] != "answer"]
            assert sorted((b["field"], b["digit"], b["value"], b["x"], b["y"]) for b in ident) == where
            text = drawn.extract_text()
            assert "Roll number" in text and "Name of the candidate" in text
            label = [w for w in drawn.extract_words(extra_attrs=["size"]) if w["text"] == str(page["page"])]
            assert any(w["size"] >= 14 for w in label), f"no large 'Sheet {page['page']} of 2'"
            assert f"Sheet {page['page']} of 2" in text
            circles = [c for c in drawn.curves if c.get("fill")]
            b_bubble = next(b for b in ident if b["field"] == "series" and b["value"] == "B")
            assert any(
                abs((c["x0"] + c["x1"]) / 2 - b_bubble["x"]) < 0.5
                and abs((c["top"] + c["bottom"]) / 2 - b_bubble["y"]) < 0.5
                for c in circles
            ), "the series bubble is not printed filled"
        rules = [" ".join(p.crop((330, 130, 560, 300)).extract_text().split()) for p in document.pages]
        assert "shade its bubbles on every page" in rules[0] and "on this page too" in rules[1]


def test_a_shuffled_stack_of_two_candidates_pages_is_matched_by_roll_number_and_scored(sheet):
    """Four pages of two candidates in one scanned PDF, out of order, one upside down, and a
    blank back (skipped: scanned two-sided)."""
    folder, _, template, key, answers, _ = sheet
    rng = random.Random(11)
    one, two = (random_candidate(template, answers, rng) for _ in range(2))
    pages = {
        (n, index): scan(sheet, candidate, index, rng, f"shuffled-c{n}-p{index + 1}.jpg")
        for n, candidate in ((1, one), (2, two))
        for index in (0, 1)
    }
    order = [(2, 1), (1, 1), (2, 0), (1, 0)]  # the stack dropped and picked up
    upside_down = folder / "shuffled-c1-p2-turned.jpg"  # and one page fed the other way up
    turned = cv2.rotate(cv2.imread(str(pages[1, 1]), cv2.IMREAD_GRAYSCALE), cv2.ROTATE_180)
    cv2.imwrite(str(upside_down), turned)
    pages[1, 1] = upside_down
    back = folder / "back.png"  # and the stack scanned two-sided: a blank back after a page
    cv2.imwrite(str(back), np.full(turned.shape, 252, np.uint8))
    stack = stack_pdf(
        folder,
        "stack.pdf",
        [pages[place] for place in order[:2]] + [back] + [pages[place] for place in order[2:]],
    )
    found = g.grade_files([stack], key, template)
    assert [(r.page, r.empty) for r in found if not r.readable] == [(3, True)]
    readings = [r for r in found if not r.empty]
    assert [(r.readable, r.reason) for r in readings] == [(True, ""), (True, "")]
    # in the order their first page was scanned; each named by its page 1's place in the stack
    assert [(r.roll, r.page) for r in readings] == [(two.roll, 4), (one.roll, 5)]
    for reading, candidate in zip(readings, (two, one)):
        want = {n: (letters if len(letters) < 2 else "*") for n, letters in candidate.answers.items()}
        assert reading.answers == want and reading.series == "B"
        right, wrong, blank, score = expected(candidate, answers, MARKS)
        assert (reading.correct, reading.wrong, reading.blank) == (right, wrong, blank)
        assert reading.score == pytest.approx(score)


def test_a_page_unmatched_missing_or_scanned_twice_is_a_message_never_a_score(sheet, tmp_path):
    folder, _, template, key, answers, _ = sheet
    rng = random.Random(5)
    a, b, c = (random_candidate(template, answers, rng) for _ in range(3))
    unsigned = Candidate("", a.answers)  # page 2 of a's sheet: the roll number not shaded
    files = [
        scan(sheet, a, 0, rng, "a1.jpg"),
        scan(sheet, unsigned, 1, rng, "a2.jpg"),
        scan(sheet, b, 0, rng, "b1.jpg"),
        scan(sheet, b, 1, rng, "b2.jpg"),
        scan(sheet, b, 1, rng, "b2-again.jpg"),
        scan(sheet, c, 1, rng, "c2.jpg"),  # c's page 1 never scanned
    ]
    readings = g.grade_files(files, key, template)
    assert not any(r.readable for r in readings)
    assert not any(r.answers or r.score or r.correct for r in readings)
    reasons = {Path(r.file).name: r.reason for r in readings}
    assert reasons == {
        "a1.jpg": f"roll number {a.roll}: page 2 of 2 was not found among the scans",
        "a2.jpg": "page 2 of 2: roll number digit 1 has no bubble shaded; the page cannot be matched to a candidate",
        "b1.jpg": f"roll number {b.roll}: page 2 of 2 was scanned more than once, or two candidates "
        f"shaded this roll number ({files[3]}:1, {files[4]}:1)",
        "c2.jpg": f"roll number {c.roll}: page 1 of 2 was not found among the scans",
    }
    # the command: every problem a message with the page's place, no traceback
    (tmp_path / "t-omr.json").write_text(json.dumps(template), encoding="utf-8")
    key_data = {
        "format": "handbook-key 1",
        "title": "W",
        "marks": MARKS,
        "questions": QUESTIONS,
        "series": {"B": answers},
        "template": "t-omr.json",
    }
    (tmp_path / "t-key.json").write_text(json.dumps(key_data), encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["grade", *map(str, files), "--key", str(tmp_path / "t-key.json"), "-o", str(tmp_path / "r.csv")],
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{files[1]}:1: unreadable: page 2 of 2: roll number digit 1" in result.output
    assert "read 0 of 4 sheets" in result.output


QUIET = 8.0  # points (2.8 mm) of blank paper around every corner square, timing and page bar


@pytest.mark.parametrize(
    "options, series",
    [({n: 4 for n in range(1, 41)}, ""), ({n: 4 if n < 200 else 6 for n in range(1, 211)}, "C")],
)
def test_marks_stand_clear_and_bubbles_are_sized_and_spaced_for_a_scanner(tmp_path, options, series):
    theme = load_theme("default")
    register_fonts(theme)
    layout = sheet_layout(
        "A very long title for a weekly test " * 3, options, 12, series, "ABCD"[: 4 * bool(series)]
    )
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(sheet_pdf(layout, SheetWords.in_language(instructions=("Shade fully.",)), theme, "t"))
    template = json.loads(layout.to_json())
    with pdfplumber.open(str(pdf)) as document:
        assert len(document.pages) == len(template["pages"])
        for page, drawn in zip(template["pages"], document.pages):
            assert (drawn.width, drawn.height) == pytest.approx((595.28, 841.89), abs=0.1)  # A4
            marks = [(x - 8.5, y - 8.5, 17, 17) for x, y in page["marks"]]
            for x, y, w, h in marks + page["timing"] + page["code_slots"]:
                others = [
                    o
                    for o in drawn.chars + drawn.rects + drawn.curves + drawn.lines
                    if not (abs(o["x0"] - x) < 0.2 and abs(o["top"] - y) < 0.2)  # the mark itself
                    and o["x1"] > x - QUIET
                    and o["x0"] < x + w + QUIET
                    and o["bottom"] > y - QUIET
                    and o["top"] < y + h + QUIET
                ]
                assert not others, (page["page"], (x, y), others[0])
            bubbles = page["bubbles"]
            assert all(b["r"] * 2 >= 10 for b in bubbles)  # 3.5 mm across at least
            for group in ("answer", "roll"):
                rows: dict = {}
                for b in (b for b in bubbles if b["field"] == group):
                    rows.setdefault(round(b["y"], 1), []).append(b)
                for row in rows.values():
                    xs = sorted(b["x"] for b in row)
                    gaps = [right - left - 2 * row[0]["r"] for left, right in zip(xs, xs[1:])]
                    assert min(gaps, default=3) >= 2.8  # 1 mm of paper between two bubbles


def test_a_sheet_printed_before_every_page_had_the_roll_number_is_read_in_scan_order(sheet, tmp_path):
    """An older template (roll bubbles on page 1 only): its page 2 belongs to the page scanned
    just before it, and only when that is page 1."""
    _, _, template, key, answers, _ = sheet
    older = json.loads(json.dumps(template))
    older["pages"][1]["bubbles"] = [b for b in older["pages"][1]["bubbles"] if b["field"] == "answer"]
    rng = random.Random(9)
    candidate = random_candidate(template, answers, rng)
    first, second = (scan(sheet, candidate, index, rng, f"old-p{index + 1}.jpg") for index in (0, 1))
    back = tmp_path / "back.png"  # scanned two-sided: a blank back between the pages
    cv2.imwrite(str(back), np.full((1200, 850), 250, np.uint8))
    read = [r for r in g.grade_files([first, back, second], key, older) if not r.empty]
    assert [(r.readable, r.roll) for r in read] == [(True, candidate.roll)]
    assert read[0].correct == expected(candidate, answers, MARKS)[0]
    swapped = g.grade_files([second, first], key, older)
    assert [(Path(r.file).name, r.reason) for r in swapped] == [
        ("old-p2.jpg", "page 2 of 2: no roll number, and not scanned right after page 1"),
        ("old-p1.jpg", f"roll number {candidate.roll}: page 2 of 2 was not found among the scans"),
    ]


def test_a_sheet_of_sixteen_pages_or_more_gives_each_page_its_own_bars(tmp_path):
    """Four bars number pages 1-15: the 16th page's number (10000 in binary) drew no bar at all,
    and no scan of it could be read. The sheet takes the bars its last page needs."""
    options = {n: 4 for n in range(1, 126 * 16)}  # 2015 questions: 17 pages of 125
    layout = sheet_layout("T", options, 4)
    pages = layout.pages
    assert len(pages) == 17 and len({tuple(map(tuple, p.code_slots)) for p in pages}) == 1
    slots = pages[0].code_slots
    assert len(slots) == 5 and [p.code for p in pages] == list(range(1, 18))
    assert all(p.code < 2 ** len(slots) for p in pages)
    w = 595.2756
    assert (
        slots[0][0] > MARK_INSET + MARK + QUIET
        and slots[-1][0] + slots[-1][2] < w - MARK_INSET - MARK - QUIET
    )
    assert all(right[0] - (left[0] + left[2]) >= 14 for left, right in zip(slots, slots[1:]))
    theme = load_theme("default")
    register_fonts(theme)
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(sheet_pdf(layout, SheetWords.in_language(instructions=("Shade.",)), theme, "t"))
    with pdfplumber.open(str(pdf)) as document:
        for index in (14, 15, 16):  # pages 15 (01111), 16 (10000) and 17 (10001)
            bars = [
                r
                for r in document.pages[index].rects
                if abs(r["width"] - 14) < 0.1 and abs(r["height"] - 5) < 0.1
            ]
            drawn = sum(
                1 << bit for bit, slot in enumerate(slots) if any(abs(r["x0"] - slot[0]) < 0.2 for r in bars)
            )
            assert drawn == index + 1 and len(bars) == bin(index + 1).count("1")
