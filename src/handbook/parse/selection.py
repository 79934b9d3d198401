"""The selection language: which chapters an edition or a practice test takes.

    date >= 2025-10-01 and date <= 2025-10-31
    paper == GS2 and ("quad" in tags or topic == "International Relations")
    not file in [01-intro.md, 99-appendix.md]

A hand-written tokenizer and recursive-descent parser turn the text into a small tree of
plain objects; `Selection.matches(chapter)` walks that tree. Nothing is ever evaluated as
Python (no `eval`, no attribute access): a word is a field name or a value, and that is all.

Grammar (keywords are case-insensitive; quote a value that looks like one):

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | "(" expr ")" | comparison
    comparison := operand OP operand          OP: == != < <= > >=
                | operand ["not"] "in" operand
    operand    := WORD | STRING | "[" [operand ("," operand)*] "]"

Every comparison names exactly one field; `in` asks whether a value is one of a list's
(`"quad" in tags`, `paper in [GS2, GS3]`) or part of a text (`"Japan" in topic`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from handbook.errors import did_you_mean

FIELDS = ("paper", "topic", "tags", "date", "order", "file")
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
KEYWORDS = ("and", "or", "not", "in")
ORDERED_FIELDS = ("date", "order")  # the fields < <= > >= make sense for


class SelectionError(ValueError):
    """A mistake in a selection; `column` is 1-based within the expression."""

    def __init__(self, message: str, column: int, code: str = "select-syntax"):
        super().__init__(message)
        self.column = column
        self.code = code


# --- tokens ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # "op" (== ( [ ,  ...), "word", "string", "keyword", "end"
    text: str
    column: int  # 1-based


WORD = re.compile(r"[^\s=!<>()\[\],\"']+")


def tokenize(source: str) -> list[Token]:
    tokens, i = [], 0
    while i < len(source):
        char = source[i]
        if char.isspace():
            i += 1
        elif source.startswith(("==", "!=", "<=", ">="), i):
            tokens.append(Token("op", source[i : i + 2], i + 1))
            i += 2
        elif char in "<>()[],":
            tokens.append(Token("op", char, i + 1))
            i += 1
        elif char == "=":
            raise SelectionError("'=' is not an operator: write '==' to compare", i + 1)
        elif char == "!":
            raise SelectionError("'!' is not an operator: write '!=' or 'not'", i + 1)
        elif char in "\"'":
            end = source.find(char, i + 1)
            if end < 0:
                raise SelectionError(f"this quoted value has no closing {char}", i + 1)
            tokens.append(Token("string", source[i + 1 : end], i + 1))
            i = end + 1
        else:
            found = WORD.match(source, i)
            assert found  # every other character was handled above
            word = found.group()
            kind = "keyword" if word.lower() in KEYWORDS else "word"
            tokens.append(Token(kind, word.lower() if kind == "keyword" else word, i + 1))
            i += len(word)
    tokens.append(Token("end", "", len(source) + 1))
    return tokens


# --- the tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word or quoted text of the selection, and the column it starts at."""

    text: str
    column: int


class Value(Word):
    """A value to compare with (converted once its field is known)."""


class Field(Word):
    """A front-matter field: paper, topic, date, tags, ..."""

    @property
    def name(self) -> str:
        return self.text


@dataclass(frozen=True)
class ValueList:
    items: tuple[Value, ...]
    column: int


@dataclass(frozen=True)
class Compare:
    field: Field
    op: str  # == != < <= > >= in (value in field) isin (field in list)
    value: object  # a converted value, or a tuple of them for `isin`
    negated: bool = False  # "not in"


@dataclass(frozen=True)
class Not:
    inner: object


@dataclass(frozen=True)
class BoolOp:
    op: str  # and | or
    parts: tuple


# --- the parser -----------------------------------------------------------------------


MAX_NESTING = 50  # far above any real selection; far below Python's recursion limit


class _Parser:
    def __init__(self, source: str):
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0  # '(' and 'not' open: bounded, so no recursion limit is reachable

    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def at(self, kind: str, text: str | None = None) -> bool:
        return self.token.kind == kind and (text is None or self.token.text == text)

    def parse(self):
        if self.at("end"):
            raise SelectionError("the selection is empty: write a condition such as 'paper == GS2'", 1)
        tree = self.expr()
        if not self.at("end"):
            token = self.token
            hint = "; join conditions with 'and' or 'or'" if token.kind in ("word", "string") else ""
            raise SelectionError(f"unexpected '{token.text}'{hint}", token.column)
        return tree

    def expr(self):
        return self.joined("or", self.and_expr)

    def and_expr(self):
        return self.joined("and", self.not_expr)

    def joined(self, keyword: str, part):
        """part (keyword part)*: a BoolOp of the parts, or the one part alone."""
        parts = [part()]
        while self.at("keyword", keyword):
            self.take()
            parts.append(part())
        return parts[0] if len(parts) == 1 else BoolOp(keyword, tuple(parts))

    def not_expr(self):
        if (self.at("keyword", "not") or self.at("op", "(")) and self.depth >= MAX_NESTING:
            raise SelectionError(
                f"the selection nests 'not' and '(' more than {MAX_NESTING} deep: write it more simply",
                self.token.column,
            )
        if self.at("keyword", "not"):
            self.take()
            self.depth += 1
            inner = self.not_expr()
            self.depth -= 1
            return Not(inner)
        if self.at("op", "("):
            opening = self.take()
            self.depth += 1
            inner = self.expr()
            self.depth -= 1
            if not self.at("op", ")"):
                raise SelectionError(
                    f"the '(' at column {opening.column} is not closed: add ')'", self.token.column
                )
            self.take()
            return inner
        return self.comparison()

    def operand(self):
        token = self.token
        if token.kind in ("word", "string"):
            self.take()
            if token.kind == "word" and token.text in FIELDS:
                return Field(token.text, token.column)
            return Value(token.text, token.column)
        if self.at("op", "["):
            self.take()
            items = []
            while not self.at("op", "]"):
                item = self.token
                if item.kind not in ("word", "string"):
                    raise SelectionError(self._expected("a value or ']'"), item.column)
                items.append(Value(self.take().text, item.column))
                if self.at("op", ","):
                    self.take()
                elif not self.at("op", "]"):
                    raise SelectionError(self._expected("',' or ']'"), self.token.column)
            self.take()
            return ValueList(tuple(items), token.column)
        raise SelectionError(self._expected("a field (" + ", ".join(FIELDS) + ") or a value"), token.column)

    def _expected(self, what: str) -> str:
        token = self.token
        found = "the end of the selection" if token.kind == "end" else f"'{token.text}'"
        return f"expected {what}, found {found}"

    def comparison(self):
        left = self.operand()
        negated = False
        if self.at("keyword", "not"):
            negated = True
            self.take()
            if not self.at("keyword", "in"):
                raise SelectionError(self._expected("'in' after 'not'"), self.token.column)
        if self.at("keyword", "in"):
            self.take()
            return _membership(left, self.operand(), negated)
        if not (self.token.kind == "op" and self.token.text in COMPARISONS):
            if isinstance(left, Value) and self.token.kind != "op":
                _no_field(left)  # "paer" alone: most likely a misspelt field
            raise SelectionError(self._expected("a comparison (== != < <= > >= in)"), self.token.column)
        op = self.take().text
        return _compare(left, op, self.operand())


def _no_field(value: Value):
    raise SelectionError(
        f"unknown field '{value.text}'{did_you_mean(value.text, FIELDS)}; the fields are {', '.join(FIELDS)}",
        value.column,
        code="select-unknown-field",
    )


def _field_and_value(left, right, op: str):
    """(field, value, flipped) for a comparison written either way round."""
    if isinstance(left, Field) and not isinstance(right, Field):
        return left, right, False
    if isinstance(right, Field) and not isinstance(left, Field):
        return right, left, True
    if isinstance(left, Field):
        raise SelectionError(
            f"'{left.name} {op} {right.name}' compares two fields: compare a field with a value", left.column
        )
    # Two values: the word that is not a field is most likely a misspelt one.
    word = left if isinstance(left, Value) else right
    if isinstance(word, Value):
        _no_field(word)
    raise SelectionError("a comparison needs a field (" + ", ".join(FIELDS) + ")", left.column)


FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


def _compare(left, op: str, right) -> Compare:
    field, value, flipped = _field_and_value(left, right, op)
    if isinstance(value, ValueList):
        raise SelectionError(f"a list goes after 'in': write '{field.name} in [...]'", value.column)
    if flipped:
        op = FLIP[op]
    if field.name == "tags":
        raise SelectionError(
            f"tags is a list: write '\"{value.text}\" in tags'", field.column, code="select-type"
        )
    if op not in ("==", "!=") and field.name not in ORDERED_FIELDS:
        raise SelectionError(
            f"'{op}' compares dates and numbers, and {field.name} is text: use == or != or 'in'",
            field.column,
            code="select-type",
        )
    return Compare(field, op, convert(field.name, value))


def _membership(left, right, negated: bool) -> Compare:
    if isinstance(right, Field) and isinstance(left, Value):  # "quad" in tags, "Japan" in topic
        if right.name in ORDERED_FIELDS:
            raise SelectionError(
                f"'in {right.name}' needs a list or text field (tags, paper, topic, "
                f"file); compare {right.name} with < or >",
                right.column,
                code="select-type",
            )
        return Compare(right, "in", convert(right.name, left), negated)
    if isinstance(left, Field) and isinstance(right, ValueList):  # paper in [GS2, GS3]
        return Compare(left, "isin", tuple(convert(left.name, item) for item in right.items), negated)
    if isinstance(left, Field) and isinstance(right, Value):
        raise SelectionError(
            f"write '\"{right.text}\" in {left.name}' (the value first), or "
            f"'{left.name} in [{right.text}, ...]'",
            right.column,
        )
    if isinstance(left, Value) and isinstance(right, (Value, ValueList)):
        word = right if isinstance(right, Value) else left
        _no_field(word)
    raise SelectionError("'in' needs a value and a field, or a field and a [list]", left.column)


def convert(field: str, value: Value):
    """A value as the field holds it: a date, a whole number, or text for matching."""
    if field == "date":
        try:
            return dt.date.fromisoformat(value.text)
        except ValueError:
            raise SelectionError(
                f"'{value.text}' is not a date: write it YYYY-MM-DD", value.column, code="select-type"
            ) from None
    if field == "order":
        try:
            return int(value.text)
        except ValueError:
            raise SelectionError(
                f"order is a whole number, not '{value.text}'", value.column, code="select-type"
            ) from None
    return normal(field, value.text)


def normal(field: str, value: str) -> str:
    """Text as selections compare it: ignoring case; a paper also ignoring spaces and
    punctuation ('GS 2' is 'GS2'), as the syllabus index groups them."""
    value = value.casefold().strip()
    if field == "paper":
        value = re.sub(r"[\W_]+", "", value)
    return value


# --- matching -------------------------------------------------------------------------


def field_value(chapter, name: str):
    meta = chapter.meta
    if name == "file":
        return normal("file", chapter.path.name)
    if name == "tags":
        return [normal("tags", tag) for tag in meta.tags]
    if name == "date":
        return meta.date
    if name == "order":
        return meta.order
    return normal(name, getattr(meta, name) or "")


def _test(node, chapter) -> bool:
    if isinstance(node, BoolOp):
        results = (_test(part, chapter) for part in node.parts)
        return all(results) if node.op == "and" else any(results)
    if isinstance(node, Not):
        return not _test(node.inner, chapter)
    have = field_value(chapter, node.field.name)
    if node.op == "in":
        found = node.value in have if have is not None else False
    elif node.op == "isin":
        found = bool(set(have) & set(node.value)) if isinstance(have, list) else have in node.value
    else:
        if have is None:
            return node.op == "!="  # a chapter without a date (or order) is before and after nothing
        found = {
            "==": have == node.value,
            "!=": have != node.value,
            "<": have < node.value,
            "<=": have <= node.value,
            ">": have > node.value,
            ">=": have >= node.value,
        }[node.op]
        return found
    return not found if node.negated else found


@dataclass(frozen=True)
class Selection:
    source: str
    tree: object

    def matches(self, chapter) -> bool:
        return _test(self.tree, chapter)

    def select(self, chapters: list) -> list:
        """The chapters that match, in their order."""
        return [chapter for chapter in chapters if self.matches(chapter)]


def parse_selection(source: str) -> Selection:
    """Parse; raise SelectionError (with a column) on a mistake."""
    return Selection(source, _Parser(source).parse())
