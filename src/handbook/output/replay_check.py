"""HANDBOOK_VERIFY_REPLAY=1: every book built with replayed chapters is laid out a second time
with every chapter live, and the two PDFs must agree byte for byte: each page's content
stream, each page's annotations and the outline (and then the whole file). A difference is a
bug in the recorder (layout/replay.py) and stops the build, naming the page and the part.

Slow (two layouts per build): for CI (tests/test_replay_verified.py runs it on the sample and
a 50-chapter generated corpus), not for everyday builds.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (pypdf is imported when a build is verified: every build imports this module)
    from pypdf import PdfReader

VARIABLE = "HANDBOOK_VERIFY_REPLAY"


class ReplayMismatch(RuntimeError):
    """The replayed book and the book laid out live differ."""


def verifying() -> bool:
    return os.environ.get(VARIABLE, "") not in ("", "0")


def check_replay(replayed: bytes, live: bytes) -> None:
    """Raise ReplayMismatch listing where `replayed` differs from `live`."""
    if replayed == live:
        return
    differences = replay_differences(replayed, live) or ["the files differ outside pages and the outline"]
    shown = "\n  ".join(differences[:20])
    more = f"\n  ... and {len(differences) - 20} more" if len(differences) > 20 else ""
    raise ReplayMismatch(f"replayed chapters differ from the chapters laid out live:\n  {shown}{more}")


def replay_differences(replayed: bytes, live: bytes) -> list[str]:
    """Each page whose content stream or annotations differ, and the outline, as sentences."""
    from pypdf import PdfReader

    got, want = PdfReader(io.BytesIO(replayed)), PdfReader(io.BytesIO(live))
    found = []
    if len(got.pages) != len(want.pages):
        found.append(f"{len(got.pages)} pages replayed, {len(want.pages)} live")
    pages_got, pages_want = _page_numbers(got), _page_numbers(want)
    for number, (page, other) in enumerate(zip(got.pages, want.pages), 1):
        if _content(page) != _content(other):
            found.append(f"page {number}: content stream")
        if _annotations(page, pages_got) != _annotations(other, pages_want):
            found.append(f"page {number}: annotations")
    if _outline(got, got.outline) != _outline(want, want.outline):
        found.append("outline")
    return found


def _content(page) -> bytes:
    contents = page.get_contents()
    return contents.get_data() if contents is not None else b""


def _page_numbers(reader: PdfReader) -> dict:
    return {
        page.indirect_reference.idnum: index + 1
        for index, page in enumerate(reader.pages)
        if page.indirect_reference is not None
    }


def _annotations(page, pages: dict) -> list:
    return [_plain(annotation.get_object(), pages) for annotation in page.get("/Annots", None) or []]


def _plain(value, pages: dict, depth: int = 0):
    """A PDF object as comparable Python values: pages by number, other references resolved."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if isinstance(value, IndirectObject):
        if value.idnum in pages:
            return ("page", pages[value.idnum])
        if depth > 8:
            return ("ref",)
        return _plain(value.get_object(), pages, depth + 1)
    if isinstance(value, DictionaryObject):
        return {str(key): _plain(item, pages, depth) for key, item in value.items() if key != "/Parent"}
    if isinstance(value, ArrayObject):
        return [_plain(item, pages, depth) for item in value]
    return repr(value)


def _outline(reader: PdfReader, entries, depth: int = 0) -> list:
    flat = []
    for entry in entries:
        if isinstance(entry, list):
            flat += _outline(reader, entry, depth + 1)
        else:
            flat.append(
                (depth, entry.title, reader.get_destination_page_number(entry), repr(entry.get("/Dest")))
            )
    return flat
