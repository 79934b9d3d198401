"""Page numbers drawn before they are known.

The contents come before the chapters, so when a contents line is drawn nobody knows yet on
which page its chapter will land. Rather than lay the whole book out twice, the line draws a
named PDF form (an XObject) where its number goes; once the last page is done and every
anchor's page is recorded, the document defines each form with the real number (PDF lets a
form be defined after it is used). So one pass gives a correct contents.

This only works where the number's width cannot change the layout: contents lines reserve a
fixed width for their number, and the form is painted inside that space.
"""

from __future__ import annotations

from typing import Callable

from handbook.layout.rlcompat import doc_of

MISSING = "?"  # an anchor that never landed (a bug, shown rather than hidden)

Painter = Callable[[object, str], None]  # (canvas, folio) -> None, in the caller's coordinates


def draw_late_folio(canvas, anchor: str, paint: Painter) -> None:
    """Draw `paint(canvas, folio of anchor)` here, once the folio is known."""
    doc = doc_of(canvas)
    name = f"latefolio{len(doc.late_folios)}"
    doc.late_folios.append((name, anchor, paint))
    canvas.doForm(name)


def define_late_folios(doc) -> None:
    """Define every form drawn so far, from the pages the document recorded; call after the
    last page has ended and before the canvas is saved."""
    canvas = doc.canv
    for name, anchor, paint in doc.late_folios:
        canvas.beginForm(name)
        paint(canvas, doc.record.folios.get(anchor, MISSING))
        canvas.endForm()
    doc.late_folios.clear()
