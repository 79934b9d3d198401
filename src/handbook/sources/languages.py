"""Bilingual sources (issue 16): a chapter's translation sits beside it as NN-slug.LANG.md.

The default edition reads the originals only; `--lang LANG` reads each chapter's translation
where there is one and the original where not (named in one warning). A translation's front
matter inherits `order`, `paper`, `topic`, `date` and `tags` from the original when absent.
"""

from __future__ import annotations

import re
from pathlib import Path

from handbook.errors import Diagnostics
from handbook.sources.yamlload import line_of

TRANSLATION = re.compile(r"\.([a-z]{2})\.md\Z")
LANGUAGE_CODE = re.compile(r"[a-z]{2}\Z")
INHERITED = ("order", "paper", "topic", "date", "tags")


def is_translation(path: Path) -> bool:
    return TRANSLATION.search(path.name) is not None


def translation_of(path: Path, language: str) -> Path:
    return path.with_name(f"{path.name[:-3]}.{language}.md")


MISSING = ("english", "skip", "error")  # book.yaml `translations: {missing: ...}`


def missing_policy(book, book_path: Path | None, diagnostics: Diagnostics) -> str:
    """What a --lang build does with a chapter that has no translation, from book.yaml's
    `translations: {missing: english | skip | error}` (english: printed as written)."""
    value = book.get("translations") if isinstance(book, dict) else None
    if value is None:
        return "english"
    line = line_of(book, "translations")
    if not isinstance(value, dict) or set(value) - {"missing"}:
        diagnostics.error(
            book_path,
            line,
            "'translations' must be a mapping like 'translations: {missing: english}'",
            code="translations-invalid",
        )
        return "english"
    chosen = value.get("missing", "english")
    if chosen not in MISSING:
        diagnostics.error(
            book_path,
            line_of(value, "missing", line),
            f"'translations.missing' must be one of {', '.join(MISSING)}, not {chosen!r}",
            code="translations-invalid",
        )
        return "english"
    return chosen


def choose(
    paths: list[Path], language: str, root: Path, diagnostics: Diagnostics, missing: str = "english"
) -> list[tuple[Path, Path | None]]:
    """(file to read, its original or None) per chapter, in order. A chapter without a
    translation is printed as written (`missing`: english), left out (skip) or an error."""
    chosen: list[tuple[Path, Path | None]] = []
    untranslated: list[str] = []
    if language and not LANGUAGE_CODE.match(language):  # an edition's `language:`; --lang is checked
        diagnostics.error(
            root,
            None,
            f"language {language!r} is not a code of two small letters, like 'hi'",
            code="value-invalid",
        )
        language = ""
    for path in paths:
        if not language:
            chosen.append((path, None))
            continue
        translated = translation_of(path, language)
        if translated.is_file():
            chosen.append((translated, path))
            continue
        untranslated.append(path.name)
        if missing == "english":
            chosen.append((path, None))
    if not untranslated:
        return chosen
    names = ", ".join(untranslated)
    count = f"{len(untranslated)} chapter(s) have no '{language}' translation"
    if missing == "error":
        diagnostics.error(
            root,
            None,
            f"{count} (book.yaml: translations: {{missing: error}}): {names}",
            code="untranslated-chapters",
        )
    elif missing == "skip":
        diagnostics.warning(root, None, f"{count} and are left out: {names}", code="untranslated-chapters")
    else:
        diagnostics.warning(
            root, None, f"{count} and are printed as written: {names}", code="untranslated-chapters"
        )
    return chosen


def inherit(front: dict | None, original: dict | None) -> None:
    """Fill a translation's front matter with the original's `order`, paper, topic, ... where absent."""
    if front is None or not original:
        return
    for key in INHERITED:
        if key not in front and key in original:
            front[key] = original[key]
