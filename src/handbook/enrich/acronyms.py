"""Acronyms: one book-wide glossary, each use in the text marked, the first one spelled out,
and tokens that look like acronyms but are not defined reported.

Definitions come from glossary.yaml (`book.glossary`) and each chapter's `acronyms:`; after this
step `book.glossary` holds them all. A use becomes an `AcronymUse` node (the layout links it to
its glossary entry and records its page); the first use in the book (or chapter, by the theme's
`glossary.first_use`) carries the expansion, unless the author spelled it out there already.

What is searched: paragraphs, lists, quotes, tables, headings, footnotes and practice questions.
Never searched: code spans and blocks, raw HTML, URLs, link targets and link text (a link cannot
hold another link). Headings count for page references but are never expanded. Mind-map labels
are not marked at all (a summary diagram is not a place a reader looks an acronym up, and they are
never expanded); they are still checked for undefined acronyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from handbook.enrich.acronym_text import acronym_like_tokens, find_uses, spelled_out, uses_pattern
from handbook.enrich.inline_runs import InlineRun, book_runs
from handbook.options import answers_mode
from handbook.errors import Diagnostics, display_path
from handbook.model import (
    AcronymDef, AcronymUse, Book, Emphasis, Link, Strikethrough, Strong, Text, plain_text,
)
from handbook.model.walk import walk


def expand_acronyms(book: Book, theme, options, diagnostics: Diagnostics) -> None:
    """The enrich step (runs after the questions step, so questions are model objects)."""
    book.glossary = merge_definitions(book, diagnostics)
    scan = _Scan(book.glossary, set(book.settings.ignore_acronyms), theme.glossary.first_use)
    expanded_in: dict[int, set[str]] = {}  # first_use: chapter -> each chapter's own scope
    for chapter, run in book_runs(book, answers_mode(options, book.settings)):
        if scan.first_use == "chapter":
            scan.expanded = expanded_in.setdefault(chapter.number, set())
        # A chapter printed as written in a translated edition spells acronyms out in English.
        scan.as_written = chapter.meta.language != book.settings.language
        scan_run(run, scan)
    for (path, token), line in scan.undefined.items():
        diagnostics.warning(path, line, f"undefined acronym '{token}'", code="acronym-undefined")
    cut = options.select or options.edition  # an edition uses part of the glossary, by design
    for acronym, entry in sorted(book.glossary.items()):
        if acronym not in scan.used and not cut:
            diagnostics.warning(entry.loc.path, entry.loc.line,
                                f"acronym '{acronym}' is defined but never used in the text", code="acronym-unused")


def used_acronyms(book: Book) -> set[str]:
    """The acronyms marked in the text (after `expand_acronyms`): those the glossary lists."""
    return {visit.node.acronym for visit in walk(book.chapters) if isinstance(visit.node, AcronymUse)}


# --- definitions --------------------------------------------------------------

def merge_definitions(book: Book, diagnostics: Diagnostics) -> dict[str, AcronymDef]:
    """glossary.yaml's entries plus every chapter's; a chapter may add a note or plural the
    book lacks, but an entry that says something else is an error naming both places."""
    merged = dict(book.glossary)
    for chapter in book.chapters:
        for acronym, entry in chapter.meta.acronyms.items():
            known = merged.get(acronym)
            if known is None:
                merged[acronym] = entry
                continue
            clash = _contradiction(known, entry)
            if clash:
                diagnostics.error(entry.loc.path, entry.loc.line, clash, code="acronym-conflict")
            else:
                merged[acronym] = replace(known, note=known.note or entry.note,
                                          plural=known.plural or entry.plural)
    return merged


def _contradiction(known: AcronymDef, entry: AcronymDef) -> str:
    for name in ("expansion", "note", "plural"):
        ours, theirs = getattr(entry, name), getattr(known, name)
        if ours and theirs and _folded(ours) != _folded(theirs):
            where = display_path(known.loc.path) + (f":{known.loc.line}" if known.loc.line else "")
            return (f"acronym '{entry.acronym}' has {name} '{ours}' here but '{theirs}' in {where}; "
                    "give it one meaning (or drop one of the two entries)")
    return ""


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def written_forms(glossary: dict[str, AcronymDef]) -> dict[str, str]:
    """How each acronym may be written -> the acronym: 'ACSA', 'ACSAs' and a defined plural."""
    forms: dict[str, str] = {}
    for acronym, entry in glossary.items():
        for form in (entry.plural, acronym + "s", acronym):
            if form:
                forms[form] = acronym
    return forms


# --- scanning the text ----------------------------------------------------------

@dataclass
class _Scan:
    glossary: dict[str, AcronymDef]
    ignored: set[str]
    first_use: str  # book | chapter | none
    forms: dict[str, str] = field(init=False)
    pattern: re.Pattern | None = field(init=False)
    expanded: set[str] = field(default_factory=set)  # spelled out already (in this scope)
    used: set[str] = field(default_factory=set)
    undefined: dict[tuple, int | None] = field(default_factory=dict)  # (path, token) -> first line
    as_written: bool = False  # the chapter is not in the book's language: original expansions

    def __post_init__(self):
        self.forms = written_forms(self.glossary)
        self.pattern = uses_pattern(self.forms)


def scan_run(run: InlineRun, scan: _Scan) -> None:
    """Mark the uses in one run (in place) and note undefined acronym-like tokens."""
    pieces = _flatten(run.inlines, rewritable=run.kind != "mindmap")
    shown = [_shown(node) for node, _ in pieces]
    full = "".join(shown)
    replacements: dict[int, list] = {}
    offset = 0
    for (node, rewritable), text in zip(pieces, shown):
        if rewritable is not None:
            made = _mark_uses(node.text, offset, full, run, scan, record=rewritable)
            if made is not None:
                replacements[id(node)] = made
        offset += len(text)
    if replacements:
        _replace(run.inlines, replacements)


def _mark_uses(text: str, offset: int, full: str, run: InlineRun, scan: _Scan, record: bool):
    """The Text/AcronymUse pieces for one Text node (None when it has no uses to mark)."""
    out: list = []
    position = 0
    for use in find_uses(text, scan.pattern, scan.forms):
        _lint(text[position:use.start], run, scan)
        if record:
            if use.start > position:
                out.append(Text(text[position:use.start]))
            out.append(_use_node(use, offset, full, run, scan))
        position = use.end
    _lint(text[position:], run, scan)
    if not out:
        return None
    if position < len(text):
        out.append(Text(text[position:]))
    return out


def _use_node(use, offset: int, full: str, run: InlineRun, scan: _Scan) -> AcronymUse:
    scan.used.add(use.acronym)
    node = AcronymUse(use.acronym, use.written)
    if run.kind != "text" or use.acronym in scan.expanded:
        return node
    scan.expanded.add(use.acronym)
    entry = scan.glossary[use.acronym]
    expansion = entry.original if scan.as_written and entry.original else entry.expansion
    if scan.first_use == "none" or spelled_out(full[:offset + use.start], full[offset + use.end:], expansion):
        return node
    if use.written != use.acronym and not expansion.endswith("s"):
        expansion += "s"  # a plural use, as LaTeX's acro does it: 'Agreements (ACSAs)'
    node.expansion = expansion
    return node


def _lint(text: str, run: InlineRun, scan: _Scan) -> None:
    for token in acronym_like_tokens(text):
        if token not in scan.forms and token not in scan.ignored:
            scan.undefined.setdefault((run.loc.path, token), run.loc.line)  # type: ignore[union-attr]


def _flatten(inlines: list, rewritable: bool | None, out: list | None = None) -> list:
    """(node, rewritable) in reading order: Text nodes True/False (False inside links), every
    other leaf None (code spans, existing uses, breaks: their text is context, never searched)."""
    out = [] if out is None else out
    for node in inlines:
        if isinstance(node, Text):
            out.append((node, rewritable))
        elif isinstance(node, Link):
            _flatten(node.children, False, out)
        elif isinstance(node, (Emphasis, Strong, Strikethrough)):
            _flatten(node.children, rewritable, out)
        else:
            out.append((node, None))
    return out


def _shown(node) -> str:
    if isinstance(node, Text):
        return node.text
    try:
        return plain_text([node])
    except AttributeError:  # an inline image in a heading or cell: no text
        return ""


def _replace(inlines: list, replacements: dict[int, list]) -> None:
    out = []
    for node in inlines:
        if id(node) in replacements:
            out.extend(replacements[id(node)])
            continue
        if isinstance(node, (Emphasis, Strong, Strikethrough)):
            _replace(node.children, replacements)
        out.append(node)
    inlines[:] = out
