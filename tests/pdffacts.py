"""Facts read back from a built PDF (pdfplumber for positions and fonts, pypdf for structure)."""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


@contextlib.contextmanager
def fonts_parsed_once():
    """Within the block, pypdf reads each font of a PDF once, not once a page: its text
    extraction parses every font of a page's resources (their widths and ToUnicode maps) for
    each page, and a built book's pages share one resource dictionary of all its fonts, so that
    was half of what extracting a book's text cost. The same Font objects, the same text."""
    from pypdf.generic._font import Font

    original = Font.__dict__["from_font_resource"]
    parsed: dict[int, tuple] = {}  # id(font dictionary) -> (it, Font): held, so no id is reused

    def from_font_resource(font_dict):
        found = parsed.get(id(font_dict))
        if found is None:
            found = parsed[id(font_dict)] = (font_dict, original.__func__(Font, font_dict))
        return found[1]

    Font.from_font_resource = staticmethod(from_font_resource)  # type: ignore[method-assign]
    try:
        yield
    finally:
        Font.from_font_resource = original  # type: ignore[method-assign]


def page_texts(pdf) -> list[str]:
    """Each page's text as pypdf extracts it (`page.extract_text()`), its fonts read once:
    `pdf` a PdfReader, or what one opens (a path, a stream)."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(pdf)
    with fonts_parsed_once():
        return [page.extract_text() or "" for page in reader.pages]


def fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF's pages refer to: base name (subset prefix dropped) -> embedded?"""
    found: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        for ref in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont")).lstrip("/").split("+")[-1]
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            found[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def links(path: Path) -> list[dict]:
    """Link annotations: {'page': index, 'uri': ... or None, 'dest_page': index or None,
    'dest_top': y of the destination (PDF units, from the bottom) or None, 'rect': [...]}."""
    out = []
    reader = PdfReader(str(path))
    page_numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A") or {}
            dest = annot.get("/Dest")
            out.append(
                {
                    "page": index,
                    "uri": action.get("/URI"),
                    "dest_page": page_numbers.get(dest[0].idnum) if dest else None,
                    "dest_top": float(dest[3]) if dest and len(dest) > 3 and dest[3] is not None else None,
                    "rect": [float(v) for v in annot["/Rect"]],
                }
            )
    return out


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) for every bookmark, in order."""
    reader = PdfReader(str(path))
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def words(path: Path, page_index: int) -> list[dict]:
    """pdfplumber words of one page, with their font names."""
    with pdfplumber.open(str(path)) as pdf:
        return pdf.pages[page_index].extract_words(extra_attrs=["fontname", "size"])


def page_words(path: Path) -> list[tuple[float, float, list[dict]]]:
    """(width, height, words) for every page. Read once per file as it is (several tests look at
    one built PDF, and extracting words is the slowest fact): the same lists each time, so a
    caller must not change them."""
    stat = os.stat(path)
    return _page_words(os.path.realpath(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _page_words(path: str, *version: int) -> list[tuple[float, float, list[dict]]]:
    with pdfplumber.open(path) as pdf:
        return [
            (float(p.width), float(p.height), p.extract_words(extra_attrs=["fontname", "size"]))
            for p in pdf.pages
        ]


def off_page_or_overlapping(path: Path, tolerance: float = 1.0, words: list | None = None) -> list[str]:
    """Problems a reader would see: words outside the page, words drawn over each other
    (`words`: the PDF's page_words when already at hand, as a shared sample build has them).

    A "word" that starts with a combining mark, or has no text, is a piece of a shaped word
    the extractor cut at a mark placed over or under its letter: not a second word. Tall
    scripts' font boxes (Devanagari) reach into the next line by a point or two: `tolerance`."""
    problems = []
    for index, (width, height, found) in enumerate(page_words(path) if words is None else words):
        for word in found:
            if word["x0"] < 0 or word["x1"] > width or word["top"] < 0 or word["bottom"] > height:
                problems.append(f"page {index + 1}: {word['text']!r} is off the page")
        for i, j in overlapping_pairs(found, tolerance):
            if _mark_first(found[i]) or _mark_first(found[j]):
                continue
            problems.append(f"page {index + 1}: {found[i]['text']!r} overlaps {found[j]['text']!r}")
    return problems


def boxes_overlap(a: dict, b: dict, tolerance: float = 1.0) -> bool:
    """More than a point of overlap both across and down (touching letters do not count)."""
    overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    overlap_y = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return overlap_x > tolerance and overlap_y > tolerance


def overlapping_pairs(boxes: list[dict], tolerance: float = 1.0) -> list[tuple[int, int]]:
    """Index pairs (i < j, sorted) of boxes that overlap: a sweep down the page, each box compared
    only with the boxes still open at its top (about one line's words), not with every box."""
    order = sorted(range(len(boxes)), key=lambda k: boxes[k]["top"])
    open_boxes: list[int] = []
    pairs = []
    for k in order:
        top = boxes[k]["top"]
        # A box ending within a point of this top cannot overlap this box or any box below it.
        open_boxes = [m for m in open_boxes if boxes[m]["bottom"] - top > 1]
        pairs.extend(
            (min(m, k), max(m, k)) for m in open_boxes if boxes_overlap(boxes[m], boxes[k], tolerance)
        )
        open_boxes.append(k)
    return sorted(pairs)


def _mark_first(word: dict) -> bool:
    import unicodedata

    return not word["text"] or unicodedata.category(word["text"][0]) in ("Mn", "Mc")


def lines_of(found: list[dict], tolerance: float = 2.0) -> list[str]:
    """Words grouped into text lines (by their top), top to bottom."""
    rows: list[tuple[float, list[dict]]] = []
    for word in sorted(found, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0] - word["top"]) <= tolerance:
            rows[-1][1].append(word)
        else:
            rows.append((word["top"], [word]))
    return [" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for _, ws in rows]


def drawn_glyphs(path: Path, font_name: str) -> list[tuple]:
    """The glyphs drawn in fonts whose base name contains `font_name`, in drawing order, each
    as its outline's extents and advance read from the embedded font program (uharfbuzz): a
    glyph's identity that survives subsetting, comparable with `shaped_glyphs`."""
    import uharfbuzz
    from pypdf.generic import ContentStream

    out: list[tuple] = []
    reader = PdfReader(str(path))
    for page in reader.pages:
        fonts_here = (page.get("/Resources") or {}).get("/Font") or {}
        programs = {}
        for key, ref in fonts_here.items():
            font = ref.get_object()
            if font_name in str(font.get("/BaseFont")):
                data = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
                programs[key] = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(data)))
        if not programs:
            continue
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = programs.get(str(operands[0]))
            elif current is not None and operator in (b"Tj", b"TJ", b"'", b'"'):
                parts = operands[0] if operator == b"TJ" else operands[-1:]
                for part in parts:
                    if isinstance(part, (bytes, str)) or hasattr(part, "original_bytes"):
                        raw = part.original_bytes if hasattr(part, "original_bytes") else part
                        for code in raw:
                            gid = current.get_nominal_glyph(code)
                            out.append(_glyph_key(current, gid))
    return out


def shaped_glyphs(font_file: Path, text: str) -> list[tuple]:
    """The glyphs uharfbuzz sets for `text` in the font file, as `drawn_glyphs` names them."""
    import uharfbuzz

    font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(Path(font_file).read_bytes())))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {"kern": True, "liga": True})
    return [_glyph_key(font, info.codepoint) for info in buffer.glyph_infos]


def _glyph_key(font, gid) -> tuple:
    extents = font.get_glyph_extents(gid) if gid is not None else None
    box = (extents.x_bearing, extents.y_bearing, extents.width, extents.height) if extents else None
    return box, font.get_glyph_h_advance(gid) if gid is not None else None
