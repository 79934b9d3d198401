"""`handbook grade` sorting a stack of OMR pages back into candidates, as a property: whatever
the stack holds (pages shuffled, missing, fed twice, a roll number left unshaded, several
files), a candidate is scored only from every page of their sheet, each once, and then with
the right answers; every other page is listed with a reason. Pages are read by stand-ins here
(the bubbles' shading as the reader gives it); test_omr_pages reads rendered, photographed
sheets the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from handbook.workflow import grade as g

PAGES, PER_PAGE, DIGITS = 3, 4, 3
OPTIONS = {str(n): 4 for n in range(1, PAGES * PER_PAGE + 1)}
TEMPLATE = {
    "roll_digits": DIGITS,
    "series_choices": "",
    "options": OPTIONS,
    "pages": [{"bubbles": [{"field": "roll"}], "code": i + 1} for i in range(PAGES)],
}
KEY = g.Key("T", {"correct": 2.0, "wrong": -0.5, "blank": 0.0}, {"": {n: "b" for n in range(1, 13)}}, 12)


def page_readings(roll: str, index: int, answers: dict[int, str]) -> dict:
    """What the reader gives for one page: each bubble group's shading (1 shaded, 0 clear)."""
    out: dict = {}
    for place, digit in enumerate(roll):
        out["roll", place] = {str(d): float(str(d) == digit) for d in range(10)}
    for number in range(index * PER_PAGE + 1, (index + 1) * PER_PAGE + 1):
        out["answer", number] = {letter: float(letter == answers[number]) for letter in "abcd"}
    return out


candidates = st.lists(
    st.tuples(
        st.text("0123456789", min_size=DIGITS, max_size=DIGITS),  # roll number
        st.lists(st.sampled_from("abcd"), min_size=12, max_size=12),  # answers 1-12
        st.lists(st.sampled_from(["once", "missing", "twice", "unshaded"]), min_size=PAGES, max_size=PAGES),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda c: c[0],
)


@settings(max_examples=examples(300, fast=60), deadline=None)
@given(candidates=candidates, order=st.randoms(use_true_random=False), files=st.integers(1, 3))
def test_a_stack_is_sorted_into_candidates_and_nothing_is_scored_in_part(candidates, order, files):
    stack = []  # (what the page is, what the reader gives for it)
    for roll, letters, fates in candidates:
        answers = {n: letters[n - 1] for n in range(1, 13)}
        for index, fate in enumerate(fates):
            copies = {"once": 1, "missing": 0, "twice": 2, "unshaded": 1}[fate]
            shaded = "" if fate == "unshaded" else roll
            readings = page_readings(shaded, index, answers)
            if fate == "unshaded":  # the roll bubbles all clear
                readings.update({("roll", p): {str(d): 0.0 for d in range(10)} for p in range(DIGITS)})
            stack += [((roll, index), (index, readings))] * copies
    order.shuffle(stack)
    split = [stack[i::files] for i in range(files)]  # the stack scanned as several files
    pages = {f"scan{i}.pdf": [found for _, found in part] for i, part in enumerate(split)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(g, "load_pages", lambda path: pages[str(path)])
        patch.setattr(g, "_read_upright", lambda found, template: found)
        readings = g.grade_files([Path(name) for name in pages], KEY, TEMPLATE)

    by_roll = {r.roll: r for r in readings if r.readable}
    for roll, letters, fates in candidates:
        complete = all(fate == "once" for fate in fates)
        assert (roll in by_roll) == complete, (roll, fates)
        if complete:
            right = letters.count("b")
            reading = by_roll[roll]
            assert (reading.correct, reading.wrong, reading.blank) == (right, 12 - right, 0)
            assert reading.score == right * 2 - (12 - right) * 0.5
        else:  # one message under the roll number, if any page carries it
            why = [
                r.reason for r in readings if not r.readable and r.reason.startswith(f"roll number {roll}:")
            ]
            assert len(why) == int(any(fate in ("once", "twice") for fate in fates)), (roll, fates, why)
    unshaded = sum(fates.count("unshaded") for _, _, fates in candidates)
    unmatched = [r for r in readings if "cannot be matched to a candidate" in r.reason]
    assert len(unmatched) == unshaded
    assert all(r.readable or r.reason for r in readings)
