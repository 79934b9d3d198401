"""Small custom flowables the block layouts share: anchors, part breaks, deferred content, boxes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable


@dataclass(frozen=True)
class AnchorInfo:
    """A place others refer to: a link destination, optionally an outline entry."""

    name: str
    title: str = ""  # outline (bookmark) text; "" for none
    level: int = 0  # outline level
    running_head: str | None = None  # sets the running head of the pages that follow


class Anchor(Flowable):
    """Zero-size marker; the document records its page and adds its bookmark.

    It keeps with the next flowable, so a heading's anchor moves with the heading.
    """

    def __init__(self, info: AnchorInfo):
        super().__init__()
        self.info = info
        self.keepWithNext = True
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        pass


class StartPart(ActionFlowable):
    """Start a new part of the book on a fresh page: `kind` is the part (title, front, chapter,
    back; the doc template's `start_part` picks the page styles that follow); `recto` asks for a
    right-hand page, inserting a blank one before it when the theme is two-sided."""

    def __init__(self, kind: str, recto: bool = True, running_head: str = ""):
        super().__init__()
        self.kind, self.recto, self.running_head = kind, recto, running_head

    def apply(self, doc):
        doc.start_part(self.kind, self.recto, self.running_head)


class Deferred(Flowable):
    """Content made only when the layout reaches it, from what the pages before it recorded
    (the glossary's page numbers, the syllabus index). The document expands it in place."""

    def __init__(self, make: Callable[[Any], list]):
        super().__init__()
        self.make = make

    def wrap(self, availWidth, availHeight):  # pragma: no cover - expanded before wrapping
        return 0, 0

    def draw(self):  # pragma: no cover
        pass


MAX_SPLIT_STEPS = 10_000  # a bound on taking nested content apart, against pathological input


class IndentedBox(Flowable):
    """Flowables indented by `indent`, with an optional bar in the margin (block quotes);
    splits across pages between or inside its children."""

    def __init__(
        self, flowables: list, indent: float, bar_width: float = 0, bar_color=None, space_after: float = 0
    ):
        super().__init__()
        self.flowables = flowables
        self.indent = indent
        self.bar_width = bar_width
        self.bar_color = bar_color
        self.spaceAfter = space_after
        self._sizes: list[float] = []
        self._offsets: list[float] = []

    def _inner_width(self, availWidth):
        return max(availWidth - self.indent, 1)

    def wrap(self, availWidth, availHeight):
        inner = self._inner_width(availWidth)
        self._sizes, height = [], 0.0
        canvas = getattr(self, "canv", None)  # containers (KeepTogether, lists) measure with it
        self._offsets = []
        for index, flowable in enumerate(self.flowables):
            w, h = flowable.wrapOn(canvas, inner, availHeight)
            if index:
                height += flowable.getSpaceBefore()
            self._sizes.append(h)
            self._offsets.append(_offset(flowable, inner, w))
            height += h
            if index < len(self.flowables) - 1:
                height += flowable.getSpaceAfter()
        self.width, self.height = availWidth, height
        return availWidth, height

    def split(self, availWidth, availHeight):
        inner = self._inner_width(availWidth)
        canvas = getattr(self, "canv", None)
        flowables, index, used = list(self.flowables), 0, 0.0
        for _ in range(MAX_SPLIT_STEPS):
            if index == len(flowables):
                return [self]
            flowable = flowables[index]
            before = flowable.getSpaceBefore() if index else 0
            _, h = flowable.wrapOn(canvas, inner, availHeight)
            if used + before + h <= availHeight:
                used += before + h + flowable.getSpaceAfter()
                index += 1
                continue
            room = availHeight - used - before
            parts = flowable.splitOn(canvas, inner, room) if room > 0 else []
            if parts and isinstance(parts[0], ActionFlowable):
                parts = []  # "start it on the next page" (KeepTogether): split before it
            if len(parts) > 1:
                # Some splits (lists) only hand back their pieces: look at them one by one.
                flowables[index : index + 1] = parts
                continue
            break
        head, tail = flowables[:index], flowables[index:]
        if not head:
            return []
        return [self._copy(head, 0), self._copy(tail, self.spaceAfter)]

    def _copy(self, flowables, space_after):
        return IndentedBox(flowables, self.indent, self.bar_width, self.bar_color, space_after)

    def draw(self):
        canvas = self.canv
        if self.bar_width and self.bar_color is not None:
            canvas.saveState()
            canvas.setFillColor(self.bar_color)
            canvas.rect(self.indent / 3, 0, self.bar_width, self.height, stroke=0, fill=1)
            canvas.restoreState()
        y = self.height
        for index, (flowable, h, x) in enumerate(zip(self.flowables, self._sizes, self._offsets)):
            if index:
                y -= flowable.getSpaceBefore()
            y -= h
            flowable.drawOn(canvas, self.indent + x, y)
            y -= flowable.getSpaceAfter()


def _offset(flowable, available: float, width: float) -> float:
    """How far right a narrower flowable sits, from its hAlign (as a frame would place it)."""
    align = getattr(flowable, "hAlign", "LEFT")
    spare = max(available - width, 0)
    return {"CENTER": spare / 2, "CENTRE": spare / 2, "RIGHT": spare}.get(align, 0)


class KeepBox(IndentedBox):
    """Flowables kept on one page (a figure and its caption), unless together they are taller
    than `page_height`. Unlike reportlab's KeepTogether it reports its real height, so it also
    works inside lists and quotes."""

    def __init__(self, flowables: list, page_height: float, space_before: float = 0, space_after: float = 0):
        super().__init__(flowables, 0, space_after=space_after)
        self.page_height = page_height
        self.spaceBefore = space_before

    def split(self, availWidth, availHeight):
        if self.wrap(availWidth, availHeight)[1] <= self.page_height:
            return []  # move it whole to the next page
        return super().split(availWidth, availHeight)
