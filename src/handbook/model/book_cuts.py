"""Editions and practice tests named in book.yaml (`editions:`, `tests:`): cuts of one book."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from handbook.model.document import Location


@dataclass(frozen=True)
class Edition:
    """A cut of the book: the chapters `select` takes, with its own title page and options.
    Empty fields keep the book's value."""

    name: str
    loc: Location
    select: Any = None  # a parse.selection.Selection; None: every chapter
    title: str = ""
    subtitle: str = ""
    output: str = ""  # a file name, written beside the main PDF; default handbook-<name>.pdf
    style: str = ""
    answers: str = ""  # end | chapter | none
    language: str = ""  # e.g. "hi"; passed to the build as BuildOptions.language
    style_line: int | None = None  # where `style` is set, for a "theme not found" message


@dataclass(frozen=True)
class TestSpec:
    """A practice test paper drawn from the chapters `select` takes (see enrich.practice)."""

    name: str
    loc: Location
    select: Any = None
    title: str = ""
    count: int | None = None  # objective questions; None: all of them
    types: tuple[str, ...] = ()  # question kinds; empty: all
    seed: int = 1
    minutes: int | None = None
    marks: float = 2  # per objective question answered right
    wrong: float = 0  # per objective question answered wrong (or twice): 0, or negative (-0.66)
    blank: float = 0  # per objective question left blank
    max_marks: float | None = None  # printed as the maximum when given (checked against the questions)
    shuffle: bool | None = None  # rearrange options (the key follows); None: only with series
    series: int = 0  # booklet series A, B, ... (0: none): each its own question and option order
    roll_digits: int = 8  # digits of the roll number on the OMR sheet
    language: str = ""  # "hi": a Hindi paper; "hi+en": each question in Hindi, then in English
    date: _dt.date | None = None
    output: str = ""  # default test-<name>.pdf (and test-<name>-key.pdf)
    style: str = ""
    instructions: list[str] = field(default_factory=list)  # replaces the theme's when given


@dataclass
class PaperQuestion:
    """One question of a test paper: a copy of a chapter's question (its options perhaps
    shuffled), numbered across the paper, and where it came from."""

    number: int
    question: Any  # model.questions.Question (a copy: the chapter's own is untouched)
    chapter: Any  # model.Chapter
    source_number: int  # the question's number in its chapter
    companion: Any = None  # a bilingual paper's same question in its second language, options alike
    companion_chapter: Any = None  # the chapter it came from (its language sets the wordings)


@dataclass
class PracticePaper:
    spec: TestSpec
    title: str
    objective: list[PaperQuestion]
    descriptive: list[PaperQuestion]
    minutes: int
    marks_each: float
    date: _dt.date | None = None
    series: str = ""  # "A", "B", ... or "" (no series)

    @property
    def objective_marks(self) -> float:
        return self.marks_each * len(self.objective)

    @property
    def descriptive_marks(self) -> int:
        return sum(item.question.marks for item in self.descriptive)

    @property
    def max_marks(self) -> float:
        if self.spec.max_marks is not None:
            return self.spec.max_marks
        return self.objective_marks + self.descriptive_marks

    @property
    def questions(self) -> list[PaperQuestion]:
        return self.objective + self.descriptive
