"""One way to read a YAML mapping into values: book.yaml, front matter, questions and themes.

A schema is the dataclass the values go into: each field read from YAML is declared with
`key(converter, default)`, so adding a key is one line on the class (BookSettings,
ChapterMeta). A converter returns the value or raises `FieldError` (a ValueError) with a
message for the user; the theme loader derives converters from field types instead. `read`
reports every problem with its line: unknown keys with a did-you-mean, missing keys, wrong
values, and keys under an old name (`key(..., renamed_from=("old",))`), which still work.

A leaf module (errors and YAML lines only), so the model may declare its keys with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Callable

from handbook.errors import SEVERITY_CHOICES, Diagnostics, did_you_mean, shown, shown_text
from handbook.sources.yamlload import line_of

MISSING = dataclasses.MISSING


class FieldError(ValueError):
    """A value of the wrong kind; the message says what was expected."""


def text(value: Any) -> str:
    if isinstance(value, (bool, bytes, dict, list, set)) or value is None:
        raise FieldError(f"must be text, not {describe(value)}")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)  # a numeric title such as 1991 is fine as text


MAX_INTEGER = 10**15  # an order, a seed: larger is a typo
MAX_COUNT = 100_000  # a count, marks, words, minutes: larger would make the book loop for hours


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"must be a whole number, not {describe(value)}")
    if abs(value) > MAX_INTEGER:
        raise FieldError(f"is too large a number (at most {MAX_INTEGER:,})")
    return value


def positive_integer(value: Any) -> int:
    number = integer(value)
    if number <= 0:
        raise FieldError(f"must be a positive whole number, not {number}")
    if number > MAX_COUNT:
        raise FieldError(f"must be at most {MAX_COUNT:,}, not {number:,}")
    return number


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"must be true or false, not {describe(value)}")
    return value


YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
)


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        try:  # a site's post dated with its time ('2025-06-08T00:02', Docusaurus): its day
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            pass
        found = YEAR_FIRST.fullmatch(value.strip())
        if found:  # '2023/6/10' (blog and notes front matter): the year first, so never ambiguous
            try:
                return dt.date(int(found["year"]), int(found["month"]), int(found["day"]))
            except ValueError:
                pass
    raise FieldError(f"must be a date written YYYY-MM-DD, not {describe(value)}")


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        raise FieldError(
            f"must be a list, like [{shown_text(value)}] or one '- {shown_text(value)}' line per item"
        )
    if not isinstance(value, list):
        raise FieldError(f"must be a list, not {describe(value)}")
    return [text(item) for item in value]


def choice(*allowed: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in allowed:
            raise FieldError(
                f"must be one of {', '.join(allowed)}, not {describe(value)}" + did_you_mean(value, allowed)
            )
        return value

    return convert


CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def severities(value: Any) -> dict[str, str]:
    """book.yaml's `diagnostics:`: a diagnostic code -> ignore | warning | error."""
    if not isinstance(value, dict):
        raise FieldError(f"must be a mapping like 'acronym-undefined: ignore', not {describe(value)}")
    level = choice(*SEVERITY_CHOICES)
    out = {}
    for code, severity in value.items():
        if not isinstance(code, str) or not CODE.match(code):
            raise FieldError(
                f"names {describe(code)}, which is not a diagnostic code like "
                "'acronym-undefined' (docs/format.md lists them)"
            )
        try:
            out[code] = level(severity)
        except FieldError as exc:
            raise FieldError(f"'{code}' {exc}") from None
    return out


def display_names(value: Any) -> dict[str, str]:
    """book.yaml's `papers:` / `topics:`: a name as chapters give it -> the name printed
    (`GS2: General Studies II`; per language: `GS2: {en: ..., hi: ...}`, chosen by parse.book)."""
    if not isinstance(value, dict):
        raise FieldError(f"must be a mapping like 'GS2: General Studies Paper II', not {describe(value)}")
    out = {}
    for name, printed in value.items():
        try:
            out[text(name)] = text(printed)
        except FieldError as exc:
            raise FieldError(f"'{name}' {exc}") from None
    return out


def anything(value: Any) -> Any:
    return value


def describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return shown(value)


def style_name(value) -> str:
    """A built-in theme's name or a theme file inside the source folder (shared sources never
    make the build read elsewhere)."""
    name = text(value)
    path = PurePath(name)
    if path.is_absolute() or ".." in path.parts:
        raise FieldError(
            "must be a built-in theme name or the path of a theme file inside the "
            "source folder (pass other files with --style)"
        )
    return name


# --- declaring keys -------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """How one key is read: its converter (None: from the field's type) and its old names."""

    convert: Callable[[Any], Any] | None = None
    renamed_from: tuple[str, ...] = ()


def key(
    convert: Callable[[Any], Any] | None = None,
    default: Any = MISSING,
    *,
    factory: Callable[[], Any] | Any = MISSING,
    renamed_from: tuple[str, ...] = (),
):
    """A dataclass field read from YAML: `title: str = key(text, "Handbook")`."""
    return dataclasses.field(
        default=default, default_factory=factory, metadata={"key": Key(convert, tuple(renamed_from))}
    )


def keys_of(cls) -> dict[str, Key]:
    """The fields of `cls` declared with `key()`, by name, in order."""
    return {f.name: f.metadata["key"] for f in dataclasses.fields(cls) if "key" in f.metadata}


def converters(cls) -> dict[str, Callable[[Any], Any]]:
    """name -> converter of the keys of `cls` (BOOK_KEYS, CHAPTER_KEYS)."""
    return {name: spec.convert for name, spec in keys_of(cls).items()}  # type: ignore[misc]


# --- reading --------------------------------------------------------------------------------


def read(
    data,
    keys: dict[str, Key],
    path,
    diagnostics: Diagnostics,
    what: str,
    *,
    required: tuple[str, ...] = (),
    unknown: str = "warning",
    label: Callable[[str], str] = lambda name: f"'{name}'",
    path_of=None,
) -> dict[str, Any]:
    """The valid values of the mapping `data` by key; every problem reported, none raised.

    `unknown` is the severity of an unknown key; `label(key)` starts a message about a value;
    `path_of(data, key, path)` names the file a key came from (a theme merged from several)."""
    where = path_of or (lambda _data, _key, default: default)
    old_names = {old: name for name, spec in keys.items() for old in spec.renamed_from}
    values: dict[str, Any] = {}
    for name, raw in data.items():
        file, line = where(data, name, path), line_of(data, name)
        if name in old_names and old_names[name] not in data:
            diagnostics.warning(
                file,
                line,
                f"'{name}' in {what} is now called '{old_names[name]}'; "
                "rename it (the old name still works for now)",
                code="key-renamed",
            )
            name = old_names[name]
        if name not in keys:
            report = diagnostics.error if unknown == "error" else diagnostics.warning
            report(
                file,
                line,
                f"unknown key '{shown_text(name)}' in {what}{did_you_mean(name, keys)}",
                code="key-unknown",
            )
            continue
        try:
            convert = keys[name].convert
            if convert is text_list:
                raw = words_as_written(raw, file, diagnostics)
            values[name] = convert(raw) if convert else raw
        except Reported:
            pass
        except ValueError as exc:
            diagnostics.error(file, line, f"{label(name)} {exc}", code="value-invalid")
    for name in required:
        if name not in data and not any(old_names.get(old) == name for old in data):
            diagnostics.error(
                path,
                getattr(data, "line", None),
                f"missing required key '{name}' in {what}",
                code="key-missing",
            )
    return values


def words_as_written(value: Any, path, diagnostics: Diagnostics) -> Any:
    """A list of words with YAML 1.1's booleans (`NO`, `ON`, `YES`, `OFF`) read back as the
    words written, each with a warning at its own line: one unquoted item must not drop the
    list (`ignore_acronyms: [NO, ON]`)."""
    written = getattr(value, "written", None)
    if not written:
        return value
    out = list(value)
    for index, word in written.items():
        out[index] = word
        diagnostics.warning(
            path,
            line_of(value, index),
            f"'{word}' is read by YAML as {str(value[index]).lower()}; it is taken "
            f"as the word '{word}' here, but write it in quotes: \"{word}\"",
            code="yaml-boolean-word",
        )
    return out


class Reported(ValueError):
    """A converter failed and has reported its own problems (a nested mapping)."""
