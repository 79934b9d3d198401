"""What the acronym step changed while it read each chapter, so a preview can start at its chapter.

A chapter's first uses depend on every chapter before it (an acronym spelled out once in the
book). A preview of chapter k read all k - 1 chapters before it again: at 1,000 chapters that
was most of its time. The book's build records, in printed order, each change the acronym
step made (an expansion spent, an acronym used, one defined at its use or given a new meaning);
a preview whose chapters before it are the ones recorded (same keys, same merged glossary,
same options) replays the changes of those chapters and reads only its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class AcronymJournal:
    glossary: str  # digest of the merged definitions the step started from
    first_use: str  # the theme's glossary.first_use it ran with
    # (chapter number, in the answer key at the book's end, what, value); what is
    # "expanded" (acronym, meaning index), "used" acronym, "define" AcronymDef, "meaning" (acronym, AcronymMeaning)
    changes: list[tuple[int, bool, str, Any]] = field(default_factory=list)
    resume_at: int = 0  # a preview: replay the changes before this chapter number, read from it on


@dataclass
class ChapterScan:
    """What the acronym step did to one chapter's own text (its body, footnotes and questions;
    not the answer key at the book's end, read after every chapter), for a later build to reuse
    when the chapter and the state the step reaches it in are the same (enrich.acronyms)."""

    chapter: Any  # Chapter, as the step left it
    changes: list[tuple[int, bool, str, Any]]  # its AcronymJournal.changes, in order
    undefined: list[tuple[str, Any]]  # (word, Location) noted, in order
    ambiguous: list[tuple[tuple, tuple]]  # ((path, acronym), (line, meanings)) noted, in order
    rivals: dict[str, str] = field(default_factory=dict)  # acronym -> another name it spells
    quiet: dict[str, tuple[str, Any]] = field(default_factory=dict)  # word -> (why no acronym, Location)
