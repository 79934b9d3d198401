"""The converters of book.yaml, front matter and questions (handbook.yaml_schema), and `read_fields`
for mappings whose keys are a plain dict of converters (question types)."""

from __future__ import annotations

from typing import Any, Callable

from handbook.errors import Diagnostics
from handbook.yaml_schema import (  # noqa: F401  (the converters, as parse modules name them: f.text)
    FieldError,
    Key,
    anything,
    boolean,
    choice,
    date,
    describe,
    integer,
    positive_integer,
    read,
    severities,
    style_name,
    text,
    text_list,
)


def read_fields(
    data,
    spec: dict[str, Callable[[Any], Any]],
    path,
    diagnostics: Diagnostics,
    what: str,
    required: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The valid values of `data` by key; every problem reported, none raised."""
    keys = {name: Key(convert) for name, convert in spec.items()}
    return read(data, keys, path, diagnostics, what, required=required)
