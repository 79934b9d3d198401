"""Text styles that name a `parent:` style, and colours given by name, resolved in the merged
theme before it is converted, so a theme says each value once:

    text:
      h1: {font: sans, size: 16, leading: 19, color: accent, bold: true}
      h2: {parent: h1, size: 13.5, leading: 16.5}

A parent is a style of the `text` section; a style takes every key of its parent (and its
parent's parent) that it does not set itself. A colour may be written as the name of a key
of the `colors` section (`accent`), which may itself name another. Both resolve after
`extends:` has merged the files, so a theme that changes `h1` or `colors.accent` changes what
inherits from them too. Values keep the file and line that set them (for messages and
`handbook styles --show`).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import types
import typing

from handbook.errors import Diagnostics, did_you_mean
from handbook.sources.yamlload import YamlDict, line_of
from handbook.theme.checks import path_of
from handbook.theme.schema import Color, TextStyle, Theme

PARENT = "parent"


def resolve_inheritance(merged: dict, path, diagnostics: Diagnostics) -> dict:
    """A copy of `merged` with each text style's `parent:` replaced by the keys it inherits,
    and each colour name by its colour (the files' own mappings are left as they were read)."""
    merged = copy.deepcopy(merged)
    text = merged.get("text")
    styles = text if isinstance(text, dict) else {}
    _resolve_styles(merged, Theme, styles, path, diagnostics)
    colors = merged.get("colors")
    if isinstance(colors, dict):
        for name in list(colors):
            value = colors[name]
            colors[name] = _colour(colors, name, value, path, diagnostics, seen=())
            _note_named(colors, name, value, colors[name])
        _resolve_colours(merged, Theme, colors)
    return merged


@functools.cache
def field_types(cls) -> dict[str, object]:
    """typing.get_type_hints(cls) (do not change it), worked out once per class: the theme's
    annotations are strings (`from __future__ import annotations`) that get_type_hints compiles
    and evaluates on every call, and a theme is read field by field (a tenth of a preview)."""
    return typing.get_type_hints(cls)


def _fields(cls, data: dict):
    """(name, type) of the fields of `cls` that `data` holds."""
    hints = field_types(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.name in data]


def _walk(hint, value, on_style, on_colour) -> object:
    """Call the handlers on each TextStyle mapping (unless `on_style` is None: then its fields)
    and each Color value of a section, found by the section's types."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(arg for arg in args if arg is not type(None))
        args = typing.get_args(hint)
    if hint is Color:
        return on_colour(value)
    if hint is TextStyle and on_style is not None:
        return on_style(value)
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        for name, item_hint in _fields(hint, value):
            before = value[name]
            value[name] = _walk(item_hint, before, on_style, on_colour)
            if item_hint is Color or Color in typing.get_args(item_hint):
                _note_named(value, name, before, value[name])
    elif typing.get_origin(hint) in (list, dict) and isinstance(value, (list, dict)):
        item_hint = args[-1]
        keys = range(len(value)) if isinstance(value, list) else list(value)
        for index in keys:
            value[index] = _walk(item_hint, value[index], on_style, on_colour)
    return value


# --- parents --------------------------------------------------------------------------------


def _resolve_styles(merged: dict, cls, styles: dict, path, diagnostics: Diagnostics) -> None:
    def on_style(value):
        return _inherited(value, styles, path, diagnostics, seen=()) if isinstance(value, dict) else value

    _walk(cls, merged, on_style, lambda value: value)


def _inherited(style: dict, styles: dict, path, diagnostics: Diagnostics, seen: tuple) -> dict:
    """`style` with its parent's keys under its own (its `parent:` removed)."""
    if PARENT not in style:
        return style
    name = style[PARENT]
    own = YamlDict({k: v for k, v in style.items() if k != PARENT})
    own.lines = {k: v for k, v in getattr(style, "lines", {}).items() if k != PARENT}
    own.paths = {k: v for k, v in getattr(style, "paths", {}).items() if k != PARENT}
    own.line = getattr(style, "line", None)
    where = (path_of(style, PARENT, path), line_of(style, PARENT))
    if not isinstance(name, str) or not isinstance(styles.get(name), dict):
        diagnostics.error(
            *where,
            f"parent '{name}' is not a text style of the theme{did_you_mean(str(name), styles)}",
            code="theme-parent-unknown",
        )
        return own
    if name in seen:
        diagnostics.error(
            *where,
            f"text styles name each other as parent in a circle ({' -> '.join(seen + (name,))})",
            code="theme-parent-cycle",
        )
        return own
    parent = _inherited(styles[name], styles, path, diagnostics, seen + (name,))
    parent_file = path_of(styles, name, path)  # a style set in one file has no paths of its own
    combined = YamlDict({**parent, **own})
    combined.lines = {**getattr(parent, "lines", {}), **own.lines}
    combined.paths = {**{k: path_of(parent, k, parent_file) for k in parent}, **own.paths}
    combined.line = own.line
    combined.inherited = {
        **getattr(parent, "inherited", {}),
        **{k: f"parent {name}" for k in parent if k not in own},
        **getattr(style, "inherited", {}),
    }
    return combined


def _note_named(mapping: dict, key: str, before, after) -> None:
    """Remember that `mapping[key]` was a colour name (for messages and `styles --show`)."""
    if after is not before and isinstance(before, str):
        mapping.inherited = {**getattr(mapping, "inherited", {}), key: f"colors.{before}"}  # type: ignore[attr-defined]


# --- colour names ---------------------------------------------------------------------------


def _resolve_colours(merged: dict, cls, colors: dict) -> None:
    def on_colour(value):
        return colors[value] if isinstance(value, str) and value in colors else value

    _walk(cls, merged, None, on_colour)


def _colour(colors: dict, name: str, value, path, diagnostics: Diagnostics, seen: tuple):
    """A `colors` entry with names followed to a colour ('link: accent')."""
    if not isinstance(value, str) or value.startswith("#") or value not in colors:
        return value
    if value in seen or value == name:
        diagnostics.error(
            path_of(colors, name, path),
            line_of(colors, name),
            f"colours name each other in a circle ({' -> '.join((name,) + seen)})",
            code="theme-parent-cycle",
        )
        return value
    return _colour(colors, value, colors[value], path, diagnostics, seen + (value,))
