"""Sources -> Book: settings, glossary and chapters, validated, in reading order."""

from __future__ import annotations

import re

from handbook.errors import Diagnostics
from handbook.model import Book, BookSettings, Chapter, ChapterMeta, Location
from handbook.parse import fields as f
from handbook.parse.acronyms import parse_acronym_defs
from handbook.parse import flavours, notes
from handbook.parse.edition_entries import parse_editions, parse_tests
from handbook.parse.markdown import parse_body
from handbook.parse.questions import parse_questions
from handbook.yaml_schema import converters
from handbook.sources import ChapterSource, SourceSet
from handbook.sources.files import read_text
from handbook.sources.languages import is_translation
from handbook.sources.yamlload import YamlDict, line_of


# The keys are the fields of the model's classes declared with `key()` (handbook.yaml_schema).
BOOK_KEYS = converters(BookSettings)
CHAPTER_KEYS = {**converters(ChapterMeta), "questions": f.anything}  # questions: parse.questions
# Issue 14: titles get the body's typographic quotes; a blank chapter `title:` is no title.
BOOK_KEYS.update(title=notes.quoted_text, subtitle=notes.quoted_text)
CHAPTER_KEYS.update(title=notes.title_field, subtitle=notes.title_field)
# Read, then dropped without a warning: site generators' own keys (parse.notes.SITE_KEYS).
_FRONT_MATTER_SPEC = {**{key: f.anything for key in notes.SITE_KEYS}, **CHAPTER_KEYS}


def parse_book(
    sources: SourceSet, diagnostics: Diagnostics, on_chapter=None, language: str = "", parse_one=None
) -> Book:
    """`on_chapter(count)` is called as each chapter is parsed (for progress); `language`
    (`--lang`) overrides book.yaml's; `parse_one` stands in for `parse_chapter` (same
    arguments), e.g. to reuse a cached chapter."""
    parse_one = parse_one or parse_chapter
    settings = parse_settings(sources, diagnostics, language)
    diagnostics.severities = settings.diagnostics  # from here on, book.yaml says how loud warnings are
    written = settings.language or "en"  # the originals' language
    if language:
        settings.language = language
    flavour = flavours.choose(
        settings.flavour, sources.root, sources.chapters, diagnostics, sources.book_path or sources.root
    )
    if settings.questions == "none":
        flavour = flavours.without_questions(flavour)
    flavours.report_site_keys(flavour, sources.chapters, set(_FRONT_MATTER_SPEC), diagnostics)
    glossary = parse_acronym_defs(
        sources.glossary, sources.glossary_path, diagnostics, language=settings.language
    )
    chapters: list = []
    for count, source in enumerate(sources.chapters, start=1):
        # In a --lang edition an original without a translation is printed as written.
        written_in = written if language and not is_translation(source.path) else settings.language
        chapters.append(parse_one(source, sources, diagnostics, written_in, flavour))
        if on_chapter:
            on_chapter(count)
    chapters = [c for c in chapters if c]
    if settings.chapters is None:
        # Front-matter `order` first (chapters without one after), then file name.
        # (In path order: a vault's chapters come from its sub-folders too, sources.sites.)
        position = {source.path: n for n, source in enumerate(sources.chapters)}
        chapters.sort(
            key=lambda c: (c.meta.order is None, c.meta.order or 0, position.get(c.path, 0), c.path.name)
        )
    _warn_duplicates(chapters, diagnostics)
    notes.contents_of_templates(settings, chapters, diagnostics)
    if not chapters and not diagnostics.has_errors:
        diagnostics.error(
            sources.root,
            None,
            "no chapters found: add a Markdown file (*.md) to the source folder",
            code="no-chapters",
        )
    return Book(settings, chapters, sources.root, glossary)


def parse_settings(sources: SourceSet, diagnostics: Diagnostics, language: str = "") -> BookSettings:
    """book.yaml's settings, each per-language value (`title: {en: ..., hi: ...}`) given in
    the edition's language: `language` (`--lang`, an edition's), else book.yaml's own."""
    if sources.book is None:
        return BookSettings()
    language = language or str(sources.book.get("language") or "")
    data = in_language(sources.book, language, sources.book_path, diagnostics)
    values = f.read_fields(data, BOOK_KEYS, sources.book_path, diagnostics, "book.yaml")
    if sources.book_path and ("editions" in values or "tests" in values):  # columns need the text
        text = read_text(sources.book_path, Diagnostics(), sources.root) or ""
        for key, parse_entries in (("editions", parse_editions), ("tests", parse_tests)):
            if key in values:
                values[key] = parse_entries(
                    values[key], sources.book_path, line_of(data, key), diagnostics, text.splitlines()
                )
    return BookSettings(**values, loc=Location(sources.book_path or sources.root, 1))


# ---- per-language values (issue 29) ------------------------------------------------------
# Keys of book.yaml (and of each of its editions and tests) that may be given per language,
# `title: {en: India and Japan, hi: भारत और जापान}`; `papers:` and `topics:` (display names)
# may give each name per language the same way.
PER_LANGUAGE = ("title", "subtitle", "edition", "author", "publisher")
NAMED = ("papers", "topics")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z]{2,4})?\Z")


def in_language(data, language: str, path, diagnostics: Diagnostics):
    """A copy of book.yaml's mapping with each per-language value as the edition's language
    has it (English, else the first given, where it has none: named in one warning)."""
    if not isinstance(data, dict):
        return data
    untranslated: list[str] = []
    out = _chosen(data, PER_LANGUAGE, language, untranslated)
    for table in ("editions", "tests"):
        entries = out.get(table)
        if isinstance(entries, dict):
            out[table] = _copy(
                entries,
                {
                    name: _chosen(entry, PER_LANGUAGE, language, untranslated, f"{table}.{name}.")
                    if isinstance(entry, dict)
                    else entry
                    for name, entry in entries.items()
                },
            )
    for table in NAMED:
        names = out.get(table)
        if isinstance(names, dict):
            out[table] = _chosen(names, tuple(names), language, untranslated, f"{table}.")
    if untranslated and language not in ("", "en"):
        diagnostics.warning(
            path,
            line_of(data, "title", 1),
            f"book.yaml gives no '{language}' value for {', '.join(untranslated)}: "
            "the English (or the first value given) is printed",
            code="untranslated-book-values",
        )
    return out


def _is_per_language(value) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(key, str) and _LANGUAGE_CODE.match(key) for key in value)
    )


def _chosen(data: dict, keys, language: str, untranslated: list[str], prefix: str = "") -> dict:
    values = {}
    for key in keys:
        value = data.get(key)
        if not isinstance(value, dict) or not _is_per_language(value):
            continue
        wanted = language or "en"
        if wanted in value:
            values[key] = value[wanted]
        else:
            values[key] = value.get("en", next(iter(value.values())))
            untranslated.append(f"{prefix}{key}")
    return _copy(data, {**data, **values}) if values else data


def _copy(like: dict, items: dict) -> dict:
    """`items` as a mapping that keeps the lines `like` (a YamlDict) knows."""
    out = YamlDict(items)
    out.lines = dict(getattr(like, "lines", {}))
    out.line = getattr(like, "line", None)
    return out


def parse_chapter(
    source: ChapterSource,
    sources: SourceSet,
    diagnostics: Diagnostics,
    book_language: str = "",
    flavour: flavours.Flavour | None = None,
) -> Chapter | None:
    flavour = flavour or flavours.FLAVOURS[flavours.DEFAULT]
    front = source.front_matter if source.front_matter is not None else {}
    if flavours.is_drawing(flavour, front):
        diagnostics.warning(
            source.path,
            source.front_matter_line or 1,
            "an Excalidraw drawing (its data, not a note) is left out: export it as an image and embed that",
            code="drawing-left-out",
        )
        return None
    site_keys = flavours.site_keys_of(flavour, front, _FRONT_MATTER_SPEC)  # said once per book
    spec = {**_FRONT_MATTER_SPEC, **{k: f.anything for k in site_keys}} if site_keys else _FRONT_MATTER_SPEC
    values = f.read_fields(front, spec, source.path, diagnostics, "front matter")
    for key in site_keys:
        values.pop(key, None)
    language = values.pop("language", "") or book_language
    for key in notes.SITE_KEYS - set(CHAPTER_KEYS):
        values.pop(key, None)  # a site generator's: nothing to print
    if "title" in values and not values["title"].strip():
        # A site template's `title:` left blank: the chapter's heading (or file name) serves.
        diagnostics.warning(
            source.path,
            line_of(front, "title"),
            "'title' is empty: the chapter's first heading is used instead",
            code="title-empty",
        )
        del values["title"]
    acronyms = parse_acronym_defs(
        values.pop("acronyms", None), source.path, diagnostics, line_of(front, "acronyms"), language=language
    )
    questions = parse_questions(
        values.pop("questions", None),
        line_of(front, "questions"),
        source,
        sources.root,
        diagnostics,
        language=language,
    )
    page_title = flavours.page_properties(flavour, source.body).get("title")
    if page_title and page_title[0] and "title" not in values:
        values["title"] = notes.title_field(page_title[0])  # Logseq's `title::` page property
    if flavour.title_from_file and "title" not in values:
        values["title"] = flavours.title_of_file(flavour, source.path)  # as the app calls it
    found_questions: list = [] if flavour.questions else None  # type: ignore[assignment]
    embeds: list = []
    blocks, footnotes, title_heading = parse_body(
        source,
        sources.root,
        diagnostics,
        want_title="title" not in values,
        flavour=flavour,
        questions=found_questions,
        embedded=embeds,
    )
    for number, question in enumerate(found_questions or [], start=len(questions) + 1):
        question.number = number  # after the front matter's, in the order written
        questions.append(question)
    loc = Location(source.path, source.front_matter_line or 1)
    if "title" in values:
        notes.drop_repeated_title(blocks, values["title"])
    else:
        if title_heading is None:
            # A bad title, or front matter that could not be read, was reported already.
            if ("title" in front and front["title"] not in (None, "")) or not source.front_matter_ok:
                return None
            values["title"] = notes.title_from_file_name(source.path)
            diagnostics.warning(
                source.path,
                1,
                f"chapter has no title and no heading: its file "
                f"name gives it ('{values['title']}'); add 'title: ...' to the "
                "front matter",
                code="title-from-file-name",
            )
        else:
            values["title"], loc = title_heading
    notes.trim_rules(blocks)
    if not values["title"].strip():
        diagnostics.error(source.path, loc.line, "the chapter title is empty", code="chapter-title-empty")
        return None
    meta = ChapterMeta(loc=loc, acronyms=acronyms, language=language, **values)
    chapter = Chapter(meta, blocks, source.path, footnotes, questions, embeds=[str(p) for p in embeds])
    chapter.wiki_linked = "[[" in source.body or _holds("[[", source.front_matter)
    return chapter


def _holds(text: str, value) -> bool:
    """Whether a string in the YAML value (or a key) holds `text`."""
    if isinstance(value, str):
        return text in value
    if isinstance(value, dict):
        return any(_holds(text, key) or _holds(text, item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds(text, item) for item in value)
    return False


def _warn_duplicates(chapters: list[Chapter], diagnostics: Diagnostics) -> None:
    seen_titles: dict[str, Chapter] = {}
    seen_orders: dict[int, Chapter] = {}
    for chapter in chapters:
        meta = chapter.meta
        other = seen_titles.setdefault(meta.title.casefold(), chapter)
        if other is not chapter:
            _also_used(
                chapter, f"chapter title '{meta.title}'", other, diagnostics, code="chapter-title-repeated"
            )
        if meta.order is not None:
            other = seen_orders.setdefault(meta.order, chapter)
            if other is not chapter:
                _also_used(chapter, f"order {meta.order}", other, diagnostics, code="chapter-order-repeated")


def _also_used(chapter: Chapter, what: str, other: Chapter, diagnostics: Diagnostics, code: str) -> None:
    """Warn at `chapter` that `what` (its title, its order) is also `other`'s."""
    message = f"{what} is also used by {other.path.name}"
    diagnostics.warning(chapter.path, chapter.meta.loc.line, message, code=code)
