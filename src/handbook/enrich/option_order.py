"""Which order a question's options may take on a shuffled paper, by what the options mean.

Examiners shuffle options so that neighbours cannot copy, but the civil-services papers never
shuffle options whose order carries meaning, and candidates rely on that order:
- counts ("Only one", "Only two", "All three", "None") run in count order;
- statement combinations ("1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2", "1, 2 and 3")
  run in the author's order;
- match-the-list codes ("A-2, B-1, C-3") likewise;
- an option that names other options by letter ("Both (a) and (b)") keeps every option where it is;
- "All of the above" / "None of these" / "उपर्युक्त सभी" / "Cannot be determined" stays where
  the author put it (last) while the rest move;
- an option that contains another option ("Both Tokyo and Osaka", "Neither Tokyo nor Osaka"),
  a bare "Both" or "Neither", assertion-reason options ("A is true but R is false",
  "Statement-I is correct but Statement-II is incorrect") and options naming lettered items
  ("Only A", "क और ख") keep every option where it is;
- ranges ("Less than 5%", "10-20", "1901-1910", "Before 1947") and ordinals ("First",
  "Second") keep the author's order;
- numbers and years stand in ascending order (that is how the papers print them), not shuffled.
Anything else moves freely: keeping an order is always safe, so where a rule is unsure it keeps. A question's `shuffle: false` keeps the author's order whatever it holds.

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
# A bare "None" or "All" among other answers means "none/all of these": it stays in place too;
# so do the answers that are no answer ("Cannot be determined", "Data inadequate", "Can't say").
_BARE_NONE_OR_ALL = re.compile(
    r"^\s*(none|all|both|neither|cannot be (determined|said)|can(no|')t say|data (is )?(inadequate|insufficient))"
    r"\s*\.?\s*$",
    re.I,
)
# The same in Hindi: "उपर्युक्त सभी", "उपरोक्त में से कोई नहीं", "इनमें से कोई नहीं", "इनमें से सभी",
# a bare "सभी", "कोई नहीं", "दोनों", "इनमें से कोई भी नहीं".
_HINDI_REFERS_TO_THE_REST = re.compile(
    r"उपर्युक्त|उपरोक्त|उक्त\s+सभी|इनमें|इनमे|^\s*(सभी|दोनों|कोई\s+(भी\s+)?नहीं)\s*\.?\s*$"
)
# "(a) and (b)", "both a and c", "option b"; Hindi papers letter their options (a)-(d) too, or
# क ख ग घ ("क और ख दोनों")
REFERS_BY_LETTER = re.compile(
    r"\(\s*[a-f]\s*\)|\boptions?\s+[a-f]\b|\b[a-f]\s+(and|or|nor)\s+[a-f]\b"
    r"|(?<![\w\u0900-\u097f])[कखगघ](?![\w\u0900-\u097f])",
    re.I,
)
# Assertion-reason and two-statement options: "Both A and R are true", "A is true but R is
# false", "Statement-I is correct but Statement-II is incorrect", "कथन-I सही है", "Only A",
# "B only". A capital letter standing alone as a name (not the article "A" before a word).
NAMES_AN_ITEM = re.compile(
    r"\b(?i:assertion|reason)\b|\b(?i:statement)[\s-]*([IVX]+|\d)\b|कथन[\s-]*([IVX]+|\d|[१-९])"
    r"|(?<![\w'’-])(?:[B-HJ-Z]|A(?=\s*(?:$|[,.;)]|\s(?:and|or|nor|is|are|only|but|alone)\b)))(?![\w'’-])"
)
# Ranges and bounds: "Less than 5%", "Between 10 and 20", "10-20", "1901–1910", "Before 1947",
# "5 से कम", "10 से 20 के बीच". Their order is the scale's: the author's.
RANGE = re.compile(
    r"\d\s*(?:-|–|—|to|से)\s*\d|\b(less|more|fewer|greater|higher|lower)\s+than\b"
    r"|\b(between|above|below|under|over|up\s*to|upto|at\s+least|at\s+most|before|after|until|till|exceeding|beyond)\b"
    r"|से\s+(कम|अधिक|ज़्यादा|ज्यादा|पहले|बाद)|के\s+बीच|(?<![\w\u0900-\u097f])तक(?![\w\u0900-\u097f])",
    re.I,
)
ORDINAL = re.compile(
    r"\b(first|second|third|fourth|fifth|sixth|last|\d+(st|nd|rd|th))\b"
    r"|(?<![\w\u0900-\u097f])(पहला|पहली|दूसरा|दूसरी|तीसरा|तीसरी|चौथा|चौथी|प्रथम|द्वितीय|तृतीय|चतुर्थ)(?![\w\u0900-\u097f])",
    re.I,
)

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


# "A-2, B-1, C-3, D-4", "A→2", "A:2", "A-III, B-I", "a-2, b-1", "1-c, 2-a", "i-b, ii-a", "क-2, ख-1";
# or a row of the list's numbers under A B C D: "2 1 3 4", "II I III IV".
_CODE_PART = r"(?:[A-Fa-fक-घ]|\d+|[IVXivx]{1,4})"
MATCH_CODE = re.compile(rf"^\s*(?:{_CODE_PART}\s*[-–—→:]\s*{_CODE_PART}\s*[,;]?\s*){{2,}}$")
_DIGIT_ROW = re.compile(r"^\s*(?:(?:\d|[IVX]{1,4})\s+){2,}(?:\d|[IVX]{1,4})\s*$")
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
    """ "All of the above", "None of these", a bare "None", "उपर्युक्त सभी", "Cannot be determined":
    they stand where the author put them."""
    return bool(
        REFERS_TO_THE_REST.search(text)
        or _BARE_NONE_OR_ALL.match(text)
        or _HINDI_REFERS_TO_THE_REST.search(text)
    )


def contains_another(texts: list[str]) -> bool:
    """Whether an option names another by its words: "Both Tokyo and Osaka" beside "Tokyo" (a
    number is no name: "₹3" beside "₹3,000" is left to the rule for numbers)."""
    words = [" ".join(_tokens(text)) for text in texts]
    return any(
        i != j
        and re.search(r"[^\W\d_]", other)
        and re.search(rf"(?<![\w\u0900-\u097f]){re.escape(other)}(?![\w\u0900-\u097f])", text)
        for i, text in enumerate(words)
        for j, other in enumerate(words)
    )


def order_is_meaningful(texts: list[str]) -> str | None:
    """Why these options keep the author's order, or None when they may be rearranged."""
    if any(REFERS_BY_LETTER.search(text) for text in texts):
        return "an option names another by letter"
    if any(NAMES_AN_ITEM.search(text) for text in texts):
        return "the options name lettered or numbered items (assertion and reason, Statement-I)"
    if contains_another(texts):
        return "an option names another by its words"
    movable = [text for text in texts if not stays_in_place(text)]
    if any(RANGE.search(text) and re.search(r"\d", text) for text in movable):
        return "the options are ranges of a scale"
    if sum(bool(ORDINAL.search(text)) for text in movable) > 1 and not all(numeric_value(t) for t in movable):
        return "the options are ordinals"
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
    rearranged alike (and kept in order when the options mean something in any of them, or
    when an explanation names an option by a letter this module cannot be sure of)."""
    if not question.shuffle:
        return
    versions = (question, *also)
    if any(order_is_meaningful([plain_text(o) for o in version.options]) for version in also):
        return
    if any(
        unsure_reference(plain_text(run))
        for version in versions
        for run in (version.explanation, *version.notes)
    ):
        return  # 'Hence d.' after a shuffle would name another option: the author's order
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


# An option named in an explanation: "(c)", "(C)", "(ग)"; or a letter, bare or in brackets, in a
# list after a word that names options: "option c", "Options b and d", "options a, c or d",
# "विकल्प ग", "the answer is c.". Not a letter glued to what comes before ("Article 19(1)(a)",
# "Section 3(b)") nor one after a word of the law ("clause (a) of Article 21", "item (b)"):
# those name a clause, which no shuffle moves. Hindi papers may name options क ख ग घ.
_LETTERS = "a-fA-F\u0915-\u0918"  # (क ख ग घ)
_WORD_CHAR = "\\w\u0900-\u097f"
_IN_BRACKETS = rf"(?<![{_WORD_CHAR})\]])\(\s*[{_LETTERS}]\s*\)"
_BARE = rf"(?<![{_WORD_CHAR}'’.-])[{_LETTERS}](?![{_WORD_CHAR}'’(-]|\.[{_WORD_CHAR}])"
_NAMES_OPTIONS = r"(?:\b[Oo]ptions?|\b[Aa]nswer\s+is|\b[Aa]nswer\s*:|विकल्पों|विकल्प|उत्तर)"
_LIST_JOIN = r"\s*(?:,\s*(?:and\s+|or\s+)?|and\b|or\b|nor\b|&|और|या|तथा|एवं)\s*"
LETTER_REFERENCE = re.compile(
    rf"{_NAMES_OPTIONS}\s*(?:{_IN_BRACKETS}|{_BARE})(?:{_LIST_JOIN}(?:{_IN_BRACKETS}|{_BARE}))*|{_IN_BRACKETS}"
)
_ONE_LETTER = re.compile(
    rf"(?<![A-Za-z\u0900-\u097f])[{_LETTERS}](?![A-Za-z\u0900-\u097f])"
)  # (not in 'answer')
# The article 'a' is a letter only before punctuation, the end or a word that joins or says
# ("option a is right", "options a and b"): not in "the answer is a matter of ...".
_ARTICLE_AFTER = re.compile(r"\s+(?!(?:and|or|nor|is|are|was|were|only|alone|too)\b)[^\W\d_]")
# A letter left standing alone once every sure reference is read: "Hence d.", "b and c are
# wrong", "क और ख": an option, or a lettered item? Unsure: the options keep the author's order.
UNSURE_LETTER = re.compile(
    rf"(?<![{_WORD_CHAR}'’.(/-])[b-fB-F\u0915-\u0918](?![{_WORD_CHAR}'’(/-]|\.[{_WORD_CHAR}])"
)
_LAW_WORD_BEFORE = re.compile(
    r"\b(clauses?|sub-?clauses?|articles?|sections?|sub-?sections?|rules?|paras?|paragraphs?|items?"
    r"|schedules?|entry|entries|lists?|provisos?|regulations?|chapters?|parts?|खंड|अनुच्छेद|धारा)\s*$",
    re.I,
)
_HINDI_LETTERS = "कखगघ"


def _reletter(run: list, letters: dict) -> None:
    for node in run:
        if isinstance(node, Text):
            node.text = reletter_text(node.text, letters)
        elif hasattr(node, "children"):
            _reletter(node.children, letters)


def reletter_text(text: str, letters: dict) -> str:
    """`text` with every option it names by letter renamed as `letters` (old -> new) says."""

    def rename_one(letter: str) -> str:
        if letter in _HINDI_LETTERS:
            old = option_letter(_HINDI_LETTERS.index(letter))
            return _HINDI_LETTERS["abcdef".index(letters.get(old, old))]
        new = letters.get(letter.lower(), letter.lower())
        return new.upper() if letter.isupper() else new

    def rename(found: re.Match) -> str:
        if _LAW_WORD_BEFORE.search(text[max(0, found.start() - 40) : found.start()]):
            return found[0]
        span = found[0]
        out, last = [], 0
        for letter in _ONE_LETTER.finditer(span):
            at = letter.start()
            if (
                letter[0] in "aA"
                and span[at - 1 : at] != "("
                and _ARTICLE_AFTER.match(text, found.start() + at + 1)
            ):
                continue
            out += [span[last:at], rename_one(letter[0])]
            last = at + 1
        return "".join(out) + span[last:]

    return LETTER_REFERENCE.sub(rename, text)


# Options named by their place or number, which a shuffle changes and no letter rewrites: "the
# first option", "the last two options", "option 3", "पहला विकल्प", "अंतिम विकल्प", "विकल्प 2".
OPTION_BY_PLACE = re.compile(
    r"\b(?i:first|second|third|fourth|fifth|last|former|latter|above|below)(?:\s+(?i:two|three))?\s+options?\b"
    r"|\b(?i:options?)\s*\(?\s*[1-6]\b(?![.:]\d)"
    r"|(?:पहला|पहले|दूसरा|दूसरे|तीसरा|तीसरे|चौथा|चौथे|अंतिम|आखिरी|ऊपर\s+के|नीचे\s+के)\s+(?:दो\s+|तीन\s+)?विकल्प"
    r"|विकल्प\s*\(?\s*[1-6१-६](?![\d.])"
)


def unsure_reference(text: str) -> bool:
    """Whether `text` names an option in a way no renaming can be sure of: by a letter standing
    alone ('Hence d.', 'b and c are true'), or by its place or number ('the first option',
    'option 3', 'अंतिम विकल्प'). After a shuffle it would point at another option."""
    return bool(OPTION_BY_PLACE.search(text) or UNSURE_LETTER.search(LETTER_REFERENCE.sub(" ", text)))
