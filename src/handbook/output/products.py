"""Everything one build writes: the handbook PDF and, when asked, its print products.

The handbook PDF gets the print-shop boxes and crop marks (`--bleed`, `--crop-marks`); the
booklet and the chapter PDFs are made from the plain pages (a booklet is imposed from trimmed
pages; a chapter handed out in class needs no crop marks). Each file is written atomically.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from handbook.model import Book
from handbook.options import BuildOptions
from handbook.output.atomic import write_all_atomically, write_atomically
from handbook.output.booklets import impose_booklets
from handbook.output.guard import written_by_handbook
from handbook.output.printmarks import add_print_marks
from handbook.output.split import split_chapters
from handbook.theme import Theme

CHAPTER_FILE = re.compile(r"\d{2,}-.*\.pdf\Z")


def booklet_path(output: Path) -> Path:
    return output.with_name(f"{output.stem}-booklet.pdf")


def chapters_dir(output: Path) -> Path:
    return output.parent / "chapters"


def write_products(
    data: bytes, record, book: Book, theme: Theme, output: Path, options: BuildOptions
) -> list[Path]:
    """Write the handbook to `output` and the products `options` ask for; return the extra
    files written. All are made in memory and written as temporary files first, then renamed
    together: a failure leaves every earlier output as it was."""
    main = data
    if options.bleed or options.crop_marks:
        main = add_print_marks(data, options.bleed, theme.marks if options.crop_marks else None)
    files: dict[Path, bytes] = {}  # the handbook itself goes last (it is replaced last)
    if options.booklet:
        for path, pdf in _booklet_files(
            impose_booklets(data, record, theme.booklet.max_pages), output
        ).items():
            refuse_foreign(path, path.parent)
            files[path] = pdf
    chapters: dict[str, bytes] = {}
    folder = chapters_dir(output)
    if options.split:
        chapters = split_chapters(data, record, book.chapters)
        for name in chapters:
            refuse_foreign(folder / name, folder)
        files.update({folder / name: pdf for name, pdf in chapters.items()})
    files[Path(output)] = main
    write_all_atomically(files)
    if options.split:
        _tidy_chapters(folder, set(chapters))
    return [path for path in files if path != Path(output)]


def _booklet_files(booklets: list[bytes], output: Path) -> dict[Path, bytes]:
    """OUTPUT-booklet.pdf, or OUTPUT-booklet-1.pdf, -2.pdf... when the book is cut (issue 14)."""
    if len(booklets) == 1:
        return {booklet_path(output): booklets[0]}
    return {output.with_name(f"{output.stem}-booklet-{n}.pdf"): pdf for n, pdf in enumerate(booklets, 1)}


MANIFEST = ".handbook-chapters.json"  # the chapter PDFs `--split` wrote into a folder


class ForeignFile(OSError):
    """A product would replace a file handbook did not write."""


def refuse_foreign(path: Path, folder: Path) -> None:
    """Raise ForeignFile (naming `path`) if it exists and handbook did not write it."""
    if path.exists() or path.is_symlink():
        if path.name not in _manifest(folder) and not written_by_handbook(path):
            raise ForeignFile(
                17,
                f"'{path.name}' exists and handbook did not write it; it is "
                "kept: rename it, or write the handbook elsewhere",
                str(path),
            )


def _manifest(folder: Path) -> set[str]:
    try:
        names = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return (
        {name for name in names if isinstance(name, str) and CHAPTER_FILE.match(name)}
        if isinstance(names, list)
        else set()
    )


def _tidy_chapters(folder: Path, current: set[str]) -> None:
    """Record the chapter PDFs just written, and remove the ones an earlier build wrote
    (listed in the manifest) for chapters since renamed or removed. Nothing else is touched."""
    earlier = _manifest(folder)
    write_atomically(folder / MANIFEST, json.dumps(sorted(current), indent=1).encode("utf-8"))
    for name in sorted(earlier - current):
        stale = folder / name
        if "/" not in name and stale.is_file() and not stale.is_symlink() and written_by_handbook(stale):
            stale.unlink()
