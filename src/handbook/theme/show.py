"""`handbook styles --show NAME`: a theme's every value, merged, with where each came from.

One line per key, `section.key  value  origin`, in the order of the theme's sections; the
origin is the file and line that set the value, `(parent h1)` when a text style inherited
it, or `(built in)` for a value no file sets (a default of the theme's schema).
"""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path

from handbook.errors import Diagnostics, display_path
from handbook.sources.yamlload import line_of
from handbook.theme.checks import path_of
from handbook.theme.load import merged_theme
from handbook.theme.schema import Theme

HIDDEN = ("name", "source")  # not keys of a theme file


def show_theme(name_or_path: str, diagnostics: Diagnostics, base_dir: Path | None = None) -> str:
    """The listing; '' with the problems reported when the theme cannot be read."""
    found = merged_theme(name_or_path, diagnostics, base_dir)
    if found is None:
        return ""
    path, merged = found
    rows = list(_rows(Theme, merged, "", path))
    width = max(len(key) for key, _, _ in rows)
    value_width = min(max(len(value) for _, value, _ in rows), 40)
    head = f"theme {merged['name']} ({display_path(path)})"
    return "\n".join(
        [head] + [f"{key:<{width}}  {value:<{value_width}}  {origin}".rstrip() for key, value, origin in rows]
    )


def _rows(cls, data: dict, prefix: str, path: Path):
    hints = typing.get_type_hints(cls)
    for item in dataclasses.fields(cls):
        if item.name in HIDDEN:
            continue
        key, hint = prefix + item.name, _unwrapped(hints[item.name])
        if item.name not in data:
            default = (
                item.default_factory() if item.default_factory is not dataclasses.MISSING else item.default
            )
            if default is not dataclasses.MISSING and default is not None:
                yield from _default_rows(key, default)
            continue
        value = data[item.name]
        inner = path_of(data, item.name, path)  # a mapping set in one file has no paths of its own
        if dataclasses.is_dataclass(hint) and isinstance(value, dict):
            yield from _rows(hint, value, key + ".", inner)
        elif typing.get_origin(hint) is dict and isinstance(value, dict):
            item_hint = typing.get_args(hint)[1]
            for name, entry in value.items():
                if dataclasses.is_dataclass(item_hint) and isinstance(entry, dict):
                    yield from _rows(item_hint, entry, f"{key}.{name}.", path_of(value, name, inner))
                else:
                    yield f"{key}.{name}", _shown(entry), _origin(value, name, inner)
        else:
            yield key, _shown(value), _origin(data, item.name, path)


def _default_rows(key: str, value):
    if dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from _default_rows(f"{key}.{item.name}", getattr(value, item.name))
    else:
        yield key, _shown(value), "(built in)"


def _origin(data: dict, key, path: Path) -> str:
    line = line_of(data, key)
    where = display_path(path_of(data, key, path)) + (f":{line}" if line else "")
    source = getattr(data, "inherited", {}).get(key)  # "parent h1", "colors.accent"
    return f"{where} ({source})" if source else where


def _shown(value) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _unwrapped(hint):
    """`X | None` -> X."""
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    return args[0] if typing.get_origin(hint) in (typing.Union, type(int | None)) and len(args) == 1 else hint
