"""Helpers for the robustness tests: failed builds, text boxes of a PDF, the text block."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import pytest

from handbook.errors import BuildFailed, Diagnostics
from handbook.pipeline import build
from handbook.theme import load_theme_into
from conftest import relative, write_sources

MM = 72 / 25.4


def build_errors(tmp_path: Path, files: dict, name: str = "src") -> list[str]:
    """Build sources that must fail; the diagnostics (errors and warnings) as printed, with
    paths relative to the source folder."""
    folder = write_sources(tmp_path / name, files)
    with pytest.raises(BuildFailed) as failed:
        build(folder, tmp_path / "out" / f"{name}.pdf")
    assert not (tmp_path / "out" / f"{name}.pdf").exists()
    return relative(failed.value.diagnostics.sorted(), folder)


def text_block(page_index: int, wide: bool = False):
    """(left, right, top, bottom) of the default theme's text block on a page, in pdfplumber's
    coordinates (from the top); right-hand (odd) pages have the wide inner margin on the left.
    `wide`: of the wide area beside it (tables, mind maps, questions; layout/wide.py)."""
    theme = load_theme_into("default", Diagnostics())
    width, height = theme.page_size()
    page = theme.page
    outer = min(page.margin_outer, page.wide_margin_outer) if wide else page.margin_outer
    recto = (page_index + 1) % 2 == 1 or not page.duplex
    left = page.margin_inner if recto else outer
    right = width - (outer if recto else page.margin_inner)
    return left, right, page.margin_top, height - page.margin_bottom


def words_outside_text_block(pdf_path: Path, first_page: int = 2, wide: bool = False) -> list[tuple]:
    """Words (page index, text, top) that leave the text block (`wide`: the wide area), running
    heads and folios excepted; from the contents on (the title page and its back are centred
    on the trim)."""
    outside = []
    with pdfplumber.open(str(pdf_path)) as pdf:
        for index, page in enumerate(pdf.pages[first_page:], start=first_page):
            left, right, top, bottom = text_block(index, wide)
            for word in page.extract_words():
                in_margin_band = word["bottom"] < top or word["top"] > bottom  # heads and folios
                if in_margin_band:
                    continue
                if word["x0"] < left - 0.5 or word["x1"] > right + 0.5:
                    outside.append((index, word["text"], word["top"]))
    return outside


@contextmanager
def files_opened():
    """Record every file the process opens meanwhile (builtins.open, os.open, io.open: Python's
    audit hook for `open`, installed the first time it is needed)."""
    opened: list[str] = []
    if not _RECORDERS.installed:
        sys.addaudithook(_audit)  # hooks cannot be removed; it does nothing unless recording
        _RECORDERS.installed = True
    _RECORDERS.append(opened)
    try:
        yield opened
    finally:
        _RECORDERS.remove(opened)


class _Recorders(list):
    installed = False  # the audit hook, added on first use (not when this module is imported)


_RECORDERS = _Recorders()


def _audit(event, args):
    if event == "open" and _RECORDERS and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        for recorder in _RECORDERS:
            recorder.append(path)
