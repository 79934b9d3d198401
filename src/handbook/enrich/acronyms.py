"""Acronyms: one book-wide glossary, each use in the text marked, the first one spelled out
where that cannot be wrong, and tokens that look like acronyms but are not defined reported.

Definitions come from glossary.yaml (`book.glossary`) and each chapter's `acronyms:`; after this
step `book.glossary` holds them all. An entry may have several meanings (SC: Supreme Court,
Scheduled Castes); a chapter's `acronyms:` chooses (or adds) the meanings in reach in that
chapter, and a use may choose one itself: `SC{Scheduled Castes}`; `\\SC` is not the acronym.

A use becomes an `AcronymUse` node (the layout links it to its glossary entry and records its
page). The first use of a meaning in the book (or chapter, by the theme's `glossary.first_use`)
carries the expansion, unless an expansion there cannot be right: more than one meaning in
reach, a heading, table cell, block quote or quotation, link text, parentheses the author opened
after a phrase or opens after the use, or a colon and the expansion after it (their own
definition: later uses are not expanded either), next to a number, in a hyphenated compound or
a run of ALL-CAPS prose, when the paragraph spells the expansion already, or when the next word
repeats its last ('MISA Act'). Which words are uses, and which undefined
words are worth a warning, is `acronym_text.words` (the one detector).

Never searched: code spans and blocks, raw HTML tags, URLs and link targets. Mind-map labels
are not marked (a summary diagram is not where a reader looks an acronym up); they are still
checked for undefined acronyms.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Protocol
from dataclasses import dataclass, field, replace

from handbook.enrich.acronym_text import (
    Word,
    as_read,
    bracket_phrase,
    defined_after,
    in_quotation,
    may_stand_for,
    name_phrases,
    normal,
    not_an_acronym,
    open_parenthesis,
    plural,
    repeats_next_word,
    same_name,
    spelled_nearby,
    spelled_out,
    words,
)
from handbook.enrich.hindi_names import hindi_names, same_hindi_end, transliterated, written_in_devanagari
from handbook.enrich.inline_runs import InlineRun, key_runs, own_runs
from handbook.incremental.identity import ByIdentity
from handbook.options import answers_mode
from handbook.errors import Diagnostics
from handbook.model import (
    AcronymDef,
    AcronymMeaning,
    AcronymUse,
    Book,
    Callout,
    Chapter,
    Image,
    Link,
    Location,
    RemoteImage,
    Text,
    WikiLink,
    plain_text,
)
from handbook.model.journal import AcronymJournal, ChapterScan
from handbook.model.walk import walk

UNDEFINED = "undefined acronym '{}'"
UNUSED = "acronym '{}' is defined but never used in the text"
TODO = (
    "{} glossary entr{} still TODO ({}): not used (never printed or spelled out) until you "
    "write what each stands for; 'handbook glossary review' helps"
)
AMBIGUOUS = (
    "acronym '{}' has {} meanings here ({}): it is linked, not spelled out; choose one "
    "for this use ({}{{{}}}) or for the chapter (its 'acronyms:')"
)
RIVAL = "'{}', spelled in this chapter"  # another meaning the chapter's own words suggest


class ScanStore(Protocol):
    """Chapter scans an earlier build made (`Book.acronym_scans`; the pipeline's, from the cache)."""

    def key(self, chapter: Chapter, state: str) -> str | None:
        """The entry of `chapter` (as the steps before this one left it) reached in `state`
        (`_next_state`: everything the chapters before it did to the step); None: not kept."""

    def get(self, key: str) -> ChapterScan | None: ...

    def put(self, key: str, scan: ChapterScan) -> None: ...


def expand_acronyms(book: Book, theme, options, diagnostics: Diagnostics) -> None:
    """The enrich step (runs after the questions step, so questions are model objects)."""
    book.glossary = merge_definitions(book, diagnostics)
    # An entry still "TODO" (written by an older `glossary suggest`) is no entry: not linked,
    # not printed, not listed in the glossary; one warning says how many are left.
    todo = {acronym: entry for acronym, entry in book.glossary.items() if entry.todo}
    for acronym in todo:
        del book.glossary[acronym]
    answers = answers_mode(options, book.settings)
    scan = _Scan(book.glossary, set(book.settings.ignore_acronyms), theme.glossary.first_use)
    journal = AcronymJournal(glossary_digest(book.glossary), scan.first_use)
    start = _replay(book.acronym_journal, journal, scan)  # a preview: its chapter's number
    scan.journal = journal.changes
    store: ScanStore | None = book.acronym_scans if not start else None
    state = _next_state(
        journal.glossary, scan.first_use, sorted(scan.book_ignored), answers, book.settings.language
    )
    expanded_in: dict[int, set] = {}  # first_use: chapter -> each chapter's own scope
    chapters = [chapter for chapter in book.chapters if chapter.number >= start]
    keys: ByIdentity[str] = ByIdentity()  # chapter -> its scan's key
    for chapter in chapters:
        scan.at = (chapter.number, False)
        if scan.first_use == "chapter":
            scan.expanded = expanded_in.setdefault(chapter.number, set())
        key = store.key(chapter, state) if store is not None else None
        found = store.get(key) if store is not None and key is not None else None
        if key is not None:
            keys[chapter] = key
        if found is not None:
            # The chapter as that build left it, into the same object (the pipeline and its
            # cache know chapters by identity); then its changes, as if it had been read.
            vars(chapter).update(vars(found.chapter))
            for _, _, what, value in found.changes:
                _apply_change(scan, what, value)
            scan.journal.extend(found.changes)
            scan.chapter_path = None  # (its meanings in reach were not looked up)
        else:
            found = _scan_chapter(chapter, scan, book.settings.language, answers)
            if store is not None and key is not None:
                store.put(key, found)  # (stored now: the answer key below changes the chapter)
        _note_words(found, scan)
        state = _next_state(state, found.changes)
    in_key: ByIdentity[list] = ByIdentity()  # chapter -> its runs read in the answer key
    for chapter, run in key_runs(chapters, answers):
        scan.at = (chapter.number, True)
        if scan.first_use == "chapter":
            scan.expanded = expanded_in.setdefault(chapter.number, set())
        scan.enter(chapter)
        scan.as_written = chapter.meta.language != book.settings.language
        scan_run(run, scan)
        runs = in_key.get(chapter)
        if runs is None:
            runs = []
            in_key[chapter] = runs
        runs.append(run.inlines)  # (rewritten in place: as printed)
    scan.quiet.update(scan.quiet_here)
    book.quiet_acronyms = scan.quiet
    for chapter in chapters:  # its scan's key and what the answer key did to it make it
        if chapter in keys:
            chapter.made_from = _next_state(keys[chapter], in_key.get(chapter, []))
    book.undefined_acronyms = scan.undefined
    book.acronym_journal = journal if not start else None  # whole only when every chapter was read
    book.marked_acronyms = set(scan.used) if not start else None  # (each use made a node)
    for token, places in scan.undefined.items():
        if token in todo:
            continue  # counted in the one TODO line
        seen = set()
        for place in places:
            if place.path not in seen:  # once per file, at its first use
                seen.add(place.path)
                diagnostics.warning(place.path, place.line, UNDEFINED.format(token), code="acronym-undefined")
    for (path, acronym), (line, meanings) in scan.ambiguous.items():
        listed = "; ".join(meanings)
        diagnostics.warning(
            path,
            line,
            AMBIGUOUS.format(acronym, len(meanings), listed, acronym, meanings[-1]),
            code="acronym-ambiguous",
        )
    cut = options.select or options.edition  # an edition uses part of the glossary, by design
    for acronym, entry in sorted(book.glossary.items()):
        if acronym not in scan.used and not cut:
            diagnostics.warning(entry.loc.path, entry.loc.line, UNUSED.format(acronym), code="acronym-unused")
    if todo:
        first = min(todo.values(), key=lambda entry: entry.loc.line or 0)
        shown = ", ".join(sorted(todo)[:5]) + (", …" if len(todo) > 5 else "")
        several = len(todo) != 1
        diagnostics.warning(
            first.loc.path,
            first.loc.line,
            TODO.format(len(todo), "ies are" if several else "y is", shown),
            code="acronym-todo",
        )


def _scan_chapter(chapter: Chapter, scan: "_Scan", language: str, answers: str) -> ChapterScan:
    """Read the runs the chapter prints where it stands; what it noted is returned, not kept."""
    first = len(scan.journal)
    book_undefined, book_ambiguous = scan.undefined, scan.ambiguous
    scan.undefined, scan.ambiguous = {}, {}
    scan.enter(chapter)
    # A chapter printed as written in a translated edition spells acronyms out in English.
    scan.as_written = chapter.meta.language != language
    strings = [chapter.meta.title, chapter.meta.subtitle]  # printed, never marked
    # Callout titles, set like headings: by id, safe (each title list is held by its callout in
    # the chapter for the whole call, so no other object can have its id meanwhile).
    titles: set[int] = set()

    def seen(node) -> None:
        if isinstance(node, (Image, RemoteImage)):
            strings.append(node.alt)
        elif isinstance(node, Callout) and node.title:
            titles.add(id(node.title))

    runs = list(own_runs(chapter, answers, seen))
    texts = [plain_text(run.inlines) for run in runs]
    scan.rivals = scan.rivals_of[chapter.path] = _rivals(scan.glossary, texts + strings)
    try:
        _defined_in_strings(strings, scan)
        for run in runs:
            if id(run.inlines) in titles:
                run.kind = "heading"
            scan_run(run, scan)
        quiet = _ordinary_words(scan, texts + strings)
        return ChapterScan(
            chapter,
            scan.journal[first:],
            [(word, place) for word, places in scan.undefined.items() for place in places],
            list(scan.ambiguous.items()),
            scan.rivals,
            quiet,
        )
    finally:
        scan.undefined, scan.ambiguous = book_undefined, book_ambiguous


def _note_words(found: ChapterScan, scan: "_Scan") -> None:
    """A chapter's undefined and ambiguous words, added as reading it adds them."""
    for word, place in found.undefined:
        scan.undefined.setdefault(word, []).append(place)
    for where, what in found.ambiguous:
        scan.ambiguous.setdefault(where, what)
    for word, (reason, place) in found.quiet.items():
        scan.quiet.setdefault(word, (reason, place))
    scan.rivals_of[found.chapter.path] = found.rivals


def _rivals(glossary: dict[str, AcronymDef], texts: list[str]) -> dict[str, str]:
    """Acronym -> a name the chapter spells whose initials are the acronym's but which is none
    of its meanings: 'Madhya Pradesh' for MP = Member of Parliament, 'Central Sector Scheme'
    for CSC = Common Service Centre. Where the chapter's words offer another meaning, the
    tool cannot know which one a use has: it spells nothing out there."""
    by_start: dict[str, list[str]] = {}  # every beginning of an acronym's letters -> acronyms
    for acronym in glossary:
        if acronym.isalpha() and acronym.isupper():
            for end in range(2, len(acronym) + 1):
                by_start.setdefault(acronym[:end], []).append(acronym)
    if not by_start:
        return {}
    rivals: dict[str, str] = {}
    for text in texts:
        for initials, phrase in name_phrases(text):
            for acronym in by_start.get(initials, ()):
                if acronym in rivals or not may_stand_for(acronym, initials, phrase):
                    continue
                if not any(same_name(phrase, m.expansion) for m in glossary[acronym].meanings):
                    rivals[acronym] = phrase
        for acronym, phrase in _devanagari_definitions(text, glossary):
            rivals.setdefault(acronym, phrase)
    return rivals


def _devanagari_definitions(text: str, glossary: dict[str, AcronymDef]) -> list[tuple[str, str]]:
    """(acronym, name) for every Hindi name the author puts beside an acronym in brackets that is
    none of its meanings (in Hindi or English, or English written in Devanagari) nor the acronym
    itself: 'मध्य प्रदेश (MP)' for MP = Member of Parliament. No initials can be read from
    Devanagari, so the words next to the bracket are compared with every meaning's end."""
    found = []
    for acronym, name in hindi_names(text):
        entry = glossary.get(acronym)
        if entry is None:
            continue
        meanings = [m.expansion for m in entry.meanings] + [entry.original] * bool(entry.original)
        if not any(
            same_hindi_end(name, m) or transliterated(name, m) for m in meanings if m
        ) and not written_in_devanagari(acronym, name):
            found.append((acronym, name))
    return found


def _defined_in_strings(strings: list[str], scan: "_Scan") -> None:
    """The chapter's title and subtitle and its image captions are the author's words too: an
    acronym they define ('JICA (Japan International Cooperation Agency)') is spelled out."""
    for text in strings:
        if not text:
            continue
        for word in words(text, scan.forms, ignored=scan.ignored):
            if word.acronym is None:
                continue
            entry = scan.glossary[word.acronym]
            reach = scan.meanings_in_reach(word.acronym)
            for index in reach:
                if _authors_definition(
                    text[: word.start], text[word.end :], text, entry.meanings[index].expansion, word.acronym
                ):
                    scan.expand((word.acronym, index))


def _ordinary_words(scan: "_Scan", texts: list[str]) -> dict[str, tuple[str, Location]]:
    """Undefined words of this chapter that are ordinary words set in capitals ('AMBEDKAR'
    beside 'Ambedkar', 'ARMED' beside 'armed'): taken off the warnings, kept for `check
    --verbose`. Words of five letters or more only (WHO, IT and US are acronyms beside 'who')."""
    long = [word for word in scan.undefined if len(word) >= 5 and word.isalpha()]
    quiet: dict[str, tuple[str, Location]] = {}
    if long:
        vocabulary = set(re.findall(r"\b[A-Z]?[a-z]+\b", " ".join(texts)))
        for word in long:
            if word.lower() in vocabulary or word.capitalize() in vocabulary:
                quiet[word] = ("an ordinary word in capitals", scan.undefined.pop(word)[0])
    quiet.update(scan.quiet_here)
    scan.quiet_here = {}
    return quiet


def _next_state(*parts) -> str:
    """A digest of what the chapters read so far did to the step (and of how it runs)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def glossary_digest(glossary: dict[str, AcronymDef]) -> str:
    return hashlib.sha256(repr(sorted(glossary.items())).encode("utf-8", "surrogatepass")).hexdigest()


def _replay(recorded: AcronymJournal | None, journal: AcronymJournal, scan: "_Scan") -> int:
    """The chapter number to read from (0: all of them). With a journal a preview was given
    (`resume_at`, recorded by a build that started from the same merged glossary), the
    changes the chapters before it made are made again instead of reading those chapters.
    Of the answer key at the book's end (read after every chapter, not printed in a
    preview) only the uses are replayed: they decide the "never used" warnings."""
    if (
        recorded is None
        or not recorded.resume_at
        or recorded.glossary != journal.glossary
        or recorded.first_use != journal.first_use
        or scan.first_use == "chapter"  # expansions spent per chapter: nothing to carry over
    ):
        return 0
    for number, in_key, what, value in recorded.changes:
        if number >= recorded.resume_at or (in_key and what != "used"):
            continue
        _apply_change(scan, what, value)
    return recorded.resume_at


def _apply_change(scan: "_Scan", what: str, value) -> None:
    """Make one change of a journal again (`_Scan.note` wrote it)."""
    if what == "expanded":
        scan.expanded.add(value)
    elif what == "used":
        scan.used.add(value)
    elif what == "define":
        scan.glossary[value.acronym] = _as_defined(value)
        scan.forms.update(written_forms({value.acronym: value}))
    elif what == "meaning":
        scan.glossary[value[0]].others.append(value[1])


def used_acronyms(book: Book) -> set[str]:
    """The acronyms marked in the text (after `expand_acronyms`): those the glossary lists.
    The step says which it marked; walking the whole book for them was 2-3% of a build."""
    if book.marked_acronyms is not None:
        return set(book.marked_acronyms)
    return {visit.node.acronym for visit in walk(book.chapters) if isinstance(visit.node, AcronymUse)}


# --- definitions --------------------------------------------------------------


def merge_definitions(book: Book, diagnostics: Diagnostics) -> dict[str, AcronymDef]:
    """glossary.yaml's entries plus every chapter's. A chapter's meaning that the book lacks is
    added to the entry as another meaning (the chapter's); a note or plural the book lacks is
    taken over."""
    merged = {acronym: replace(entry, others=list(entry.others)) for acronym, entry in book.glossary.items()}
    for chapter in book.chapters:
        for acronym, entry in chapter.meta.acronyms.items():
            known = merged.get(acronym)
            if known is None:
                merged[acronym] = replace(entry, others=list(entry.others))
                continue
            for meaning in entry.meanings:
                index = meaning_index(known, meaning.expansion)
                if index is None:
                    known.others.append(meaning)
                elif meaning.note and not known.meanings[index].note:
                    _set_note(known, index, meaning.note)
            if entry.plural and not known.plural:
                known.plural = entry.plural
    return merged


def meaning_index(entry: AcronymDef, expansion: str) -> int | None:
    """Which of the entry's meanings `expansion` is (case, spaces and '&'/'and' folded)."""
    wanted = normal(expansion)
    for index, meaning in enumerate(entry.meanings):
        if normal(meaning.expansion) == wanted:
            return index
    return None


def _set_note(entry: AcronymDef, index: int, note: str) -> None:
    if index == 0:
        entry.note = note
    else:
        entry.others[index - 1] = AcronymMeaning(entry.others[index - 1].expansion, note)


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
    book_ignored: set[str]
    first_use: str  # book | chapter | none
    forms: dict[str, str] = field(init=False)
    ignored: set[str] = field(init=False)
    reach: dict[str, list[int]] = field(default_factory=dict)  # this chapter's meanings
    chapter_path: Any = None  # the chapter being scanned (set by enter)
    expanded: set = field(default_factory=set)  # (acronym, meaning) spelled out in this scope
    used: set[str] = field(default_factory=set)
    undefined: dict[str, list[Location]] = field(default_factory=dict)
    ambiguous: dict[tuple, tuple] = field(default_factory=dict)  # (path, acronym) -> (line, meanings)
    as_written: bool = False  # the chapter is not in the book's language: original expansions
    journal: list = field(default_factory=list)  # AcronymJournal.changes, in order
    at: tuple[int, bool] = (0, False)  # the chapter number being read, in the answer key?
    rivals: dict[str, str] = field(default_factory=dict)  # this chapter's (`_rivals`)
    rivals_of: dict[Any, dict[str, str]] = field(default_factory=dict)  # chapter path -> its rivals
    quiet: dict[str, tuple[str, Location]] = field(default_factory=dict)  # not acronyms: check --verbose
    quiet_here: dict[str, tuple[str, Location]] = field(default_factory=dict)  # ... in this chapter

    def __post_init__(self):
        self.forms = written_forms(self.glossary)
        self.ignored = set(self.book_ignored)

    def enter(self, chapter) -> None:
        """The chapter's own choices: its meanings and its `ignore_acronyms`."""
        if chapter.path == self.chapter_path:
            return
        self.chapter_path = chapter.path
        self.rivals = self.rivals_of.get(chapter.path, {})
        self.ignored = set(self.book_ignored) | set(chapter.meta.ignore_acronyms)
        self.reach = {}
        for acronym, entry in chapter.meta.acronyms.items():
            known = self.glossary.get(acronym)
            if known is not None:
                self.reach[acronym] = [
                    i for i in (meaning_index(known, m.expansion) for m in entry.meanings) if i is not None
                ]

    def note(self, what: str, value) -> None:
        self.journal.append((*self.at, what, value))

    def expand(self, key: tuple) -> None:
        if key not in self.expanded:
            self.expanded.add(key)
            self.note("expanded", key)

    def meanings_in_reach(self, acronym: str) -> list[int]:
        return self.reach.get(acronym) or list(range(len(self.glossary[acronym].meanings)))


def scan_run(run: InlineRun, scan: _Scan) -> None:
    """Mark the uses in one run (in place) and note undefined acronym-like words."""
    if run.loc is None:  # (the walk gives the nearest location it knows; at least the file)
        run.loc = Location(scan.chapter_path)
    mode = "lint" if run.kind == "mindmap" else "mark"
    pieces = _flatten(run.inlines, mode)
    shown = [_shown(node) for node, _ in pieces]
    full = "".join(shown)
    # By id, safe: every node keyed is held by `pieces` (and the run) until _replace has run.
    replacements: dict[int, list] = {}
    offset = 0
    for (node, how), text in zip(pieces, shown):
        if how is not None:
            made = _mark_uses(text, offset, full, run, scan, how)
            if made is not None:
                replacements[id(node)] = made
        offset += len(text)
    if replacements:
        _replace(run.inlines, replacements)


def _mark_uses(text: str, offset: int, full: str, run: InlineRun, scan: _Scan, how: str):
    """The Text/AcronymUse pieces for one Text node (None when nothing in it changes)."""
    out: list = []
    position = 0
    changed = False
    for word in words(full, scan.forms, offset, offset + len(text), scan.ignored):
        start, end = word.start - offset, word.end - offset
        if word.candidate and word.chosen and how != "lint":
            _define_here(word, run, scan)  # 'XYZ{Its Meaning}': defined at its use
            word = replace(word, acronym=word.candidate, candidate=None)
        elif word.candidate and word.written in scan.forms and how != "lint":
            # defined a moment ago, earlier in this text: a use (never its first)
            word = replace(word, acronym=scan.forms[word.written], candidate=None, expandable=False)
        if word.candidate:
            assert run.loc is not None  # (scan_run gives every run one)
            why = not_an_acronym(word.candidate, run.kind == "question")
            if why:
                scan.quiet_here.setdefault(word.candidate, (why, run.loc))
            else:
                scan.undefined.setdefault(word.candidate, []).append(run.loc)
        if how == "lint" or word.candidate or word.escaped:
            if not (word.chosen or word.escaped):
                continue
            # '\SC' prints as 'SC', never linked; a mind-map label's 'SC{...}' as 'SC'
            made: Text | AcronymUse = Text(word.written)
        elif word.acronym:
            made = _use_node(word, full, run, scan, link_text=how == "link")
        else:
            continue
        if start > position:
            out.append(Text(text[position:start]))
        out.append(made)
        position, changed = end, True
    if not changed:
        return None
    if position < len(text):
        out.append(Text(text[position:]))
    return out


def _define_here(word: Word, run: InlineRun, scan: _Scan) -> None:
    assert word.candidate and word.chosen and run.loc is not None
    scan.glossary[word.candidate] = AcronymDef(word.candidate, word.chosen, run.loc)
    scan.note("define", _as_defined(scan.glossary[word.candidate]))
    scan.forms.update(written_forms({word.candidate: scan.glossary[word.candidate]}))


def _as_defined(entry: AcronymDef) -> AcronymDef:
    """A copy for the journal: meanings added later are changes of their own."""
    return replace(entry, others=list(entry.others))


def _use_node(word: Word, full: str, run: InlineRun, scan: _Scan, link_text: bool) -> AcronymUse:
    acronym = word.acronym
    assert acronym is not None
    entry = scan.glossary[acronym]
    if acronym not in scan.used:
        scan.used.add(acronym)
        scan.note("used", acronym)
    index = _meaning_of(word, entry, run, scan)
    several = len(entry.meanings) > 1
    node = AcronymUse(acronym, word.written, meaning=(-1 if index is None else index) if several else None)
    if index is None or run.kind == "mindmap":
        return node
    if _rival(word, entry, index, run, scan):  # 'MP' beside 'Madhya Pradesh': which one is meant?
        node.meaning = -1  # its page is listed under no meaning, "meaning not marked"
        return node
    key = (acronym, index)
    if key in scan.expanded:
        return node
    expansion = entry.meanings[index].expansion
    if scan.as_written and entry.original and index == 0:  # English chapter in a translated book
        expansion = entry.original
    before, after = full[: word.start], full[word.end :]
    if _authors_definition(before, after, _CHOICES.sub("", full), expansion, acronym):
        scan.expand(key)  # the author defined it here, in their own words, wherever this is
        return node
    if (
        link_text
        or run.kind in ("heading", "cell", "quote")
        or not word.expandable
        or in_quotation(before)
        or open_parenthesis(before)[0]
        or repeats_next_word(after, expansion)
        or _BRACKET_NEXT.match(after)  # 'BARC (Trombay)', 'ULFA(I)': never '... (BARC) (Trombay)'
        or _in_a_pair(before)
    ):
        return node
    if word.written != acronym:  # a plural use, as LaTeX's acro does it: 'Agreements (ACSAs)'
        many = plural(expansion)
        if many is None:  # 'GHGs' with 'Greenhouse Gas': unsure of the plural, a later use spells it
            return node
        expansion = many
    scan.expand(key)
    if scan.first_use == "none":
        return node
    proper = entry.proper or bool(scan.as_written and entry.original and index == 0)
    node.expansion = as_read(expansion, before, entry.article if not scan.as_written else "", proper)
    return node


_BRACKET_NEXT = re.compile(r"[ \t]*\(|/|['’]")  # ... or "SEBI's", "PSUs'": never "(SEBI)'s", "(PSUs)'"


def _in_a_pair(before: str) -> bool:
    """'GPS/GIS', 'SC/ST': one of a pair joined by a slash is never spelled out (it would read
    'GPS/Geographic Information Systems (GIS)')."""
    return before.endswith("/")


def _authors_definition(before: str, after: str, text: str, expansion: str, acronym: str) -> bool:
    """Did the author define the acronym at this use? 'Nickel and iron (NIFE)' (first in
    brackets after a phrase), 'Free and Open Indo-Pacific (FOIP)', 'FOIP (Free and Open
    Indo-Pacific)', 'LPG reforms (Liberalisation, ...)' or the expansion elsewhere in `text`.
    A phrase that is the acronym itself, spelled another way ('Nato (NATO)', 'जिमेक्स (JIMEX)',
    'आरबीआई (RBI)'), defines nothing: the reader still does not know what it stands for."""
    phrase = bracket_phrase(before)
    return (
        (phrase is not None and not spelled_as_itself(phrase, acronym))
        or spelled_out(before, after, expansion)
        or spelled_nearby(text, expansion)
        or defined_after(after, expansion, acronym)
    )


def spelled_as_itself(phrase: str, acronym: str) -> bool:
    """Whether `phrase` ends in the acronym itself: in other letter case ('Nato') or written in
    Devanagari, as a word or letter by letter ('नाटो', 'एमपी')."""
    last = phrase.split()[-3:]
    return (bool(last) and last[-1].strip("\"'’‘“”").casefold() == acronym.casefold()) or (
        written_in_devanagari(acronym, " ".join(last))
    )


def _rival(word: Word, entry: AcronymDef, index: int, run: InlineRun, scan: _Scan) -> bool:
    """Does the chapter spell another name with the acronym's initials ('Madhya Pradesh' for
    MP), the meaning not chosen for the chapter or the use? Then a use is linked only, with
    an ambiguity warning, once per chapter."""
    rival = scan.rivals.get(entry.acronym)
    if rival is None or word.chosen or entry.acronym in scan.reach:
        return False
    if run.kind != "mindmap" and run.loc is not None:
        scan.ambiguous.setdefault(
            (run.loc.path, entry.acronym),
            (run.loc.line, [RIVAL.format(rival), entry.meanings[index].expansion]),
        )
    return True


_CHOICES = re.compile(r"(?<=[A-Za-z0-9&])\{[^{}\n]*\}")


def _meaning_of(word: Word, entry: AcronymDef, run: InlineRun, scan: _Scan) -> int | None:
    """The meaning of this use: the one written after it, the only one in reach, or None
    (then an ambiguity warning, once per chapter)."""
    if word.chosen:
        index = meaning_index(entry, word.chosen)
        if index is None:
            entry.others.append(AcronymMeaning(word.chosen))
            scan.note("meaning", (word.acronym, entry.others[-1]))
            index = len(entry.meanings) - 1
        return index
    assert word.acronym is not None and run.loc is not None
    reach = scan.meanings_in_reach(word.acronym)
    if len(reach) == 1:
        return reach[0]
    if run.kind != "mindmap":
        scan.ambiguous.setdefault(
            (run.loc.path, word.acronym), (run.loc.line, [entry.meanings[i].expansion for i in reach])
        )
    return None


def _flatten(inlines: list, how: str | None, out: list | None = None) -> list:
    """(node, how) in reading order: Text nodes "mark" (uses become nodes, perhaps expanded),
    "link" (link text: uses are marked, never expanded: a link cannot hold another) or "lint"
    (only undefined words noted); every other leaf None (code spans, existing uses, breaks:
    their text is context, never searched)."""
    out = [] if out is None else out
    for node in inlines:
        if isinstance(node, Text):
            out.append((node, how))
        elif isinstance(node, (Link, WikiLink)):
            _flatten(node.children, "link" if how == "mark" else how, out)
        elif isinstance(getattr(node, "children", None), list):  # emphasis, and any inline
            _flatten(node.children, how, out)  # container a later parser adds (parsed HTML)
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
        if isinstance(getattr(node, "children", None), list):
            _replace(node.children, replacements)
        out.append(node)
    inlines[:] = out
