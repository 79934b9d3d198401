"""docs/format.md documents every key the code accepts (a new key without docs fails here)."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

from handbook.parse.acronyms import ENTRY_KEYS
from handbook.parse.book import BOOK_KEYS, CHAPTER_KEYS
from handbook.parse.questions import SPECS
from handbook.theme import TextStyle, TextStyles, Theme
from handbook.workflow.stats import QUESTION_TYPES

FORMAT = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
QUESTION_FIELDS = {key for spec in SPECS.values() for key in spec}  # every field any type accepts


def section(title: str) -> str:
    start = FORMAT.index(f"\n## {title}")
    end = FORMAT.find("\n## ", start + 1)
    return FORMAT[start : end if end > 0 else None]


def documented(text: str) -> set[str]:
    """Keys named in the first column of the section's tables (`bold`, `italic` names two)."""
    cells = re.findall(r"^\| ([^|]+) \|", text, re.M)
    return {name for cell in cells for name in re.findall(r"`([^`]+)`", cell)}


def test_every_book_and_front_matter_key_is_documented():
    assert set(BOOK_KEYS) <= documented(section("book.yaml"))
    assert set(CHAPTER_KEYS) <= documented(section("Chapter front matter"))


def test_every_glossary_entry_key_and_question_field_and_type_is_documented():
    assert set(ENTRY_KEYS) <= documented(section("Acronyms"))
    questions = section("Practice questions")
    assert set(QUESTION_FIELDS) <= documented(questions)
    for kind in QUESTION_TYPES:
        assert f"type: {kind}" in questions  # an example of each


def theme_keys(cls, prefix="") -> set[str]:
    """Dotted theme keys: page.size, colors.accent ...; dict-valued fields and text styles
    (mindmap.title, questions.option: mappings of the keys every text style has) as one key."""
    keys = set()
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        if field.name in ("name", "source", "text", "latin"):
            continue
        hint = hints[field.name]
        if dataclasses.is_dataclass(hint) and hint is not TextStyle:
            keys |= theme_keys(hint, f"{prefix}{field.name}.")
        else:
            keys.add(f"{prefix}{field.name}")
    return keys


def test_every_theme_key_and_text_style_is_documented():
    themes = section("Themes")
    table = documented(themes)
    for key in theme_keys(Theme):
        assert key in table or f"{key}.NAME" in table or key.replace("fonts", "fonts.NAME") in table, key
    for name in (f.name for f in dataclasses.fields(TextStyles)):
        assert f"`{name}`" in themes, name
    for name in (f.name for f in dataclasses.fields(TextStyle)):
        assert name in table, name
