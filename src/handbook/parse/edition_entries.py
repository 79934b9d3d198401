"""book.yaml's `editions:` and `tests:`: each entry checked like the rest of book.yaml, its
`select` parsed (parse.selection) with mistakes reported at their line and column."""

from __future__ import annotations

from pathlib import Path, PurePath

from handbook.errors import Diagnostics
from handbook.model.document import Location
from handbook.model.book_cuts import Edition, TestSpec
from handbook.parse import fields as f
from handbook.parse.selection import SelectionError, parse_selection
from handbook.sources.yamlload import line_of

QUESTION_KINDS = ("mcq", "statements", "how-many", "match", "descriptive")


def output_name(value) -> str:
    """A file name only: editions are written beside the main PDF, never elsewhere."""
    name = f.text(value).strip()
    if not name or "/" in name or "\\" in name or name in (".", "..") or PurePath(name).name != name:
        raise f.FieldError(
            "must be a file name such as 'handbook-october.pdf' (no folders): "
            "it is written beside the main PDF"
        )
    return name if name.lower().endswith(".pdf") else name + ".pdf"


def kinds(value) -> tuple[str, ...]:
    items = [s.strip() for s in value.split(",")] if isinstance(value, str) else f.text_list(value)
    return tuple(f.choice(*QUESTION_KINDS)(item) for item in items if item)


def minutes(value) -> int:
    return f.positive_integer(value)


def marks(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e6:
        raise f.FieldError(f"must be a positive number, not {f.describe(value)}")
    return value


def marking(value) -> dict:
    """`marks: 2`, or the whole rule: `marks: {correct: 2, wrong: -0.66, blank: 0}`."""
    if not isinstance(value, dict):
        return {"marks": marks(value)}
    unknown = sorted(str(k) for k in value if k not in ("correct", "wrong", "blank"))
    if unknown or "correct" not in value:
        raise f.FieldError(
            "must be a number, or a mapping like {correct: 2, wrong: -0.66, blank: 0}"
            + (f" (unknown: {', '.join(unknown)})" if unknown else " (correct is missing)")
        )
    out = {"marks": marks(value["correct"])}
    for key in ("wrong", "blank"):
        if key in value:
            given = value[key]
            if isinstance(given, bool) or not isinstance(given, (int, float)) or not -1e6 < given <= 0:
                raise f.FieldError(f"'{key}' must be zero or a negative number, not {f.describe(given)}")
            out[key] = given
    return out


def series_count(value) -> int:
    count = f.positive_integer(value)
    if count > len(SERIES_LETTERS):
        raise f.FieldError(f"must be 1 to {len(SERIES_LETTERS)} (series A-{SERIES_LETTERS[-1]}), not {count}")
    return count


def roll_digits(value) -> int:
    count = f.positive_integer(value)
    if not 4 <= count <= 12:
        raise f.FieldError(f"must be 4 to 12 digits, not {count}")
    return count


SERIES_LETTERS = "ABCD"


EDITION_KEYS = {
    "select": f.text,
    "title": f.text,
    "subtitle": f.text,
    "output": output_name,
    "style": f.style_name,
    "answers": f.choice("end", "chapter", "none"),
    "language": f.text,
}
TEST_KEYS = {
    "select": f.text,
    "title": f.text,
    "count": f.positive_integer,
    "types": kinds,
    "seed": f.integer,
    "minutes": minutes,
    "marks": marking,
    "max_marks": marks,
    "shuffle": f.boolean,
    "series": series_count,
    "language": f.choice("en", "hi", "hi+en", "en+hi"),
    "roll_digits": roll_digits,
    "date": f.date,
    "output": output_name,
    "style": f.style_name,
    "instructions": f.text_list,
}


def parse_editions(
    data, path: Path, line: int | None, diagnostics: Diagnostics, lines: list[str] | tuple = ()
) -> dict[str, Edition]:
    """`lines`: book.yaml's text, to give a mistake in a selection its column in the file."""
    return _entries(data, path, line, diagnostics, "editions", EDITION_KEYS, Edition, lines)


def parse_tests(
    data, path: Path, line: int | None, diagnostics: Diagnostics, lines: list[str] | tuple = ()
) -> dict[str, TestSpec]:
    return _entries(data, path, line, diagnostics, "tests", TEST_KEYS, TestSpec, lines)


def _entries(data, path, line, diagnostics, key: str, spec: dict, cls, lines) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        diagnostics.error(
            path,
            line,
            f"'{key}' must be a mapping of names to settings, like "
            f"'{key}: {{october: {{select: \"date >= 2025-10-01\"}}}}'",
            code="edition-not-mapping",
        )
        return {}
    out: dict = {}
    for name, entry in data.items():
        entry_line = line_of(data, name, line)
        name = str(name)
        if not isinstance(entry, dict):
            diagnostics.error(
                path,
                entry_line,
                f"'{key}.{name}' must be a mapping (select, title, ...), not {f.describe(entry)}",
                code="edition-not-mapping",
            )
            continue
        values = f.read_fields(entry, spec, path, diagnostics, f"'{key}.{name}'")
        select = values.pop("select", None)
        if select is not None:
            at = line_of(entry, "select", entry_line)
            text = lines[at - 1] if at and 0 < at <= len(lines) else ""
            values["select"] = selection_at(select, path, at, diagnostics, text)
            if values["select"] is None:
                out[name] = None  # named, but broken (reported): not "unknown" to --edition
                continue
        if "marks" in values and isinstance(values["marks"], dict):  # a test's marking rule
            values.update(values.pop("marks"))
        if cls is Edition and "style" in values:
            values["style_line"] = line_of(entry, "style")
        out[name] = cls(name=name, loc=Location(path, entry_line), **values)
    return out


def selection_at(source: str, path, line: int | None, diagnostics: Diagnostics, line_text: str = ""):
    """The parsed selection, or None with the mistake reported at its column in the file
    (`line_text`: the file's line holding it), or in the expression (on the command line)."""
    try:
        return parse_selection(source)
    except SelectionError as exc:
        column = exc.column + max(line_text.find(source), 0)
        message = f"in the selection: {exc}"
        # One call per code (the codes are listed in docs/format.md and checked there).
        if exc.code == "select-unknown-field":
            diagnostics.error(path, line, message, column=column, code="select-unknown-field")
        elif exc.code == "select-type":
            diagnostics.error(path, line, message, column=column, code="select-type")
        else:
            diagnostics.error(path, line, message, column=column, code="select-syntax")
        return None
