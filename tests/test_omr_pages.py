"""An OMR sheet of several pages (over 100 or 125 questions) read back by `handbook grade`: each
page carries its number as bars at its foot, the pages of a candidate's sheet are scanned one
after another, and a page out of its place or a sheet that stops short is listed unreadable
with the reason, never scored in part. The sheet is rendered (pypdfium2), shaded at the
template's positions, photographed (rotation, perspective, noise, JPEG) and graded."""

from __future__ import annotations

import json
import random

import cv2
import pdfplumber
import pytest

from handbook.layout.fonts import register_fonts
from handbook.layout.omr_sheet import SheetWords, sheet_layout, sheet_pdf
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


def test_a_page_out_of_its_place_or_missing_is_listed_never_scored(sheet):
    _, _, template, key, answers, _ = sheet
    rng = random.Random(5)
    candidate = random_candidate(template, answers, rng)
    first, second = (scan(sheet, candidate, index, rng, f"lone-p{index + 1}.jpg") for index in (0, 1))
    readings = g.grade_files([second, first], key, template)
    assert [(r.file, r.readable) for r in readings] == [(str(second), False), (str(first), False)]
    assert readings[0].reason == "page 2 of 2 without the sheet's page 1 before it"
    assert readings[1].reason == "page 2 of 2 of the sheet was not scanned"
    assert not readings[1].answers and readings[1].score == 0
    readings = g.grade_files([first, first, second], key, template)
    assert [r.readable for r in readings] == [False, True]
    assert readings[0].reason == "page 2 of 2 of the sheet is not the next page scanned"


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
