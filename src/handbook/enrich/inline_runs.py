"""Every run of inline text in a chapter, in printed order, for steps that read or rewrite text.

A run is the mutable `list[Inline]` of one paragraph, heading, table cell, footnote paragraph,
mind-map label or question field (found by the model's one walk, model.walk); a step may
replace its items in place (`run[:] = ...`). What this module adds is the book's printed order
of the answer key, which depends on the `answers` option.
"""

from __future__ import annotations

from typing import Callable, Iterator

from handbook.model import Book, Chapter
from handbook.model.walk import Run, runs_of, walk

InlineRun = Run


def book_runs(book: Book, answers: str) -> Iterator[tuple[Chapter, InlineRun]]:
    """Every run of the book with its chapter, in the order the book prints them: `answers`
    (end | chapter | none) says where the answer key's texts are printed, if at all."""
    for chapter in book.chapters:
        for run in own_runs(chapter, answers):
            yield chapter, run
    yield from key_runs(book.chapters, answers)


def own_runs(
    chapter: Chapter, answers: str, seen: Callable[[object], None] | None = None
) -> Iterator[InlineRun]:
    """The runs a chapter prints where it stands (its answers too with `answers: chapter`)."""
    return chapter_runs(chapter, answers == "chapter", seen)


def key_runs(chapters: list[Chapter], answers: str) -> Iterator[tuple[Chapter, InlineRun]]:
    """The runs of the answer key at the book's end (none unless `answers: end`), in order."""
    if answers == "end":
        for chapter in chapters:
            for run in question_runs(chapter, answers_only=True):
                yield chapter, run


def chapter_runs(
    chapter: Chapter, with_answers: bool = True, seen: Callable[[object], None] | None = None
) -> Iterator[InlineRun]:
    """Body blocks, footnotes, then practice questions (and their answers when printed after
    them): the order the chapter prints in (layout.chapter). `seen` is shown every object of
    the body on the way (not inside its runs): images, callouts, tables."""
    if seen is None:
        yield from block_runs(chapter.blocks)
    else:
        found: list[InlineRun] = []
        for visit in walk(chapter.blocks, runs=found, into_runs=False):
            seen(visit.node)
        yield from found
    yield from block_runs(chapter.footnotes)
    yield from question_runs(chapter)
    if with_answers:
        yield from question_runs(chapter, answers_only=True)


def block_runs(blocks: list) -> list[InlineRun]:
    return runs_of(blocks)


def question_runs(chapter: Chapter, answers_only: bool = False) -> Iterator[InlineRun]:
    """The questions as students see them, or (`answers_only`) what the answer key adds:
    explanations, statement notes, model points."""
    for question in chapter.questions or []:
        loc = getattr(question, "loc", None) or chapter.meta.loc
        if answers_only:  # explanations: prose
            yield from runs_of(question.answer_runs(), loc)
        else:  # what students are asked: the exam's wording ('NOT correct', 'ONLY')
            yield from runs_of(question.question_runs(), loc, kind="question")
