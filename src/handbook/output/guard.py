"""What a build may write: never a source, never a file handbook did not write.

`-o` comes from the command line (the user's choice), but a slip (`-o src/01-one.md`,
`-o book.yaml`, `-o notes.pdf` of someone else) would replace a file the user cannot get
back. A PDF handbook wrote says so in its metadata (Creator "handbook"); chapter PDFs of
`--split` are also listed in a manifest beside them (output.products).
"""

from __future__ import annotations

import os
from pathlib import Path

CREATOR = "handbook"
MAX_PROBE_BYTES = 200_000_000  # a PDF larger than this is no handbook we would recognise quickly


def output_refusal(source: Path, output: Path) -> str | None:
    """Why `output` may not be written for a build of `source`, or None."""
    try:
        real = Path(os.path.realpath(output))
        source_real = Path(os.path.realpath(source))
    except (OSError, ValueError) as exc:
        return f"cannot use '{output}' as the output: {getattr(exc, 'strerror', None) or exc}"
    if real == source_real or source_real.is_relative_to(real) and real.exists():
        return f"'{output}' is the source folder (or holds it); write the PDF to a file"
    if real.is_dir():
        return f"'{output}' is a folder; name the PDF file to write"
    inside_sources = source_real.is_dir() and real.is_relative_to(source_real)
    if inside_sources and real.suffix.lower() != ".pdf":
        return (
            f"'{output}' is inside the source folder and not a .pdf file: a build never "
            "writes over sources; choose a PDF name (like build/handbook.pdf)"
        )
    if real.exists() and not written_by_handbook(real):
        return (
            f"'{output}' exists and is not a PDF that handbook wrote; handbook never "
            "overwrites other files: choose another name or move that file away"
        )
    return None


def written_by_handbook(path: Path) -> bool:
    """Whether `path` is a PDF whose metadata names handbook as its creator."""
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_PROBE_BYTES:
            return False
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                return False
        from pypdf import PdfReader  # late: only when a PDF is there to be replaced

        info = PdfReader(path, strict=False).metadata
        return info is not None and info.get("/Creator") == CREATOR
    except Exception:  # a damaged PDF is not one we wrote
        return False
