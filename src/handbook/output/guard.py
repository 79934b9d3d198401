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
    if inside_sources and real.suffix.lower() not in (".pdf", ".json"):
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


# How the JSON files handbook writes begin (a test's OMR template and answer key).
JSON_MARK = b'{\n "format": "handbook-'


def written_by_handbook(path: Path) -> bool:
    """Whether `path` is a PDF whose metadata names handbook as its creator, or a JSON file
    handbook wrote (it begins with our format's name)."""
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_PROBE_BYTES:
            return False
        with path.open("rb") as handle:
            if path.suffix.lower() == ".json":
                return handle.read(len(JSON_MARK)) == JSON_MARK
            if handle.read(5) != b"%PDF-":
                return False
            if _creator_is_handbook(handle, path.stat().st_size):
                return True
        from pypdf import PdfReader  # late: only when a PDF is there to be replaced

        info = PdfReader(path, strict=False).metadata
        return info is not None and info.get("/Creator") == CREATOR
    except Exception:  # a damaged PDF is not one we wrote
        return False


def _creator_is_handbook(handle, size: int) -> bool:
    """The common case read directly: a PDF as reportlab writes it (a classic xref table, the
    last trailer naming its /Info object) whose Info names handbook as its Creator. pypdf
    reads the whole cross-reference table first, a third of a second for a 1,300-page book,
    paid on every build and preview that replaces its PDF. False means "not known here"
    (pypdf decides): only a Creator of exactly (handbook) in that object says yes."""
    try:
        handle.seek(max(0, size - 2048))
        tail = handle.read(2048)
        trailer = tail.rfind(b"trailer")
        if trailer < 0:
            return False
        after = tail[trailer:].split()
        info = int(after[after.index(b"/Info") + 1])
        start = int(after[after.index(b"startxref") + 1])
        handle.seek(start)
        head = handle.read(64)
        first_line, _, rest = head.partition(b"\n")
        subsection, _, _ = rest.partition(b"\n")
        if first_line.strip() != b"xref" or subsection.split()[0] != b"0":
            return False
        if not 0 < info < int(subsection.split()[1]):
            return False
        handle.seek(start + len(first_line) + 1 + len(subsection) + 1 + 20 * info)
        entry = handle.read(20).split()
        if len(entry) != 3 or entry[2] != b"n":
            return False
        handle.seek(int(entry[0]))
        obj = handle.read(4096)
        body, found, _ = obj.partition(b"endobj")
        if not found or not body.startswith(b"%d 0 obj" % info):
            return False
        at = body.find(b"/Creator (handbook)")
        return at >= 0 and body[at + len(b"/Creator (handbook)") : at + 20] in (
            b" ",
            b"/",
            b">",
            b"\n",
            b"\r",
        )
    except (OSError, ValueError, IndexError):
        return False
