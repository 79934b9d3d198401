"""Each reportlab internal the layout reads (layout/rlcompat.py), checked against reportlab
itself: an upgrade that moves one fails here, by name."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import LayoutError

from handbook.layout import rlcompat
from handbook.output.pdf import explain_layout_error

BODY = getSampleStyleSheet()["BodyText"]


def frame() -> Frame:
    return Frame(50, 60, 300, 400, leftPadding=7, rightPadding=5, topPadding=3, bottomPadding=0)


def test_frame_geometry_and_cursor():
    f, canvas = frame(), Canvas(io.BytesIO())
    assert rlcompat.frame_left(f) == 50 and rlcompat.frame_width(f) == 300
    assert rlcompat.frame_cursor(f) == 60 + 400 - 3 and rlcompat.frame_at_top(f)
    f.add(Spacer(10, 100), canvas)
    assert rlcompat.frame_cursor(f) == pytest.approx(60 + 400 - 3 - 100) and not rlcompat.frame_at_top(f)
    rlcompat.reset_frame(f)
    assert rlcompat.frame_cursor(f) == 60 + 400 - 3 and rlcompat.frame_at_top(f)


def test_a_placing_frame_places_through_place_and_moves_its_cursor():
    placed = []

    class Recording(rlcompat.PlacingFrame):
        def place(self, flowable, canv, trySplit=0):
            placed.append(flowable)
            return super().place(flowable, canv, trySplit)

    f = Recording(0, 0, 200, 200, showBoundary=0)
    spacer = Spacer(10, 50)
    assert f.add(spacer, Canvas(io.BytesIO())) == 1 and placed == [spacer]
    assert rlcompat.frame_cursor(f) == pytest.approx(200 - 6 - 50)  # the default padding is 6


def test_kept_flowables_are_the_groups_own_list_and_its_frame_is_known_while_it_splits():
    seen = []

    class Recording(KeepTogether):
        def split(self, aW, aH):
            seen.append(rlcompat.frame_of(self))
            return super().split(aW, aH)

    a, b = Spacer(10, 60), Spacer(10, 60)
    group = Recording([a, b])
    assert rlcompat.kept_flowables(group) == [a, b] and rlcompat.frame_of(group) is None
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=(300, 300))
    doc.build([Spacer(10, 50), group])
    assert seen and all(isinstance(f, Frame) for f in seen)


def test_growing_a_groups_wrapped_height_makes_it_split():
    group = KeepTogether([Paragraph("a", BODY), Paragraph("b", BODY)])  # two lines, 30 pt
    group.canv = Canvas(io.BytesIO())
    group.wrap(300, 40)  # (split re-wraps unless it is given the last wrap's size)
    content = rlcompat.kept_flowables(group)
    assert group.split(300, 40) == content  # fits: the flowables as they are
    rlcompat.grow_wrapped_height(group, 50)
    parts = group.split(300, 40)  # now too tall for the room: a break first
    assert len(parts) == len(content) + 1 and parts[0] not in content


def test_doc_of_a_canvas_and_a_deferred_save():
    seen = []
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pageTemplates=[PageTemplate("p", [frame()], onPage=lambda c, d: seen.append(rlcompat.doc_of(c)))],
    )
    rlcompat.defer_save(doc)
    doc.build([Paragraph("x", BODY)])
    assert seen == [doc] and buffer.getvalue() == b""  # not saved
    doc.canv.save()
    assert buffer.getvalue().startswith(b"%PDF")


def layout_error(story) -> str:
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=(300, 300))
    with pytest.raises(LayoutError) as raised:
        doc.build(story)
    return str(raised.value)


def test_layout_error_facts_of_a_flowable_too_large_for_any_page():
    message = layout_error([Spacer(10, 500)])
    facts = rlcompat.layout_error_facts(message)
    assert (facts.kind, facts.height, facts.room, facts.row) == ("Spacer", 500, 144, None)
    assert explain_layout_error(message) == (
        "this block is 500 pt tall but a page holds 144 pt: shorten it or split it into smaller parts"
    )


def test_layout_error_facts_of_a_table_row_taller_than_a_page():
    message = layout_error([Table([["x"], ["y"]], rowHeights=[20, 500], repeatRows=1)])
    assert rlcompat.layout_error_facts(message).row == 500
    assert explain_layout_error(message).startswith("a row of this table is 500 pt tall")


def test_layout_error_facts_of_a_flowable_that_never_progresses():
    from handbook.layout.loopguard import MAX_REPEATS, LoopGuard

    guard, f = LoopGuard(), frame()
    with pytest.raises(LayoutError) as raised:
        for _ in range(MAX_REPEATS + 1):
            guard.step(3, f, 5)
    facts = rlcompat.layout_error_facts(str(raised.value))
    assert facts.no_progress and facts.height is None
    assert explain_layout_error(str(raised.value)).startswith("this block can never be placed on a page")
