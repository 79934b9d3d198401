"""Check a YAML mapping against a declared list of keys and types.

One small schema language serves book.yaml and chapter front matter: each key
names a converter that returns the value or raises `FieldError` with a message
for the user. Unknown keys are warnings with a did-you-mean suggestion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from handbook.errors import Diagnostics, did_you_mean
from handbook.sources.yamlload import line_of


class FieldError(ValueError):
    """A value of the wrong kind; the message says what was expected."""


def text(value: Any) -> str:
    if isinstance(value, (bool, bytes, dict, list, set)) or value is None:
        raise FieldError(f"must be text, not {describe(value)}")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)  # a numeric title such as 1991 is fine as text


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"must be a whole number, not {describe(value)}")
    return value


def positive_integer(value: Any) -> int:
    number = integer(value)
    if number <= 0:
        raise FieldError(f"must be a positive whole number, not {number}")
    return number


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(f"must be true or false, not {describe(value)}")
    return value


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
    raise FieldError(f"must be a date written YYYY-MM-DD, not {describe(value)}")


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        raise FieldError(f"must be a list, like [{value}] or one '- {value}' line per item")
    if not isinstance(value, list):
        raise FieldError(f"must be a list, not {describe(value)}")
    return [text(item) for item in value]


def words_as_written(value: Any, path, diagnostics: Diagnostics) -> Any:
    """A list of words with YAML 1.1's booleans (`NO`, `ON`, `YES`, `OFF`, `Y`, `N`) read back as
    the words written, each with a warning at its own line: one unquoted item must not drop
    the list (`ignore_acronyms: [NO, ON]`)."""
    written = getattr(value, "written", None)
    if not written:
        return value
    out = list(value)
    for index, word in written.items():
        out[index] = word
        diagnostics.warning(path, line_of(value, index),
                            f"'{word}' is read by YAML as {str(value[index]).lower()}; it is taken "
                            f"as the word '{word}' here, but write it in quotes: \"{word}\"",
                            code="yaml-boolean-word")
    return out


def choice(*allowed: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in allowed:
            raise FieldError(f"must be one of {', '.join(allowed)}, not {describe(value)}"
                             + did_you_mean(str(value), allowed))
        return value
    return convert


def anything(value: Any) -> Any:
    return value


def describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value) if isinstance(value, str) else str(value)


def read_fields(data, spec: dict[str, Callable[[Any], Any]], path, diagnostics: Diagnostics,
                what: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The valid values of `data` by key; every problem reported, none raised."""
    values: dict[str, Any] = {}
    for key, raw in data.items():
        line = line_of(data, key)
        if key not in spec:
            diagnostics.warning(path, line, f"unknown key '{key}' in {what}{did_you_mean(str(key), spec)}")
            continue
        if spec[key] is text_list:
            raw = words_as_written(raw, path, diagnostics)
        try:
            values[key] = spec[key](raw)
        except FieldError as exc:
            diagnostics.error(path, line, f"'{key}' {exc}")
    for key in required:
        if key not in data:
            diagnostics.error(path, getattr(data, "line", None), f"missing required key '{key}' in {what}")
    return values
