"""The test helpers themselves: the sweep that finds overlapping words agrees with comparing every pair."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pdffacts import boxes_overlap, overlapping_pairs


def every_pair(boxes: list[dict]) -> list[tuple[int, int]]:
    """The obvious answer, quadratic: the reference the sweep must match."""
    return [
        (i, j)
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes_overlap(boxes[i], boxes[j])
    ]


@st.composite
def box(draw):
    # Few distinct coordinates (quarter points on a small page) so that ties and exact 1-point
    # overlaps, where a sweep goes wrong, are common.
    coordinate = st.integers(0, 160).map(lambda n: n / 4)
    x0, top = draw(coordinate), draw(coordinate)
    return {"x0": x0, "x1": x0 + draw(coordinate), "top": top, "bottom": top + draw(coordinate)}


@given(st.lists(box(), max_size=40))
def test_the_sweep_finds_exactly_the_overlapping_pairs(boxes):
    assert overlapping_pairs(boxes) == every_pair(boxes)


def test_overlaps_of_more_than_a_point_count_and_touching_words_do_not():
    line = [
        {"x0": 0, "x1": 30, "top": 10, "bottom": 20},
        {"x0": 29, "x1": 60, "top": 10, "bottom": 20},
        {"x0": 50, "x1": 80, "top": 12, "bottom": 22},
        {"x0": 0, "x1": 80, "top": 21, "bottom": 30},
    ]
    assert overlapping_pairs(line) == [(1, 2)]
