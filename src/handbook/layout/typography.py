"""Long web addresses in text: set so that they break only after '/' (reportlab's URI
splitting, `uriWasteReduce` in layout.styles), never inside the scheme."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from handbook.model import plain_text

URI_WASTE_REDUCE = 0.3  # split an address rather than leave 30% of a line empty


def breakable_url(url: str) -> str:
    """Markup for an address printed on its own (a remote image's placeholder)."""
    return escape(url)


LONG_ADDRESS = re.compile(r"(?:https?://|www\.)\S{16,}|\S{40,}")


def has_long_address(inlines: list) -> bool:
    """Whether the text holds a web address (or other token) long enough to break a line."""
    return bool(LONG_ADDRESS.search(plain_text(inlines)))
