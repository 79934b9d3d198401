"""Front-matter `questions:` -> model questions, validated; every problem reported.

This is a parse step, not an enrich step, so that every later step (numbering, the acronym
walk over `inline_runs()`, shuffling) sees typed questions whatever order the steps run in.

The default lead-outs and option sets are content, not theme wording: an answer letter
means "the third option", so the options a letter refers to must not change with the
theme. An edition in another language writes its own `ask` and `options`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from handbook.errors import Diagnostics, did_you_mean, shown_text
from handbook.model import (
    DescriptiveQuestion,
    HowManyQuestion,
    Image,
    Location,
    MatchQuestion,
    MultipleChoice,
    Pair,
    QUESTION_TYPES,
    StatementsQuestion,
    Text,
    option_letter,
    plain_text,
)
from handbook.parse import fields as f
from handbook.parse.markdown import inline_parser
from handbook.sources.yamlload import line_of
from handbook.translations import word

ASK_STATEMENTS = "Which of the statements given above is/are correct?"
ASK_HOW_MANY = "How many of the above statements are correct?"
ASK_HOW_MANY_PAIRS = "How many of the pairs given above are correctly matched?"
STATEMENT_OPTIONS = {
    2: ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"],
    3: ["1 and 2 only", "2 and 3 only", "1 and 3 only", "1, 2 and 3"],
}
NUMBER_WORDS = ["one", "two", "three", "four"]
MIN_OPTIONS, MAX_OPTIONS = 2, 6
MAX_PAIRS = 10  # List I is lettered A, B, C, ...


def how_many_options(count: int) -> list[str] | None:
    """'Only one', 'Only two', 'All three', 'None' adjusted to `count` items (2-4), else None.

    Two items: 'Only one', 'Both', 'None'. Four: 'Only one' ... 'All four' (four options,
    as the papers print them, so 'None' is dropped)."""
    if not 2 <= count <= len(NUMBER_WORDS):
        return None
    options = [f"Only {word}" for word in NUMBER_WORDS[: count - 1]]
    options.append("Both" if count == 2 else f"All {NUMBER_WORDS[count - 1]}")
    if len(options) < 4:
        options.append("None")
    return options


# --- the schema ------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, bool):
        raise f.FieldError(
            f"must be text, not {value} (YAML reads yes/no/true/false as "
            "true or false: put the text in quotes)"
        )
    result = f.text(value).strip()
    if not result:
        raise f.FieldError("is empty")
    return result


def _texts(least: int = 1) -> Callable[[Any], list]:
    def convert(value: Any) -> list:
        if not isinstance(value, list):
            raise f.FieldError(f"must be a list ('- ...' lines), not {f.describe(value)}")
        for index, item in enumerate(value, start=1):
            try:
                _text(item)
            except f.FieldError as exc:
                raise f.FieldError(f"item {index} {exc}") from None
        if len(value) < least:
            raise f.FieldError(f"needs at least {least} items, has {len(value)}")
        return value

    return convert


def _pairs(value: Any) -> list:
    if not isinstance(value, list):
        raise f.FieldError(f"must be a list of pairs, not {f.describe(value)}")
    for index, item in enumerate(value, start=1):
        if not _pair_texts(item):
            raise f.FieldError(
                f"item {index} must be two texts, like '[Malabar, naval exercise]' "
                "or 'Malabar: naval exercise'"
            )
    if not 2 <= len(value) <= MAX_PAIRS:
        raise f.FieldError(f"must list 2 to {MAX_PAIRS} pairs, not {len(value)}")
    return value


def _pair_texts(item: Any) -> tuple[str, str] | None:
    if isinstance(item, dict) and len(item) == 1:
        item = list(next(iter(item.items())))
    if not isinstance(item, list) or len(item) != 2:
        return None
    try:
        return _text(item[0]), _text(item[1])
    except f.FieldError:
        return None


def _headings(value: Any) -> list:
    if not _pair_texts(value):
        raise f.FieldError("must be two texts, the titles of the two columns, like [Exercise, Partner]")
    return value


COMMON = {"type": f.anything, "question": _text}
CHOICE = {**COMMON, "options": _texts(), "answer": f.anything, "explanation": _text, "shuffle": f.boolean}
NUMBERED = {**CHOICE, "explain": _texts()}  # with numbered statements or pairs, one note each
SPECS = {
    "mcq": CHOICE,
    "statements": {**NUMBERED, "statements": _texts(), "ask": _text},
    "how-many": {**NUMBERED, "statements": _texts(), "pairs": _pairs, "headings": _headings, "ask": _text},
    "match": {**NUMBERED, "pairs": _pairs, "headings": _headings},
    "descriptive": {**COMMON, "marks": f.positive_integer, "words": f.positive_integer, "points": _texts()},
}
REQUIRED = {
    "mcq": ("question", "options", "answer"),
    "statements": ("question", "statements", "answer"),
    "how-many": ("question", "answer"),
    "match": ("question", "pairs", "options", "answer"),
    "descriptive": ("question", "marks", "words"),
}


# --- reading ----------------------------------------------------------------------


@dataclass
class _Reader:
    """One question's mapping, where it comes from, and where its problems go."""

    path: Any
    diagnostics: Diagnostics
    parse: Callable[[str, int | None], list]
    item: Any = None
    ok: bool = True
    language: str = ""  # the chapter's: default wordings come from translations.word

    def error(self, line, message: str, code: str) -> None:
        self.diagnostics.error(self.path, line, message, code=code)
        self.ok = False

    def run(self, value, line) -> list:
        """Inline Markdown -> inline nodes (an image has no place in a question: reported)."""
        nodes = self.parse(_text(value), line)
        if any(isinstance(node, Image) for node in nodes):
            self.error(line, "images cannot be used in questions", code="question-image")
        return [node for node in nodes if not isinstance(node, Image)]

    def field(self, values: dict, key: str, default: str | None = None) -> list:
        """The text field `key` (or `default` when absent) as inline nodes."""
        return self.run(values.get(key, default), line_of(self.item, key))

    def fields(self, values: dict, key: str) -> list[list]:
        """The list-of-texts field `key` as one run per item ([] when absent)."""
        raw = values.get(key, [])
        return [
            self.run(value, line_of(raw, index, line_of(self.item, key))) for index, value in enumerate(raw)
        ]


def parse_questions(
    raw, line: int | None, source, root, diagnostics: Diagnostics, language: str = ""
) -> list:
    """The chapter's questions, numbered 1, 2, ... in the order written; [] when there are none."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        diagnostics.error(
            source.path,
            line,
            "'questions' must be a list of questions, each starting "
            f"with '- type: ...', not {f.describe(raw)}",
            code="questions-not-list",
        )
        return []
    parse = inline_parser(source, root, diagnostics)
    questions = []
    for index, item in enumerate(raw):
        reader = _Reader(source.path, diagnostics, parse, item, language=language)
        question = _question(item, index + 1, line_of(raw, index, line), reader)
        if question is not None and reader.ok:
            questions.append(question)
    return questions


def _question(item, number: int, line, reader: _Reader):
    known = ", ".join(QUESTION_TYPES)
    if not isinstance(item, dict):
        reader.error(
            line,
            f"question {number} must be a mapping of keys ('type: mcq', "
            f"'question: ...'), not {f.describe(item)}",
            code="question-not-mapping",
        )
        return None
    kind = item.get("type")
    if kind is None:
        reader.error(
            line, f"question {number} has no 'type': add one of {known}", code="question-type-missing"
        )
        return None
    if not isinstance(kind, str) or kind not in QUESTION_TYPES:
        reader.error(
            line_of(item, "type", line),
            f"unknown question type '{shown_text(kind)}'; known types: "
            f"{known}{did_you_mean(kind, QUESTION_TYPES)}",
            code="question-type-unknown",
        )
        return None
    before = len(reader.diagnostics.errors)
    values = f.read_fields(
        item, SPECS[kind], reader.path, reader.diagnostics, f"{kind} question {number}", REQUIRED[kind]
    )
    if len(reader.diagnostics.errors) > before:
        reader.ok = False
    common = dict(
        question=reader.field(values, "question") if "question" in values else [],
        loc=Location(reader.path, line),
        number=number,
    )
    return BUILDERS[kind](item, values, common, reader)


# --- one builder per type -----------------------------------------------------------


def _mcq(item, values, common, reader):
    options = _options(item, values, None, reader)
    answer = _answer(item, values, options, reader)
    if answer is None:
        return None
    return MultipleChoice(options=options, answer=answer, **_answer_side(item, values, 0, reader), **common)


def _statements(item, values, common, reader):
    statements = reader.fields(values, "statements")
    count = len(statements)
    if count == 1:
        reader.error(
            line_of(item, "statements"),
            "a statements question needs at least two statements",
            code="question-statements-count",
        )
    if "options" not in values and count > max(STATEMENT_OPTIONS):
        reader.error(
            line_of(item, "statements"),
            f"a statements question with {count} statements "
            "needs 'options': the default options exist for two or three statements",
            code="question-statements-count",
        )
    defaults = word(f"options.statements.{count}", reader.language) if count in STATEMENT_OPTIONS else None
    options = _options(item, values, defaults, reader)
    answer = _answer(item, values, options, reader)
    if answer is None or not statements:
        return None
    ask = reader.field(values, "ask", word("ask.statements", reader.language))
    return StatementsQuestion(
        statements=statements,
        ask=ask,
        options=options,
        answer=answer,
        **_answer_side(item, values, count, reader),
        **common,
    )


def _how_many(item, values, common, reader):
    has_statements, has_pairs = "statements" in item, "pairs" in item
    if has_statements == has_pairs:
        reader.error(
            line_of(item, "type"),
            "a how-many question needs either 'statements' or "
            "'pairs'" + (", not both" if has_statements else ""),
            code="question-how-many-form",
        )
        return None
    statements = reader.fields(values, "statements")
    pairs = _pair_list(values.get("pairs", []), reader)
    count = len(statements) + len(pairs)
    if count == 1:
        reader.error(
            line_of(item, "statements"),
            "a how-many question needs at least two statements",
            code="question-statements-count",
        )
    defaults = how_many_options(count)
    if defaults and reader.language not in ("", "en"):
        defaults = word(f"options.how_many.{count}", reader.language)
    if "options" not in values and defaults is None and count > 1:
        reader.error(
            line_of(item, "statements" if has_statements else "pairs"),
            f"a how-many question with {count} items needs 'options': the default "
            "options exist for two to four",
            code="question-options-missing",
        )
    options = _options(item, values, defaults, reader)
    answer = _answer(item, values, options, reader)
    if answer is None or not count:
        return None
    ask = reader.field(
        values, "ask", word("ask.how_many_pairs" if pairs else "ask.how_many", reader.language)
    )
    return HowManyQuestion(
        statements=statements,
        pairs=pairs,
        ask=ask,
        options=options,
        answer=answer,
        headings=_heading_runs(values, reader),
        **_answer_side(item, values, count, reader),
        **common,
    )


def _match(item, values, common, reader):
    pairs = _pair_list(values.get("pairs", []), reader)
    options = _options(item, values, None, reader)
    answer = _answer(item, values, options, reader)
    if answer is None or not pairs:
        return None
    return MatchQuestion(
        pairs=pairs,
        options=options,
        answer=answer,
        headings=_heading_runs(values, reader),
        **_answer_side(item, values, 0, reader),
        **common,
    )


def _descriptive(item, values, common, reader):
    if "marks" not in values or "words" not in values:
        return None
    return DescriptiveQuestion(
        marks=values["marks"], words=values["words"], points=reader.fields(values, "points"), **common
    )


BUILDERS = {
    "mcq": _mcq,
    "statements": _statements,
    "how-many": _how_many,
    "match": _match,
    "descriptive": _descriptive,
}


# --- shared pieces --------------------------------------------------------------------


def _options(item, values, defaults: list[str] | None, reader) -> list[list]:
    if "options" not in values:
        return [[Text(option)] for option in defaults or []]
    raw = values["options"]
    line = line_of(item, "options")
    if not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
        reader.error(
            line,
            f"'options' must list {MIN_OPTIONS} to {MAX_OPTIONS} options, not {len(raw)}",
            code="question-options-count",
        )
    options = reader.fields(values, "options")[:MAX_OPTIONS]
    seen: dict[str, int] = {}
    for index, option in enumerate(options):
        key = " ".join(plain_text(option).split()).casefold()
        if key in seen:
            reader.error(
                line_of(raw, index, line),
                f"options ({option_letter(seen[key])}) and "
                f"({option_letter(index)}) are the same: '{plain_text(option).strip()}'",
                code="question-option-repeated",
            )
        seen.setdefault(key, index)
    return options


ANSWER = re.compile(r"\(?\s*([a-fA-F])\s*\)?\Z")


def _answer(item, values, options: list, reader) -> int | None:
    """The 0-based index of the correct option; None (reported) when it is not one of them."""
    if "answer" not in values or not options:
        return None
    raw = values["answer"]
    line = line_of(item, "answer")
    last = option_letter(len(options) - 1)
    letters = f"(a) or ({last})" if len(options) == 2 else f"(a) to ({last})"
    match = ANSWER.match(raw.strip()) if isinstance(raw, str) else None
    if match is None:
        texts = [plain_text(option).strip().casefold() for option in options]
        hint = ""
        if isinstance(raw, (str, int)) and str(raw).strip().casefold() in texts:
            hint = f": write its letter, '{option_letter(texts.index(str(raw).strip().casefold()))}'"
        reader.error(
            line,
            f"'answer' must be the letter of the correct option, {letters}, not {f.describe(raw)}{hint}",
            code="question-answer-invalid",
        )
        return None
    index = ord(match.group(1).lower()) - ord("a")
    if index >= len(options):
        reader.error(
            line,
            f"answer '{match.group(1)}' is not among the options: there are {len(options)}, {letters}",
            code="question-answer-unknown",
        )
        return None
    return index


def _answer_side(item, values, items: int, reader) -> dict:
    """explanation, per-statement notes (`explain`, one per statement or pair) and `shuffle`."""
    notes = reader.fields(values, "explain")
    if notes and len(notes) != items:
        reader.error(
            line_of(item, "explain"),
            f"'explain' has {len(notes)} notes for {items} "
            f"{'statements' if 'statements' in item else 'pairs'}: write one note per item",
            code="question-explain-count",
        )
    explanation = reader.field(values, "explanation") if "explanation" in values else []
    return dict(explanation=explanation, notes=notes, shuffle=values.get("shuffle", True))


def _pair_list(raw: list, reader) -> list[Pair]:
    return [
        Pair(
            *(reader.run(text, line_of(raw, index)) for text in _pair_texts(item) or ())
        )  # checked by _pairs
        for index, item in enumerate(raw)
    ]


def _heading_runs(values, reader):
    if "headings" not in values:
        return None
    pair = _pair_texts(values["headings"])
    if pair is None:  # (reported when the headings were checked)
        return None
    left, right = pair
    line = line_of(reader.item, "headings")
    return reader.run(left, line), reader.run(right, line)
