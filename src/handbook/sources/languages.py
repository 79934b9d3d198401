"""Bilingual sources (issue 16): a chapter's translation sits beside it as NN-slug.LANG.md.

The default edition reads the originals only; `--lang LANG` reads each chapter's translation
where there is one and the original where not (named in one warning). A translation's front
matter inherits `order`, `paper`, `topic`, `date` and `tags` from the original when absent.
"""

from __future__ import annotations

import re
from pathlib import Path

from handbook.errors import Diagnostics

TRANSLATION = re.compile(r"\.([a-z]{2})\.md\Z")
LANGUAGE_CODE = re.compile(r"[a-z]{2}\Z")
INHERITED = ("order", "paper", "topic", "date", "tags")


def is_translation(path: Path) -> bool:
    return TRANSLATION.search(path.name) is not None


def translation_of(path: Path, language: str) -> Path:
    return path.with_name(f"{path.name[:-3]}.{language}.md")


def choose(
    paths: list[Path], language: str, root: Path, diagnostics: Diagnostics
) -> list[tuple[Path, Path | None]]:
    """(file to read, its original or None) per chapter, in order."""
    chosen: list[tuple[Path, Path | None]] = []
    missing: list[str] = []
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
        else:
            chosen.append((path, None))
            missing.append(path.name)
    if missing:
        diagnostics.warning(
            root,
            None,
            f"{len(missing)} chapter(s) have no '{language}' translation "
            f"and are printed as written: {', '.join(missing)}",
            code="untranslated-chapters",
        )
    return chosen


def inherit(front: dict | None, original: dict | None) -> None:
    """Fill a translation's front matter with the original's `order`, paper, topic, ... where absent."""
    if front is None or not original:
        return
    for key in INHERITED:
        if key not in front and key in original:
            front[key] = original[key]
