"""Which order a question's options may take on a shuffled paper, by what the options mean.

Examiners shuffle options so that neighbours cannot copy, but the civil-services papers never
shuffle options whose order carries meaning, and candidates rely on that order:
- counts ("Only one", "Only two", "All three", "None") run in count order;
- statement combinations ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2", "1, 2 and 3")
  run in the author's order;
- match-the-list codes ("A-2, B-1, C-3") likewise;
- an option that names other options by letter ("Both (a) and (b)") keeps every option where it is;
- "All of the above" / "None of these" stays where the author put it (last) while the rest move;
- numbers and years stand in ascending order (that is how the papers print them), not shuffled.
Anything else moves freely. A question's `shuffle: false` keeps the author's order whatever it holds.

`arrange(texts, rng)` returns the new order as a list of old indexes; `reorder_options` applies
it to a question and moves the answer, and every "(c)" of the explanation, with its option.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal, InvalidOperation

from handbook.model import Text, option_letter, plain_text

# "all of the above", "none of these", "both of the above", "any of the above", "all the above"
REFERS_TO_THE_REST = re.compile(
    r"\b(all|none|both|neither|any)\b(\s+of)?(\s+the)?\s+(above|these|them)\b", re.I
)
# A bare "None" or "All" among other answers means "none/all of these": it stays in place too.
_BARE_NONE_OR_ALL = re.compile(r"^\s*(none|all)\s*\.?\s*$", re.I)
# "(a) and (b)", "both a and c", "option b"; Hindi papers letter their options (a)-(d) too
REFERS_BY_LETTER = re.compile(r"\(\s*[a-f]\s*\)|\boptions?\s+[a-f]\b|\b[a-f]\s+(and|or|nor)\s+[a-f]\b", re.I)

# Options are read word by word (any script): a count is made of count words and numbers, a
# statement combination of statement numbers and connecting words. English and Hindi, as the
# papers print them ("Only two", "All three pairs", "केवल दो"; "1 and 3 only", "केवल 1 और 2").


def _words(english: str, hindi: str) -> frozenset[str]:
    return frozenset(english.split() + hindi.split())


COUNT_NUMBERS = _words("one two three four five six seven eight nine ten", "एक दो तीन चार पाँच पांच छह")
COUNT_WORDS = COUNT_NUMBERS | _words(
    english="only exactly all none any of the above them these statement statements pair pairs",
    hindi="केवल सभी कोई भी नहीं कथन युग्म उपर्युक्त में से",
)
CONNECTING_WORDS = _words(
    english="only both neither nor and or all none of the above statement statements pair pairs s.no.",
    hindi="केवल और दोनों न तो ही नहीं या तथा कथन युग्म",
)
_TOKENS = re.compile(r"[^\s,;.&/()]+")
_STATEMENT_NUMBER = re.compile(r"^(\d{1,2}|[ivx]{1,4}|[IVX]{1,4}|[१-९]{1,2})$")


def _tokens(text: str) -> list[str]:
    return [token.lower() for token in _TOKENS.findall(text)]


def is_count(text: str) -> bool:
    """'Only one', 'All three pairs', 'Exactly two', 'केवल दो', 'सभी चार' (a bare 'None' is not:
    it stands for 'none of these')."""
    tokens = _tokens(text)
    return (
        bool(tokens)
        and all(t in COUNT_WORDS or t.isdigit() for t in tokens)
        and any(t in COUNT_NUMBERS for t in tokens)
    )


def is_combination(text: str) -> bool:
    """'1 only', 'Both 1 and 2', 'Neither 1 nor 2', '1, 2 and 3', 'I and III only', 'केवल 1 और 2'
    (a bare '2' is a number, not a combination)."""
    tokens = _tokens(text)
    numbers = [t for t in tokens if _STATEMENT_NUMBER.match(t)]
    joined = len(numbers) > 1 or any(t in CONNECTING_WORDS for t in tokens)
    return (
        bool(numbers) and joined and all(t in CONNECTING_WORDS or _STATEMENT_NUMBER.match(t) for t in tokens)
    )


# "A-2, B-1, C-3, D-4", "A→2", "A:2"; or a row of the list's numbers under A B C D: "2 1 3 4".
MATCH_CODE = re.compile(r"^\s*(?:[A-F]\s*[-–—→:]\s*\d+\s*[,;]?\s*){2,}$")
_DIGIT_ROW = re.compile(r"^\s*(?:\d\s+){2,}\d\s*$")
# A number as options print it: "5,000", "5,00,000" (Indian grouping), "1.5", "-3", "2014",
# with a currency sign before it and one unit after it ("km", "%", "crore", "BC").
NUMBER = re.compile(r"^\s*(?P<sign>[₹$€£]\s*)?(?P<value>[-−]?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[^\d\s][^\d]*)?$")


def is_match_code(text: str) -> bool:
    return bool(MATCH_CODE.match(text) or _DIGIT_ROW.match(text))


def numeric_value(text: str) -> tuple[Decimal, str] | None:
    """(the number, its unit) of an option that is a number, else None."""
    found = NUMBER.match(text)
    if not found:
        return None
    try:
        value = Decimal(found["value"].replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None
    unit = ((found["sign"] or "").strip() + "|" + (found["unit"] or "").strip()).lower()
    return value, unit


def stays_in_place(text: str) -> bool:
    """ "All of the above", "None of these", a bare "None": they stand where the author put them."""
    return bool(REFERS_TO_THE_REST.search(text) or _BARE_NONE_OR_ALL.match(text))


def order_is_meaningful(texts: list[str]) -> str | None:
    """Why these options keep the author's order, or None when they may be rearranged."""
    if any(REFERS_BY_LETTER.search(text) for text in texts):
        return "an option names another by letter"
    movable = [text for text in texts if not stays_in_place(text)]
    if any(is_count(text) for text in movable):
        return "the options are counts"
    if any(is_combination(text) for text in movable):
        return "the options are combinations of statements"
    if any(is_match_code(text) for text in movable):
        return "the options are match-the-list codes"
    return None


def arrange(texts: list[str], rng: random.Random) -> list[int]:
    """The options' new order: new position -> old index."""
    order = list(range(len(texts)))
    if order_is_meaningful(texts):
        return order
    movable = [index for index, text in enumerate(texts) if not stays_in_place(text)]
    numbers = [numeric_value(texts[index]) for index in movable]
    if len(movable) > 1 and all(numbers) and len({unit for _, unit in numbers}) == 1:  # type: ignore[misc]
        placed = [index for _, index in sorted(zip([v for v, _ in numbers], movable))]  # type: ignore[misc]
    elif len(movable) > 1 and all(numbers):
        return order  # numbers in different units ("5 lakh", "1 crore"): the author's order
    else:
        placed = rng.sample(movable, len(movable))
    for slot, old in zip(movable, placed):
        order[slot] = old
    return order


def reorder_options(question, rng: random.Random, *also) -> None:
    """Rearrange a question's options in place as `arrange` says; the answer and every "(c)" of
    its explanation and notes follow their option. `also`: the same question in other languages,
    rearranged alike (and kept in order when the options mean something in any of them)."""
    if not question.shuffle:
        return
    versions = (question, *also)
    if any(order_is_meaningful([plain_text(o) for o in version.options]) for version in also):
        return
    order = arrange([plain_text(option) for option in question.options], rng)
    if order == list(range(len(order))):
        return
    for version in versions:
        apply_order(version, order)


def apply_order(question, order: list[int]) -> None:
    """Put the options in `order` (new position -> old index), the answer and "(c)"s following."""
    old_options = list(question.options)
    question.options[:] = [old_options[old] for old in order]
    new_of_old = {old: new for new, old in enumerate(order)}
    question.answer = new_of_old[question.answer]
    letters = {option_letter(old): option_letter(new) for old, new in new_of_old.items()}
    for run in [question.explanation, *question.notes]:
        _reletter(run, letters)


LETTER_REFERENCE = re.compile(r"\(([a-f])\)")


def _reletter(run: list, letters: dict) -> None:
    for node in run:
        if isinstance(node, Text):
            node.text = LETTER_REFERENCE.sub(lambda m: f"({letters.get(m[1], m[1])})", node.text)
        elif hasattr(node, "children"):
            _reletter(node.children, letters)
