"""Themes: `styles/*.yaml`, validated once at load into frozen dataclasses.

A theme names every size, colour, font and spacing the layout uses. Every
theme but `default` extends another (`extends: NAME|PATH`, default `default`)
and overrides only what it changes; the merged result must fill every field of
`Theme`. Lengths are points, or text with a unit: "18mm", "0.5in", "2cm".
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml

from handbook.errors import BuildFailed, Diagnostics, did_you_mean
from handbook.sources.yamlload import YamlDict, line_of, load_yaml

BUILTIN_DIR = resources.files("handbook") / "themes"


class Length(float):
    """A length in points; YAML may give points or '12mm', '1in', '2cm', '10pt'."""


class Color(str):
    """'#rrggbb' (YAML may also give '#rgb')."""


UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
PAGE_SIZES = {"A4": (210, 297), "A5": (148, 210), "Letter": (215.9, 279.4), "A3": (297, 420)}


@dataclass(frozen=True)
class FontFamily:
    """Four TrueType files. `package` names an installed Python package holding them
    (fonts come with the install, never from the system); without it, paths are
    relative to the theme file."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    package: str = ""


@dataclass(frozen=True)
class TextStyle:
    font: str  # a key of Theme.fonts
    size: Length
    leading: Length
    color: Color
    bold: bool = False
    italic: bool = False
    align: Literal["left", "center", "right", "justify"] = "left"
    space_before: Length = Length(0)
    space_after: Length = Length(0)
    first_line_indent: Length = Length(0)
    hyphenate: bool = False


# What a running head or foot can show.
HeadContent = Literal["book_title", "chapter_title", "folio", "none"]


@dataclass(frozen=True)
class RunningLine:
    """The running head (or foot): what it shows on left-hand (verso) and right-hand (recto)
    pages, and where. `outer` is the edge away from the binding; on one-sided pages, the right.
    `chapter_title` is the current part's title: the chapter's, or 'Contents', 'Glossary'."""

    verso: HeadContent = "none"
    recto: HeadContent = "none"
    align: Literal["outer", "inner", "center"] = "outer"


@dataclass(frozen=True)
class PageStyle:
    size: str  # A4, A5, Letter, A3 or "WxH" in mm ("170x240")
    margin_top: Length
    margin_bottom: Length
    margin_inner: Length  # the binding side
    margin_outer: Length
    header_gap: Length  # baseline of the running head above the text block
    footer_gap: Length  # baseline of the folio below the text block
    rule_width: Length  # the line under the running head; 0 for none
    rule_color: Color
    duplex: bool = True  # mirrored margins, chapters on right-hand pages
    header: RunningLine = RunningLine("book_title", "chapter_title")
    footer: RunningLine = RunningLine("folio", "folio")


@dataclass(frozen=True)
class PrintMarks:
    """Crop marks (`--crop-marks`): hairlines in line with the trim, outside it, starting
    `offset` from the trim (at least the bleed, so a mark never prints on the page)."""

    offset: Length = Length(3 * UNITS["mm"])
    length: Length = Length(6 * UNITS["mm"])
    line_width: Length = Length(0.25)
    color: Color = Color("#000000")


@dataclass(frozen=True)
class TextStyles:
    body: TextStyle
    h1: TextStyle
    h2: TextStyle
    h3: TextStyle
    h4: TextStyle
    h5: TextStyle
    h6: TextStyle
    chapter_label: TextStyle
    chapter_title: TextStyle
    chapter_subtitle: TextStyle
    chapter_meta: TextStyle
    list_item: TextStyle
    blockquote: TextStyle
    code: TextStyle
    table_header: TextStyle
    table_cell: TextStyle
    caption: TextStyle
    footnote: TextStyle
    header: TextStyle
    footer: TextStyle
    title: TextStyle
    subtitle: TextStyle
    title_meta: TextStyle
    toc_heading: TextStyle
    toc_chapter: TextStyle
    toc_section: TextStyle
    back_heading: TextStyle  # "Glossary of Acronyms", "Answer Key", "Syllabus Index"
    glossary_entry: TextStyle  # one glossary entry; a negative first_line_indent hangs it
    glossary_letter: TextStyle  # the letter over each group of entries
    index_paper: TextStyle  # "GS2" in the syllabus index
    index_topic: TextStyle  # "International Relations" under it
    imprint: TextStyle | None = None  # the title page's back (edition, publisher); else title_meta


@dataclass(frozen=True)
class Colors:
    accent: Color
    muted: Color
    link: Color
    code_background: Color
    quote_bar: Color
    table_rule: Color
    table_header_background: Color
    table_stripe: Color
    tag_background: Color


@dataclass(frozen=True)
class Spacing:
    list_indent: Length
    bullet_width: Length
    quote_indent: Length
    quote_bar_width: Length
    code_padding: Length
    table_padding: Length
    rule_space: Length  # above and below a thematic break
    figure_max_height: float  # fraction of the text block's height
    chapter_top: Length  # space above the chapter label on an opening page
    chapter_rule: Length = Length(0)  # thickness of the rule under a chapter's title; 0 for none
    title_rule: Length = Length(0)  # thickness of the rule between title and author; 0 for none


@dataclass(frozen=True)
class Words:
    """Fixed wording the book prints, so an edition in another language is a theme."""

    contents: str
    chapter: str  # "Chapter" before the number
    footnotes: str
    blank_page: str  # printed on intentionally blank pages; "" for none


@dataclass(frozen=True)
class GlossaryStyle:
    """The acronym glossary at the back, and how acronyms are spelled out in the text."""

    title: str  # "Glossary of Acronyms"
    first_use: Literal["book", "chapter", "none"]  # where "Expansion (ACR)" is printed once
    list_unused: bool  # also list acronyms defined but never used (also `--all-acronyms`)
    letter_headings: bool  # a letter over each group of entries
    digits_heading: str  # the group of entries that start with a digit (5G, 2+2)
    page_separator: str  # between the expansion (or note) and the page numbers


@dataclass(frozen=True)
class SyllabusIndexStyle:
    """The syllabus index at the very back: chapters by exam paper, then topic."""

    title: str  # "Syllabus Index"
    papers: list[str]  # the order of papers; papers not listed follow, alphabetically
    other_paper: str  # heading for chapters that name no paper
    other_topic: str  # heading for chapters of a paper that name no topic


@dataclass(frozen=True)
class MindMapStyle:
    """The mind-map summary box (layout/mindmap.py): a framed, titled box of rounded topic
    boxes joined by connectors. Each first-level branch takes the next palette colour and
    dash pattern, so branches stay apart in greyscale print too."""

    title: TextStyle  # the box's heading
    title_text: str  # "Mind map"
    part_text: str  # a map split in parts: "{title} ({part} of {parts})"
    trail_text: str  # a branch drawn as its own map: "{title}: {trail}"
    trail_separator: str  # between the labels of {trail}
    font: str  # labels: a key of fonts
    root_size: Length
    branch_size: Length  # first-level branches
    leaf_size: Length  # everything deeper
    min_size: Length  # labels are never smaller: the map is split instead
    leading: float  # line height as a multiple of the font size
    text_color: Color
    root_fill: Color
    root_text_color: Color
    palette: list[Color]  # one per first-level branch, reused in turn
    dashes: list[list[float]]  # connector dash pattern per branch ([] = solid)
    fill_tints: list[float]  # share of the branch colour in a node's fill, by depth from 1
    line_widths: list[Length]  # node outlines, by depth from 0 (the last for deeper)
    connector_widths: list[Length]  # connectors, by the depth of their child end
    connector: Literal["curve", "elbow"]
    corner_radius: Length
    padding_x: Length  # inside a node, around its label
    padding_y: Length
    wrap_width: Length  # preferred label width at leaf_size (scaled for larger labels)
    min_wrap_width: Length
    root_gap: Length  # between the centre and the first-level branches
    level_gap: Length  # between a topic and its sub-topics
    sibling_gap: Length
    branch_gap: Length  # between first-level subtrees
    frame_color: Color
    frame_background: Color
    frame_width: Length
    frame_radius: Length
    frame_padding: Length
    space_before: Length
    space_after: Length


@dataclass(frozen=True)
class QuestionWords:
    """Wording around practice questions. `{letter}`, `{marks}`, `{words}`, `{chapter}` and
    `{number}` are replaced where they appear."""

    heading: str  # "Practice Questions", at each chapter's end
    answers: str  # "Answers", after a chapter's questions (answers: chapter)
    answer_key: str  # "Answer Key", the back-matter part (answers: end)
    key_chapter: str  # "{chapter}. {title}": a chapter's group in the answer key
    option_label: str  # "({letter})"
    limits: str  # "({marks} marks, {words} words)"
    list_one: str  # "List I"
    list_two: str  # "List II"
    list_titled: str  # "{list} ({title})": a list with the title its question gives it
    reference: str  # "{chapter}.{number}": a question as the answer key names it
    points: str  # "Points to cover:", before a descriptive question's model points


@dataclass(frozen=True)
class QuestionStyles:
    """Practice questions and the answer key (layout.questions, layout.answers)."""

    words: QuestionWords
    question: TextStyle  # the question and its lead-out
    number: TextStyle  # the question number in the margin
    option: TextStyle
    statement: TextStyle  # numbered statements and the rows of pairs
    list_heading: TextStyle  # "List I", "List II"
    limits: TextStyle  # "(15 marks, 250 words)"
    key_chapter: TextStyle
    key_answer: TextStyle  # "1.3  (b) Both 1 and 2"
    key_note: TextStyle  # explanations, statement notes, model points
    number_width: Length  # the margin the numbers hang in
    key_number_width: Length  # the same in the answer key, for "1.12"
    label_width: Length  # "(a)", "1.", "A." before an option, statement or list entry
    column_gap: Length
    space_between: Length  # between questions
    max_option_columns: int  # options are set in up to this many columns when they fit


@dataclass(frozen=True)
class Theme:
    name: str
    page: PageStyle
    fonts: dict[str, FontFamily]
    text: TextStyles
    colors: Colors
    spacing: Spacing
    words: Words
    glossary: GlossaryStyle
    syllabus_index: SyllabusIndexStyle
    mindmap: MindMapStyle
    questions: QuestionStyles
    number_headings: bool = False
    bullets: list[str] = field(default_factory=lambda: ["•", "–", "◦"])
    marks: PrintMarks = PrintMarks()
    underline_links: bool = False  # so links stand out without colour (black-and-white print)
    greyscale: bool = False  # every colour of the theme becomes the grey of its lightness
    description: str = ""  # one line for `handbook styles`; not inherited by `extends:`
    source: Path | None = None  # the theme file, for messages

    def page_size(self) -> tuple[float, float]:
        return page_size_points(self.page.size)


def page_size_points(size: str) -> tuple[float, float]:
    mm = UNITS["mm"]
    if size in PAGE_SIZES:
        w, h = PAGE_SIZES[size]
    else:
        w, h = (float(x) for x in size.lower().split("x"))
        if not (w > 0 and h > 0):
            raise ValueError(f"page size {size!r} is not positive")
    return w * mm, h * mm


# --- loading ------------------------------------------------------------------

def builtin_themes() -> list[str]:
    return sorted(p.name[:-5] for p in BUILTIN_DIR.iterdir() if p.name.endswith(".yaml"))


def load_theme(name_or_path: str, base_dir: Path | None = None) -> Theme:
    """Load, merge and validate a theme; raise BuildFailed listing every problem."""
    diagnostics = Diagnostics()
    theme = load_theme_into(name_or_path, diagnostics, base_dir)
    if theme is None or diagnostics.has_errors:
        raise BuildFailed(diagnostics)
    return theme


def load_theme_into(name_or_path: str, diagnostics: Diagnostics, base_dir: Path | None = None) -> Theme | None:
    chain = _read_chain(name_or_path, diagnostics, base_dir, seen=[])
    if chain is None:
        return None
    merged: dict = {}
    for path, data in chain:
        merged = _merge(merged, data, path)
    path, own = chain[-1]
    merged.pop("extends", None)
    if "description" not in own:  # a description says what this file changes: never inherited
        merged.pop("description", None)
    merged["name"] = path.stem
    errors_before = len(diagnostics.errors)
    _check_font_names(merged, path, diagnostics)  # on the raw values: also when others are wrong
    theme = _convert(Theme, merged, path, diagnostics, "theme", exclude=("source",))
    if theme is None:
        return None
    theme = dataclasses.replace(theme, source=path)
    if theme.greyscale:
        theme = as_greyscale(theme)
    _check_references(theme, merged, path, diagnostics)
    return theme if len(diagnostics.errors) == errors_before else None


def as_greyscale(value):
    """`value` (a theme, or any part of one) with each Color replaced by the grey a photocopier
    would make of it (its luma), so a black-and-white theme covers every colour, including
    those of sections it does not name."""
    if isinstance(value, Color):
        red, green, blue = (int(value[i:i + 2], 16) for i in (1, 3, 5))
        grey = round(0.299 * red + 0.587 * green + 0.114 * blue)
        return Color(f"#{grey:02x}{grey:02x}{grey:02x}")
    if dataclasses.is_dataclass(value):
        changes = {f.name: as_greyscale(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {key: as_greyscale(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_greyscale(item) for item in value]
    return value


def theme_description(name: str) -> str:
    """The `description:` line of a built-in theme, read without validating the whole theme."""
    try:
        data = yaml.safe_load((BUILTIN_DIR / f"{name}.yaml").read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError):
        return ""
    description = data.get("description", "") if isinstance(data, dict) else ""
    return description if isinstance(description, str) else ""


def _locate(name_or_path: str, base_dir: Path | None) -> Path | None:
    looks_like_path = name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path
    if looks_like_path:
        path = Path(name_or_path)
        if not path.is_absolute() and base_dir is not None and not path.exists():
            path = base_dir / path
        return path if path.is_file() else None
    candidate = BUILTIN_DIR / f"{name_or_path}.yaml"
    return Path(str(candidate)) if candidate.is_file() else None


def _read_chain(name_or_path, diagnostics, base_dir, seen) -> list | None:
    path = _locate(name_or_path, base_dir)
    if path is None:
        diagnostics.error(name_or_path, None, f"theme '{name_or_path}' not found; built-in themes: "
                          f"{', '.join(builtin_themes())}{did_you_mean(name_or_path, builtin_themes())}")
        return None
    if path.resolve() in seen:
        diagnostics.error(path, None, "themes extend each other in a circle")
        return None
    seen.append(path.resolve())
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.error(path, None, f"cannot read theme: {exc}")
        return None
    data = load_yaml(text, path, diagnostics)
    if data is None:
        return None
    if not isinstance(data, dict):
        diagnostics.error(path, 1, "a theme must be a mapping of keys to values")
        return None
    parent = data.get("extends", None if path.stem == "default" and _is_builtin(path) else "default")
    if parent in (None, "none"):
        return [(path, data)]
    chain = _read_chain(str(parent), diagnostics, path.parent, seen)
    return None if chain is None else chain + [(path, data)]


def _is_builtin(path: Path) -> bool:
    return path.resolve().parent == Path(str(BUILTIN_DIR)).resolve()


def _merge(base: dict, override: dict, path: Path) -> dict:
    """Deep merge; keeps each value's YAML lines (and file) so messages can point at them."""
    merged = YamlDict(base)
    merged.lines = dict(getattr(base, "lines", {}))
    merged.paths = dict(getattr(base, "paths", {}))
    merged.line = getattr(override, "line", None)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            value = _merge(base[key], value, path)
        merged[key] = value
        merged.lines[key] = line_of(override, key)
        merged.paths[key] = path
    return merged


def _convert(cls, data, path, diagnostics, where, exclude=()):
    if not isinstance(data, dict):
        diagnostics.error(path, line_of(data, 0), f"'{where}' must be a mapping")
        return None
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls) if f.name not in exclude]
    values, ok = {}, True
    for key in data:
        if key not in names:
            diagnostics.error(_path_of(data, key, path), line_of(data, key),
                              f"unknown key '{key}' in {where}{did_you_mean(str(key), names)}")
            ok = False
    for f in dataclasses.fields(cls):
        if f.name in exclude:
            continue
        if f.name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                diagnostics.error(path, getattr(data, "line", None), f"missing key '{f.name}' in {where}")
                ok = False
            continue
        try:
            values[f.name] = _value(hints[f.name], data[f.name], _path_of(data, f.name, path),
                                    diagnostics, f"{where}.{f.name}", line_of(data, f.name))
        except _Nested:  # already reported, where it went wrong
            ok = False
        except ValueError as exc:
            diagnostics.error(_path_of(data, f.name, path), line_of(data, f.name), f"{where}.{f.name} {exc}")
            ok = False
    return cls(**values) if ok else None


class _Nested(ValueError):
    """A nested conversion failed and has reported its own problems."""


def _path_of(data, key, default):
    return getattr(data, "paths", {}).get(key, default)


def _value(hint, raw, path, diagnostics, where, line):
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        value = _convert(hint, raw, path, diagnostics, where)
        if value is None:
            raise _Nested("")
        return value
    if origin is dict:
        if not isinstance(raw, dict):
            raise ValueError("must be a mapping")
        _, item_hint = typing.get_args(hint)
        return {k: _value(item_hint, v, _path_of(raw, k, path), diagnostics, f"{where}.{k}",
                          line_of(raw, k, line)) for k, v in raw.items()}
    if origin is list:
        if not isinstance(raw, list):
            raise ValueError("must be a list")
        (item_hint,) = typing.get_args(hint)
        return [_value(item_hint, v, path, diagnostics, where, line) for v in raw]
    if origin is Literal:
        allowed = typing.get_args(hint)
        if raw not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}, not {raw!r}{did_you_mean(str(raw), allowed)}")
        return raw
    if origin in (typing.Union, types.UnionType):
        return _value(typing.get_args(hint)[0], raw, path, diagnostics, where, line)
    return _scalar(hint, raw)


LENGTH_TEXT = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*\Z")
COLOR_TEXT = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")


def _scalar(hint, raw):
    if hint is Length:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return Length(raw)
        match = LENGTH_TEXT.match(str(raw)) if isinstance(raw, str) else None
        if not match:
            raise ValueError(f"must be a length like 12 (points) or '18mm', not {raw!r}")
        return Length(float(match.group(1)) * UNITS[match.group(2)])
    if hint is Color:
        if not isinstance(raw, str) or not COLOR_TEXT.match(raw):
            raise ValueError(f"must be a colour written '#rrggbb', not {raw!r}")
        if len(raw) == 4:  # '#abc' -> '#aabbcc' (reportlab's HexColor misreads the short form)
            raw = "#" + "".join(2 * digit for digit in raw[1:])
        return Color(raw.lower())
    if hint is bool:
        if not isinstance(raw, bool):
            raise ValueError(f"must be true or false, not {raw!r}")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError(f"must be a number, not {raw!r}")
        return float(raw)
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"must be a whole number, not {raw!r}")
        return raw
    if hint is str:
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise ValueError(f"must be text, not {raw!r}")
        return str(raw)
    return raw


def _check_references(theme: Theme, merged: dict, path: Path, diagnostics: Diagnostics) -> None:
    """Fonts named by text styles exist; font files exist; the page size is known and leaves
    room for text. Each message points at the line (and file, with `extends:`) that set the value."""

    def error(keys, message):
        diagnostics.error(*_where(merged, keys, path), message)

    for name, style in vars(theme.questions).items():
        if isinstance(style, TextStyle) and style.font not in theme.fonts:
            error(("questions", name, "font"), f"text style 'questions.{name}' uses unknown font "
                  f"'{style.font}'; fonts defined: {', '.join(theme.fonts)}{did_you_mean(style.font, theme.fonts)}")
    _check_mindmap(theme, path, diagnostics)
    for family_name, family in theme.fonts.items():
        for weight in ("regular", "bold", "italic", "bold_italic"):
            if font_file(family, weight, theme.source or path) is None:
                error(("fonts", family_name, weight), f"font '{family_name}' {weight}: file "
                      f"'{getattr(family, weight)}' not found" +
                      (f" in package '{family.package}'" if family.package else ""))
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


def _check_font_names(merged: dict, path: Path, diagnostics: Diagnostics) -> None:
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


def _where(merged: dict, keys: tuple, default_path: Path) -> tuple[Path, int | None]:
    """The file and line that set merged[keys[0]][keys[1]]..., as far as the keys lead."""
    path, line, data = default_path, None, merged
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            break
        path = _path_of(data, key, path)
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
