"""Every run of inline text in a chapter, in printed order, for steps that read or rewrite text.

A run is the mutable `list[Inline]` of one paragraph, heading, table cell, footnote paragraph,
mind-map label or question field; a step may replace its items in place (`run[:] = ...`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal

from handbook.model import (
    BlockQuote, Book, Callout, Chapter, Heading, ListBlock, Location, MindMap, MindMapNode, Paragraph,
    Table,
)

RunKind = Literal["text", "heading", "mindmap"]


@dataclass
class InlineRun:
    inlines: list  # list[Inline], rewritten in place
    loc: Location  # the block it belongs to, for messages
    kind: RunKind  # headings and mind-map labels are never expanded


def book_runs(book: Book, answers: str) -> Iterator[tuple[Chapter, InlineRun]]:
    """Every run of the book with its chapter, in the order the book prints them: `answers`
    (end | chapter | none) says where the answer key's texts are printed, if at all."""
    for chapter in book.chapters:
        for run in chapter_runs(chapter, answers == "chapter"):
            yield chapter, run
    if answers == "end":
        for chapter in book.chapters:
            for run in question_runs(chapter, answers_only=True):
                yield chapter, run


def chapter_runs(chapter: Chapter, with_answers: bool = True) -> Iterator[InlineRun]:
    """Body blocks, footnotes, then practice questions (and their answers when printed after
    them): the order the chapter prints in (layout.chapter)."""
    yield from block_runs(chapter.blocks)
    for note in chapter.footnotes:
        yield from block_runs(note.blocks)
    yield from question_runs(chapter)
    if with_answers:
        yield from question_runs(chapter, answers_only=True)


def block_runs(blocks: list) -> Iterator[InlineRun]:
    for block in blocks:
        rule = _BLOCK_RUNS.get(type(block))
        if rule is not None:
            yield from rule(block)


def question_runs(chapter: Chapter, answers_only: bool = False) -> Iterator[InlineRun]:
    """The questions as students see them, or (`answers_only`) what the answer key adds:
    explanations, statement notes, model points."""
    for question in chapter.questions or []:
        loc = getattr(question, "loc", None) or chapter.meta.loc
        runs = question.answer_runs() if answers_only else question.question_runs()
        for run in runs:
            yield InlineRun(run, loc, "text")


def _paragraph(block: Paragraph):
    yield InlineRun(block.children, block.loc, "text")


def _heading(block: Heading):
    yield InlineRun(block.children, block.loc, "heading")


def _list(block: ListBlock):
    for item in block.items:
        yield from block_runs(item.blocks)


def _quote(block: BlockQuote):
    yield from block_runs(block.blocks)


def _table(block: Table):
    # GFM rows are one source line each: header, delimiter, then the body rows.
    for cell in block.header:
        yield InlineRun(cell.children, block.loc, "text")
    for index, row in enumerate(block.rows):
        loc = Location(block.loc.path, block.loc.line + 2 + index) if block.loc.line else block.loc
        for cell in row:
            yield InlineRun(cell.children, loc, "text")


def _mindmap(block: MindMap):
    def walk(node: MindMapNode):
        yield InlineRun(node.label, block.loc, "mindmap")
        for child in node.children:
            yield from walk(child)
    yield from walk(block.root)


def _callout(block: Callout):
    # The title is set like a heading (never expanded); the box's text counts like any other.
    yield InlineRun(block.title, block.loc, "heading")
    yield from block_runs(block.blocks)


_BLOCK_RUNS = {
    Paragraph: _paragraph, Heading: _heading, ListBlock: _list, BlockQuote: _quote,
    Table: _table, MindMap: _mindmap, Callout: _callout,
}
