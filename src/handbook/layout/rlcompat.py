"""The reportlab internals the layout relies on, in one place (reportlab 5; pyproject pins <6).

platypus has no public way to read a frame's cursor, a group's flowables or a layout error's
numbers, and none to extend a TrueType face or hook into shaping and ToUnicode maps, so the
layout reads (and, for layout/scripts.py, replaces) reportlab's internals here and nowhere
else. Each function is tested against reportlab itself in tests/test_rlcompat.py: an upgrade
that moves one of them fails there, by name, rather than somewhere in a PDF.

Where reportlab's own module-level functions must behave differently (the shaper and ToUnicode
maps of layout/scripts.py, the write-once encoders below, binary streams), the replacements are
installed only inside a build: `handbook_reportlab()` puts them in place and takes them out
again, so a program that imports handbook and also makes its own PDFs with reportlab gets
reportlab's own behaviour outside handbook's builds (tests/test_no_global_effects.py).
"""

from __future__ import annotations

import copy
import hashlib
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Callable, Iterable, Iterator, Sequence
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib import colors as rl_colors
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfgen import textobject
from reportlab.pdfgen.canvas import _annFormat as _annotation_format
from reportlab.platypus import Frame
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus import paraparser

from handbook.layout.linebreak import Word

# --- frames -------------------------------------------------------------------------


def frame_cursor(frame) -> float:
    """The y where the frame's next flowable would start (its top, on a fresh frame)."""
    return frame._y


def frame_left(frame) -> float:
    """The x of the frame's left edge (its padding inside it)."""
    return frame._x1


def frame_width(frame) -> float:
    """The frame's whole width, its padding included."""
    return frame._width


def frame_at_top(frame) -> bool:
    """Nothing has been placed in the frame yet (False for no frame)."""
    return bool(getattr(frame, "_atTop", False))


def reset_frame(frame) -> None:
    """Empty the frame (cursor back at the top), as a new page does."""
    frame._reset()


@contextmanager
def frame_widened(frame, left: float, right: float, splitting: bool = False):
    """The frame `left` points wider on the left and `right` on the right while the block runs.
    Placing (`Frame._add`) reads the width and the left edge through the frame's extra indents,
    which may be negative; splitting (`Frame.split`) reads only the frame's own width."""
    if splitting:
        frame._aW += left + right
    else:
        frame._leftExtraIndent -= left
        frame._rightExtraIndent -= right
    try:
        yield frame
    finally:
        if splitting:
            frame._aW -= left + right
        else:
            frame._leftExtraIndent += left
            frame._rightExtraIndent += right


class PlacingFrame(Frame):
    """A frame whose placement step (reportlab's `Frame._add`: wrap, split, move the cursor) is
    overridable through `place`; `add` is the name the doc template calls."""

    def place(self, flowable, canv, trySplit=0):
        return Frame._add(self, flowable, canv, trySplit)

    def _add(self, flowable, canv, trySplit=0):
        return self.place(flowable, canv, trySplit)

    add = _add


def cap_height(font_name: str, size: float) -> float:
    """How tall the capitals of a registered face are at `size` (0.7 of it where the face does
    not say)."""
    face = getattr(pdfmetrics.getFont(font_name), "face", None)
    cap = getattr(face, "capHeight", 0) or 700
    return cap * size / 1000


# --- keep-together groups -------------------------------------------------------------


def kept_flowables(group) -> list:
    """The flowables a KeepTogether holds (the list itself)."""
    return group._content


def frame_of(flowable):
    """The frame a flowable is being placed in (set by the frame while it wraps), or None."""
    return getattr(flowable, "_frame", None)


def grow_wrapped_height(group, extra: float) -> None:
    """Add `extra` to the height a KeepTogether measured in its last `wrap` (what its `split`
    compares with the room left)."""
    group._H += extra


def clear_keep_with_next(flowable) -> None:
    """Set keep-with-next off on the flowable itself, whatever its style says (as reportlab's
    handle_keepWithNext does: in the instance's own attributes)."""
    flowable.__dict__["keepWithNext"] = 0


def has_broken_lines(paragraph) -> bool:
    """A Paragraph has broken its text into lines (reportlab's `blPara`) since it was made."""
    return "blPara" in paragraph.__dict__


def on_link_lines(text_object, call: Callable[[tuple, str], None]) -> None:
    """Have reportlab call `call(link, "start" | "end")` as each line of a paragraph that holds
    a link is drawn (its text object's `_linkRecord` hook); `link` is one object for every line
    and split part of one `<a>`. A paragraph drawn as a single fragment makes no such calls:
    see single_fragment_links."""
    text_object._linkRecord = call


def single_fragment_links(paragraph) -> tuple:
    """The links of a paragraph reportlab lays out as one fragment (`blPara.kind == 0`, one
    style for the whole text), whose lines are drawn without link events."""
    lines = getattr(paragraph, "blPara", None)
    if lines is None or lines.kind != 0 or not paragraph.frags:
        return ()
    return tuple(getattr(paragraph.frags[0], "link", None) or ())


# --- documents and canvases ---------------------------------------------------------------


def doc_of(canvas):
    """The doc template building on `canvas` (set by BaseDocTemplate.build while it draws)."""
    return canvas._doctemplate


def defer_save(doc) -> None:
    """Make `doc.build` leave the canvas unsaved, for forms defined after the last page."""
    doc._doSave = 0


def current_page_ref(canvas):
    """The PDF reference of the page being drawn on `canvas`, for a destination on it."""
    canvas._doc.inPage()
    return canvas._doc.thisPageRef()


def point_undefined_destinations(canvas, page_ref) -> None:
    """Every destination linked to on `canvas` but never defined (a part of the book not drawn)
    leads to the page `page_ref`, fitted in the window: a PDF cannot leave a link unresolved."""
    for destination in canvas._destinations.values():
        if destination.fmt is None or destination.page is None:
            destination.fit()
            destination.setPage(page_ref)


# --- recorded pages (layout/replay.py, layout/fontseed.py) --------------------------------

# Canvas state a page must leave as it found it for its code to be replayed elsewhere.
_GRAPHICS_STATE = (
    "_fontname",
    "_fontsize",
    "_leading",
    "_fillColorObj",
    "_strokeColorObj",
    "_lineWidth",
    "_lineCap",
    "_lineJoin",
    "_miterLimit",
    "_dashArray",
    "_charSpace",
    "_wordSpace",
    "_horizScale",
    "_textRenderMode",
    "_rise",
    "_fillOverprint",
    "_strokeOverprint",
    "_overprintMask",
)


def page_code(canvas) -> list:
    """The content-stream lines drawn on the current page so far (the canvas's own list: a
    line appended is drawn; reportlab joins them with newlines when the page ends)."""
    return canvas._code


def pdf_document(canvas):
    """The PDF document `canvas` writes (font codes and internal font names live there)."""
    return canvas._doc


def absolute_rect(canvas, rect, relative: bool) -> tuple:
    """`rect` in page coordinates, as a link annotation stores it (the whole page for None)."""
    return tuple(canvas._absRect(rect, relative))


def graphics_state(canvas) -> tuple:
    """The canvas's drawing state (font, colours, lines, transparency, saved states)."""
    extgstate = getattr(canvas, "_extgstate", None)
    return tuple(repr(getattr(canvas, name, None)) for name in _GRAPHICS_STATE) + (
        len(canvas.state_stack),
        repr(vars(extgstate)) if extgstate is not None else "",
    )


def page_uses_resources(canvas) -> bool:
    """Whether the current page uses forms, images, spot colours, shadings or raw PostScript
    (resources a page's code alone does not carry)."""
    return bool(
        canvas._formsinuse
        or canvas._colorsUsed
        or canvas._shadingUsed
        or canvas._psCommandsBeforePage
        or canvas._psCommandsAfterPage
    )


def names_graphics_states(canvas) -> bool:
    """Whether the canvas has named an extended graphics state (transparency, overprint, blend
    mode: a `/gRLs0 gs` in the code, a resource of the page). Setting the value in force names
    none: reportlab's setFillColor sets the fill alpha each time, to 1 for an opaque colour."""
    return bool(canvas._extgstate._c)


def flowables_on_page(doc) -> int:
    """Flowables placed on the current page (reportlab stops after pages without any)."""
    return doc._curPageFlowableCount


def count_flowables_on_page(doc, count: int) -> None:
    doc._curPageFlowableCount = count


def is_subset_font(font) -> bool:
    """A TrueType font, embedded as subsets whose codes the document assigns as it draws."""
    return bool(getattr(font, "_dynamicFont", 0))


def next_font_code(font, document) -> int | None:
    """The code `font` will give the next new character in `document` (None: none given yet)."""
    state = font.state.get(document)
    return state.nextCode if state is not None else None


def font_names(document) -> dict[str, str]:
    """Font name -> the document's internal name ('/F3'), in the order they were named."""
    return document.fontMapping


def name_font_with(font, document, prefix: str) -> None:
    """Make the internal name `document` gives the subset font `font` begin with `prefix`
    instead of 'F' (reportlab keeps the prefix per font and document: TTFont.State.namePrefix,
    read when the font is first drawn; it writes a selection of the font as '/' + the internal
    name + '+' + the subset's number)."""
    state = font._assignState(document)  # (the font's state in the document, made if new)
    if state.internalName is not None:
        raise ValueError(f"{font.fontName} is named in this document already")
    state.namePrefix = prefix


SUBSET_SEPARATOR = "+"  # between a subset font's internal name and its subset's number: /F3+0


def font_resource_name(font, document) -> str:
    """`font`'s internal name in `document` ('F3', without the slash and a subset's number),
    naming it there if it has none yet (as drawing with it first does)."""
    if is_subset_font(font):
        return font.getSubsetInternalName(0, document).split(SUBSET_SEPARATOR)[0].lstrip("/")
    return document.getInternalFontName(font.fontName).lstrip("/")


# --- TrueType faces (layout/scripts.py: fallback coverage and private glyph codes) ----------


def font_code_points(name: str) -> Iterable[int]:
    """The code points the registered TrueType font `name` has a glyph for (its cmap, and the
    codes add_glyph_code gave it)."""
    return pdfmetrics.getFont(name).face.charToGlyph.keys()


def truetype_font(name: str, path: str, checked=None):
    """reportlab's TrueType font `name` of the file `path`. A file from a theme's folder is
    given to reportlab as the bytes the theme check read through the gate (theme.checks;
    `checked`: as `checked_bytes` gave them earlier), so reportlab opens nothing of a source
    folder itself; an installed package's by path."""
    data = checked if checked is not None else checked_bytes(path)
    return _TrueTypeFont(name, path if data is None else data)


# A face's typographic information (names, metrics, every character's glyph and width) is what
# reportlab's TTFontFile.extractInfo works out from the file's tables, in pure Python: 3-21 ms
# a face, a quarter of a preview's time. It is a function of the file's bytes (and of the two
# reportlab settings and the file name it consults for odd fonts, in `_face_identity`), so a
# build with a cache remembers it across processes: incremental/faces.py keeps it as the
# `face` kind of entry, and `remembering_faces` hands that memory to the faces read inside.
_face_memory = None  # (get(identity) -> info or None, put(identity, info)); None: off


@contextmanager
def remembering_faces(memory) -> Iterator[None]:
    """Inside the `with`, a TrueType face read from its file (truetype_font) is set from
    `memory.get(identity)` when that has it, and what reportlab found is `memory.put` when not.
    None: off (a build without a cache reads and writes nothing)."""
    global _face_memory
    saved, _face_memory = _face_memory, memory
    try:
        yield
    finally:
        _face_memory = saved


class _RememberedFace(ttfonts.TTFontFace):
    """reportlab's TrueType face, its `extractInfo` taken from the face memory when it holds
    this file's: the same attributes, the same values (tests/test_face_memory.py compares the
    whole __dict__ with a face reportlab parsed)."""

    def extractInfo(self, charInfo=1):
        memory = _face_memory
        identity = _face_identity(self, charInfo) if memory is not None else None
        if memory is None or identity is None:
            return super().extractInfo(charInfo)
        if _set_face_info(self, memory.get(identity)):
            return None
        before = dict(self.__dict__)
        super().extractInfo(charInfo)
        info = _face_info(self, before)
        if info is not None:
            memory.put(identity, info)
        return None


class _TrueTypeFont(ttfonts.TTFont):
    """reportlab's TTFont with a _RememberedFace (TTFont.__init__ names its face's class, so
    its body is repeated here; tests/test_face_memory.py compares the attributes with
    reportlab's)."""

    def __init__(self, name, filename, validate=0, subfontIndex=0, asciiReadable=None, shapable=True):
        self.fontName = name
        self.face = _RememberedFace(filename, validate=validate, subfontIndex=subfontIndex)
        self.encoding = ttfonts.TTEncoding()
        self.state: WeakKeyDictionary = WeakKeyDictionary()
        if asciiReadable is None:
            asciiReadable = rl_config.ttfAsciiReadable
        self._asciiReadable = asciiReadable
        self.shapable = shapable and not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)


def _face_identity(face, char_info) -> str | None:
    """What extractInfo's result depends on: the file's bytes (by digest), its name (the name
    reportlab makes up for a font without one; the subsetting allowed by name) and the
    settings it reads. None for a collection (.ttc: which font of it is not in the bytes)."""
    data = getattr(face, "_ttf_data", None)
    if getattr(face, "fileKind", "") != "TTF" or type(data) is not bytes:
        return None
    return repr(
        (
            hashlib.sha256(data).hexdigest(),
            face.filename,
            bool(char_info),
            getattr(rl_config, "autoGenerateTTFMissingTTFName", None),
            tuple(getattr(rl_config, "allowTTFSubsetting", ())),
        )
    )


_FACE_INFO_FORMAT = 1
_PLAIN_LEAVES = frozenset({int, float, str, bytes, bool, type(None)})


def _face_info(face, before: dict) -> tuple | None:
    """What extractInfo set on `face` (every attribute it bound anew since `before`), as plain
    data for the cache: (format, the attributes in the order set, reportlab's name strings as
    (bytes, text), the other values). Its scaling function is made again from unitsPerEm.
    None when something is not plain data (nothing remembered: the face is read each time)."""
    if not set(before) <= set(face.__dict__) or bytes(face.name).startswith(b"_RL_"):
        return None  # (a name reportlab made up: it counts them per process)
    changed = {key: value for key, value in face.__dict__.items() if before.get(key, _MISSING) is not value}
    scale = changed.get("_pdfScale")
    units = changed.get("unitsPerEm")
    if scale is None or type(units) is not int or units <= 0:
        return None
    if any(scale(x) != _pdf_scale(units)(x) for x in (1, 7, 250, 1000, 2048)):
        return None
    names, values = {}, {}
    for key, value in changed.items():
        if type(value) is ttfonts.TTFNameBytes:
            names[key] = (bytes(value), value.ustr)
        elif key != "_pdfScale":
            if not _plain(value):
                return None
            values[key] = value
    return (_FACE_INFO_FORMAT, tuple(changed), names, values)


def _plain(value) -> bool:
    kind = type(value)
    if kind in _PLAIN_LEAVES:
        return True
    if kind is list or kind is tuple:
        return all(_plain(item) for item in value)
    if kind is dict:
        return all(type(key) in _PLAIN_LEAVES for key in value) and all(
            _plain(item) for item in value.values()
        )
    return False


def _set_face_info(face, info) -> bool:
    """Set on `face` what `_face_info` kept (False, having set nothing, for anything else)."""
    if not (isinstance(info, tuple) and len(info) == 4 and info[0] == _FACE_INFO_FORMAT):
        return False
    _, order, names, values = info
    if not (
        type(order) is tuple
        and type(names) is dict
        and type(values) is dict
        and set(order) == {*names, *values, "_pdfScale"}
        and type(values.get("unitsPerEm")) is int
        and values["unitsPerEm"] > 0
        and all(type(data) is bytes and type(text) is str for data, text in names.values())
    ):
        return False
    for key in order:
        if key == "_pdfScale":
            value = _pdf_scale(values["unitsPerEm"])
        elif key in names:
            data, text = names[key]
            value = bytes.__new__(ttfonts.TTFNameBytes, data)
            value.ustr = text
        else:
            value = values[key]
        setattr(face, key, value)
    return True


def _pdf_scale(units_per_em: int) -> Callable:
    """extractInfo's `_pdfScale`: glyph units to 1/1000 em, as it computes them."""
    if units_per_em == 1000:
        return lambda x: x
    _1000mult = 1000 / units_per_em
    return lambda x: x * _1000mult


def checked_bytes(path: str):
    """The font file `path` as the theme check read it (None: an installed package's file)."""
    from handbook.theme.checks import checked_font_bytes

    return checked_font_bytes(path)


class _FaceOnDemand:
    """A TrueType face registered under its name but not read yet: its file is read the first
    time anything asks more of it than its name (a theme names twelve faces, reading one takes
    some 20 ms of a preview, and a preview draws a few). Whatever is asked of it is asked of
    the font read, which takes its place in reportlab's table of fonts (`_put_read`)."""

    _dynamicFont = 1  # what registerFont and is_subset_font ask of a TrueType font first
    _multiByte = 1

    def __init__(self, name: str, path: str):
        self.fontName = name
        self.path = path
        self.checked = checked_bytes(path)  # the bytes checked now are the bytes read later
        self.font = None

    def __getattr__(self, attribute: str):  # (only for what the instance does not hold)
        if attribute.startswith("__") or attribute in ("fontName", "path", "checked", "font"):
            raise AttributeError(attribute)
        return getattr(self.read(), attribute)

    def read(self):
        if self.font is None:
            self.font = _put_read(truetype_font(self.fontName, self.path, self.checked), self)
            self.checked = None
        return self.font


_on_demand: dict[str, _FaceOnDemand] = {}  # font file -> the face registered from it


def register_truetype_font(name: str, path: str) -> None:
    """`pdfmetrics.registerFont(truetype_font(name, path))`, the file read when the face is first
    used. reportlab's tables come out as registerFont leaves them: a name registered already
    keeps its font; a face (file) registered under another name is that name's font (one font
    object, one subset per document); and the family named like the face maps its four
    weights to it (registerFontFamily(name): layout/fonts.py maps a theme's families after)."""
    fonts = pdfmetrics._fonts
    if name not in fonts:
        shared = _on_demand.get(path)
        if shared is not None and any(font is shared for font in fonts.values()):
            fonts[name] = shared.font or shared
        else:
            fonts[name] = _on_demand[path] = _FaceOnDemand(name, path)
    pdfmetrics.registerFontFamily(name)


def _put_read(font, placeholder: _FaceOnDemand):
    """`font` (read for `placeholder`) in reportlab's table of fonts wherever the placeholder
    is, as registerFont puts a TrueType font: the font registered first for its face (by
    whatever registered that face), else this one, noted as its face's."""
    face = font.face.name
    shared = pdfmetrics._dynFaceNames.setdefault(face, font)
    fonts = pdfmetrics._fonts
    for name in [name for name, registered in fonts.items() if registered is placeholder]:
        fonts[name] = shared
    return shared


def glyph_of(font, code: int) -> int | None:
    """The glyph id `font` draws for the code point `code`, or None."""
    return font.face.charToGlyph.get(code)


def advance_of(font, code: int) -> float | None:
    """The advance of `code` in `font`, in 1/1000 em, or None."""
    return font.face.charWidths.get(code)


def add_glyph_code(font, code: int, glyph: int, advance: float) -> None:
    """Make the code point `code` draw glyph `glyph` of `font`, advancing `advance` (1/1000 em)."""
    font.face.charToGlyph[code] = glyph
    font.face.charWidths[code] = advance


def face_name(font) -> bytes:
    """The face's PostScript name, as a subset's font name in the PDF ends with it."""
    return font.face.name


def _remember(table: dict, key, value, limit: int):
    """Keep `value` under `key` in a table of at most `limit` entries (emptied when full: each
    table here holds a few distinct values a document repeats, so the limit is only a bound)."""
    if len(table) >= limit:
        table.clear()
    table[key] = value
    return value


_MAX_SPLIT = 20_000  # strings remembered per font and document
reportlab_split_string = ttfonts.TTFont.splitString  # reportlab's own, kept before replacing it


def _split_string_once(self, text, doc, encoding="utf-8"):
    """TrueType fonts remember how they split a string into subset codes, per document:
    reportlab maps it character by character each time it is drawn, and a book draws the same
    strings again and again (its contents' leaders, running heads, the glossary's page numbers
    and separators: about four in five strings drawn at N = 200 were drawn before). A split is
    a function of the string and the codes assigned so far, and an assigned code never changes,
    so the remembered split is the one reportlab would make. A string with a character the face
    lacks (code 0) is not remembered: add_glyph_code may give it a glyph later."""
    state = self.state.get(doc)
    memo = getattr(state, "handbook_splits", None)
    if memo is not None:
        found = memo.get(text)
        if found is not None:
            return list(found)
    results = reportlab_split_string(self, text, doc, encoding)
    if not any(subset == 0 and 0 in chunk for subset, chunk in results):
        state = self.state[doc]
        if memo is None:
            memo = state.handbook_splits = {}
        _remember(memo, text, tuple(results), _MAX_SPLIT)
    return results


# --- fragments compared (reportlab's paragraphs: is a word's style the line's last one?) -------

_FRAG_STYLE_NAMES = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
# Fragments whose attributes are all in their __dict__ (no class attribute of these names, no
# __getattr__): the type paragraphs are made of.
_PLAIN_FRAG = (
    paraparser.ParaFrag
    if paraparser.ParaFrag.__getattribute__ is object.__getattribute__
    and not hasattr(paraparser.ParaFrag, "__getattr__")
    and not any(hasattr(paraparser.ParaFrag, name) for name in _FRAG_STYLE_NAMES + ("cbDefn", "lineBreak"))
    else None
)


def _same_frag(f, g) -> bool:
    """reportlab's sameFrag (rl_accel's C function: its breakLines asks it of every word of a
    paragraph of more than one fragment), with the same answer, five times faster: the C one
    asks for eight attributes and `hasattr` four times, each making and throwing away an
    AttributeError where a fragment has none (nearly always: no callback, no line break, no
    backColor, no nobr). Attributes are compared as it compares them, in its order: missing on
    both is the same, missing on one is not, and an object is the same as itself."""
    if type(f) is _PLAIN_FRAG and type(g) is _PLAIN_FRAG:
        fd, gd = f.__dict__, g.__dict__
        if "cbDefn" in fd or "cbDefn" in gd or "lineBreak" in fd or "lineBreak" in gd:
            return False
        for name in _FRAG_STYLE_NAMES:
            a, b = fd.get(name, _MISSING), gd.get(name, _MISSING)
            if a is not b and (a is _MISSING or b is _MISSING or a != b):
                return False
        return True
    if hasattr(f, "cbDefn") or hasattr(g, "cbDefn") or hasattr(f, "lineBreak") or hasattr(g, "lineBreak"):
        return False
    for name in _FRAG_STYLE_NAMES:
        a, b = getattr(f, name, _MISSING), getattr(g, name, _MISSING)
        if a is not b and (a is _MISSING or b is _MISSING or a != b):
            return False
    return True


_WIDTHS: dict[tuple, tuple] = {}  # (text, font name, size, encoding) -> (font, width)
_MAX_WIDTHS = 100_000
_PRIVATE_PLANES = "\U000f0000"  # private codes get their widths as they are made (add_glyph_code)


def _string_width_once(text, fontName, fontSize, encoding="utf8"):
    """pdfmetrics.stringWidth as reportlab's paragraphs call it (every word, and the space after
    each word of every line, 250,000 times at N = 50), remembered: a font's widths do not change
    (but for private codes, not remembered), so the width is the one reportlab gives as long
    as the same font is registered under the name (a later theme may register another)."""
    font = pdfmetrics._fonts.get(fontName)
    if font is None or type(text) is not str:  # (a shaped string is measured by its glyphs)
        return reportlab_string_width(text, fontName, fontSize, encoding)
    key = (text, fontName, fontSize, encoding)
    known = _WIDTHS.get(key)
    if known is not None and known[0] is font:
        return known[1]
    width = font.stringWidth(text, fontSize, encoding=encoding)
    if text.isascii() or max(text) < _PRIVATE_PLANES:
        _remember(_WIDTHS, key, (font, width), _MAX_WIDTHS)
    return width


reportlab_string_width = pdfmetrics.stringWidth


# --- shaping (reportlab shapes with uharfbuzz; layout/scripts.py shapes per face) -----------

ShapedStr = ttfonts.ShapedStr  # a str that carries its glyphs' positions
reportlab_shape = ttfonts.shapeFragWord  # reportlab's own shaper of a fragment word


def shaped_glyphs(value) -> list:
    """The glyphs of a ShapedStr, one per character: each with its `cluster` (index into the
    shaped text), `width`, `x_advance` and `x_offset` (1/1000 em)."""
    return list(value.__shapeData__)


def placed_glyph(glyph, reach: float):
    """The glyph as it is, but drawn `reach` wide, moving the pen `reach` and drawn at the pen
    (no horizontal offset)."""
    return type(glyph)(glyph.cluster, reach, glyph.y_advance, 0.0, glyph.y_offset, reach)


def shaped_str(text: str, glyphs: list):
    """A ShapedStr of `text` with these glyphs (shaped_glyphs' kind)."""
    return ShapedStr(text, shapeData=glyphs)


def is_shaped_word(word) -> bool:
    """The fragment word has been shaped already."""
    return isinstance(word, ttfonts.ShapedFragWord)


def as_shaped_word(word, items: list):
    """`items` ([width, (fragment, text), ...]) as a shaped word of `word`'s kind."""
    return ttfonts.makeShapedFragWord(word)(items)


def is_inline_object(fragment) -> bool:
    """A fragment that is no text but an inline image or callback (`cbDefn`)."""
    return hasattr(fragment, "cbDefn")


def text_fragment(font_name: str, size: float):
    """A paragraph fragment in face `font_name` at `size`, for shaping a string on its own."""
    return ABag(fontName=font_name, fontSize=size)


def use_word_shaper(shape: Callable) -> None:
    """Inside handbook's builds, make Paragraph call `shape(word, features=None)` instead of
    reportlab's shapeFragWord (it looks the function up by name in the paragraph module as it
    breaks lines)."""
    _HOOKS["word_shaper"] = shape


reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap  # reportlab's own, kept before any replacement


def use_to_unicode_cmap(make: Callable[[str, list], str]) -> None:
    """Inside handbook's builds, make embedded TrueType subsets get their ToUnicode map from
    `make(font_name, subset)`; `subset` lists the code points of the subset's glyph codes
    0, 1, 2, ..."""
    _HOOKS["to_unicode_cmap"] = make


reportlab_subset_tag = ttfonts.SUBSETN  # reportlab's own: AAAAAA, AAAAAB, ... in every file


def _subset_tag(number, *rest):
    """Inside handbook's builds (handbook_reportlab), reportlab's SUBSETN: each embedded
    TrueType subset (the six capitals before '+' in its font name) is named from a hash of its
    face and characters, as other PDF writers do, instead of by its number: with AAAAAA+ in
    every file, a print shop that merges two PDFs gets two different subsets under one name.
    The same subset gets the same tag, so a rebuild is byte-identical."""
    # reportlab calls SUBSETN(n) in TTFont.addObjects, in its loop over the document's subsets
    # of the face (`self`) with the subset's code points in `subset`.
    caller = sys._getframe(1).f_locals
    font, subset = caller.get("self"), caller.get("subset")
    face = getattr(font, "face", None)
    if face is None or subset is None:
        return reportlab_subset_tag(number, *rest)
    digest = hashlib.sha256(bytes(face.name) + b"\0" + ",".join(map(str, subset)).encode("ascii")).digest()
    return bytes(65 + byte % 26 for byte in digest[:6])


reportlab_format_text = textobject.PDFTextObject._formatText  # reportlab's own, kept


def use_shaped_text_spans(spans: Callable[[str, str], list | None]) -> None:
    """Inside handbook's builds, make text objects write a shaped string in pieces:
    `spans(font_name, text)` gives [(start, end, actual text or None), ...] (None: as
    reportlab writes it). A piece with an actual text is written inside a marked-content
    span, /Span <</ActualText (...)>> BDC ... EMC, which PDFium and poppler read instead of
    the piece's glyphs."""
    _HOOKS["shaped_text_spans"] = spans


def _format_text_in_spans(spans: Callable[[str, str], list | None]) -> Callable:
    """PDFTextObject._formatText writing shaped strings as `use_shaped_text_spans` says."""

    def format_text(self, text):
        pieces = spans(self._fontname, text) if isinstance(text, ShapedStr) else None
        if not pieces:
            return reportlab_format_text(self, text)
        glyphs = text.__shapeData__
        out = []
        for start, end, actual in pieces:
            code = reportlab_format_text(self, ShapedStr(text[start:end], shapeData=glyphs[start:end]))
            if actual:
                code = (
                    f"/Span <</ActualText <FEFF{actual.encode('utf-16-be').hex().upper()}>>> BDC {code} EMC"
                )
            out.append(code)
        return " ".join(out)

    return format_text


def with_bfchar_lines(cmap: str, lines: list[str]) -> str:
    """A ToUnicode map of reportlab's with its character entries ('<03> <0915094D>') replaced."""
    head, _, rest = cmap.partition("beginbfchar\n")
    _, _, tail = rest.partition("\nendbfchar")
    return head + "beginbfchar\n" + "\n".join(lines) + "\nendbfchar" + tail


# --- PDF names and text encoded once (output: writing the objects) --------------------------

reportlab_pdfdoc_enc = pdfdoc.pdfdocEnc  # reportlab's own, kept before replacing them
reportlab_pdf_name = pdfdoc.PDFName
_SHORT = 64  # longer strings (content streams) are encoded as before, not remembered
_ENCODED: dict[str, bytes] = {}
_NAMES: dict[str, str] = {}
_MAX_ENCODED = 50_000


def _pdfdoc_enc_once(x):
    if type(x) is str and len(x) <= _SHORT:
        found = _ENCODED.get(x)
        if found is None:
            # raises as before for what it cannot encode
            found = _remember(_ENCODED, x, reportlab_pdfdoc_enc(x), _MAX_ENCODED)
        return found
    return reportlab_pdfdoc_enc(x)


def _pdf_name_once(data, lo="!", hi="~"):  # reportlab's defaults: chr(0x21), chr(0x7E)
    if type(data) is str and len(data) <= _SHORT and lo == "!" and hi == "~":
        found = _NAMES.get(data)
        if found is None:
            found = _remember(_NAMES, data, reportlab_pdf_name(data), _MAX_ENCODED)
        return found
    return reportlab_pdf_name(data, lo, hi)


reportlab_resources_format = pdfdoc.PDFResourceDictionary.format


def _resources_format_once(self, document):
    """PDFResourceDictionary.format, remembered per document for the common shape: the
    document's font dictionary, a ProcSet, nothing else (every body page and every contents
    page number's form: 2,932 at N = 200, a few distinct)."""
    font = self.Font
    procs = self.ProcSet
    if type(font) is pdfdoc.PDFObjectReference and type(procs) is list and {*map(type, procs)} <= {str}:
        others = [getattr(self, name) for name in self.dict_attributes if name != "Font"]
        if all(type(value) is dict and not value for value in others):
            key = (font.name, *procs)
            known = document.__dict__.setdefault("handbook_resources", {})
            found = known.get(key)
            if found is None:
                found = known[key] = reportlab_resources_format(self, document)
            return found
    return reportlab_resources_format(self, document)


# pdfdoc encodes short text and makes names through a table inside a build (_pdfdoc_enc_once,
# _pdf_name_once): writing a book formats ~26,000 objects, and every dictionary key (PDFName
# escapes it character by character) and every number or reference (pdfdocEnc: a lookup of
# reportlab's codec each time) went through them again, 230,000 calls at N = 200 for a few
# hundred distinct values. Both are functions of their argument alone, so the bytes are the same.


# --- colours named in paragraph markup ------------------------------------------------------

_MARKUP_COLOURS: dict[str, object] = {}  # markup text -> reportlab Color
_MAX_MARKUP_COLOURS = 1_000


def markup_colour(value):
    """reportlab's toColor for a colour named in markup, converting each text once: toColor
    tries CSS, colour names and Python literals before hex, about 20 us a call, and a book's
    markup names one or two colours thousands of times (every link: a glossary's 5,000 page
    numbers, each chapter's acronym uses). Colours are values nobody changes in place, so the
    frags may share one."""
    if type(value) is not str:
        return rl_colors.toColor(value)
    found = _MARKUP_COLOURS.get(value)
    if found is None:
        if _THEME_COLOUR.fullmatch(value):  # a theme's colour: written as the theme's are
            from handbook.layout.styles import color

            converted = color(value)
        else:  # raises for a bad colour, as before: nothing kept
            converted = rl_colors.toColor(value)
        found = _remember(_MARKUP_COLOURS, value, converted, _MAX_MARKUP_COLOURS)
    return found


_THEME_COLOUR = re.compile(r"(cmyk:)?#[0-9a-fA-F]{6}")


def _markup_colour_entries() -> list[tuple[dict, object, tuple]]:
    """(table, key, entry) of every paragraph-markup attribute (<a color>, <font color>, ...)
    whose value reportlab converts with toColor: converted through markup_colour inside a
    build, the same Color values, so the same bytes."""
    found = []
    for name, table in vars(paraparser).items():
        if name.endswith("AttrMap") and isinstance(table, dict):
            for key, entry in table.items():
                if isinstance(entry, tuple) and len(entry) == 2 and entry[1] is paraparser.toColor:
                    found.append((table, key, entry))
    return found


# --- layout errors --------------------------------------------------------------------------


@dataclass
class LayoutErrorFacts:
    """What reportlab's LayoutError text says, as numbers: `kind` is its class name."""

    kind: str = ""
    height: float | None = None  # of the flowable
    room: float | None = None  # the frame's height
    row: float | None = None  # a table's tallest row, when that is what did not fit
    no_progress: bool = False  # a flowable that splits into itself forever


TOO_LARGE = re.compile(
    r"<(\w+)[ @].*?\(([\d.]+) x ([\d.]+)\) too large on page \d+ in frame "
    r"'[^']*'\(([\d.]+) x ([\d.]+)",
    re.S,
)
TALLEST_ROW = re.compile(r"tallest row ([\d.]+)")


def layout_error_facts(message: str) -> LayoutErrorFacts:
    """Read reportlab's LayoutError message (object ids, frame names and sizes)."""
    facts = LayoutErrorFacts(no_progress="no progress" in message)
    row = TALLEST_ROW.search(message)
    if row:
        facts.row = float(row[1])
    large = TOO_LARGE.search(message)
    if large:
        facts.kind, facts.height, facts.room = large[1], float(large[3]), float(large[5])
    return facts


# --- link annotations written faster (output/pdf.py) ----------------------------------------

_NUMBER = (float, int)


class _FastLinkAnnotation(pdfdoc.LinkAnnotation):
    """reportlab's LinkAnnotation, written to the same bytes with less work: a book has tens of
    thousands (acronym and question links) and formatting them through generic dictionaries was
    most of writing the PDF. The common shape only (a plain rectangle, border and colour, empty
    contents, a destination on a page already written, no encryption); anything else is written
    by reportlab itself. tests/test_rlcompat.py compares the bytes with reportlab's."""

    def format(self, document):
        fast = _link_bytes(self, document)
        return fast if fast is not None else super().format(document)


def _link_bytes(link, document) -> bytes | None:
    if not _writes_plainly(document):
        return None
    parts = _shared_link_parts(link.Contents, link.Border, link.otherkw)
    rect = link.Rect
    if parts is None or not (isinstance(rect, (tuple, list)) and len(rect) == 4 and _numbers(rect)):
        return None
    dest = _dest_bytes(link.Destination, document)
    if dest is None:
        return None
    return _annotation_bytes(parts, dest, rect)


def _annotation_bytes(parts: tuple[bytes, bytes, bytes], dest: bytes, rect) -> bytes:
    """A link annotation's bytes: its shared parts (_link_parts) around its destination and
    rectangle."""
    head, middle, tail = parts
    return head + dest + middle + _rect_bytes(rect) + tail


def _rect_bytes(rect) -> bytes:
    """A rectangle of four numbers as PDFArray formats it: fp_str of several numbers formats
    each as pdfdoc.format does, space-separated."""
    return b"[ " + pdfdoc.fp_str(*rect).encode("ascii") + b" ]"


_SHARED_PARTS: dict[tuple, tuple | None] = {}  # (contents, border, colour) -> _link_parts
_MAX_SHARED_PARTS = 1_000


def _shared_link_parts(contents, border, other) -> tuple[bytes, bytes, bytes] | None:
    """_link_parts, made once for each (border, colour) a document's links share."""
    if contents != "" or other and (set(other) != {"C"} or not _plain_array(other["C"])):
        return None
    if not _plain_array(border):
        return None
    key = (tuple(border.sequence), tuple(other["C"].sequence) if other else None)
    try:
        return _SHARED_PARTS[key]
    except KeyError:
        return _remember(_SHARED_PARTS, key, _link_parts(contents, border, other), _MAX_SHARED_PARTS)


def _writes_plainly(document) -> bool:
    """No encryption and reportlab's default layout of dictionaries: what the fast paths write."""
    return type(document.encrypt) is pdfdoc.NoEncryption and not rl_config.pdfMultiLine


_DEST = b"\x00dest\x00"
_RECT = b"\x00rect\x00"


def _link_parts(contents, border, other) -> tuple[bytes, bytes, bytes] | None:
    """A link annotation's bytes around its destination and its rectangle (which differ from
    link to link): (head, middle, tail); None for a shape the fast paths leave to reportlab."""
    if other and (set(other) != {"C"} or not _plain_array(other["C"])):
        return None
    if contents != "" or not _plain_array(border):
        return None
    entries = [b"/Border " + _array(border.sequence)]
    if other:
        entries.append(b"/C " + _array(other["C"].sequence))
    entries += [b"/Contents ()", b"/Dest " + _DEST, b"/Rect " + _RECT, b"/Subtype /Link", b"/Type /Annot"]
    for index in reversed(range(6, len(entries), 6)):  # reportlab breaks a dictionary every 6
        entries.insert(index, b"\n ")
    head, rest = (b"<<\n" + b" ".join(entries) + b"\n>>").split(_DEST)
    middle, tail = rest.split(_RECT)
    return head, middle, tail


def _dest_bytes(dest, document) -> bytes | None:
    """A Destination as reportlab formats it ([ page /XYZ left top zoom ]), when it is bound to
    a page already registered and has a plain shape; else None."""
    if type(dest) is not pdfdoc.Destination or dest.page is None:
        return None
    fmt = dest.fmt
    known = dest.__dict__.get("_handbook_bytes")  # thousands of links share a destination
    if known is not None and known[0] is fmt and known[1] is dest.page and known[2] is document:
        return known[3]
    tail: tuple = ()
    if type(fmt) is pdfdoc.PDFDestinationXYZ:
        tail = (fmt.left, fmt.top, fmt.zoom)
        if not _numbers(tail):
            return None
        kind = b"/XYZ"
    elif type(fmt) is pdfdoc.PDFDestinationFit:
        kind = b"/Fit"
    else:
        return None
    page = document.Reference(dest.page)
    if type(page) is not pdfdoc.PDFObjectReference or page.name not in document.idToObjectNumberAndVersion:
        return None  # a page not yet registered: reportlab's own path registers it
    fmt.page = dest.page  # as Destination.format does
    formatted = _array_of([page.format(document), kind, *map(_number, tail)])
    dest._handbook_bytes = (fmt, dest.page, document, formatted)
    return formatted


def _plain_array(value) -> bool:
    return type(value) is pdfdoc.PDFArray and value.multiline is True and _numbers(value.sequence)


def _numbers(values) -> bool:
    return {*map(type, values)} <= _NUMBER_TYPES  # exactly float or int, as pdfdoc.format asks


_NUMBER_TYPES = frozenset(_NUMBER)


_NUMBERS: dict[str, bytes] = {}  # repr -> formatted: 1 and 1.0, 0.0 and -0.0 stay apart
_MAX_NUMBERS = 100_000


def _number(value) -> bytes:
    key = repr(value)
    found = _NUMBERS.get(key)
    if found is None:
        found = _remember(_NUMBERS, key, pdfdoc.pdfdocEnc(pdfdoc.fp_str(value)), _MAX_NUMBERS)
    return found


def _array(values) -> bytes:
    return _array_of([_number(value) for value in values])


def _array_of(items: list) -> bytes:
    """PDFArray.format of formatted items (pdfMultiLine off: a line break every 10 items)."""
    for index in reversed(range(10, len(items), 10)):
        items.insert(index, b"\n ")
    return b"[ " + b" ".join(items) + b" ]"


def write_links_faster(canvas) -> None:
    """Make the link annotations `canvas` adds write themselves faster, to the same bytes."""
    add = canvas._addAnnotation
    canvas._handbook_fast_links = True  # replay_link may take its shortcut

    def add_annotation(annotation, name=None, addtopage=1):
        if type(annotation) is pdfdoc.LinkAnnotation:
            annotation.__class__ = _FastLinkAnnotation
        return add(annotation, name, addtopage)

    canvas._addAnnotation = add_annotation
    set_annotations = canvas._setAnnotations

    def set_page_annotations(page):
        set_annotations(page)
        if page.Annots:  # an empty list stays one: reportlab writes no /Annots then
            page.Annots = _FastReferenceArray(page.Annots)

    canvas._setAnnotations = set_page_annotations


class _FastReferenceArray(pdfdoc.PDFArray):
    """A page's /Annots: PDFArray's bytes, each reference formatted directly rather than
    through pdfdoc.format (20,000 of them at N = 200)."""

    def format(self, document, IND=b"\n "):
        numbers = document.idToObjectNumberAndVersion
        if rl_config.pdfMultiLine or any(type(ref) is not pdfdoc.PDFObjectReference for ref in self.sequence):
            return super().format(document, IND)
        try:
            return _array_of([b"%d %d R" % numbers[ref.name] for ref in self.sequence])
        except (KeyError, TypeError):  # an unresolved reference: reportlab says which
            return super().format(document, IND)


class _ReplayedLink(pdfdoc.PDFObject):
    """A link annotation replayed from a recording (replay_link): its bytes but the destination
    are known when it is added, the destination's when the document is written."""

    def __init__(self, parts, rect, destination, slow):
        self.parts, self.rect, self.destination, self.slow = parts, rect, destination, slow

    def format(self, document):
        if _writes_plainly(document):
            dest = _dest_bytes(self.destination, document)
            if dest is not None:
                return _annotation_bytes(self.parts, dest, self.rect)
        return pdfdoc.LinkAnnotation.format(self.slow(self.destination), document)


_REPLAY_PARTS: dict[tuple, tuple | None] = {}  # a link's fixed arguments -> _link_parts
_MAX_REPLAY_PARTS = 1_000


def replay_link(
    canvas, contents, destinationname, Rect, addtopage, name, relative, thickness, color, dashArray, kw
) -> bool:
    """`canvas.linkRect` with these arguments (`kw`: its other keywords, as pairs), for a link
    a recorded chapter replays (layout.replay.LinkDrawn), to the same bytes with a fraction of
    the work: the parts every such link shares (border, colour) are formatted once, not built
    into reportlab objects and formatted for each of the book's tens of thousands of links.
    False, having done nothing, for a canvas without write_links_faster or a link of another
    shape: call linkRect."""
    if not getattr(canvas, "_handbook_fast_links", False) or relative:
        return False
    rect, dest, dash = Rect, destinationname, dashArray  # (linkRect's names)
    if not (isinstance(rect, (tuple, list)) and len(rect) == 4 and _numbers(rect)):
        return False
    key = (contents, thickness, color, dash, kw)
    try:
        parts = _REPLAY_PARTS[key]
    except KeyError:
        fixed = dict(kw)
        _annotation_format(fixed, color, thickness, dash)
        parts = _remember(
            _REPLAY_PARTS, key, _link_parts(contents, fixed.pop("Border"), fixed), _MAX_REPLAY_PARTS
        )
    except TypeError:  # an argument that is not hashable: not a recorded link's
        return False
    if parts is None:
        return False

    def slow(destination):  # the annotation as linkRect makes it, for reportlab to write
        arguments = dict(kw)
        _annotation_format(arguments, color, thickness, dash)
        return pdfdoc.LinkAnnotation(rect, contents, destination, **arguments)

    link = _ReplayedLink(parts, rect, canvas._bookmarkReference(dest), slow)
    canvas._addAnnotation(link, name, addtopage)
    return True


# --- inside a build: reportlab's module-level behaviour changed, and changed back -----------

_HOOKS: dict[str, Callable] = {}  # layout/scripts.py's shaper and ToUnicode maps (use_*, above)
_MISSING = object()
_depth = 0  # handbook_reportlab() contexts open (a build inside a build installs nothing again)


def _replacements() -> list[tuple[object, str, object]]:
    """(owner, attribute, handbook's value) for everything a build changes in reportlab."""
    changes: list[tuple[object, str, object]] = [
        # Compressed streams stay binary rather than ASCII85 text: a quarter smaller, and
        # encoding them was 4% of a build's time (reportlab's default dates from 7-bit mail).
        (rl_config, "useA85", 0),
        (ttfonts.TTFont, "splitString", _split_string_once),
        (pdfdoc, "pdfdocEnc", _pdfdoc_enc_once),
        (pdfdoc, "PDFName", _pdf_name_once),
        (pdfdoc.PDFResourceDictionary, "format", _resources_format_once),
        (ttfonts, "SUBSETN", _subset_tag),  # subset tags from their content (issue 27)
        (rl_paragraph, "sameFrag", _same_frag),  # the same answers, faster
        (rl_paragraph, "stringWidth", _string_width_once),  # the same widths, remembered
    ]
    if "word_shaper" in _HOOKS:
        changes.append((rl_paragraph, "shapeFragWord", _HOOKS["word_shaper"]))
    if "to_unicode_cmap" in _HOOKS:
        changes.append((ttfonts, "makeToUnicodeCMap", _HOOKS["to_unicode_cmap"]))
    if "shaped_text_spans" in _HOOKS:
        changes.append(
            (textobject.PDFTextObject, "_formatText", _format_text_in_spans(_HOOKS["shaped_text_spans"]))
        )
    return changes


@contextmanager
def handbook_reportlab() -> Iterator[None]:
    """reportlab as handbook's builds use it, for the duration of the `with`: every change
    above is installed on entry and reportlab's own values put back on exit (an exception
    included). Everything that lays out or writes a PDF runs inside one (output/pdf.py,
    output/preview.py, layout/replay.py); contexts nest, the outermost one installs."""
    global _depth
    if _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    changes = _replacements()
    saved = [(owner, name, vars(owner).get(name, _MISSING)) for owner, name, _ in changes]
    colours = _markup_colour_entries()
    _depth = 1
    try:
        for owner, name, value in changes:
            setattr(owner, name, value)
        for table, key, entry in colours:
            table[key] = (entry[0], markup_colour)
        yield
    finally:
        for table, key, entry in colours:
            table[key] = entry
        for owner, name, value in reversed(saved):
            if value is _MISSING:  # inherited: reportlab's class had none of its own
                delattr(owner, name)
            else:
                setattr(owner, name, value)
        _depth = 0


def made_in_build(layout: Callable, *args):
    """`layout(*args)` (a story's flowables) made inside a handbook_reportlab() context: its
    paragraphs' markup is parsed as a build parses it (a colour named in markup written as the
    theme's are, grey and black K only), though the story is drawn later."""
    with handbook_reportlab():
        return layout(*args)


def inside_build() -> bool:
    """A handbook_reportlab() context is open."""
    return _depth > 0


# --- inline drawings (layout/math.py): a box in the line, drawn by a callback -------------

_CLEAR_PIXEL = None


def _clear_pixel():
    """A 1x1 transparent image: the box reportlab reserves for an inline drawing is an inline
    image's (width, height, depth and line height all handled by the paragraph)."""
    global _CLEAR_PIXEL
    if _CLEAR_PIXEL is None:
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        _CLEAR_PIXEL = ImageReader(Image.new("LA", (1, 1), (0, 0)))
    return _CLEAR_PIXEL


def sized_inline_boxes(paragraph, name: str, box: Callable) -> None:
    """Before each `<onDraw name=…>` of `name` in the paragraph, an inline box sized by
    `box(label, font_size, (r, g, b)) -> (width, ascent, descent, label)`: the callback then
    runs right after the box is placed, its label rewritten by `box` (idempotent: a split
    paragraph's parts are made again from the same fragments)."""
    frags = paragraph.frags
    index = 0
    while index < len(frags):
        frag = frags[index]
        defn = getattr(frag, "cbDefn", None)
        if (
            defn is not None
            and defn.kind == "onDraw"
            and defn.name == name
            and not getattr(defn, "sized", False)
        ):
            colour = frag.textColor
            rgb = (colour.red, colour.green, colour.blue) if colour is not None else (0, 0, 0)
            width, ascent, descent, defn.label = box(defn.label, frag.fontSize, rgb)
            defn.sized = True
            spacer = frag.clone()
            spacer.cbDefn = ABag(
                kind="img",
                image=_clear_pixel(),
                width=width,
                height=ascent + descent,
                valign=-descent,
                inline_box=True,
            )
            frags.insert(index, spacer)
            index += 1
        index += 1


def glue_inline_boxes(paragraph, width: float) -> None:
    """Make each inline box one word with what touches it (no space between), so that a line
    never ends between a box and its callback, nor between a formula and its "(" or ",".
    reportlab makes an inline image a word of its own and puts the callback after it at the
    start of the next word: a line break there reserved the box at the end of one line and
    drew the formula at the start of the next, left of the box's right edge: in the margin.
    The paragraph's fragments become reportlab's frag words (as `_frag_words` leaves them)."""
    frags = paragraph.frags
    if not frags or rl_paragraph._processed_frags(frags) or not any(_is_inline_box(f) for f in frags):
        return
    words: list = []
    joining = False  # the last word holds a box and no space follows it yet
    for word in rl_paragraph._getFragWords(frags, width):
        boxed = any(_is_inline_box(frag) for frag, _text in word[1:])
        forced = word[1][0]._fkind == rl_paragraph._FK_BREAK
        last = words[-1] if words else None
        if (
            last is not None
            and not forced
            and not isinstance(last, rl_paragraph._HSFrag)
            and last[1][0]._fkind != rl_paragraph._FK_BREAK
            and (joining or boxed)
        ):
            kind = rl_paragraph._HSFrag if isinstance(word, rl_paragraph._HSFrag) else list
            words[-1] = kind([last[0] + word[0], *last[1:], *word[1:]])
            joining = True
        else:
            words.append(word)
            joining = boxed
        if isinstance(words[-1], rl_paragraph._HSFrag) or forced:
            joining = False
    paragraph.frags = words


def count_gaps_beside_boxes(broken) -> None:
    """Give each line holding an inline box the number of word spaces it really has, for
    justifying: reportlab counts a line's words with text (`wordCount`, one more than its
    spaces), and a box with spaces on both sides is a word without text, so the space to
    spread went to too few gaps and the line ran past the right edge by a gap per box."""
    if getattr(broken, "kind", 0) != 1:
        return
    for line in broken.lines:
        frags = line.words
        if any(_is_inline_box(frag) for frag in frags):
            spaces = sum(frag.text.count(" ") for frag in frags if not hasattr(frag, "cbDefn"))
            line.wordCount = spaces + 1


def _is_inline_box(frag) -> bool:
    return getattr(getattr(frag, "cbDefn", None), "inline_box", False)


def inline_callback_box(canvas) -> tuple[float, float]:
    """In a paragraph callback that follows an inline box: (the box's right edge, the line's
    baseline). reportlab moves the text cursor to the end of an inline image (`setXPos`), so
    the start of the text object's line is the box's right edge, word spacing included."""
    info = canvas._curr_tx_info
    return info["tx"]._x0, info["cur_y"]


# --- line breaking: layout/linebreak.py chooses the lines, reportlab sets them ----------------
#
# reportlab's breakLines fills each line greedily up to the width it is given for that line.
# Given, for every line, exactly the width the chosen line takes (and a hyphenator that offers
# the chosen hyphen), it ends each line where the total-fit breaker chose: links, footnote
# marks, fallback-font runs and everything else a line holds are made by reportlab as always.
# Each line is then given back the paragraph's real width, so that it is justified to it.

_STEER = 1e-3  # points over a chosen line's width: no further word, or longer head, fits in it
CANNOT_SET = object()  # steered_break_lines: the plan found no lines (a word wider than the line)


def steered_break_lines(paragraph, widths: list[float], hyphenate, greedy, plan, first_fit) -> object | None:
    """reportlab's lines for `paragraph` (`greedy(widths)`: its own breakLines) broken where
    `plan(words, widths, hyphens, space)` (layout.linebreak.total_fit) chooses; `hyphenate`:
    a word -> (head, tail) pairs function (reportlab's `hyphenationLang` callable) or None.
    None when the paragraph is not one this applies to, or when `first_fit(words, widths,
    space)` finds reportlab's own lines good enough; CANNOT_SET when no plan sets it (or
    reportlab cannot follow the plan)."""
    style = paragraph.style
    frags = paragraph.frags
    if (
        not frags
        or style.wordWrap
        or style.endDots
        or getattr(paragraph, "bulletText", None)
        or style.shaping  # runs shaped by HarfBuzz (Devanagari): their widths are the shaper's
    ):
        return None
    simple = len(frags) == 1 and not (
        hasattr(frags[0], "cbDefn") or hasattr(frags[0], "backColor") or rl_paragraph._processed_frags(frags)
    )
    words = _plain_words(frags[0], hyphenate) if simple else _frag_words(paragraph, widths[0], hyphenate)
    if words is None:
        return None
    items, heads, space, breaks = words
    if all(
        first_fit(items[a:b], widths if not a else widths[-1:], space)
        for a, b in zip([0] + [k + 1 for k in breaks], breaks + [len(items)])
    ):
        return None  # reportlab's own lines are good: one pass, as before
    lines: list = []
    first = 0
    for stop in breaks + [len(items)]:  # a forced break (<br/>) ends a run of lines
        hyphens = heads if first == 0 else _shifted(heads, first)
        segment = plan(items[first:stop], widths if not lines else widths[-1:], hyphens, space)
        if segment is None:
            return CANNOT_SET
        lines.extend(segment)
        first = stop + 1
    steered = [line.natural + _STEER for line in lines]
    chosen = style.clone(
        style.name + ":total-fit",
        hyphenationLang=hyphenate or "",
        embeddedHyphenation=1 if hyphenate else 0,
        spaceShrinkage=0,
        uriWasteReduce=0,
        splitLongWords=0,
    )
    paragraph.style = chosen
    try:
        broken = greedy(steered)
    finally:
        paragraph.style = style
    set_lines = broken.lines
    if len(set_lines) != len(lines):
        return CANNOT_SET
    for number, (line, width) in enumerate(zip(set_lines, steered)):
        real = widths[0] if number == 0 else widths[-1]
        if broken.kind == 0:
            extra, line_words = line
            if abs(extra - _STEER) > 0.01:
                return CANNOT_SET
            set_lines[number] = (real - (width - extra), line_words)
        else:
            if abs(line.extraSpace - _STEER) > 0.01 and not line.lineBreak:
                return CANNOT_SET
            line.extraSpace = real - (width - line.extraSpace)
            line.maxWidth = real
    return broken


def _shifted(heads, offset: int):
    return lambda k: heads(k + offset)


def _plain_words(frag, hyphenate):
    """A one-style paragraph's words as reportlab's simple breaker sees them."""
    if hasattr(frag, "text"):
        texts = frag.text.split()
    else:
        texts = [w for w in frag.words if w.strip()]
    font, size = frag.fontName, frag.fontSize
    space = pdfmetrics.stringWidth(" ", font, size)
    shy = rl_paragraph._shy
    items = [Word(pdfmetrics.stringWidth(t.replace(shy, ""), font, size), space) for t in texts]
    cache: dict[int, Sequence] = {}

    def heads(k: int) -> Sequence:
        found = cache.get(k)
        if found is None:
            found = cache[k] = _word_heads(texts[k], font, size, hyphenate, items[k].width)
        return found

    return items, heads, space, []


def _frag_words(paragraph, width: float, hyphenate):
    """A paragraph's frag words (reportlab's), left on the paragraph so that its breakLines
    does not make them again; a forced break's index is in the fourth item."""
    words = rl_paragraph._getFragWords(paragraph.frags, width)
    paragraph.frags = words
    items, breaks, previous_space = [], [], 0.0
    space = 0.0
    forced, spaced = rl_paragraph._FK_BREAK, rl_paragraph._HSFrag
    spaces: dict[tuple, float] = {}  # (font, size) -> the width of its space
    for index, word in enumerate(words):
        if word[1][0]._fkind == forced:
            breaks.append(index)
            items.append(Word(0.0, 0.0))
            previous_space = 0.0
            continue
        width_of = word[0]
        items.append(Word(width_of, previous_space if width_of > 0 else 0.0))
        if isinstance(word, spaced):
            frag = word[-1][0]
            key = (frag.fontName, frag.fontSize)
            previous_space = spaces.get(key, -1.0)
            if previous_space < 0:
                previous_space = spaces[key] = pdfmetrics.stringWidth(" ", *key)
            space = space or previous_space
        else:
            previous_space = 0.0
    cache: dict[int, Sequence] = {}

    def heads(k: int) -> Sequence:
        found = cache.get(k)
        if found is None:
            word = words[k]
            found = ()
            if len(word) == 2 and word[1][1] and not getattr(word[1][0], "nobr", False):
                frag, text = word[1]
                if not hasattr(frag, "cbDefn") and frag._fkind == rl_paragraph._FK_TEXT and not frag.rise:
                    shy_at = getattr(text, "_shyIndices", None)
                    if shy_at:
                        text = text[: shy_at[0]] + "".join(
                            rl_paragraph._shy + text[a:b] for a, b in zip(shy_at, shy_at[1:] + [len(text)])
                        )
                    found = _word_heads(text, frag.fontName, frag.fontSize, hyphenate, word[0])
            cache[k] = found
        return found

    return items, heads, space or 1.0, breaks


_WORD_HEADS: dict[tuple, tuple] = {}  # (text, font, size, hyphenate, width) -> _word_heads
_MAX_WORD_HEADS = 50_000


def _word_heads(text: str, font: str, size: float, hyphenate, width: float) -> Sequence:
    """Where reportlab may hyphenate `text` (its `_hyGenPair`, `_SHYStr` rules): as (head width
    with the hyphen it adds, tail width), longest head first. Remembered: a book sets the same
    words in the same faces again and again, and the answer depends on nothing else (the
    hyphenator of a language is one function for the process: typography.hyphenator; a face's
    widths do not change, but for private codes, not remembered)."""
    key = (text, font, size, hyphenate, width)
    found = _WORD_HEADS.get(key)
    if found is None:
        found = tuple(_measured_heads(text, font, size, hyphenate, width))
        if text and max(text) < _PRIVATE_PLANES:
            _remember(_WORD_HEADS, key, found, _MAX_WORD_HEADS)
    return found


def _measured_heads(text: str, font: str, size: float, hyphenate, width: float) -> list:
    """_word_heads, worked out."""
    measure = lambda s: pdfmetrics.stringWidth(s, font, size)  # noqa: E731
    hyphen = measure("-")
    shy = rl_paragraph._shy
    if shy in text:  # soft hyphens in the source: there and only there
        parts = text.split(shy)
        out = []
        for i in range(len(parts) - 1, 0, -1):
            head = "".join(parts[:i])
            out.append((measure(head) + hyphen, width - measure(head)))
        return out
    if hyphenate is None:
        return []
    match = rl_paragraph._hy_pfx_pat.match(text)
    prefix = match.group(0) if match else ""
    core = text[len(prefix) :]
    match = rl_paragraph._hy_sfx_pat.search(core)
    if match:
        core = core[: -len(match.group(0))]
    if len(core) < rl_paragraph.hyphenationMinWordLength or rl_paragraph._uri_split_pairs(core) is not None:
        return []
    out = []
    if rl_paragraph._hy_letters_pat.match(core):
        for head, _tail in hyphenate(core):
            head_width = measure(prefix + head)
            out.append((head_width + hyphen, width - head_width))
    elif rl_paragraph._hy_shy_letters_pat.match(core):  # after a hyphen the word has: supply-|chain
        parts = rl_paragraph._hy_shy_pat.split(core)
        if "" not in parts:
            for i in reversed(range(2, len(parts), 2)):
                head_width = measure(prefix + "".join(parts[:i]))
                out.append((head_width, width - head_width))
    return out


def keep_first_part_lines(whole, parts: list) -> None:
    """After `whole.split(...)` made `parts` (first part, rest): the first part keeps the lines
    the whole paragraph was broken into. reportlab breaks a part's lines again when it is
    wrapped, which gives back the same lines only for a greedy breaker: a total-fit breaker
    sees a part as a paragraph of its own, whose last line is free, and may break it into
    one line more than the room it was split to fit."""
    if len(parts) == 2 and "blPara" in whole.__dict__ and "blPara" in parts[0].__dict__:
        kept = copy.copy(whole.blPara)
        kept.lines = whole.blPara.lines[: len(parts[0].blPara.lines)]
        parts[0]._kept_lines = (list(whole.__dict__.get("_wrapWidths") or ()), kept)


def split_line_counts(parts: list) -> tuple[int, float] | None:
    """(lines, leading) of the first part `Paragraph.split` made, when its lines are evenly
    spaced (no auto leading); None otherwise."""
    if len(parts) != 2 or "blPara" not in parts[0].__dict__:
        return None
    style = parts[0].style
    if getattr(style, "autoLeading", "") not in ("", "off"):
        return None
    return len(parts[0].blPara.lines), style.leading


def line_ends_in_hyphen(paragraph, index: int) -> bool:
    """Whether line `index` of a broken paragraph ends in a hyphen (one the breaker added, or
    the word's own: 'supply-' before 'chain')."""
    line = paragraph.blPara.lines[index]
    if isinstance(line, tuple):  # one style: (extra space, words)
        words = line[1]
        return bool(words) and words[-1].rstrip().endswith(("-", "\u00ad", "\u2010"))
    for fragment in reversed(getattr(line, "words", ())):
        text = getattr(fragment, "text", "")
        if text.strip():
            return text.rstrip().endswith(("-", "\u00ad", "\u2010"))
        if hasattr(fragment, "cbDefn"):
            return False
    return False


def kept_lines(paragraph, widths) -> object | None:
    """The lines a first part keeps (keep_first_part_lines) if it is broken at the widths the
    whole paragraph was, else None."""
    kept = paragraph.__dict__.get("_kept_lines")
    if kept is None or kept[0] != (list(widths) if isinstance(widths, (list, tuple)) else [widths]):
        return None
    return kept[1]
