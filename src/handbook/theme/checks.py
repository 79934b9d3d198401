"""Checks that need the whole theme: fonts named by styles exist, font files exist, the page
leaves room for text, mind-map settings make sense."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from handbook.errors import Diagnostics, did_you_mean
from handbook.sources.yamlload import line_of
from handbook.theme.schema import FontFamily, TextStyle, Theme, page_size_points

def check_references(theme: Theme, merged: dict, path: Path, diagnostics: Diagnostics) -> None:
    """Fonts named by text styles exist; font files exist; the page size is known and leaves
    room for text. Each message points at the line (and file, with `extends:`) that set the value."""

    def error(keys, message, code=""):
        diagnostics.error(*_where(merged, keys, path), message, code=code)

    for name, style in vars(theme.questions).items():
        if isinstance(style, TextStyle) and style.font not in theme.fonts:
            error(("questions", name, "font"), f"text style 'questions.{name}' uses unknown font "
                  f"'{style.font}'; fonts defined: {', '.join(theme.fonts)}{did_you_mean(style.font, theme.fonts)}")
    _check_mindmap(theme, path, diagnostics)
    _check_callouts(theme, error)
    for family_name, family in theme.fonts.items():
        for weight in ("regular", "bold", "italic", "bold_italic"):
            if font_file(family, weight, theme.source or path) is None:
                error(("fonts", family_name, weight), f"font '{family_name}' {weight}: file "
                      f"'{getattr(family, weight)}' not found" +
                      (f" in package '{family.package}' (for files next to the theme, "
                       "write package: \"\" in this family)" if family.package else
                       " (a .ttf file, relative to the theme file)"))
    try:
        width, height = page_size_points(theme.page.size)
    except ValueError:
        error(("page", "size"), f"page.size '{theme.page.size}' is not A4, A5, Letter, A3 "
              "or WIDTHxHEIGHT in millimetres like '170x240'")
        return
    page = theme.page
    if width - page.margin_inner - page.margin_outer < MIN_TEXT_BLOCK or \
            height - page.margin_top - page.margin_bottom < MIN_TEXT_BLOCK:
        error(("page", "size"), f"page.size '{page.size}' leaves no room for text inside the margins")


def check_font_names(merged: dict, path: Path, diagnostics: Diagnostics) -> None:
    """Every text style names a font family the theme defines."""
    fonts, styles = merged.get("fonts"), merged.get("text")
    if not isinstance(fonts, dict) or not isinstance(styles, dict):
        return  # reported as a wrong type by the conversion
    for name, style in styles.items():
        font = style.get("font") if isinstance(style, dict) else None
        if isinstance(font, str) and font not in fonts:
            diagnostics.error(*_where(merged, ("text", name, "font"), path),
                              f"text style '{name}' uses unknown font '{font}'; fonts defined: "
                              f"{', '.join(map(str, fonts))}{did_you_mean(font, map(str, fonts))}")


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


def _check_mindmap(theme: Theme, path: Path, diagnostics: Diagnostics) -> None:
    style = theme.mindmap
    for name, font in (("mindmap.font", style.font), ("mindmap.title", style.title.font)):
        if font not in theme.fonts:
            diagnostics.error(path, None, f"{name} uses unknown font '{font}'; fonts defined: "
                              f"{', '.join(theme.fonts)}{did_you_mean(font, theme.fonts)}")
    for name in ("palette", "fill_tints", "line_widths", "connector_widths"):
        if not getattr(style, name):
            diagnostics.error(path, None, f"mindmap.{name} needs at least one value")
    if style.min_size <= 0 or min(style.root_size, style.branch_size, style.leaf_size) < style.min_size:
        diagnostics.error(path, None, "mindmap sizes must be at least mindmap.min_size, which must be above 0")
    if style.leading < 1:
        diagnostics.error(path, None, "mindmap.leading must be at least 1, or lines of a label overlap")


def font_file(family: FontFamily, weight: str, theme_path: Path) -> Path | None:
    name = getattr(family, weight)
    if family.package:
        try:
            candidate = resources.files(family.package) / name
        except ModuleNotFoundError:
            return None
        candidate = Path(str(candidate))
    else:
        candidate = Path(theme_path).parent / name
    return candidate if candidate.is_file() and candidate.suffix.lower() == ".ttf" else None


def _check_callouts(theme: Theme, error) -> None:
    """Callout boxes: a `note` kind to fall back on, aliases that lead to kinds, a known font."""
    callouts = theme.callouts
    if callouts is None:
        error(("callouts",), "missing key 'callouts' in theme (the callout boxes' kinds and style)",
              code="theme-callouts-missing")
        return
    if callouts.title.font not in theme.fonts:
        error(("callouts", "title", "font"), f"text style 'callouts.title' uses unknown font "
              f"'{callouts.title.font}'; fonts defined: {', '.join(theme.fonts)}", code="theme-callout-font")
    if "note" not in callouts.kinds:
        error(("callouts", "kinds"), "callouts.kinds must define 'note' (unknown kinds are drawn as notes)",
              code="theme-callout-note")
    for alias, kind in callouts.aliases.items():
        if kind not in callouts.kinds:
            error(("callouts", "aliases", alias), f"callouts.aliases.{alias} names '{kind}', which is "
                  f"not a kind; kinds: {', '.join(callouts.kinds)}", code="theme-callout-alias")
    if not 0 <= callouts.keep_height <= 1:
        error(("callouts", "keep_height"), "callouts.keep_height must be a share of the page, 0 to 1",
              code="theme-callout-keep")
