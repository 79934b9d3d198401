"""A very long paragraph as several layout units, so that line breaking stays linear.

reportlab breaks a paragraph's lines again each time a page splits it (and each time a frame
asks for its size), so a paragraph of N pages costs about N times its length: a 2 MB
paragraph never finished. Cut into units of about a page, each unit is broken a few times
at most. Units follow each other with no space between them. The last line of a unit is
set like a paragraph's last line (justifying it stretched a three-word line across the
page): the one visible trace, in paragraphs of over 5,000 words that no real book has.
"""

from __future__ import annotations

import dataclasses

from handbook.model import CodeSpan, Text

SPLIT_ABOVE = 30_000  # characters (5,000 words, pages of text): shorter paragraphs are one unit
UNIT_CHARS = 6_000  # about a page of body text


def text_length(nodes: list) -> int:
    """Characters of text in inline nodes (markup not counted)."""
    total = 0
    for node in nodes:
        if hasattr(node, "text") and isinstance(node.text, str):
            total += len(node.text)
        total += text_length(getattr(node, "children", None) or [])
        total += len(getattr(node, "written", "") or "") + len(getattr(node, "expansion", "") or "")
    return total


def layout_units(nodes: list, limit: int = UNIT_CHARS) -> list[list]:
    """`nodes` cut into runs of about `limit` characters each, at spaces where there are any.
    A node with children (emphasis, a link) cut in two becomes two nodes of its kind."""
    if text_length(nodes) <= SPLIT_ABOVE:
        return [nodes]
    return _units(nodes, limit)


def _pieces(nodes: list, limit: int):
    """The nodes, each no longer than `limit` characters (long ones cut)."""
    for node in nodes:
        if text_length([node]) <= limit:
            yield node
        elif isinstance(node, (Text, CodeSpan)):
            for part in _cut_text(node.text, limit):
                yield dataclasses.replace(node, text=part)
        elif getattr(node, "children", None):
            for unit in _units(node.children, limit):
                yield dataclasses.replace(node, children=unit)
        else:
            yield node


def _units(nodes: list, limit: int) -> list[list]:
    units: list[list] = [[]]
    room = limit
    for node in _pieces(nodes, limit):
        size = max(text_length([node]), 1)
        if units[-1] and size > room:
            units.append([])
            room = limit
        units[-1].append(node)
        room -= size
    return units


def _cut_text(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` characters, each ending after a space if it can."""
    parts, start = [], 0
    while len(text) - start > limit:
        end = text.rfind(" ", start + limit // 2, start + limit)
        end = end + 1 if end >= 0 else start + limit  # one word longer than a unit: cut it
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return parts
