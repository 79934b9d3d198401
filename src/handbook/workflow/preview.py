"""`handbook watch`: the chapter just saved first, as build/preview.pdf, then the whole book.

A save of one chapter is what an editor does most; its pages are ready in about a second
(output/preview.py) while the book is rebuilt behind it. Anything else that changed (the
glossary, book.yaml, a theme, an image, several chapters) goes straight to the whole book.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from handbook.errors import BuildFailed, display_path
from handbook.options import BuildOptions


def preview_path(output: Path) -> Path:
    return Path(output).with_name("preview.pdf")


def saved_chapter(source: Path, changed: set) -> Path | None:
    """The one chapter file among `changed`, when that is all that changed."""
    if len(changed) != 1:
        return None
    path = Path(next(iter(changed)))
    return path if path.suffix.lower() == ".md" and path.is_file() else None


def preview_first(source: Path, output: Path, options: BuildOptions, changed: set) -> bool:
    """Build the saved chapter into preview.pdf beside `output`; True when one was written.
    Problems are left for the book's build that follows to report (once)."""
    from handbook.pipeline import build_chapter

    chapter = saved_chapter(source, changed)
    if chapter is None:
        return False
    started = time.perf_counter()
    try:
        result = build_chapter(
            source, preview_path(output), str(chapter), options, use_cache=True, book_output=output
        )
    except BuildFailed:
        return False
    click.echo(
        f"  wrote {display_path(result.output)} ({result.pages} pages "
        f"of {display_path(chapter)}, {time.perf_counter() - started:.1f} s); now the whole book",
        err=True,
    )
    return True
