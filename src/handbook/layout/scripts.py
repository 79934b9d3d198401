"""Every character drawn: per-character font fallback, shaping where a script needs it, and
text that copies back as it was typed.

A theme gives each family an ordered fallback chain (`fallback: {serif: [devanagari, symbols]}`).
A run of text is split by the first font of [the family's own face, *its chain] that has each
character, so Devanagari, symbols and emoji come from fonts the project installs. Fallback faces
are registered only when a character needs them: a Latin book never loads them.

Shaping (uharfbuzz, through reportlab) is switched on only for paragraphs that hold a script
that needs it (Devanagari and the other Indic scripts), and inside those only for the words
that do: Latin text is set exactly as before, at the same speed.

Shaped clusters draw glyphs that have no character of their own (conjuncts) or in another order
than typed (the i-matra before its consonant), so the PDF's ToUnicode map would give copy and
search broken text. Each drawn glyph of a shaped cluster is given a private code whose
ToUnicode entry is its share of the cluster's typed text, in drawing order: text extraction
(pypdf, pdfminer, viewers) returns the typed Devanagari.

reportlab keeps fonts in a process-wide registry; this module's tables follow it (the active
theme's chains are set by `configure`, called from layout.fonts.register_fonts).

The reportlab internals this needs (a shaped string's glyphs, a TrueType face's glyph tables,
the shaper and ToUnicode hooks it replaces) are reached through layout/rlcompat.py, each tested
there against reportlab itself.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from handbook.layout import rlcompat
from handbook.layout.rlcompat import ShapedStr, is_inline_object

# Scripts whose text is wrong without shaping: Devanagari to Sinhala, Devanagari Extended,
# Vedic Extensions.
_SHAPED_RANGES = ((0x0900, 0x0DFF), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))
# Emoji flags (regional indicator pairs) and joined emoji (ZWJ sequences) are ligatures of
# the emoji font: shaped too.
_SHAPED_RE = re.compile("[\u0900-\u0dff\ua8e0-\ua8ff\u1cd0-\u1cff\u200d\U0001f1e6-\U0001f1ff]")
# Never printed: variation selectors (U+FE0F asks for the colour emoji form), emoji skin-tone
# modifiers and tag characters. Joiners go too, except between letters of a shaped script
# (they choose half forms) or between emoji (a joined emoji): there the shaper reads them.
_INVISIBLE_RE = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")
_JOINABLE = "\u0900-\u0dff\u2600-\u27bf\U0001f000-\U0001faff"
_JOINER_RE = re.compile(f"(?<![{_JOINABLE}])[\u200c\u200d]|[\u200c\u200d](?![{_JOINABLE}])")
# Emoji for `emoji: strip`: pictographs, dingbats, symbols blocks and regional indicators.
_EMOJI_RE = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff] ?")

_ALIAS_START = 0xF0000  # Supplementary Private Use Area-A: clear of reportlab's own U+E000 codes

_chains: dict[str, list[tuple[str, str]]] = {}  # face name -> [(fallback face name, file)]
_coverage: dict[str, frozenset] = {}
_emoji = "keep"
_actual: dict[bytes, dict[int, str]] = {}  # font face name -> private code -> typed text
_aliases: dict[tuple, int] = {}  # (face name, glyph id, text, width) -> private code


def configure(chains: dict[str, list[tuple[str, str]]], emoji: str = "keep") -> None:
    """Set the fallback faces of each primary face name (files registered lazily)."""
    global _emoji
    _chains.clear()
    _chains.update(chains)
    _found.clear()
    _emoji = emoji


def clean(text: str) -> str:
    """Text without the characters that never print (and without emoji under `emoji: strip`)."""
    if text.isascii():
        return text
    text = _JOINER_RE.sub("", _INVISIBLE_RE.sub("", text))
    return _EMOJI_RE.sub("", text) if _emoji == "strip" else text


def needs_shaping(text: str) -> bool:
    return not text.isascii() and _SHAPED_RE.search(text) is not None


def coverage(name: str) -> frozenset:
    """The characters the registered font `name` has (as one-character strings)."""
    found = _coverage.get(name)
    if found is None:
        codes = rlcompat.font_code_points(name)
        found = _coverage[name] = frozenset(chr(c) for c in codes if c < _ALIAS_START)
    return found


def _ensure(name: str, path: str) -> str:
    try:
        pdfmetrics.getFont(name)
    except KeyError:
        rlcompat.register_truetype_font(name, path)
    return name


def fallback_faces(name: str) -> list[str]:
    """The faces tried after `name`, in order (registering all of them)."""
    return [_ensure(face, path) for face, path in _chains.get(name, ())]


def face_for(char: str, name: str) -> str | None:
    """The first face of `name`'s fallback chain that has `char`, registering faces only as far
    as the chain must be searched; None when no face has it."""
    key = (name, char)
    if key in _found:
        return _found[key]
    found = None
    for face, path in _chains.get(name, ()):
        if char in coverage(_ensure(face, path)):
            found = face
            break
    _found[key] = found
    return found


_found: dict[tuple[str, str], str | None] = {}


def fallbacks_for(text: str) -> set[str]:
    """The fallback faces that set some character of `text` in a registered face's chain
    (registering faces as `face_for` does): what the text needs, whatever this process
    happened to register before."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    # Spaces are left out: no face is needed for them (a text face lacking the en space would
    # load the whole chain, CJK last, for a character `runs` may never meet); a chapter that
    # does set one in a fallback face is drawn live (an unseeded face), never wrong.
    chars = {char for char in clean(text) if not char.isspace()}
    needed = set()
    for name, chain in _chains.items():
        if not chain or name not in registered:
            continue
        for char in chars - coverage(name):
            face = face_for(char, name)
            if face is not None:
                needed.add(face)
    return needed


def has_fallback(char: str, name: str) -> bool:
    """Whether a face of `name`'s fallback chain has `char`."""
    return face_for(char, name) is not None


def runs(text: str, name: str) -> list[tuple[str, str]]:
    """(text, face name) runs of `text` set in face `name`: each character in the first face of
    [name, *its chain] that has it. Marks stay in the run they follow; a character no face has
    stays in `name` (the glyph check has reported it)."""
    text = clean(text)
    own = coverage(name) if text and not text.isascii() and name in _chains else None
    if own is None or own.issuperset(text):
        return [(text, name)] if text else []
    out: list[list[str]] = []
    for char in text:
        # Marks belong to the letter before them; spaces to the text face (an emoji font's
        # space is an emoji wide).
        if (
            out
            and (unicodedata.category(char) in ("Mn", "Mc", "Cf") or _is_indicator(char, out[-1][0]))
            and char in coverage(out[-1][1])
        ):
            out[-1][0] += char
            continue
        face = name if char == " " or char in own else (face_for(char, name) or name)
        if out and out[-1][1] == face:
            out[-1][0] += char
        else:
            out.append([char, face])
    return _spaces_kept_inside(out)


def _spaces_kept_inside(out: list[list[str]]) -> list[tuple[str, str]]:
    """The runs, with a run of spaces next to a run of a shaped script's face (Devanagari) set
    in that face: the words and their spaces are then one string, shown at once. PDFium
    reads no space from a string that is only spaces, shown between two Devanagari words
    ("मेंजापान").  Other fallback faces keep the text face's space (an emoji font's space
    is an emoji wide)."""
    merged: list[list[str]] = []
    for piece, face in out:
        if merged and (merged[-1][1] == face or (piece.strip(" ") == "" and _joins_space(merged[-1]))):
            merged[-1][0] += piece
        elif (
            merged
            and merged[-1][0].strip(" ") == ""
            and merged[-1][1] != face
            and _joins_space([piece, face])
        ):
            merged[-1] = [merged[-1][0] + piece, face]
        else:
            merged.append([piece, face])
    return [(piece, face) for piece, face in merged]


def _joins_space(run: list[str]) -> bool:
    piece, face = run
    return needs_shaping(piece) and " " in coverage(face)


def _is_indicator(char: str, before: str) -> bool:
    """The second letter of a flag: kept in the emoji face with the first."""
    return "\U0001f1e6" <= char <= "\U0001f1ff" and "\U0001f1e6" <= before[-1:] <= "\U0001f1ff"


def split_frags(frags: list) -> tuple[list | None, bool]:
    """Paragraph fragments split by face; (None when nothing changed, whether to shape)."""
    changed, shaping, out = False, False, []
    for frag in frags:
        value = getattr(frag, "text", "")
        if not value or isinstance(value, ShapedStr) or value.isascii():
            out.append(frag)
            continue
        pieces = runs(value, frag.fontName)
        shaping = shaping or any(needs_shaping(piece) for piece, _ in pieces)
        if len(pieces) == 1 and pieces[0] == (value, frag.fontName):
            out.append(frag)
            continue
        changed = True
        out.extend(frag.clone(text=piece, fontName=face) for piece, face in pieces)
    return (out if changed else None), shaping


# ---- shaping -------------------------------------------------------------------------------


def shape_word(word, features=None):
    """reportlab's shapeFragWord, per face and only where the script needs it.

    reportlab shapes a whole word in the face of its first fragment; a word of two faces
    ('(प्रभाव)': brackets from the Latin face) is shaped piece by piece instead.
    """
    if rlcompat.is_shaped_word(word):
        return word
    items = word[1:]
    if not any(needs_shaping(text) for frag, text in items if not is_inline_object(frag)):
        return word
    groups: list[list] = []
    for item in items:
        frag = item[0]
        if groups and (is_inline_object(frag) or groups[-1][0][0].fontName == frag.fontName):
            groups[-1].append(item)
        else:
            groups.append([item])
    total, shaped = 0.0, []
    for group in groups:
        text = "".join(t for f, t in group if not is_inline_object(f))
        frag = group[0][0]
        if not needs_shaping(text):
            total += pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
            shaped.extend(group)
            continue
        if features is None and len(group) == 1:  # one fragment: its shape depends only on the text
            advance, values = _shaped_text(text, frag.fontName, frag.fontSize)
            total += advance
            shaped.extend((frag, value) for value in values)
            continue
        advance, items = _shaped_group(group, text, features)
        total += advance
        shaped.extend(items)
    return rlcompat.as_shaped_word(word, [total] + shaped)


def _shaped_group(group: list, text: str, features=None) -> tuple[float, list]:
    """(advance, shaped fragments) of one face's part of a word: reportlab's shaper, then
    `_copyable`."""
    frag = group[0][0]
    width = pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)
    result = (
        rlcompat.reportlab_shape([width] + group)
        if features is None
        else rlcompat.reportlab_shape([width] + group, features)
    )
    items, hanging = _copyable(result[1:], text)
    return result[0] + hanging * frag.fontSize / 1000, items


# Shaped words, by (face, size, text): a word is shaped once per build however often it is
# used or the paragraph is broken again, and every use shares one shaped string (glyph
# positions and all) instead of holding its own: a long Devanagari text cost ten times the
# memory of Latin (issue 23). Bounded: a text of only distinct words empties it now and then.
SHAPED_WORDS_KEPT = 5_000
_shaped_words: dict[tuple[str, float, str], tuple[object, float, tuple]] = {}


def _shaped_text(text: str, face: str, size: float) -> tuple[float, tuple]:
    """(advance, shaped strings) of `text` as one fragment in `face` at `size`."""
    font = pdfmetrics.getFont(face)
    key = (face, size, text)
    known = _shaped_words.get(key)
    if known is not None and known[0] is font:  # a face registered again is shaped again
        return known[1], known[2]
    frag = rlcompat.text_fragment(face, size)
    advance, items = _shaped_group([(frag, text)], text)
    values = tuple(item[1] for item in items)
    if len(_shaped_words) >= SHAPED_WORDS_KEPT:
        _shaped_words.clear()
    _shaped_words[key] = (font, advance, values)
    return advance, values


def _has_glyphs(item: tuple) -> bool:
    return len(item) > 1 and isinstance(item[1], ShapedStr) and not is_inline_object(item[0])


def _copyable(items: list, typed: str) -> tuple[list, float]:
    """The shaped fragments of one face's part of a word, drawn left to right and each glyph's
    code replaced by one whose ToUnicode entry is its share of the typed text.

    Extractors read glyphs in one of two orders: as drawn (pypdf) or sorted by where they
    are drawn along the line (pdfminer, pdfplumber). Shaping draws the pre-base ि before its
    consonant, a reph after the letters it sits above, a mark left or right of its base, and
    a reph or mark may reach past the start of the next cluster: the two orders differ. So
    the glyphs of each fragment are drawn in the order of their position (the same places on
    the page, reached by the text object's moves), and the typed text is dealt out to them in
    that order, each taking as many characters as its cluster share (`_shares`). Both orders
    then read the typed text.

    Each glyph is given the PDF width that reaches the next glyph (or the word's end): a
    forward move between glyphs reads as a word space ("कृ त्रिम") to extractors, and a box
    reaching over the next glyph as two words drawn over each other. A mark drawn past the
    end of the word (the anusvara of महिलाओं) ends the word there, or the space after it
    would be read before it: returned with the fragments, how far (1/1000 em) it reaches.
    """
    # An item may be a fragment alone, with no text: a callback's (`<onDraw>`, an acronym's
    # page record) between two Devanagari words that reportlab shaped as one group.
    glyphs = [item for item in items if _has_glyphs(item)]
    shares = iter(_shares([d.cluster for item in glyphs for d in rlcompat.shaped_glyphs(item[1])], typed))
    out, hanging = [], 0.0
    for item in items:
        if not _has_glyphs(item):
            out.append(item if len(item) > 1 else (item[0], ""))  # reportlab reads a text from each
            continue
        frag, value = item[0], item[1]
        data = rlcompat.shaped_glyphs(value)
        mine = [next(shares, "") for _ in data]
        font = pdfmetrics.getFont(frag.fontName)
        codes, drawn = [], []
        placed, past_end = _left_to_right(value, data, mine)
        hanging += past_end
        for glyph, share, width in placed:
            codes.append(_alias(font, glyph[0], share, width))
            drawn.append(glyph[1])
        out.append((frag, rlcompat.shaped_str("".join(codes), drawn)) + tuple(item[2:]))
    return out, hanging


def _left_to_right(value: str, data: list, shares: list[str]):
    """(character, glyph), typed share and PDF width of each glyph of a shaped string, in the
    order of where they are drawn, each glyph moved by advances only (no offsets) to the same
    place as before; and how far past the string's advance its last glyph is drawn."""
    at, pen = [], 0.0
    for glyph in data:
        at.append(pen + glyph.x_offset)
        pen += glyph.x_advance
    order = sorted(range(len(data)), key=lambda k: (at[k], k))
    text = "".join(shares)
    dealt, start = [], 0
    for k in order:  # the typed text in drawing order, each glyph as many characters as its share
        size = len(shares[k])
        dealt.append(text[start : start + size])
        start += size
    end = max(pen, at[order[-1]]) if order else pen
    chars = str(value)  # plain characters (indexing a shaped string makes one per character)
    out = []
    for place, k in enumerate(order):
        reach = (at[order[place + 1]] if place + 1 < len(order) else end) - at[k]
        out.append(((chars[k], _placed(data[k], reach)), dealt[place], reach))
    return out, end - pen


# A glyph's position record (cluster, advances, offsets, width) is the same for most uses of a
# glyph: one shared record each, not one object per glyph drawn (96 bytes and its numbers).
_glyph_records: dict = {}


def _placed(glyph, reach: float):
    """The shared record of `glyph` moved by advances only: `reach` wide, advancing `reach`,
    no horizontal offset."""
    key = (glyph.cluster, reach, glyph.y_advance, glyph.y_offset)
    found = _glyph_records.get(key)
    if found is None:
        if len(_glyph_records) >= SHAPED_WORDS_KEPT:
            _glyph_records.clear()
        found = _glyph_records[key] = rlcompat.placed_glyph(glyph, reach)
    return found


def _shares(clusters: list[int], typed: str) -> list[str]:
    """Split the typed text among glyphs: each cluster's text (from its start to the next
    cluster's) goes to its glyphs in drawing order, one character each, the rest to the last."""
    out: list[str] = []
    index, count = 0, len(clusters)
    while index < count:
        start = clusters[index]
        end = index
        while end < count and clusters[end] == start:
            end += 1
        stop = clusters[end] if end < count and clusters[end] > start else len(typed)
        piece = typed[start:stop] if 0 <= start < len(typed) else ""
        glyphs = end - index
        for k in range(glyphs):
            out.append(piece[k : k + 1] if k < glyphs - 1 else piece[k:])
        index = end
    return out


def _alias(font, char: str, share: str, drawn_width: float) -> str:
    """A private code for the glyph of `char` that copies as `share` and advances
    `drawn_width` (1/1000 em); `char` itself when nothing differs."""
    if share == char and drawn_width == rlcompat.advance_of(font, ord(char)):
        return char
    gid = rlcompat.glyph_of(font, ord(char))
    if gid is None:
        return char
    key = (font.fontName, gid, share, round(drawn_width, 3))
    code = _aliases.get(key)
    if code is None:
        code = _ALIAS_START + len(_aliases)
        _aliases[key] = code
        rlcompat.add_glyph_code(font, code, gid, drawn_width)
        _actual.setdefault(rlcompat.face_name(font), {})[code] = share
    return chr(code)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode map, with the typed text of shaped glyphs and characters beyond
    U+FFFF (emoji) written as UTF-16 (reportlab writes their code point, which readers reject)."""
    face_name = fontname.split("+", 1)[-1].encode("latin-1", "replace")
    actual = _actual.get(face_name, {})
    cmap = rlcompat.reportlab_to_unicode_cmap(fontname, subset)
    if not actual and all(v <= 0xFFFF for v in subset):
        return cmap
    lines = [f"<{i:02X}> <{_utf16(actual[v] if v in actual else chr(v))}>" for i, v in enumerate(subset)]
    return rlcompat.with_bfchar_lines(cmap, lines)


_WORD_RE = re.compile("^ *[^ ]+ *|[^ ]+ *| +")


def actual_text_spans(font_name: str, text: str) -> list | None:
    """The words of a drawn shaped string, each with the text it was typed as where its glyphs
    are not its characters (an ActualText span, read by PDFium and poppler); None when no
    glyph of the string is a shaped one. A word's span takes the spaces after it: a space
    shown on its own has no ink, and PDFium drops such a string ("मेंजापान")."""
    if text.isascii() or max(text) < chr(_ALIAS_START):
        return None
    actual = _actual.get(rlcompat.face_name(pdfmetrics.getFont(font_name)), {})
    out: list[tuple[int, int, str | None]] = []
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if max(word) < chr(_ALIAS_START):
            if out and out[-1][2] is None:  # plain words stay one string
                out[-1] = (out[-1][0], match.end(), None)
            else:
                out.append((match.start(), match.end(), None))
            continue
        out.append((match.start(), match.end(), "".join(actual.get(ord(char), char) for char in word)))
    return out


rlcompat.use_to_unicode_cmap(to_unicode_cmap)
rlcompat.use_word_shaper(shape_word)
rlcompat.use_shaped_text_spans(actual_text_spans)


# ---- strings drawn on the canvas (running heads, mind-map labels, contents numbers) ---------


def width(text: str, name: str, size: float) -> float:
    """The drawn width of `text` in face `name`, fallback faces and shaping included."""
    total = 0.0
    for piece, face in runs(text, name):
        if needs_shaping(piece):
            total += _shaped(piece, face, size)[0]
        else:
            total += pdfmetrics.stringWidth(piece, face, size)
    return total


def _shaped(piece: str, face: str, size: float):
    frag = rlcompat.text_fragment(face, size)
    word = shape_word([pdfmetrics.stringWidth(piece, face, size), (frag, piece)])
    shaped = word[1][1]
    for item in word[2:]:
        shaped = shaped + item[1]  # ShapedStr addition keeps the glyph positions
    return word[0], shaped


def draw(canvas, x: float, y: float, text: str, name: str, size: float) -> float:
    """Draw `text` from (x, y) in face `name` with fallback and shaping; returns the width.
    One text object for the whole string, so that extraction reads it as one line."""
    start, line = x, canvas.beginText(x, y)
    for piece, face in runs(text, name):
        line.setFont(face, size)
        if needs_shaping(piece):
            advance, shaped = _shaped(piece, face, size)
            line.textOut(shaped)  # a ShapedStr: drawn glyph by glyph
        else:
            advance = pdfmetrics.stringWidth(piece, face, size)
            line.textOut(piece)
        x += advance
    canvas.drawText(line)
    return x - start


def chains_for(theme, font_file) -> dict[str, list[tuple[str, str]]]:
    """Face name -> [(fallback face name, file)] for every face of the theme's families."""
    from handbook.layout.fonts import WEIGHTS, font_name

    out: dict[str, list[tuple[str, str]]] = {}
    found: dict[tuple[str, str], Path | None] = {}  # every chain names the same few faces

    def file_of(fallback: str, weight: str) -> Path | None:
        if (fallback, weight) not in found:
            found[fallback, weight] = font_file(theme.fonts[fallback], weight, theme.source)
        return found[fallback, weight]

    for family, chain in (getattr(theme, "fallback", None) or {}).items():
        if family not in theme.fonts:
            continue
        for weight, (bold, italic) in WEIGHTS.items():
            faces = []
            for fallback in chain:
                if fallback not in theme.fonts:
                    continue
                path = file_of(fallback, weight)
                if path is None:
                    continue
                # A script without italics (Devanagari) has its upright file listed as italic:
                # one face, registered once.
                regular = file_of(fallback, "bold" if bold else "regular")
                face_bold, face_italic = bold, italic and Path(path) != Path(regular or "")
                faces.append((font_name(fallback, face_bold, face_italic), str(path)))
            out[font_name(family, bold, italic)] = faces
    return out
