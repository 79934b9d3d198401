"""One walk over the model: every block and inline, question, glossary entry and book field.

The walk is generic: it goes through the dataclass fields of each object (lists, tuples, dict
values and nested model objects), so a new block or inline type is walked as soon as it exists.
What it cannot tell from the fields, the model class says in class attributes:

- `printed`: the `str` fields a reader sees (`unprinted`: the other `str` fields: ids, paths);
- `run_kind`: how the inline runs inside it are treated ("heading", "mindmap"; default "text");
- `monospaced`: its text is set in the code font;
- `walk_parts()`: its parts in printed order, when that is not the order of its fields.

A *run* is one inline list (`list[Inline]`: a paragraph's children, a table cell, a question
option); the walk hands out the lists themselves, so a step may rewrite a run in place.
tests/test_model_walk.py fails when a model class leaves a `str` field unclassified.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from typing import Iterator, get_args

from handbook.model.document import Inline, Location

INLINE_TYPES = get_args(Inline)


@dataclass
class Run:
    inlines: list  # list[Inline], the model's own list: rewrite it in place
    loc: Location | None  # the nearest enclosing object with a location, for messages
    kind: str = "text"  # "text" | "heading" | "mindmap" (headings and labels are never expanded)
    mono: bool = False


@dataclass
class Visit:
    """One model object met by the walk, with where it is and how its text is set."""

    node: object
    loc: Location | None
    kind: str
    mono: bool

    def strings(self) -> Iterator[str]:
        """The printed `str` fields of the object (items of a list of strings, one by one)."""
        for name in getattr(type(self.node), "printed", ()):
            value = getattr(self.node, name)
            yield from ([value] if isinstance(value, str) else value or ())


def is_run(value) -> bool:
    """An inline list (an empty one holds nothing to walk, so it need not be told apart)."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], INLINE_TYPES)


def walk(root, loc: Location | None = None, kind: str = "text", mono: bool = False,
         runs: list[Run] | None = None) -> Iterator[Visit]:
    """Every model object under `root` (an object, or a list, tuple or dict of them), depth
    first in printed order. Runs found on the way are appended to `runs` when it is given."""
    if isinstance(root, (list, tuple)):
        if runs is not None and is_run(root):
            runs.append(Run(root, loc, kind, mono))
            runs = None  # nested inline lists (emphasis, link text) belong to this run
        for item in root:
            yield from walk(item, loc, kind, mono, runs)
        return
    if isinstance(root, dict):
        yield from walk(list(root.values()), loc, kind, mono, runs)
        return
    if not is_dataclass(root) or isinstance(root, (type, Location)):
        return
    own = getattr(root, "loc", None)
    loc = own if isinstance(own, Location) else loc
    kind = getattr(type(root), "run_kind", kind)
    mono = mono or getattr(type(root), "monospaced", False)
    yield Visit(root, loc, kind, mono)
    for part in parts(root):
        yield from walk(part, loc, kind, mono, runs)


def parts(node) -> list:
    """The values of a model object that may hold more of the model, in printed order."""
    if hasattr(node, "walk_parts"):
        return node.walk_parts()
    return [getattr(node, item.name) for item in fields(node)]


def runs_of(root, loc: Location | None = None, kind: str = "text") -> list[Run]:
    """Every run under `root`, in printed order."""
    found: list[Run] = []
    for _ in walk(root, loc, kind, runs=found):
        pass
    return found


def printed_strings(root, loc: Location | None = None) -> Iterator[tuple[str, Location | None, bool]]:
    """(text, location, monospaced) for every piece of text a reader sees under `root`."""
    for visit in walk(root, loc):
        for text in visit.strings():
            yield text, visit.loc, visit.mono
