"""Read a theme file, follow its `extends:` chain, merge, and convert into `Theme`.

Every problem is reported with the file and line that set the value; nothing is raised
but `BuildFailed` from `load_theme`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import re
import types
import typing
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Literal

import yaml

from handbook.errors import BuildFailed, Diagnostic, Diagnostics, did_you_mean, shown
from handbook.yaml_schema import Key, Reported, read
from handbook.sources.confine import PathRefused, confined
from handbook.sources.files import mapping_of_text, read_text
from handbook.sources.yamlload import YamlDict, line_of
from handbook.theme.checks import check_font_names, check_references, path_of
from handbook.theme.inherit import field_types, resolve_inheritance
from handbook.theme.schema import BUILTIN_DIR, UNITS, Color, Length, Theme


def builtin_themes() -> list[str]:
    return sorted(p.name[:-5] for p in BUILTIN_DIR.iterdir() if p.name.endswith(".yaml"))


def load_theme(name_or_path: str, base_dir: Path | None = None) -> Theme:
    """Load, merge and validate a theme; raise BuildFailed listing every problem."""
    diagnostics = Diagnostics()
    theme = load_theme_into(name_or_path, diagnostics, base_dir=base_dir)
    if theme is None or diagnostics.has_errors:
        raise BuildFailed(diagnostics)
    return theme


@dataclass(frozen=True)
class _Loaded:
    """A theme loaded in this process, and the text of every theme file it was read from: each
    file's path, the folder the gate confined it to, and a digest of the text parsed."""

    theme: Theme
    files: tuple[tuple[Path, Path | None, str], ...]
    said: tuple  # the warnings loading it reported, reported again with it

    def still_holds(self) -> bool:
        """Whether every file still reads, through the same gate, as the text it was made of."""
        return all(_text_digest(path, root) == text for path, root, text in self.files)


_loaded: dict[str, _Loaded] = {}
KEEP_LOADED = 8  # themes remembered (a build uses one or two; the test suite, hundreds)

# Across processes, a build with a cache hands its memory of loaded themes here
# (incremental/themes.py, the `theme` kind of entry): get(key) -> (theme, files, said) or None,
# put(key, (theme, files, said)). None: off. A preview is one process: loading the theme was
# a tenth of it.
_theme_memory = None


@contextmanager
def remembering_themes(memory) -> Iterator[None]:
    """Inside the `with`, a theme not loaded before in this process is looked up in `memory`
    (and used when its files still read as the text it was made of), and one loaded is put
    there."""
    global _theme_memory
    saved, _theme_memory = _theme_memory, memory
    try:
        yield
    finally:
        _theme_memory = saved


def load_theme_into(name_or_path: str, diagnostics: Diagnostics, **where) -> Theme | None:
    """The theme, or None with every problem reported; `where` is where to look for it, as
    merged_theme takes it (base_dir, confine_to, named_at).

    A theme loaded before in this process is given again (the same frozen object) while its
    files hold the text it was made of: reading and validating the built-in theme was a tenth
    of a preview, and every build of the test suite did it again. Each file is read through
    the gate again and its text compared, so an edit (`handbook watch`), a file replaced by a
    link out of the folder or gone loads the theme afresh. Only a theme whose fonts all come
    from installed font packages (or the built-in themes' folder) is remembered: a font file
    beside a theme is checked, and read through the gate, by every load."""
    # A built-in theme's name is found in the built-in folder whatever the folder, working
    # folder or place it was named from (those shape only a "not found" message, and a theme
    # not found is not remembered): one key for every book that names it.
    found_from = (sorted(where.items()), os.getcwd()) if _looks_like_path(name_or_path) else "built-in"
    key = repr((name_or_path, found_from, sorted(diagnostics.severities.items())))
    memory = _theme_memory
    known = _loaded.get(key) or (_remembered(memory.get(key)) if memory is not None else None)
    if known is not None and known.still_holds():
        _keep(key, known)
        diagnostics.items.extend(known.said)
        return known.theme
    said_before = len(diagnostics.items)
    read: list[tuple[Path, Path | None, str]] = []
    theme = _load_theme_into(name_or_path, diagnostics, read, **where)
    _loaded.pop(key, None)
    if theme is not None and _fonts_installed(theme):
        loaded = _Loaded(theme, tuple(read), tuple(diagnostics.items[said_before:]))
        _keep(key, loaded)
        if memory is not None:
            memory.put(key, (loaded.theme, loaded.files, loaded.said))
    return theme


def _keep(key: str, loaded: _Loaded) -> None:
    _loaded.pop(key, None)
    while len(_loaded) >= KEEP_LOADED:
        del _loaded[next(iter(_loaded))]
    _loaded[key] = loaded


def _remembered(entry) -> _Loaded | None:
    """A theme memory's entry as a loaded theme, if it has the shape one is put with."""
    if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], Theme)):
        return None
    theme, files, said = entry
    files_hold = isinstance(files, tuple) and all(
        isinstance(f, tuple)
        and len(f) == 3
        and isinstance(f[0], Path)
        and (f[1] is None or isinstance(f[1], Path))
        and isinstance(f[2], str)
        for f in files
    )
    if not files_hold or not (isinstance(said, tuple) and all(isinstance(d, Diagnostic) for d in said)):
        return None
    return _Loaded(theme, files, said)


def _fonts_installed(theme: Theme) -> bool:
    """Every font family of the theme comes from an installed package or the built-in folder."""
    builtin = theme.source is not None and _is_builtin(theme.source)
    return all(family.package or builtin for family in theme.fonts.values())


def _text_digest(path: Path, root: Path | None) -> str | None:
    text = read_text(path, Diagnostics(), root)
    return None if text is None else _digest_of(text)


def _digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _load_theme_into(name_or_path: str, diagnostics: Diagnostics, read: list, **where) -> Theme | None:
    errors_before = len(diagnostics.errors)
    found = merged_theme(name_or_path, diagnostics, read=read, **where)
    if found is None:
        return None
    path, merged = found
    check_font_names(merged, path, diagnostics)  # on the raw values: also when others are wrong
    theme = _convert(Theme, merged, path, diagnostics, "theme", exclude=("source", "latin"))
    if theme is None:
        return None
    theme = dataclasses.replace(theme, source=path)
    if theme.greyscale:
        theme = as_greyscale(theme)
    if theme.colour == "cmyk":
        theme = as_cmyk(theme)
    check_references(theme, merged, path, diagnostics)
    return theme if len(diagnostics.errors) == errors_before else None


def merged_theme(
    name_or_path: str,
    diagnostics: Diagnostics,
    base_dir: Path | None = None,
    confine_to: Path | None = None,
    named_at: tuple | None = None,
    read: list | None = None,
) -> tuple[Path, dict] | None:
    """(the theme's file, its values before conversion): the `extends:` chain merged, parents
    and colour names resolved; each mapping keeps the file (`paths`) and line (`lines`) of
    its keys, and text styles the parent each inherited key came from (`inherited`).

    A relative path is taken from `base_dir` (default: the working folder); with `confine_to`,
    theme files (and the files they extend) must lie inside that folder, so shared sources
    never make the build read elsewhere. `named_at` is the (file, line) that named the theme,
    for a "not found" message. `read`: (path, gate's folder, digest of its text) of each file
    read is appended to it.

    A theme named relative to `base_dir` (a source folder) is found from the folder's real
    path: the theme's `source` is in cache keys (the theme's repr), which must not depend on
    how the folder was spelled (`notes`, `/home/me/notes`, a link to it). Links inside the
    folder are kept as they are (fonts and `extends:` are found beside the file as named)."""
    if base_dir is not None:
        base_dir = Path(os.path.realpath(base_dir))
    chain = _read_chain(
        name_or_path, diagnostics, base_dir, seen=[], confine_to=confine_to, named_at=named_at, read=read
    )
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
    return path, resolve_inheritance(merged, path, diagnostics)  # `parent:` styles, colour names


def as_greyscale(value):
    """`value` (a theme, or any part of one) with each Color replaced by the grey a photocopier
    would make of it (its luma), so a black-and-white theme covers every colour, including
    those of sections it does not name."""
    return _each_colour(value, _grey)


def _grey(value: Color) -> Color:
    red, green, blue = (int(value[i : i + 2], 16) for i in (1, 3, 5))
    grey = round(0.299 * red + 0.587 * green + 0.114 * blue)
    return Color(f"#{grey:02x}{grey:02x}{grey:02x}")


def as_cmyk(value):
    """`value` with each Color marked to be written as CMYK (layout.styles.color)."""
    return _each_colour(value, lambda c: c if c.startswith("cmyk:") else Color("cmyk:" + c))


def _each_colour(value, change):
    """`value` (a theme, or any part of one) with `change` applied to each Color in it."""
    if isinstance(value, Color):
        return change(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _each_colour(getattr(value, f.name), change) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {key: _each_colour(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_each_colour(item, change) for item in value]
    return value


def theme_description(name: str) -> str:
    """The `description:` line of a built-in theme, read without validating the whole theme."""
    try:
        data = yaml.safe_load((BUILTIN_DIR / f"{name}.yaml").read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError):
        return ""
    description = data.get("description", "") if isinstance(data, dict) else ""
    return description if isinstance(description, str) else ""


def _looks_like_path(name_or_path: str) -> bool:
    return name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path or "\0" in name_or_path


def _locate(name_or_path: str, base_dir: Path | None) -> Path | None:
    if _looks_like_path(name_or_path):
        path = Path(name_or_path)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        return path if path.is_file() else None
    candidate = BUILTIN_DIR / f"{name_or_path}.yaml"
    return Path(str(candidate)) if candidate.is_file() else None


def _read_chain(
    name_or_path, diagnostics, base_dir, seen, confine_to=None, named_at=None, read=None
) -> list | None:
    where = named_at or (name_or_path, None)
    if confine_to is not None and _looks_like_path(name_or_path):
        try:  # named by a source: its real path must stay inside the source folder
            confined(name_or_path, base_dir or Path(confine_to), Path(confine_to))
        except PathRefused as refused:
            code = refused.code  # the refusal's own code
            diagnostics.error(
                *where,
                f"theme {shown(name_or_path)} {refused}; use a built-in "
                "theme or a theme file inside the folder (or --style)",
                code=code,
            )
            return None
    path = _locate(name_or_path, base_dir)
    if path is None:
        diagnostics.error(
            *where,
            f"theme '{name_or_path}' not found; built-in themes: "
            f"{', '.join(builtin_themes())}{did_you_mean(name_or_path, builtin_themes())}",
            code="theme-not-found",
        )
        return None
    if (
        confine_to is not None
        and not _is_builtin(path)
        and not path.resolve().is_relative_to(Path(confine_to).resolve())
    ):
        diagnostics.error(
            *where,
            f"theme '{name_or_path}' is outside the source folder; use a "
            "built-in theme or a theme file inside the folder (or --style)",
            code="theme-outside-source",
        )
        return None
    if path.resolve() in seen:
        diagnostics.error(path, None, "themes extend each other in a circle", code="theme-extends-cycle")
        return None
    seen.append(path.resolve())
    inside = Path(confine_to) if confine_to is not None and not _is_builtin(path) else None
    text = read_text(path, diagnostics, inside)
    if text is None:
        return None
    if read is not None:
        read.append((path, inside, _digest_of(text)))
    data = mapping_of_text(text, path, diagnostics)
    if data is None:
        return None
    parent = data.get("extends", None if path.stem == "default" and _is_builtin(path) else "default")
    if parent in (None, "none"):
        return [(path, data)]
    chain = _read_chain(
        str(parent), diagnostics, path.parent, seen, confine_to, (path, line_of(data, "extends")), read
    )
    return None if chain is None else chain + [(path, data)]


def _is_builtin(path: Path) -> bool:
    return path.resolve().parent == Path(str(BUILTIN_DIR)).resolve()


def _merge(base: dict, override: dict, path: Path, base_path: Path | None = None) -> dict:
    """Deep merge; keeps each value's YAML lines (and file) so messages can point at them.
    `base_path` is the file of a `base` mapping read from one file (it has no `paths`)."""
    merged = YamlDict(base)
    merged.lines = dict(getattr(base, "lines", {}))
    merged.paths = {**{key: base_path for key in base if base_path}, **getattr(base, "paths", {})}
    merged.line = getattr(override, "line", None)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            value = _merge(base[key], value, path, path_of(base, key, base_path))
        merged[key] = value
        merged.lines[key] = line_of(override, key)
        merged.paths[key] = path
    return merged


def _convert(cls, data, path, diagnostics, where, exclude=()):
    """A theme section read by the one schema reader (handbook.yaml_schema), its converters
    derived from the field types (Length, Color, Literal, nested sections)."""
    if not isinstance(data, dict):
        diagnostics.error(path, line_of(data, 0), f"'{where}' must be a mapping", code="value-invalid")
        return None
    hints = field_types(cls)
    fields = [f for f in dataclasses.fields(cls) if f.name not in exclude]
    keys = {
        f.name: Key(
            _by_type(hints[f.name], data, f.name, path, diagnostics, where),
            f.metadata["key"].renamed_from if "key" in f.metadata else (),
        )
        for f in fields
    }
    required = tuple(
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    before = len(diagnostics.errors)
    values = read(
        data,
        keys,
        path,
        diagnostics,
        where,
        required=required,
        unknown="error",
        label=lambda name: f"{where}.{name}",
        path_of=path_of,
    )
    failed = len(diagnostics.errors) > before or any(name not in values for name in required)
    return None if failed else cls(**values)  # (an inherited wrong value is reported at its parent)


def _by_type(hint, data, name, path, diagnostics, where):
    def convert(raw):
        try:
            return _value(
                hint, raw, path_of(data, name, path), diagnostics, f"{where}.{name}", line_of(data, name)
            )
        except ValueError as exc:
            if name in getattr(data, "inherited", {}):  # from a parent or colour name: reported there
                raise Reported("") from exc
            raise

    return convert


def _value(hint, raw, path, diagnostics, where, line):
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        value = _convert(hint, raw, path, diagnostics, where)
        if value is None:
            raise Reported("")
        return value
    if origin is dict:
        if not isinstance(raw, dict):
            raise ValueError("must be a mapping")
        _, item_hint = typing.get_args(hint)
        return {
            k: _value(item_hint, v, path_of(raw, k, path), diagnostics, f"{where}.{k}", line_of(raw, k, line))
            for k, v in raw.items()
        }
    if origin is list:
        if not isinstance(raw, list):
            raise ValueError("must be a list")
        (item_hint,) = typing.get_args(hint)
        return [_value(item_hint, v, path, diagnostics, where, line) for v in raw]
    if origin is Literal:
        allowed = typing.get_args(hint)
        if raw not in allowed:
            raise ValueError(
                f"must be one of {', '.join(allowed)}, not {shown(raw)}{did_you_mean(raw, allowed)}"
            )
        return raw
    if origin in (typing.Union, types.UnionType):
        return _value(typing.get_args(hint)[0], raw, path, diagnostics, where, line)
    return _scalar(hint, raw)


MAX_LENGTH = 14_400.0  # points: 200 inches, the largest page a PDF may have; also NaN/inf refused
LENGTH_TEXT = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*\Z")
COLOR_TEXT = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")


def _scalar(hint, raw):
    if hint is Length:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            if not math.isfinite(raw) or abs(raw) > MAX_LENGTH:  # .nan, .inf, 1e300 from YAML
                raise ValueError(f"must be a length up to {MAX_LENGTH:g} points, not {shown(raw)}")
            return Length(raw)
        match = LENGTH_TEXT.match(str(raw)) if isinstance(raw, str) else None
        if not match:
            raise ValueError(f"must be a length like 12 (points) or '18mm', not {shown(raw)}")
        length = float(match.group(1)) * UNITS[match.group(2)]
        if abs(length) > MAX_LENGTH:
            raise ValueError(f"must be a length up to {MAX_LENGTH:g} points, not {shown(raw)}")
        return Length(length)
    if hint is Color:
        if not isinstance(raw, str) or not COLOR_TEXT.match(raw):
            raise ValueError(f"must be a colour written '#rrggbb', not {shown(raw)}")
        if len(raw) == 4:  # '#abc' -> '#aabbcc' (reportlab's HexColor misreads the short form)
            raw = "#" + "".join(2 * digit for digit in raw[1:])
        return Color(raw.lower())
    if hint is bool:
        if not isinstance(raw, bool):
            raise ValueError(f"must be true or false, not {shown(raw)}")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError(f"must be a number, not {shown(raw)}")
        if not math.isfinite(raw) or abs(raw) > MAX_LENGTH:
            raise ValueError(f"must be a number up to {MAX_LENGTH:g}, not {shown(raw)}")
        return float(raw)
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"must be a whole number, not {shown(raw)}")
        return raw
    if hint is str:
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise ValueError(f"must be text, not {shown(raw)}")
        return str(raw)
    return raw
