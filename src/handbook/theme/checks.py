"""Checks that need the whole theme: fonts named by styles exist, font files exist, the page
leaves room for text, mind-map settings make sense."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

from handbook.errors import Diagnostics, did_you_mean, shown
from handbook.sources.confine import PathRefused, confined, read_confined
from handbook.sources.files import file_head
from handbook.theme.fontpackages import font_packages, package_folder
from handbook.sources.yamlload import line_of
from handbook.theme.schema import BUILTIN_DIR, FontFamily, TextStyle, Theme, page_size_points


def check_references(theme: Theme, merged: dict, path: Path, diagnostics: Diagnostics) -> None:
    """Fonts named by text styles exist; font files exist; the page size is known and leaves
    room for text. Each message points at the line (and file, with `extends:`) that set the value."""

    def error(keys, message, code):
        diagnostics.error(*_where(merged, keys, path), message, code=code)

    for name, style in vars(theme.questions).items():
        if (
            isinstance(style, TextStyle)
            and style.font not in theme.fonts
            and not inherited(merged, ("questions", name), "font")
        ):
            error(
                ("questions", name, "font"),
                f"text style 'questions.{name}' uses unknown font "
                f"'{style.font}'; fonts defined: {', '.join(theme.fonts)}{did_you_mean(style.font, theme.fonts)}",
                code="font-unknown",
            )
    _check_mindmap(
        theme, path, diagnostics, title_font_inherited=inherited(merged, ("mindmap", "title"), "font")
    )
    for family_name, chain in theme.fallback.items():  # issue 16: fallback chains name fonts
        for name in [family_name, *chain]:
            if name not in theme.fonts:
                diagnostics.error(
                    *_where(merged, ("fallback", family_name), path),
                    f"fallback: '{name}' is not a font; fonts defined: "
                    f"{', '.join(theme.fonts)}{did_you_mean(name, theme.fonts)}",
                    code="theme-fallback-font",
                )
    _check_callouts(theme, error)
    for family_name, family in theme.fonts.items():
        if not FAMILY_NAME.match(family_name):
            diagnostics.error(
                *_where(merged, ("fonts", family_name), path),
                f"font family name {shown(family_name)} may hold only letters, "
                "digits, '-' and '_' (like 'serif' or 'hindi-sans')",
                code="font-name-invalid",
            )
            continue
        if family.package and package_folder(family.package) is None:
            error(
                ("fonts", family_name, "package"),
                f"font '{family_name}': package "
                f"{shown(family.package)} is not an installed font package; fonts come from "
                f"{', '.join(sorted(font_packages()))} or from .ttf files next to the theme",
                code="font-package-unknown",
            )
            continue
        for weight in ("regular", "bold", "italic", "bold_italic"):
            found, problem = font_source(family, weight, theme.source or path)
            if problem:
                error(
                    ("fonts", family_name, weight),
                    f"font '{family_name}' {weight}: file {shown(getattr(family, weight))} {problem}",
                    code="font-file-unusable",
                )
    try:
        width, height = page_size_points(theme.page.size)
    except ValueError as exc:
        error(
            ("page", "size"),
            f"page.size {shown(theme.page.size)} is not A4, A5, Letter, A3 "
            f"or WIDTHxHEIGHT in millimetres like '170x240' ({exc})",
            code="page-size-invalid",
        )
        return
    page = theme.page
    if (
        width - page.margin_inner - page.margin_outer < MIN_TEXT_BLOCK
        or height - page.margin_top - page.margin_bottom < MIN_TEXT_BLOCK
    ):
        error(
            ("page", "size"),
            f"page.size '{page.size}' leaves no room for text inside the margins",
            code="page-size-too-small",
        )


def check_font_names(merged: dict, path: Path, diagnostics: Diagnostics) -> None:
    """Every text style names a font family the theme defines."""
    fonts, styles = merged.get("fonts"), merged.get("text")
    if not isinstance(fonts, dict) or not isinstance(styles, dict):
        return  # reported as a wrong type by the conversion
    for name, style in styles.items():
        font = style.get("font") if isinstance(style, dict) else None
        if isinstance(font, str) and font not in fonts and not inherited(merged, ("text", name), "font"):
            diagnostics.error(
                *_where(merged, ("text", name, "font"), path),
                f"text style '{name}' uses unknown font '{font}'; fonts defined: "
                f"{', '.join(map(str, fonts))}{did_you_mean(font, map(str, fonts))}",
                code="font-unknown",
            )


MIN_TEXT_BLOCK = 72.0  # points; a text block narrower or shorter than an inch is a mistake


def path_of(data, key, default):
    return getattr(data, "paths", {}).get(key, default)


def _where(merged: dict, keys: tuple, default_path: Path) -> tuple[Path, int | None]:
    """The file and line that set merged[keys[0]][keys[1]]..., as far as the keys lead."""
    path, line, data = default_path, None, merged
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            break
        path = path_of(data, key, path)
        line = line_of(data, key, line)
        data = data[key]
    return path, line


def inherited(merged: dict, keys: tuple, key: str) -> bool:
    """The text style at merged[keys...] took `key` from its `parent:` (reported there)."""
    style: object = merged
    for name in keys:
        style = style.get(name) if isinstance(style, dict) else None
    return key in getattr(style, "inherited", {})


def _check_mindmap(theme: Theme, path: Path, diagnostics: Diagnostics, title_font_inherited: bool) -> None:
    style = theme.mindmap
    for name, font in (("mindmap.font", style.font), ("mindmap.title", style.title.font)):
        if font not in theme.fonts and not (name == "mindmap.title" and title_font_inherited):
            diagnostics.error(
                path,
                None,
                f"{name} uses unknown font '{font}'; fonts defined: "
                f"{', '.join(theme.fonts)}{did_you_mean(font, theme.fonts)}",
                code="font-unknown",
            )
    for name in ("palette", "fill_tints", "line_widths", "connector_widths"):
        if not getattr(style, name):
            diagnostics.error(path, None, f"mindmap.{name} needs at least one value", code="value-invalid")
    if style.min_size <= 0 or min(style.root_size, style.branch_size, style.leaf_size) < style.min_size:
        diagnostics.error(
            path,
            None,
            "mindmap sizes must be at least mindmap.min_size, which must be above 0",
            code="value-invalid",
        )
    if style.leading < 1:
        diagnostics.error(
            path,
            None,
            "mindmap.leading must be at least 1, or lines of a label overlap",
            code="value-invalid",
        )


def font_file(family: FontFamily, weight: str, theme_path: Path) -> Path | None:
    """The usable TrueType file of one face, or None (check_references says why)."""
    return font_source(family, weight, theme_path)[0]


# A font's first four bytes: TrueType outlines, which reportlab can embed.
TRUETYPE_SIGNATURES = (b"\x00\x01\x00\x00", b"true")
MAX_FONT_BYTES = 40_000_000  # the largest CJK TrueType fonts are about 20 MB
FAMILY_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,39}\Z")


def font_source(family: FontFamily, weight: str, theme_path: Path) -> tuple[Path | None, str | None]:
    """(the font file, None), or (None, why it cannot be used).

    With `package:`, the file lies in an allowed font package (theme.fontpackages, looked up
    in metadata, never imported); without, beside the theme file or in a folder under it,
    with links followed (sources.confine). Its size and first bytes are checked before
    reportlab reads it; files from a source folder are also parsed once, here, so a damaged
    one is a message rather than an internal error mid-build.
    """
    name = getattr(family, weight)
    if family.package:
        key = (family.package, name)
        if key not in _in_packages:
            _in_packages[key] = _package_font_source(family.package, name)
        return _in_packages[key]
    folder = Path(theme_path).parent
    return _confined_font_source(name, folder, trusted=_is_builtin_folder(folder), package="")


# A font in an installed package, by (package, file name): found once per process, as the
# packages are (font_packages; a build asks for each face some ten times, 170 checks a preview).
_in_packages: dict[tuple[str, str], tuple[Path | None, str | None]] = {}


def _package_font_source(package: str, name: str) -> tuple[Path | None, str | None]:
    folder = package_folder(package)
    if folder is None:
        return None, f"is in {shown(package)}, which is not an installed font package"
    return _confined_font_source(name, folder, trusted=True, package=package)


def _confined_font_source(name, folder: Path, trusted: bool, package: str) -> tuple[Path | None, str | None]:
    """`font_source` of the file `name` in `folder`: a font package's, or a theme's (package "")."""
    try:
        candidate = confined(name, folder, folder)
    except PathRefused as refused:
        where = "the font package" if package else "the theme's folder"
        return None, str(refused).replace("the source folder", where)
    if candidate.suffix.lower() != ".ttf":
        return None, "is not a .ttf file (TrueType)"
    if not candidate.is_file():
        return None, "not found" + (
            f" in package '{package}' (for files next to the theme, write package: \"\" in this family)"
            if package
            else " (a .ttf file, relative to the theme file)"
        )
    problem = font_file_problem(candidate, parse=not trusted, root=folder)
    return (None, problem) if problem else (candidate, None)


def font_file_problem(path: Path, parse: bool = True, root: Path | None = None) -> str | None:
    """Why the file is no usable TrueType font, or None: checked by size and signature before
    anything else reads it. With `parse` (a font from a theme's folder, `root`, rather than
    an installed package), the file is read once, through the gate, and parsed as reportlab
    will parse it; those bytes are what the build embeds (`checked_font_bytes`), so the file
    is never opened again: one swapped for a link to another file after this check is not
    what reportlab reads."""
    if not parse:
        size, head, unreadable = file_head(path, 4)
        if unreadable:
            return unreadable
        return _font_size_problem(size) or _font_signature_problem(head)
    try:
        data = read_confined(path, root if root is not None else Path(path).parent, MAX_FONT_BYTES)
    except PathRefused as refused:
        if refused.code == "file-too-large":
            return f"{refused}; a font can be at most {MAX_FONT_BYTES // 1_000_000} MB"
        return str(refused)
    problem = _font_signature_problem(data[:4])
    if problem:
        return problem
    from reportlab.pdfbase.ttfonts import TTFontFile  # late: `check` without local fonts stays light

    known = _font_verdicts.get(str(path))
    if known is not None and known[0] == data:
        return known[1]  # these bytes were checked (a build asks for each face more than once)
    try:
        font = TTFontFile(_named_bytes(data, path), validate=0)
    except Exception as exc:  # reportlab raises TTFError, struct.error, IndexError...
        problem = f"is damaged and cannot be read ({type(exc).__name__}); get a fresh copy"
    else:
        problem = _embedding_problem(font)
    _font_verdicts[str(path)] = (data, problem)
    if problem is None:
        _checked_fonts[str(path)] = data
    else:
        _checked_fonts.pop(str(path), None)
    return problem


EMBED_TRIAL_SECONDS = 4.0  # a sound CJK font (31,000 glyphs, 10 MB) is parsed and subset in 1.2 s


def _embedding_problem(font) -> str | None:
    """Why a parsed font (reportlab's TTFontFile) would fail when a PDF embeds it, or None:
    every character it maps is subset as the PDF writer will (damaged glyph data raised an
    internal error at the end of a build), and its space, full stop and digits have a width
    (a font of zero widths divided by zero in the contents' leaders)."""
    for char in " .0":
        if ord(char) in font.charToGlyph and not font.charWidths.get(ord(char), 0) > 0:
            return f"is damaged: its {'space' if char == ' ' else repr(char)} has no width; get a fresh copy"
    codes = sorted(font.charToGlyph)
    started = time.process_time()
    try:
        for at in range(0, len(codes), 32):  # (a damaged glyph can take a second to read)
            font.makeSubset(codes[at : at + 32])
            if time.process_time() - started > EMBED_TRIAL_SECONDS:
                return "is damaged or too costly to embed (its glyphs take seconds to read); get a fresh copy"
    except Exception as exc:  # reportlab raises IndexError, struct.error, TTFError...
        return f"is damaged and cannot be embedded ({type(exc).__name__}); get a fresh copy"
    return None


# Font files from a theme's folder, by real path: the bytes the check read and parsed, and
# (usable or not) what it found.
_checked_fonts: dict[str, bytes] = {}
_font_verdicts: dict[str, tuple[bytes, str | None]] = {}


def checked_font_bytes(path: str | Path) -> io.BytesIO | None:
    """The font file `path` as the check read it (a file-like object reportlab reads instead of
    opening the path), or None for a font from an installed package (read by its path)."""
    data = _checked_fonts.get(str(path))
    return None if data is None else _named_bytes(data, path)


def _named_bytes(data: bytes, path: str | Path) -> io.BytesIO:
    source = io.BytesIO(data)
    source.name = str(path)  # reportlab names the font's file after it, as it does a path
    return source


def _font_size_problem(size: int) -> str | None:
    if size > MAX_FONT_BYTES:
        return f"is {size // 1_000_000} MB, more than a font can be ({MAX_FONT_BYTES // 1_000_000} MB)"
    return None


def _font_signature_problem(head: bytes) -> str | None:
    if head == b"OTTO":
        return (
            "is an OpenType font with PostScript (CFF) outlines, which cannot be embedded; "
            "use the TrueType (.ttf with glyf outlines) version"
        )
    if head not in TRUETYPE_SIGNATURES:
        return "is not a TrueType font file"
    return None


def _is_builtin_folder(folder: Path) -> bool:
    return Path(folder).resolve() == Path(str(BUILTIN_DIR)).resolve()


def _check_callouts(theme: Theme, error) -> None:
    """Callout boxes: a `note` kind to fall back on, aliases that lead to kinds, a known font."""
    callouts = theme.callouts
    if callouts is None:
        error(
            ("callouts",),
            "missing key 'callouts' in theme (the callout boxes' kinds and style)",
            code="theme-callouts-missing",
        )
        return
    if callouts.title.font not in theme.fonts:
        error(
            ("callouts", "title", "font"),
            f"text style 'callouts.title' uses unknown font "
            f"'{callouts.title.font}'; fonts defined: {', '.join(theme.fonts)}",
            code="theme-callout-font",
        )
    if "note" not in callouts.kinds:
        error(
            ("callouts", "kinds"),
            "callouts.kinds must define 'note' (unknown kinds are drawn as notes)",
            code="theme-callout-note",
        )
    for alias, kind in callouts.aliases.items():
        if kind not in callouts.kinds:
            error(
                ("callouts", "aliases", alias),
                f"callouts.aliases.{alias} names '{kind}', which is "
                f"not a kind; kinds: {', '.join(callouts.kinds)}",
                code="theme-callout-alias",
            )
    if not 0 <= callouts.keep_height <= 1:
        error(
            ("callouts", "keep_height"),
            "callouts.keep_height must be a share of the page, 0 to 1",
            code="theme-callout-keep",
        )
