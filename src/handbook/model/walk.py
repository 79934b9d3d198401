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


def inlines_of(kind: type, inlines: list) -> Iterator:
    """Every inline of type `kind` in a run, in order, those nested in links or emphasis
    included (not those inside one of its own kind)."""
    for node in inlines:
        if isinstance(node, kind):
            yield node
        elif hasattr(node, "children"):
            yield from inlines_of(kind, node.children)


def walk(
    root,
    loc: Location | None = None,
    kind: str = "text",
    mono: bool = False,
    runs: list[Run] | None = None,
    into_runs: bool = True,
) -> Iterator[Visit]:
    """Every model object under `root` (an object, or a list, tuple or dict of them), depth
    first in printed order. Runs found on the way are appended to `runs` when it is given;
    with `into_runs=False` the walk does not go into them (when only the runs are wanted)."""
    # A stack, not recursive generators: a deep tree would pay for each level on every item.
    stack = [(root, loc, kind, mono, runs is not None)]
    while stack:
        value, loc, kind, mono, collect = stack.pop()
        if isinstance(value, (list, tuple, dict)):
            items = list(value.values()) if isinstance(value, dict) else value
            if collect and is_run(items):
                runs.append(Run(items, loc, kind, mono))  # type: ignore[union-attr, arg-type]  # collect: runs given
                if not into_runs:
                    continue
                collect = False  # nested inline lists (emphasis, link text) belong to this run
            stack.extend(
                (item, loc, kind, mono, collect)
                for item in reversed(items)
                if isinstance(item, _CONTAINERS) or is_dataclass(item)
            )
            continue
        if isinstance(value, (type, Location)) or not is_dataclass(value):
            continue
        own = getattr(value, "loc", None)
        loc = own if isinstance(own, Location) else loc
        kind = getattr(type(value), "run_kind", kind)
        mono = mono or getattr(type(value), "monospaced", False)
        yield Visit(value, loc, kind, mono)
        stack.extend(
            (part, loc, kind, mono, collect)
            for part in reversed(parts(value))
            if isinstance(part, _CONTAINERS) or is_dataclass(part)
        )


_CONTAINERS = (list, tuple, dict)


def parts(node) -> list:
    """The values of a model object that may hold more of the model, in printed order."""
    if hasattr(node, "walk_parts"):
        return node.walk_parts()
    names = _FIELD_NAMES.get(type(node))
    if names is None:  # dataclasses.fields() is slow enough to matter on a large book
        names = _FIELD_NAMES[type(node)] = tuple(item.name for item in fields(node))
    return [getattr(node, name) for name in names]


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def runs_of(root, loc: Location | None = None, kind: str = "text") -> list[Run]:
    """Every run under `root`, in printed order."""
    found: list[Run] = []
    for _ in walk(root, loc, kind, runs=found, into_runs=False):
        pass
    return found


def printed_strings(root, loc: Location | None = None) -> Iterator[tuple[str, Location | None, bool]]:
    """(text, location, monospaced) for every piece of text a reader sees under `root`."""
    for visit in walk(root, loc):
        for text in visit.strings():
            yield text, visit.loc, visit.mono
