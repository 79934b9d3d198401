"""`handbook grade`: OMR sheets printed by `handbook test`, shaded, scanned or photographed, read
back (issue 30). The round trip: the sheet rendered (pypdfium2), bubbles shaded at the
template's positions (pen and pencil, partial, two in one question), rotated up to 3 degrees,
perspective-warped, lit unevenly, noised and JPEG-compressed at 150 and 300 dpi."""

from __future__ import annotations

import json
import random

import cv2
import numpy as np
import pytest
from click.testing import CliRunner

from handbook.cli import main
from handbook.layout.fonts import register_fonts
from handbook.layout.omr_sheet import SheetWords, sheet_layout, sheet_pdf
from handbook.theme import load_theme
from handbook.workflow import grade as g
from omr_scans import Candidate, expected, photograph, random_candidate, render, shade

QUESTIONS = 100
MARKS = {"correct": 2.0, "wrong": -0.66, "blank": 0.0}


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """A 100-question sheet of series C (of A-D), its template, a key and the sheet rendered."""
    folder = tmp_path_factory.mktemp("omr")
    theme = load_theme("default")
    register_fonts(theme)
    options = {n: 4 for n in range(1, QUESTIONS + 1)}
    layout = sheet_layout("Weekly test", options, 8, "C", "ABCD")
    (folder / "sheet.pdf").write_bytes(
        sheet_pdf(layout, SheetWords.in_language(instructions=("Shade fully.",)), theme, "t")
    )
    layout.series = ""
    template = json.loads(layout.to_json())
    rng = random.Random(30)
    answers = {letter: {str(n): rng.choice("abcd") for n in options} for letter in "ABCD"}
    key = g.Key(
        "Weekly test", MARKS, {s: {int(n): a for n, a in v.items()} for s, v in answers.items()}, QUESTIONS
    )
    images = {dpi: render(folder / "sheet.pdf", dpi) for dpi in (150, 300)}
    return folder, template, key, answers, images


def read_back(sheet, candidate: Candidate, dpi: int, rng: random.Random, **camera):
    _, template, key, _, images = sheet
    shaded = shade(images[dpi].copy(), template, candidate, dpi, rng)
    settings = dict(angle=rng.uniform(-3, 3), perspective=0.02, noise=8, quality=rng.randint(55, 90)) | camera
    jpeg = photograph(shaded, rng, **settings)
    gray = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    reading = g.SheetReading("scan.jpg", 1)
    found = g.read_page(gray, template, 0)
    if isinstance(found, str):
        g._unreadable(reading, found)
    else:
        g.interpret(found, template, key, reading)
    return reading


def bubbles_right(reading, candidate: Candidate) -> tuple[int, int]:
    """(bubble groups read right, groups) over the roll digits and the answers."""
    right = sum(a == b for a, b in zip(reading.roll, candidate.roll))
    for number, letters in candidate.answers.items():
        right += reading.answers.get(number) == (letters if len(letters) < 2 else "*")
    return right, len(candidate.roll) + len(candidate.answers)


def run_round_trip(sheet, sheets: int, seed: int) -> dict:
    rng = random.Random(seed)
    _, template, key, answers, _ = sheet
    tally = {"sheets": 0, "read": 0, "right_groups": 0, "groups": 0, "silently_wrong": 0}
    for index in range(sheets):
        candidate = random_candidate(template, answers["C"], rng)
        reading = read_back(sheet, candidate, (150, 300)[index % 2], rng)
        tally["sheets"] += 1
        if not reading.readable:
            continue  # listed with its reason: not wrong, but counted against the read rate
        tally["read"] += 1
        right, groups = bubbles_right(reading, candidate)
        tally["right_groups"] += right
        tally["groups"] += groups
        want = expected(candidate, answers["C"], MARKS)
        if (reading.roll, reading.series, reading.correct, reading.wrong, reading.blank) != (
            candidate.roll,
            "C",
            *want[:3],
        ) or abs(reading.score - want[3]) > 1e-6:
            tally["silently_wrong"] += 1
    return tally


def assert_round_trip(tally: dict) -> None:
    assert tally["silently_wrong"] == 0, tally
    bubbles = tally["right_groups"] / max(tally["groups"], 1)
    assert tally["read"] >= 0.99 * tally["sheets"], tally  # sheets read (the rest listed)
    assert bubbles >= 0.995, tally


def test_six_photographed_sheets_are_read_right(sheet):
    """Three at 150 dpi and three at 300 (the fast suite's; `make test-all` reads 200)."""
    assert_round_trip(run_round_trip(sheet, 6, seed=1))


@pytest.mark.slow
@pytest.mark.parametrize("part", range(4))
def test_200_photographed_sheets_are_read_right(sheet, part):
    """200 sheets in four parts of 50 (so that the workers share them), 150 and 300 dpi."""
    assert_round_trip(run_round_trip(sheet, 50, seed=100 + part))


def test_a_smudge_or_two_roll_bubbles_make_a_sheet_unreadable_never_a_guess(sheet):
    rng = random.Random(7)
    _, template, _, answers, _ = sheet
    candidate = random_candidate(template, answers["C"], rng)
    candidate.answers[17] = ""
    smudged = Candidate(candidate.roll, candidate.answers, smudge=(17, "b"))
    reading = read_back(sheet, smudged, 150, rng)
    assert not reading.readable and "question 17" in reading.reason
    double = Candidate(candidate.roll, candidate.answers)
    reading = read_back(sheet, double, 150, rng)
    assert reading.readable
    twice = Candidate("1234567", candidate.answers)  # the eighth digit left empty
    reading = read_back(sheet, twice, 150, rng)
    assert not reading.readable and reading.reason == "roll number digit 8 has no bubble shaded"


def test_two_bubbles_in_a_question_count_as_wrong(sheet):
    rng = random.Random(8)
    _, template, key, answers, _ = sheet
    right = answers["C"]
    chosen = {n: right[str(n)] for n in range(1, QUESTIONS + 1)}
    other = "b" if right["5"] != "b" else "c"
    chosen[5] = "".join(sorted({right["5"], other}))
    reading = read_back(sheet, Candidate("00000042", chosen), 300, rng, angle=2.0)
    assert reading.readable and reading.roll == "00000042" and reading.series == "C"
    assert reading.answers[5] == "*" and reading.correct == QUESTIONS - 1 and reading.wrong == 1
    assert reading.score == pytest.approx((QUESTIONS - 1) * 2 - 0.66)


def test_a_page_without_the_corner_squares_is_listed_with_the_reason(sheet):
    blank = np.full((1200, 850), 235, np.uint8)
    reading = g.read_page(blank, sheet[1], 0)
    assert reading == "the four corner squares were not found"


def write_template_and_key(folder, template, answers, title: str) -> None:
    """t-omr.json and t-key.json in `folder`, as `handbook test` writes them."""
    (folder / "t-omr.json").write_text(json.dumps(template), encoding="utf-8")
    key_data = {
        "format": "handbook-key 1",
        "title": title,
        "template": "t-omr.json",
        "marks": MARKS,
        "questions": QUESTIONS,
        "series": answers,
    }
    (folder / "t-key.json").write_text(json.dumps(key_data), encoding="utf-8")


def test_the_command_writes_results_and_statistics_and_lists_unreadable_sheets(sheet, tmp_path):
    folder, template, key, answers, _ = sheet
    write_template_and_key(tmp_path, template, answers, "Weekly test")
    rng = random.Random(3)
    candidate = Candidate("12345678", {n: answers["C"][str(n)] for n in range(1, QUESTIONS + 1)})
    jpeg = photograph(shade(sheet[4][150].copy(), template, candidate, 150, rng), rng, 1.5, 0.01, 6, 80)
    (tmp_path / "good.jpg").write_bytes(jpeg)
    cv2.imwrite(str(tmp_path / "blank.png"), np.full((900, 640), 240, np.uint8))  # a sheet's back
    other = np.full((900, 640), 240, np.uint8)  # a page of something else: lines of print
    for y in range(60, 840, 24):
        cv2.line(other, (60, y), (580, y), 30, 3)
    cv2.imwrite(str(tmp_path / "other.png"), other)
    (tmp_path / "notes.txt").write_text("not a scan")
    result = CliRunner().invoke(
        main,
        [
            "grade",
            str(tmp_path / "good.jpg"),
            str(tmp_path / "blank.png"),
            str(tmp_path / "other.png"),
            "--key",
            str(tmp_path / "t-key.json"),
            "-o",
            str(tmp_path / "results.csv"),
        ],
    )
    assert result.exit_code == 1  # a sheet was not read: the teacher must look at it
    assert "other.png:1: unreadable: the four corner squares were not found" in result.output
    assert f"skipped 1 blank page(s): {tmp_path / 'blank.png'}:1" in result.output  # not a sheet
    assert "read 1 of 2 sheets" in result.output
    rows = (tmp_path / "results.csv").read_text().splitlines()
    assert len(rows) == 3 and "blank.png" not in "".join(rows)
    header = rows[0].split(",")
    good = dict(zip(header, rows[1].split(",")))
    assert good["status"] == "read" and good["roll"] == "12345678" and good["series"] == "C"
    assert good["correct"] == str(QUESTIONS) and good["score"] == "200"
    assert rows[2].split(",")[2] == "unreadable"
    stats = (tmp_path / "results-stats.csv").read_text().splitlines()
    assert stats[0] == "series,question,answer,a,b,c,d,blank,two or more,right,sheets"
    first_c = next(line for line in stats if line.startswith("C,1,"))
    assert first_c.endswith(",1,1")  # the one readable sheet of series C chose it, right
    bad = CliRunner().invoke(
        main,
        [
            "grade",
            str(tmp_path / "notes.txt"),
            "--key",
            str(tmp_path / "t-key.json"),
            "-o",
            str(tmp_path / "r2.csv"),
        ],
    )
    assert bad.exit_code == 1 and "not an image (PNG or JPEG) or a PDF" in bad.output
    assert "Traceback" not in bad.output


def test_grade_never_overwrites_a_csv_it_did_not_write_but_replaces_its_own(sheet, tmp_path):
    folder, template, key, answers, _ = sheet
    write_template_and_key(tmp_path, template, answers, "W")
    rng = random.Random(4)
    candidate = Candidate("87654321", {n: answers["A"][str(n)] for n in range(1, QUESTIONS + 1)})
    (tmp_path / "s.jpg").write_bytes(
        photograph(shade(sheet[4][150].copy(), template, candidate, 150, rng), rng, 1.0, 0.01, 5, 85)
    )
    mine = tmp_path / "marks.csv"
    mine.write_text("name,marks\nAsha,180\n")
    command = ["grade", str(tmp_path / "s.jpg"), "--key", str(tmp_path / "t-key.json"), "-o", str(mine)]
    refused = CliRunner().invoke(main, command)
    assert refused.exit_code == 1 and "is not a CSV file grade wrote" in refused.output
    assert mine.read_text() == "name,marks\nAsha,180\n" and not (tmp_path / "marks-stats.csv").exists()
    command[-1] = str(tmp_path / "results.csv")
    for _ in range(2):  # the second run replaces what the first wrote
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "results.csv").read_text().startswith(g.RESULTS_HEADER)


def test_a_key_whose_answer_has_no_bubble_on_the_sheet_is_refused_before_any_score(sheet, tmp_path):
    """A key and a template of different tests (or a test printed when each series had its own
    sheet): a right answer with no bubble would be read as blank. Refused, with the reason."""
    _, template, _, answers, _ = sheet
    narrow = json.loads(json.dumps(template))
    narrow["options"]["5"] = 3
    answers = {s: dict(v) for s, v in answers.items()}
    answers["B"]["5"] = "d"
    write_template_and_key(tmp_path, narrow, answers, "W")
    cv2.imwrite(str(tmp_path / "blank.png"), np.full((900, 640), 240, np.uint8))
    command = ["grade", str(tmp_path / "blank.png"), "--key", str(tmp_path / "t-key.json")]
    result = CliRunner().invoke(main, [*command, "-o", str(tmp_path / "r.csv")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "series B, question 5 has answer (d), and the sheet has 3 bubble(s) for it" in result.output
    assert not (tmp_path / "r.csv").exists()


def test_two_sheets_with_one_roll_number_are_listed_never_both_scored(sheet, tmp_path):
    """A sheet fed twice, or two candidates shading one roll number: whose score is which?"""
    _, template, key, answers, _ = sheet
    rng = random.Random(12)
    files = []
    for name in ("first.jpg", "second.jpg", "other.jpg"):
        candidate = random_candidate(template, answers["C"], rng)
        if name != "other.jpg":
            candidate.roll = "24680135"
        jpeg = photograph(shade(sheet[4][150].copy(), template, candidate, 150, rng), rng, 1.0, 0.01, 5, 85)
        (tmp_path / name).write_bytes(jpeg)
        files.append(tmp_path / name)
    readings = g.grade_files(files, key, template)
    assert [(r.file, r.readable) for r in readings] == [(str(files[0]), False), (str(files[2]), True)]
    assert readings[0].reason == (
        "roll number 24680135: a sheet was scanned more than once, or two candidates shaded "
        f"this roll number ({files[0]}:1, {files[1]}:1)"
    )
