"""Every run of inline text in a chapter, in printed order, for steps that read or rewrite text.

A run is the mutable `list[Inline]` of one paragraph, heading, table cell, footnote paragraph,
mind-map label or question field (found by the model's one walk, model.walk); a step may
replace its items in place (`run[:] = ...`). What this module adds is the book's printed order
of the answer key, which depends on the `answers` option.
"""

from __future__ import annotations

from typing import Iterator

from handbook.model import Book, Chapter
from handbook.model.walk import Run, runs_of

InlineRun = Run


def book_runs(book: Book, answers: str) -> Iterator[tuple[Chapter, InlineRun]]:
    """Every run of the book with its chapter, in the order the book prints them: `answers`
    (end | chapter | none) says where the answer key's texts are printed, if at all."""
    for chapter, run, _ in printed_runs(book, answers):
        yield chapter, run


def printed_runs(book: Book, answers: str, start: int = 0) -> Iterator[tuple[Chapter, InlineRun, bool]]:
    """`book_runs`, each also saying whether it is in the answer key at the book's end; only
    those of chapters numbered `start` or later."""
    chapters = [chapter for chapter in book.chapters if chapter.number >= start]
    for chapter in chapters:
        for run in chapter_runs(chapter, answers == "chapter"):
            yield chapter, run, False
    if answers == "end":
        for chapter in chapters:
            for run in question_runs(chapter, answers_only=True):
                yield chapter, run, True


def chapter_runs(chapter: Chapter, with_answers: bool = True) -> Iterator[InlineRun]:
    """Body blocks, footnotes, then practice questions (and their answers when printed after
    them): the order the chapter prints in (layout.chapter)."""
    yield from block_runs(chapter.blocks)
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
        yield from runs_of(question.answer_runs() if answers_only else question.question_runs(), loc)
