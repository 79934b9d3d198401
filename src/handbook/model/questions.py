"""Practice questions as authored in front matter (parsed by parse.questions).

Five kinds, in the forms the civil-services papers use:

- `MultipleChoice` (mcq): a question and 2-6 options, one correct;
- `StatementsQuestion` (statements): "Consider the following statements: 1. ... 2. ...
  Which of the statements given above is/are correct?" with options naming statements;
- `HowManyQuestion` (how-many): numbered statements or pairs, "How many of the above ...?";
- `MatchQuestion` (match): List I against List II, options as codes ("A-2, B-1, ...");
- `DescriptiveQuestion` (descriptive): a mains question with marks, a word limit and
  model-answer points.

Every text is a list of inline nodes. `inline_runs()` hands out those lists themselves
(not copies), so a later step may rewrite them in place (the acronym step does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Union

from handbook.model.document import Inline, Location

__all__ = [
    "Pair",
    "MultipleChoice",
    "StatementsQuestion",
    "HowManyQuestion",
    "MatchQuestion",
    "DescriptiveQuestion",
    "Question",
    "ChoiceQuestion",
    "QUESTION_TYPES",
    "option_letter",
]

Run = list[Inline]


def option_letter(index: int) -> str:
    """0 -> 'a', 1 -> 'b', ..."""
    return "abcdef"[index]


@dataclass
class Pair:
    """One row of a match or how-many-pairs question: List I entry, List II entry."""

    left: Run
    right: Run


@dataclass(kw_only=True)
class _Base:
    question: Run
    loc: Location
    number: int = 0  # 1-based within the chapter, in authored order
    anchor: str = ""  # "ch1-q3", set by enrich.questions

    kind: ClassVar[str] = ""
    unprinted: ClassVar = ("anchor",)

    def question_runs(self) -> list[Run]:
        """The inline lists a student edition prints."""
        return [self.question]

    def answer_runs(self) -> list[Run]:
        """The inline lists only the answer key prints (explanations, notes, model points)."""
        return []

    def inline_runs(self, answers: bool = True) -> list[Run]:
        """Every inline list of the question (with `answers=False`: only the printed-for-students ones)."""
        return self.question_runs() + (self.answer_runs() if answers else [])

    def walk_parts(self) -> list[Run]:
        """For model.walk: the printed order, which is not the order of the fields."""
        return self.inline_runs()

    @property
    def objective(self) -> bool:
        return isinstance(self, _Choice)


@dataclass(kw_only=True)
class _Choice(_Base):
    """An objective question: options, one of them (`answer`, 0-based) correct."""

    options: list[Run]
    answer: int
    explanation: Run = field(default_factory=list)
    notes: list[Run] = field(default_factory=list)  # one per statement or pair (`explain`)
    shuffle: bool = True  # False: the author's option order is part of the question

    @property
    def answer_letter(self) -> str:
        return option_letter(self.answer)

    def question_runs(self) -> list[Run]:
        return super().question_runs() + self.body_runs() + list(self.options)

    def body_runs(self) -> list[Run]:
        """What stands between the question and its options (statements, pairs, lead-out)."""
        return []

    def answer_runs(self) -> list[Run]:
        return ([self.explanation] if self.explanation else []) + list(self.notes)


@dataclass(kw_only=True)
class MultipleChoice(_Choice):
    kind: ClassVar[str] = "mcq"


@dataclass(kw_only=True)
class StatementsQuestion(_Choice):
    statements: list[Run]
    ask: Run  # the lead-out, "Which of the statements given above is/are correct?"

    kind: ClassVar[str] = "statements"

    def body_runs(self) -> list[Run]:
        return list(self.statements) + [self.ask]


@dataclass(kw_only=True)
class HowManyQuestion(_Choice):
    """Statements, or pairs when `pairs` is not empty (then `statements` is)."""

    statements: list[Run]
    pairs: list[Pair]
    ask: Run
    headings: tuple[Run, Run] | None = None  # column titles over the pairs

    kind: ClassVar[str] = "how-many"

    def body_runs(self) -> list[Run]:
        return list(self.statements) + _pair_runs(self.pairs, self.headings) + [self.ask]


@dataclass(kw_only=True)
class MatchQuestion(_Choice):
    """List I (lettered A, B, ...) against List II (numbered 1, 2, ...), printed row by row."""

    pairs: list[Pair]
    headings: tuple[Run, Run] | None = None  # "List I (Agreement)": the part in brackets

    kind: ClassVar[str] = "match"

    def body_runs(self) -> list[Run]:
        return _pair_runs(self.pairs, self.headings)


@dataclass(kw_only=True)
class DescriptiveQuestion(_Base):
    marks: int
    words: int
    points: list[Run] = field(default_factory=list)  # model-answer points, for the key

    kind: ClassVar[str] = "descriptive"

    def answer_runs(self) -> list[Run]:
        return list(self.points)


def _pair_runs(pairs: list[Pair], headings) -> list[Run]:
    runs = [run for pair in pairs for run in (pair.left, pair.right)]
    return (list(headings) if headings else []) + runs


ChoiceQuestion = Union[MultipleChoice, StatementsQuestion, HowManyQuestion, MatchQuestion]
Question = Union[MultipleChoice, StatementsQuestion, HowManyQuestion, MatchQuestion, DescriptiveQuestion]
QUESTION_TYPES = {
    cls.kind: cls
    for cls in (MultipleChoice, StatementsQuestion, HowManyQuestion, MatchQuestion, DescriptiveQuestion)
}
