"""Long web addresses in text: a paragraph holding one is set ragged-right (a justified line
before a broken address would stretch its word gaps across the page), and the address breaks
after a '/' (reportlab's URI splitting), never inside 'https://'.

reportlab splits an address once: the rest is never split again, and would run off the page
if it were longer than a line. Addresses longer than about two lines are therefore left to
the paragraph's `splitLongWords`, which breaks them where the line ends."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from handbook.model import plain_text

URI_WASTE_REDUCE = 0.3  # split an address rather than leave 30% of a line empty


def breakable_url(url: str, width: float, font: str, size: float) -> str:
    """Markup for an address printed on its own (a remote image's placeholder): in lines that
    fit `width`, broken only after / . - _ ? & =."""
    return "<br/>".join(escape(line) for line in address_lines(url, width, font, size))


def address_lines(address: str, width: float, font: str, size: float) -> list[str]:
    """`address` cut after / . - _ ? & = (never inside 'https://') into lines of `width`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    scheme = re.match(r"[a-z]+://", address)
    head = scheme.group(0) if scheme else ""
    parts = [p for p in BREAK_AFTER.split(address[len(head) :]) if p]
    if parts:
        parts[0] = head + parts[0]
    lines, current = [], ""
    for part in parts:
        if current and stringWidth(current + part, font, size) > 0.95 * width:
            lines.append(current)
            current = ""
        current += part
    return lines + [current] if current else lines


LONG_ADDRESS = re.compile(r"(?:https?://|www\.)\S{16,}|\S{40,}")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
SPLIT_ONCE = 1.9  # lines: an address up to this long is split once, after a '/'


def has_long_address(inlines: list) -> bool:
    """Whether the text holds a web address (or other token) long enough to break a line."""
    return bool(LONG_ADDRESS.search(plain_text(inlines)))


def address_style(style, inlines: list, width: float):
    """`style`, or for a paragraph with a long address a ragged-right copy that breaks
    addresses after '/' where one split is enough."""
    text = plain_text(inlines)
    if not LONG_ADDRESS.search(text):
        return style
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max((stringWidth(m, style.fontName, style.fontSize) for m in ADDRESS.findall(text)), default=0)
    waste = URI_WASTE_REDUCE if 0 < longest <= SPLIT_ONCE * width else 0
    alignment = TA_LEFT if style.alignment == TA_JUSTIFY else style.alignment
    return style.clone(f"{style.name}:address{waste}", alignment=alignment, uriWasteReduce=waste)


BREAK_AFTER = re.compile(r"(?<=[/.\-_?&=])")  # where an address may break: after these


def break_long_addresses(inlines: list, width: float, font: str, size: float) -> list:
    """The inlines with each address longer than SPLIT_ONCE lines cut into pieces that fit a
    line, joined by line breaks: every break then falls after / . - _ ? & = and never inside
    'https://' (reportlab would split such an address anywhere). New nodes; the model stays."""
    import dataclasses

    from reportlab.pdfbase.pdfmetrics import stringWidth

    from handbook.model import LineBreak, Text

    def text_node(node: Text) -> list:
        out: list = []
        position = 0
        for match in ADDRESS.finditer(node.text):
            address = match.group(0)
            if stringWidth(address, font, size) <= SPLIT_ONCE * width:
                continue
            out.append(Text(node.text[position : match.start()]))
            for index, piece in enumerate(address_lines(address, width, font, size)):
                if index:
                    out.append(LineBreak())
                out.append(Text(piece))
            position = match.end()
        if not out:
            return [node]
        out.append(Text(node.text[position:]))
        return [item for item in out if not (isinstance(item, Text) and not item.text)]

    result = []
    for node in inlines:
        if isinstance(node, Text):
            result.extend(text_node(node))
        elif hasattr(node, "children") and dataclasses.is_dataclass(node) and not isinstance(node, type):
            inner = break_long_addresses(node.children, width, font, size)  # type: ignore[attr-defined]
            result.append(dataclasses.replace(node, children=inner))
        else:
            result.append(node)
    return result
