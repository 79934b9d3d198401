"""Acronym definitions, from glossary.yaml or a chapter's `acronyms:` front matter.

    QUAD: Quadrilateral Security Dialogue
    ACSA: {expansion: Acquisition and Cross-Servicing Agreement, note: "...", plural: ACSAs}
    SC: [Supreme Court, Scheduled Castes]
    LPG: {meanings: [{expansion: Liquefied Petroleum Gas}, {expansion: "Liberalisation, ...", note: ...}]}

An entry with several meanings is never expanded automatically (enrich.acronyms).
"""

from __future__ import annotations

import re
from pathlib import Path

from handbook.errors import Diagnostics, did_you_mean, shown_text
from handbook.model import AcronymDef, AcronymMeaning, Location
from handbook.sources.yamlload import line_of

# Letters, digits, '&' and '-', starting with a letter or digit: QUAD, R&D, 5G, G20, COVID-19.
ACRONYM_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9&\-]*\Z")
ENTRY_KEYS = ("expansion", "note", "plural", "meanings", "article", "proper")
ARTICLES = ("the", "a", "an")
MEANING_KEYS = ("expansion", "note")
LANGUAGE_KEY = re.compile(r"[a-z]{2}\Z")  # hi: {expansion: ..., note: ...}: the entry in Hindi


def parse_acronym_defs(
    data, path: Path | None, diagnostics: Diagnostics, line: int | None = None, language: str = ""
) -> dict[str, AcronymDef]:
    """`line`: where the definitions start (the `acronyms:` key), for a value that is no mapping."""
    defs: dict[str, AcronymDef] = {}
    if data is None:
        return defs
    if not isinstance(data, dict):
        diagnostics.error(
            path,
            line_of(data, 0, line),
            "acronyms must be a mapping like 'QUAD: Quadrilateral Security Dialogue'",
            code="acronyms-not-mapping",
        )
        return defs
    for key, value in data.items():
        line = line_of(data, key)
        acronym = str(key)
        if isinstance(key, bool) or not ACRONYM_KEY.match(acronym):
            diagnostics.error(
                path,
                line,
                f"'{acronym}' is not an acronym: use letters, digits, '&' and '-' only",
                code="acronym-name-invalid",
            )
            continue
        entry = _parse_entry(acronym, value, path, line, diagnostics)
        if entry is not None and language and isinstance(value, dict):
            entry = _translated(entry, value.get(language), path, line_of(value, language, line), diagnostics)
        if entry is not None:
            defs[acronym] = entry
    return defs


def _parse_entry(acronym, value, path, line, diagnostics) -> AcronymDef | None:
    loc = Location(path, line)
    if isinstance(value, str) and value.strip():
        return AcronymDef(acronym, value.strip(), loc)
    if isinstance(value, list):
        return _with_meanings(acronym, value, "", path, line, diagnostics)
    if isinstance(value, dict):
        for key in value:
            if key not in ENTRY_KEYS and not LANGUAGE_KEY.match(str(key)):
                diagnostics.warning(
                    path,
                    line_of(value, key, line),
                    f"unknown key '{shown_text(key)}' in acronym {acronym}{did_you_mean(key, ENTRY_KEYS)}",
                    code="key-unknown",
                )
        plural = value.get("plural", "")
        if not isinstance(plural, str):
            diagnostics.error(
                path, line, f"acronym {acronym}: 'note' and 'plural' must be text", code="value-invalid"
            )
            return None
        if "meanings" in value:
            entry = _with_meanings(
                acronym,
                value["meanings"],
                plural.strip(),
                path,
                line_of(value, "meanings", line),
                diagnostics,
            )
        else:
            meaning = _meaning(acronym, value, path, line, diagnostics)
            entry = (
                None
                if meaning is None
                else AcronymDef(acronym, meaning.expansion, loc, meaning.note, plural.strip())
            )
        return entry if entry is None else _reading(entry, value, path, line, diagnostics)
    diagnostics.error(
        path,
        line,
        f"acronym {acronym} needs an expansion, like '{acronym}: Full Name'",
        code="acronym-expansion-missing",
    )
    return None


def _reading(entry: AcronymDef, value: dict, path, line, diagnostics) -> AcronymDef:
    """`article: the` and `proper: false`: how the expansion reads in a sentence."""
    article = value.get("article", "")
    if not isinstance(article, str) or article.strip().casefold() not in ("",) + ARTICLES:
        diagnostics.error(
            path,
            line_of(value, "article", line),
            f"acronym {entry.acronym}: 'article' is one of {', '.join(ARTICLES)}",
            code="value-invalid",
        )
        article = ""
    proper = value.get("proper", True)
    if not isinstance(proper, bool):
        diagnostics.error(
            path,
            line_of(value, "proper", line),
            f"acronym {entry.acronym}: 'proper' is true (a name) or false (a common noun)",
            code="value-invalid",
        )
        proper = True
    entry.article, entry.proper = article.strip().casefold(), proper
    return entry


def _meaning(acronym, value, path, line, diagnostics) -> AcronymMeaning | None:
    """One meaning: text, or {expansion, note}."""
    if isinstance(value, str) and value.strip():
        return AcronymMeaning(value.strip())
    if not isinstance(value, dict):
        shapes = "text or {expansion: ..., note: ...}"
        diagnostics.error(path, line, f"acronym {acronym}: each meaning is {shapes}", code="value-invalid")
        return None
    expansion = value.get("expansion")
    if not isinstance(expansion, str) or not expansion.strip():
        diagnostics.error(
            path, line, f"acronym {acronym} needs an 'expansion' (text)", code="acronym-expansion-missing"
        )
        return None
    note = value.get("note", "")
    if not isinstance(note, str):
        diagnostics.error(
            path, line, f"acronym {acronym}: 'note' and 'plural' must be text", code="value-invalid"
        )
        return None
    return AcronymMeaning(expansion.strip(), note.strip())


def _with_meanings(acronym, items, plural, path, line, diagnostics) -> AcronymDef | None:
    """`SC: [Supreme Court, Scheduled Castes]` or `meanings:` (a list of meanings)."""
    if not isinstance(items, list) or not items:
        diagnostics.error(
            path,
            line,
            f"acronym {acronym}: 'meanings' must be a list of one or more meanings",
            code="value-invalid",
        )
        return None
    meanings = []
    for index, item in enumerate(items):
        item_line = line_of(items, index, line)
        if isinstance(item, dict):
            for key in item:
                if key not in MEANING_KEYS:
                    diagnostics.warning(
                        path,
                        line_of(item, key, item_line),
                        f"unknown key '{shown_text(key)}' in a meaning of acronym {acronym}"
                        f"{did_you_mean(key, MEANING_KEYS)}",
                        code="key-unknown",
                    )
        meaning = _meaning(acronym, item, path, item_line, diagnostics)
        if meaning is not None and meaning not in meanings:
            meanings.append(meaning)
    if not meanings:
        return None
    first = meanings[0]
    return AcronymDef(acronym, first.expansion, Location(path, line), first.note, plural, meanings[1:])


def _translated(entry: AcronymDef, value, path, line, diagnostics) -> AcronymDef:
    """The entry in the book's language (`hi: {expansion: ..., note: ...}` or `hi: text`), the
    English expansion kept as `original`; the entry as it is when there is no translation."""
    if value is None:
        return entry
    if isinstance(value, str) and value.strip():
        value = {"expansion": value}
    expansion = value.get("expansion") if isinstance(value, dict) else None
    note = value.get("note", "") if isinstance(value, dict) else ""
    if not isinstance(expansion, str) or not expansion.strip() or not isinstance(note, str):
        diagnostics.error(
            path,
            line,
            f"acronym {entry.acronym}: a translation needs an 'expansion' "
            "(text) and may have a 'note' (text)",
            code="acronym-translation",
        )
        return entry
    return AcronymDef(
        entry.acronym,
        expansion.strip(),
        entry.loc,
        note.strip() or entry.note,
        entry.plural,
        entry.others,
        original=entry.expansion,
        proper=entry.proper,  # (an English article is no use to a translation)
    )
