"""`handbook stats`: per chapter its words, pages, questions by type and acronyms.

Pure functions over the enriched `Book` and the page record of a build. The acronym
counting reads both forms the model can hold: `AcronymUse` nodes (defined acronyms that the
glossary step has found) and plain text (scanned here for acronym-like words), so it gives
the same answer before and after the glossary step runs.
"""

from __future__ import annotations

from typing import Any

import re
from collections import Counter
from dataclasses import dataclass, field

from handbook.errors import safe_text
from handbook.model import AcronymUse, Chapter, Text
from handbook.model.walk import runs_of, walk
from handbook.model.questions import QUESTION_TYPES

# Words as a reader counts them: runs of letters/digits, joined by apostrophes or hyphens.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass
class ChapterStats:
    number: int
    title: str
    path: str
    words: int = 0
    pages: int = 0
    questions: Counter = field(default_factory=Counter)  # type -> count
    acronyms: list[str] = field(default_factory=list)  # defined acronyms used, sorted
    undefined: list[str] = field(default_factory=list)  # acronym-like words not defined

    def as_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "path": self.path,
            "words": self.words,
            "pages": self.pages,
            "questions": dict(self.questions),
            "acronyms": self.acronyms,
            "undefined_acronyms": self.undefined,
        }


@dataclass
class BookStats:
    chapters: list[ChapterStats]
    total_pages: int  # every page of the PDF, front and back matter included

    def total(self) -> dict[str, Any]:
        questions: Counter = Counter()
        for chapter in self.chapters:
            questions.update(chapter.questions)
        return {
            "chapters": len(self.chapters),
            "words": sum(c.words for c in self.chapters),
            "pages": sum(c.pages for c in self.chapters),
            "pdf_pages": self.total_pages,
            "questions": dict(questions),
            "acronyms": sorted({a for c in self.chapters for a in c.acronyms}),
            "undefined_acronyms": sorted({a for c in self.chapters for a in c.undefined}),
        }

    def as_dict(self) -> dict:
        return {"chapters": [c.as_dict() for c in self.chapters], "total": self.total()}


def book_stats(book, record, display_path=str) -> BookStats:
    pages = chapter_pages(record, len(book.chapters))
    chapters = [
        chapter_stats(chapter, book, pages[index], display_path)
        for index, chapter in enumerate(book.chapters)
    ]
    return BookStats(chapters, record.pages)


def chapter_stats(chapter: Chapter, book, pages: int, display_path=str) -> ChapterStats:
    texts = list(chapter_texts(chapter))
    defined = {**book.glossary, **chapter.meta.acronyms}
    ignored = list(book.settings.ignore_acronyms) + list(chapter.meta.ignore_acronyms)
    used, undefined = find_acronyms(texts, defined, ignored)
    return ChapterStats(
        number=chapter.number,
        title=chapter.meta.title,
        path=display_path(chapter.path),
        words=sum(len(WORD.findall(t)) if isinstance(t, str) else 1 for t in texts),
        pages=pages,
        questions=question_types(chapter.questions),
        acronyms=sorted(used),
        undefined=sorted(undefined),
    )


def chapter_pages(record, count: int) -> list[int]:
    """Pages of each chapter, from its opening page to the next part, blank pages left out."""
    starts = list(record.chapter_starts)[:count]
    back_start = getattr(record, "back_start", 0) or record.pages + 1
    ends = starts[1:] + [back_start]
    blanks = set(record.blank_pages)
    pages = [sum(1 for page in range(start, end) if page not in blanks) for start, end in zip(starts, ends)]
    return pages + [0] * (count - len(pages))


def question_types(questions) -> Counter:
    """Questions by type (`mcq`, `statements`, ...)."""
    return Counter(question.kind for question in questions or [])


# --- text and acronyms ------------------------------------------------------------


def chapter_texts(chapter: Chapter):
    """The reader's text of a chapter: each text run as a str, each acronym as an AcronymUse.

    Headings, paragraphs, lists, quotes, tables and footnotes; not code, mind maps or raw
    HTML (not prose), nor questions (counted apart)."""
    for run in runs_of([chapter.blocks, chapter.footnotes]):
        if run.kind == "mindmap":
            continue
        for visit in walk(run.inlines):
            if isinstance(visit.node, AcronymUse):
                yield visit.node  # its expansion is the book's addition, not the author's words
            elif isinstance(visit.node, Text) and not visit.mono:
                yield visit.node.text


def find_acronyms(texts, defined: dict, ignore=()) -> tuple[set[str], set[str]]:
    """(defined acronyms used, acronym-like words not defined) in `texts`, by the detector
    `handbook check` uses (enrich.acronym_text.words): no second opinion on what is an acronym."""
    from handbook.enrich.acronym_text import words
    from handbook.enrich.acronyms import written_forms

    forms = written_forms(defined)
    ignored = set(ignore)
    used: set[str] = set()
    undefined: set[str] = set()
    for text in texts:
        if isinstance(text, AcronymUse):
            used.add(text.acronym)
            continue
        for word in words(text, forms, ignored=ignored):
            if word.acronym:
                used.add(word.acronym)
            elif word.candidate:
                undefined.add(word.candidate)
    return used, undefined


# --- the table ---------------------------------------------------------------------

TITLE_WIDTH = 30
SHORT_TYPES = {
    "mcq": "mcq",
    "statements": "stmt",
    "how-many": "howmany",
    "match": "match",
    "descriptive": "desc",
}


def stats_table(stats: BookStats) -> str:
    """A plain-text table: one row per chapter, then the totals and the undefined acronyms."""
    total = stats.total()
    types: list[str] = list(QUESTION_TYPES) + sorted(set(total["questions"]) - set(QUESTION_TYPES))
    head = ["#", "chapter", "words", "pages"] + [SHORT_TYPES.get(t, t) for t in types] + ["acronyms", "undef"]
    rows = [
        [str(c.number), _clip(c.title), f"{c.words:,}", str(c.pages)]
        + [str(c.questions.get(t, 0)) for t in types]
        + [str(len(c.acronyms)), str(len(c.undefined))]
        for c in stats.chapters
    ]
    rows.append(
        ["", "total", f"{total['words']:,}", str(total["pages"])]
        + [str(total["questions"].get(t, 0)) for t in types]
        + [str(len(total["acronyms"])), str(len(total["undefined_acronyms"]))]
    )
    widths = [max(len(row[i]) for row in [head] + rows) for i in range(len(head))]

    def line(row):
        return "  ".join(
            cell.ljust(w) if i == 1 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))
        ).rstrip()

    out = [line(head)] + [line(row) for row in rows[:-1]] + ["-" * len(line(head)), line(rows[-1])]
    out.append(f"\n{stats.total_pages} pages in the PDF, {total['pages']} of them in chapters.")
    for chapter in stats.chapters:
        if chapter.undefined:
            out.append(f"{chapter.path}: undefined acronyms: {', '.join(chapter.undefined)}")
    if total["undefined_acronyms"]:
        out.append(
            "Define them in glossary.yaml or the chapter's 'acronyms:', or list words that are "
            "not acronyms under 'ignore_acronyms:' in book.yaml; handbook check shows the lines, and "
            "'handbook glossary suggest --write' proposes entries for 'handbook glossary review'."
        )
    return "\n".join(out)


def _clip(title: str) -> str:
    title = safe_text(title)  # a title from a source may hold ESC or BEL: shown escaped
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"
