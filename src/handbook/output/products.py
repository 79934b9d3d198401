"""Everything one build writes: the handbook PDF and, when asked, its print products.

The handbook PDF gets the print-shop boxes and crop marks (`--bleed`, `--crop-marks`); the
booklet and the chapter PDFs are made from the plain pages (a booklet is imposed from trimmed
pages; a chapter handed out in class needs no crop marks). Each file is written atomically.
"""

from __future__ import annotations

import re
from pathlib import Path

from handbook.model import Book
from handbook.options import BuildOptions
from handbook.output.atomic import write_atomically
from handbook.output.booklets import impose_booklets
from handbook.output.printmarks import add_print_marks
from handbook.output.split import split_chapters
from handbook.theme import Theme

CHAPTER_FILE = re.compile(r"\d{2,}-.*\.pdf\Z")


def booklet_path(output: Path) -> Path:
    return output.with_name(f"{output.stem}-booklet.pdf")


def chapters_dir(output: Path) -> Path:
    return output.parent / "chapters"


def write_products(data: bytes, record, book: Book, theme: Theme, output: Path,
                   options: BuildOptions) -> list[Path]:
    """Write the handbook to `output` and the products `options` ask for; return the extra
    files written."""
    main = data
    if options.bleed or options.crop_marks:
        main = add_print_marks(data, options.bleed, theme.marks if options.crop_marks else None)
    write_atomically(output, main)
    written = []
    if options.booklet:
        written += _write_booklets(impose_booklets(data, record, theme.booklet.max_pages), output)
    if options.split:
        written += _write_chapters(split_chapters(data, record, book.chapters), chapters_dir(output))
    return written


def _write_booklets(booklets: list[bytes], output: Path) -> list[Path]:
    """OUTPUT-booklet.pdf, or OUTPUT-booklet-1.pdf, -2.pdf... when the book is split."""
    if len(booklets) == 1:
        paths = [booklet_path(output)]
    else:
        paths = [output.with_name(f"{output.stem}-booklet-{n}.pdf") for n in range(1, len(booklets) + 1)]
    for path, pdf in zip(paths, booklets):
        write_atomically(path, pdf)
    return paths


def _write_chapters(files: dict[str, bytes], folder: Path) -> list[Path]:
    """Write the chapter PDFs and remove ones an earlier build wrote for chapters since renamed."""
    written = []
    for name, pdf in files.items():
        write_atomically(folder / name, pdf)
        written.append(folder / name)
    for stale in folder.glob("*.pdf"):
        if CHAPTER_FILE.match(stale.name) and stale.name not in files:
            stale.unlink()
    return written
