"""Acronyms in a string of text: the one detector that `check`, `build`, `stats` and
`glossary suggest` share. Pure functions on `str`; no model.

`words(text, forms)` finds every acronym-like word of a text and says what it is: a use of a
defined acronym (`Word.acronym`), an undefined word worth reporting (`Word.candidate`), or
neither; and, for uses, where an expansion cannot be right (`Word.expandable`).

Word boundaries are Latin letters and digits (and '_' and '&'): QUAD does not match inside
QUADRANT, but does in a Hindi sentence ("QUAD की बैठक") and right before a Devanagari letter.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# What continues a Latin word: letters (with accents), digits, '_' and '&' (R&D).
_LATIN = "A-Za-z0-9\u00c0-\u024f"
_HYPHENS = "\\-\u2010\u2011"
# A word, or hyphenated compound (CERT-In, PM-JAY, BSL-3, QUAD-led), perhaps escaped ('\SC').
# (Words with no capital or digit, most of any text, are passed over by the regex itself.)
_WORD = re.compile(
    rf"(\\)?(?<![{_LATIN}_&{_HYPHENS}])(?=[{_LATIN}&{_HYPHENS}]*[A-Z0-9])"
    rf"([{_LATIN}&]+(?:[{_HYPHENS}][{_LATIN}&]+)*)(?![{_LATIN}_&])"
)
_PART = re.compile(rf"[^{_HYPHENS}]+")
_TWO_CAPS = re.compile(r"[A-Z][^A-Z]*[A-Z]")
_HYPHEN = re.compile(rf"[{_HYPHENS}]")

# URLs and e-mail addresses written as plain text, and HTML tags: never searched. Linear on any
# text (tests/test_hostile_text.py): a scheme is at most 32 characters, and an address is tried
# only where a word starts, so a 1 MB word is scanned once, not once per character; a tag or
# comment is at most 1000 characters long.
_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.\-]{0,31}://|\bwww\.|\bmailto:)\S+"
    r"|(?<![^\s@])[^\s@]+@[^\s@]+\.\w+",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9\-]{0,30}(?:\s[^<>]{0,1000})?/?>|<!--.{0,1000}?-->", re.DOTALL)

# Roman numerals below 100 (II, XIV, LXVII, XCIX); below 40 and of two or more letters also
# with an A or B after them, as Parts of the Constitution are numbered (IVA, IXB, XIVA).
_ROMAN = re.compile(r"(?=[IVXLC])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_SUFFIX = "AB"

# Element symbols of the formulas notes mention (NO2, SO2, NH3, CH4, H2O, CO2, O3): the
# common ones only, so that I4C or APT10 are not read as formulas.
_ELEMENTS = set("H C N O S P F Cl Br Na K Ca Mg Fe Al Si Hg Pb Cd As Zn Cu Cr Ni".split())
_FORMULA_PART = re.compile(r"([A-Z][a-z]?)(\d*)")
_FORMULAS_WITHOUT_DIGITS = {"CO", "NO"}  # carbon monoxide, nitric oxide
_SUBSCRIPTS = frozenset("₀₁₂₃₄₅₆₇₈₉")

# SI and common units, as written after numbers and in tables (not TB: tuberculosis, in notes).
UNITS = frozenset(
    """GW MW KW TW GWh MWh KWh TWh kWh MT MMT MTPA BCM TMC MAF KM MB GB KB PB
GBPS MBPS Gbps Mbps PPM PPB MHz GHz KHz THz KV kV MVA MMBTU BTU MMSCMD GT MTOE MTOE
PM1 PM2 PM10""".split()  # particulate matter: 'PM2.5', 'PM10' (not a Prime Minister)
)

# Words after initials that make them no initials: 'RBI Governor', 'UN Charter', 'MISA Act'.
_TITLE_WORDS = frozenset(
    """Act Acts Bill Bills Charter Committee Commission Report Reports Governor
Chairman Chairperson Chief Mission Scheme Schemes Yojana Abhiyan Judgment Judgement Verdict Order
Orders Rules Rule Council Summit Summits Agreement Convention Treaty Declaration Index Survey Policy
Programme Program Government Secretary General President Minister Ministers Member Members Court
Bench Model Framework Fund Bank Reforms Reform Meeting Session Guidelines Case Cases Ruling
Director Headquarters Regulations Amendment Ordinance Office Officer Officers Board Authority
Cadre Exam Examination Mains Prelims Paper Papers Notes Notification Budget Elections Election
Party Parties Region Countries Nations Forum Dialogue Corridor Project Portal Card Cards Camp
Force Forces Plus India Strategy Institute Institutes""".split()
)

_FUNCTION_WORDS = frozenset(
    """A AN THE OF AND OR IN ON TO FOR WITH BY AT AS IS ARE WAS BE WE
OUR ITS FROM INTO NOT NO THAT THIS""".split()
)
_CAPS = rf"[A-Z][A-Z'’]*(?:[{_HYPHENS}][A-Z]+)*"
# Words of a run may be in brackets: 'WORLD HEALTH ORGANIZATION (WHO) & INDIA'.
_CAPS_RUN = re.compile(
    rf"(?<![{_LATIN}_&{_HYPHENS}]){_CAPS}(?:(?:[ \t\u2013\u2014]+|,[ \t]+|[ \t]*[/&][ \t]*)"
    rf"\(?{_CAPS}\)?)+(?![{_LATIN}_&])"
)
# A number or time right before a word: '5:30 PM', '976.78 NPR', '500 MW' (not 'Art 136: SLP').
_NUMBER_AFTER = re.compile(r"[ \t]?[$€£₹]?\d")
_NUMBER_BEFORE = re.compile(r"(?<![A-Za-z])\d(?:[\d.,:]*\d)?\s*\Z")


@dataclass(frozen=True)
class Word:
    """One acronym-like word of a text: text[start:end] is `written` (a leading '\\' of an
    escaped word and a '{meaning}' after a use are inside start:end but not in `written`)."""

    start: int
    end: int
    written: str
    acronym: str | None = None  # the defined acronym this is a use of
    candidate: str | None = None  # an undefined word to report (singular)
    expandable: bool = True  # False where an expansion cannot be right (see `words`)
    chosen: str | None = None  # the meaning written after it: SC{Scheduled Castes}
    escaped: bool = False  # written '\SC': not the acronym


def uses_pattern(forms: dict[str, str]) -> dict[str, str] | None:
    """Kept for callers of the old interface: the forms themselves are the pattern now."""
    return forms or None


@lru_cache(maxsize=32)  # a run's text is scanned once per Text node in it
def ignored_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses and HTML tags in `text`: no acronym is looked for inside
    (sorted, overlaps merged, for `_inside`)."""
    spans = sorted([m.span() for m in _URL.finditer(text)] + [m.span() for m in _TAG.finditer(text)])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=32)
def caps_runs(text: str) -> list[tuple[int, int]]:
    """Runs of ALL-CAPS words that are prose in capitals (headings, emphasis, the Preamble):
    'WE, THE PEOPLE OF INDIA', 'NECESSARY EVIL', 'INDIA-PAKISTAN RELATIONS'. A run counts when
    it holds a function word (THE, OF ...) or, without commas, a word of five letters or more;
    'WWF, CSE' or 'UPSC CSE' are acronyms side by side."""
    runs = []
    for match in _CAPS_RUN.finditer(text):
        found = re.findall(r"[A-Z]+", match.group())
        prose = any(w in _FUNCTION_WORDS for w in found) or (
            "," not in match.group() and any(len(w) >= 5 for w in found)
        )
        if prose:
            runs.append(match.span())
    return runs


def words(
    text: str,
    forms: dict[str, str],
    start: int = 0,
    end: int | None = None,
    ignored: set[str] | frozenset[str] = frozenset(),
) -> list[Word]:
    """The acronym-like words in text[start:end] (the rest of `text` is context).

    A defined form (`forms`: written form -> acronym) is a use, except after a backslash
    (`\\SC`), as a person's initials ('RS Sharma'), or singular after a number ('5:30 PM',
    '976.78 NPR': no use at all). A use is not `expandable` inside a hyphenated compound
    ('QUAD-led'), a run of ALL-CAPS prose or after a number. A compound whose first part is an
    acronym and whose other parts start with a capital or digit (CERT-In, PM-JAY, BSL-3) is a
    word of its own: a use only when defined as a whole.
    """
    end = len(text) if end is None else end
    skip = ignored_spans(text)
    runs = caps_runs(text)
    out: list[Word] = []
    for match in _WORD.finditer(text, start):
        if match.start() >= end:
            break
        word, at = match.group(2), match.start(2)
        if word not in forms and not _TWO_CAPS.search(word) and not _HYPHEN.search(word):
            continue  # 'India', 'Japan': no use and nothing to report (the common case, fast)
        if match.end() > end or _inside(at, skip):
            continue
        if match.group(1):  # '\SC': the author says this is not the acronym
            if _acronym_like(word) or word in forms:
                out.append(Word(match.start(), match.end(), word, escaped=True))
            continue
        in_run = _inside(at, runs)
        if word in forms:
            out.extend(_use(text, at, word, forms, compound=False, in_run=in_run))
            continue
        parts = [(m.start() + at, m.group()) for m in _PART.finditer(word)]
        if len(parts) > 1 and not _own_word(parts):
            for part_at, part in parts:
                if part in forms:
                    out.extend(_use(text, part_at, part, forms, compound=True, in_run=in_run))
                else:
                    out.extend(_candidate(text, part_at, part, in_run, ignored))
            continue
        out.extend(_candidate(text, at, word, in_run, ignored, compound=len(parts) > 1))
    return out


def _own_word(parts: list[tuple[int, str]]) -> bool:
    """CERT-In, PM-JAY, BSL-3, COVID-19: one word, not an acronym with something attached
    (QUAD-led, India-ASEAN, US-India: the acronym is a use of its own, not spelled out)."""
    first = parts[0][1]
    return (
        _acronym_like(first)
        and not first[0].isdigit()
        and all(
            p[:1].isdigit() or _acronym_like(p) or (p[:1].isupper() and len(p) <= 2) for _, p in parts[1:]
        )
    )


def _use(text, at, written, forms, compound: bool, in_run: bool) -> list[Word]:
    end = at + len(written)
    if _initials(text, at, written):
        return []
    after_number = _after_number(text, at)
    acronym = forms[written]
    if after_number and written == acronym:
        return []  # '5:30 PM', '976.78 NPR': a unit or currency, not the acronym
    chosen, end = _chosen_meaning(text, end)
    before_number = bool(_NUMBER_AFTER.match(text, end))  # 'NPR 976.78 billion': a currency
    return [
        Word(
            at,
            end,
            written,
            acronym=acronym,
            chosen=chosen,
            expandable=not (compound or in_run or after_number or before_number),
        )
    ]


def _candidate(text, at, word, in_run: bool, ignored, compound: bool = False) -> list[Word]:
    """An undefined word worth a warning, or nothing. A compound of its own (CERT-In) is
    judged by its first part."""
    stem = word[:-1] if word.endswith("s") and _acronym_like(word[:-1]) else word
    looks = _own_word([(0, p) for p in _PART.findall(stem)]) if compound else _acronym_like(stem)
    if not looks or stem in ignored or word in ignored or in_run:
        return []
    if stem[0].isdigit() or _roman(stem) or _formula(stem) or stem in UNITS or word in UNITS:
        return []
    if text[at + len(word) : at + len(word) + 1] in _SUBSCRIPTS and _formula(stem + "2"):
        return []  # 'CH₄', 'SO₂': a formula with subscript digits
    if _initials(text, at, word) or (_after_number(text, at) and stem == word):
        return []
    chosen, end = _chosen_meaning(text, at + len(word))
    return [Word(at, end, word, candidate=stem, chosen=chosen)]


def _chosen_meaning(text: str, end: int) -> tuple[str | None, int]:
    """The meaning written right after a word ('SC{Scheduled Castes}') and where it ends."""
    if text.startswith("{", end):
        close = text.find("}", end, end + 200)  # a meaning is short: never scan the rest
        if close > end + 1 and "\n" not in text[end:close]:
            return text[end + 1 : close].strip(), close + 1
    return None, end


def _after_number(text: str, at: int) -> bool:
    return bool(_NUMBER_BEFORE.search(text[max(0, at - 40) : at]))


def _acronym_like(word: str) -> bool:
    """Two or more capitals and no lower-case letter: ARF, R&D, G20s' stem; not India or 5G."""
    return (
        sum(ch.isupper() for ch in word) >= 2
        and not any(ch.islower() for ch in word)
        and not word.endswith("&")
        and not word.startswith("&")
    )


def _roman(word: str) -> bool:
    match = _ROMAN.match(word)
    if not match or not match.group():
        return False
    rest = word[match.end() :]
    # A letter after only I, V and X (below 40): IVA, XIVA; not LIC or CIA.
    return rest == "" or (
        len(rest) == 1 and rest in _ROMAN_SUFFIX and match.end() >= 2 and not set(match.group()) & set("LC")
    )


def _formula(word: str) -> bool:
    """Element symbols with counts: NO2, SO2, NH3, H2O (and CO, NO)."""
    if word in _FORMULAS_WITHOUT_DIGITS:
        return True
    if not any(ch.isdigit() for ch in word) or not word[0].isalpha():
        return False
    parts = _FORMULA_PART.findall(word)
    return "".join(a + b for a, b in parts) == word and all(a in _ELEMENTS for a, _ in parts)


_NAME_AFTER = re.compile(r" ([A-Z][a-z]+)(?![\w-])")


def _initials(text: str, at: int, word: str) -> bool:
    """'DD Basu', 'GC Leong', 'RS Sharma': two capitals, then one space and a capitalised name
    (not a title word such as Act or Governor). Three letters before a capitalised word are
    more often an acronym naming a thing ('SQL Injection', 'GIS Mapping') than initials."""
    if not (len(word) == 2 and word.isalpha() and word.isupper()):
        return False
    match = _NAME_AFTER.match(text, at + len(word))
    return match is not None and match.group(1) not in _TITLE_WORDS


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Is `position` in one of `spans` (sorted, not overlapping)? A binary search, so many URLs
    and many words stay linear, not their product."""
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


# --- compatibility helpers (tests, stats) ---------------------------------------------------


@dataclass(frozen=True)
class Use:
    """A defined acronym found in a text: text[start:end] is `written`."""

    start: int
    end: int
    acronym: str
    written: str


def find_uses(text: str, pattern, forms: dict[str, str]) -> list[Use]:
    """Uses of defined acronyms in `text`, in order."""
    if not pattern:
        return []
    return [
        Use(w.start, w.start + len(w.written), w.acronym, w.written) for w in words(text, forms) if w.acronym
    ]


def acronym_like_tokens(text: str, forms: dict[str, str] | None = None) -> list[str]:
    """The undefined words of `text` worth reporting (plural 's' dropped: 'ARFs' -> 'ARF')."""
    return [w.candidate for w in words(text, forms or {}) if w.candidate]


# --- where an expansion cannot be right --------------------------------------------------------


def normal(text: str) -> str:
    """For comparing what the author wrote with an expansion: case, spaces, dashes and
    '&'/'and' folded."""
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = text.replace("&", " and ")  # (no '\s*&\s*': quadratic on a long run of spaces)
    return re.sub(r"\s+", " ", text).strip().casefold()


def letters(text: str) -> str:
    """Only the letters and digits, case folded, '&' read as 'and': 'Cyber Crime' and
    'Cybercrime', 'Indo-Pacific' and 'Indo Pacific' compare equal."""
    return "".join(ch for ch in normal(text) if ch.isalnum())


_normal = normal


def spelled_out(before: str, after: str, expansion: str) -> bool:
    """Did the author write the expansion around this use already?

    'Free and Open Indo-Pacific (FOIP)' (expansion before, use opening brackets; a plural
    expansion such as '... Agreements (ACSAs)' counts) or 'FOIP (Free and Open Indo-Pacific)'.
    """
    wanted = normal(expansion)
    head = normal(before)
    if head.endswith("("):  # what follows may be ')' or more: '... (FOIP, 2016)'
        head = head[:-1].rstrip()
        if head.endswith(wanted) or head.endswith(wanted + "s"):
            return True
    tail = normal(after)
    return (
        tail.startswith("(")
        and tail[1:].lstrip().startswith(wanted)
        and tail[1:].lstrip()[len(wanted) :].lstrip().startswith(")")
    )


def spelled_nearby(text: str, expansion: str) -> bool:
    """The expansion appears anywhere in `text` (the paragraph, cell or item), in any case,
    spacing or hyphenation and with '&' for 'and': 'Alternative Dispute Resolution: ADR'."""
    return letters(expansion) in letters(text)


# Brackets a few words after a use, in the same sentence: 'LPG Reforms (Liberalisation, ...)'.
_BRACKET_SOON = re.compile(r"[ \t]*(?:[^\s().!?;:\[\]]+[ \t]+){1,3}\(([^()]*)\)")


def defined_after(after: str, expansion: str, acronym: str = "") -> bool:
    """The author's own definition follows the use: 'I4C (Indian Cybercrime Coordination
    Centre)' (brackets that spell the expansion, or whose initials are the acronym's, right
    after it or a few words on: 'the LPG reforms (Liberalisation, Privatisation and
    Globalisation)'), or 'DRSCs: Department-Related Standing ...' (the expansion's first two
    words after a colon or dash). Brackets holding something else ('NWP (later)') are no
    definition."""
    initials = [ch for ch in acronym.upper() if ch.isalpha()]

    def spells(inner: str) -> bool:
        return letters(expansion) in letters(inner) or bool(
            initials and _initials_match(inner, initials, backwards=False)
        )

    bracket = re.match(r"\s*\(([^()]*)\)", after)
    if bracket:
        return spells(bracket.group(1))
    soon = _BRACKET_SOON.match(after)
    if soon and spells(soon.group(1)):
        return True
    match = re.match(r"\s*[:\u2013\u2014-]\s*(.*)", after, re.DOTALL)
    head = " ".join(expansion.split()[:2])
    return (
        match is not None
        and len(expansion.split()) >= 2
        and letters(match.group(1)).startswith(letters(head))
    )


# The noun an expansion's plural changes is the one before its first preposition: "Members of
# Parliament", "Officers on Special Duty", "Persons with Disabilities", "Centres for Excellence".
PREPOSITION = re.compile(r" (?:of|for|on|in|with|to|under|at|from|against|without|between|by) ")
# Words whose plural no rule of endings makes; "General" after a title ("Attorney General",
# "Comptroller and Auditor General") pluralises the word before it, which is past a rule too.
_IRREGULAR = dict(man="men", woman="women", child="children", criterion="criteria")
_UNSURE = re.compile(r"(?:general|f|fe|ff|um|rion|enon|o|us|is|as|os|series|species)\Z", re.I)


def plural(expansion: str) -> str | None:
    """'Agreements', 'Union Territories', 'Members of Parliament', 'Officers on Special Duty':
    the plural of an expansion (its noun before a preposition, or its last word), or None where
    no rule makes it sure ('Greenhouse Gas', 'Attorney General', 'Memorandum of Understanding',
    'Analysis', 'Bay of Bengal Initiative for ...'): then the use is not spelled out."""
    if len(PREPOSITION.findall(expansion)) > 1:
        return None  # "Bay of Bengal Initiative for ...": which noun is the head?
    found = PREPOSITION.search(expansion)
    head, tail = (expansion[: found.start()], expansion[found.start() :]) if found else (expansion, "")
    words = head.split()
    if not words:
        return None
    word = words[-1]
    if word.lower() in _IRREGULAR:
        plural_word = _IRREGULAR[word.lower()]
        plural_word = plural_word.capitalize() if word[0].isupper() else plural_word
    elif _UNSURE.search(word):
        return None
    elif re.search(r"[^s]s\Z", word, re.I):
        return expansion  # already plural: 'Sustainable Development Goals', 'Armed Forces'
    elif re.search(r"[^aeiou]y\Z", word, re.I):
        plural_word = word[:-1] + "ies"
    elif re.search(r"(?:ss|x|z|ch|sh)\Z", word, re.I):
        plural_word = word + "es"
    else:
        plural_word = word + "s"
    return head[: len(head) - len(word)] + plural_word + tail


def in_quotation(before: str) -> bool:
    """Is the end of `before` inside quotation marks (curly or straight double, or curly
    single quotes opened at a word's start)?"""
    if before.count("\u201c") > before.count("\u201d") or before.count('"') % 2:
        return True
    opened = len(re.findall(r"(?:^|(?<=[\s(\[]))\u2018", before))
    closed = len(re.findall(r"\u2019(?![A-Za-z])", before))
    return opened > closed


def open_parenthesis(before: str) -> tuple[bool, bool]:
    """(inside parentheses, they hold nothing before this use and follow a word): the second
    is the author's own definition, 'Nickel and iron (NIFE)'."""
    position = _opened_at(before)
    if position < 0:
        return False, False
    return True, bracket_phrase(before) is not None


def bracket_phrase(before: str) -> str | None:
    """The text before the parentheses a use opens ('Nickel and iron' for 'Nickel and iron
    (NIFE)'), when they hold nothing before it and follow a word; else None. A word may end
    in a letter, a digit, a bracket or a combining mark: Devanagari words often end in a
    vowel sign ('नाटो', 'समझौते'), which is no letter to `str.isalnum`."""
    position = _opened_at(before)
    if position < 0 or before[position + 1 :].strip():
        return None
    head = before[:position].rstrip()
    if head and (head[-1].isalnum() or head[-1] == ")" or unicodedata.category(head[-1]).startswith("M")):
        return head
    return None


def _opened_at(before: str) -> int:
    """Where the parenthesis still open at the end of `before` opens, or -1."""
    depth = 0
    for index in range(len(before) - 1, -1, -1):
        ch = before[index]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return index
            depth -= 1
    return -1


def repeats_next_word(after: str, expansion: str) -> bool:
    """'MISA Act' with MISA = '... Security Act': the expansion would say 'Act Act'."""
    last = expansion.split()[-1].casefold() if expansion.split() else ""
    match = re.match(r"\s*([^\W\d_]+)", after)
    return bool(last) and match is not None and match.group(1).casefold() == last


def defined_in_text(text: str, acronym: str) -> str | None:
    """The expansion the text itself gives: 'Union Public Service Commission (UPSC)' or
    'UPSC (Union Public Service Commission)' -> 'Union Public Service Commission'."""
    letters = [ch for ch in acronym.upper() if ch.isalpha()]
    if not letters or any(ch.isdigit() for ch in acronym):  # I4C: four Cs, or three?
        return None
    for match in re.finditer(rf"\(\s*{re.escape(acronym)}(s?)\s*[),]", text):
        found = _initials_match(text[: match.start()].rstrip(), letters, backwards=True)
        if found:  # 'Active Pharmaceutical Ingredients (APIs)': the entry is singular
            return found[:-1] if match.group(1) and found.endswith("s") else found
    for match in re.finditer(rf"(?<![{_LATIN}]){re.escape(acronym)}s?\s*\(([^()]+)\)", text):
        found = _initials_match(match.group(1).strip(), letters, backwards=False)
        if found:
            return found
    return None


_SMALL = {"of", "and", "the", "for", "in", "on", "to", "&", "a", "an", "at", "by", "with"}


def _initials_match(text: str, letters: list[str], backwards: bool) -> str | None:
    tokens = re.findall(r"[^\s()]+", text)
    if not tokens:
        return None
    span = range(1, min(len(tokens), len(letters) * 2 + 3) + 1)
    for size in span:
        chosen = tokens[-size:] if backwards else tokens[:size]
        if chosen[0].casefold() in _SMALL:
            continue
        initials = []
        for token in chosen:
            if token.casefold() in _SMALL:
                continue
            for piece in re.split(rf"[{_HYPHENS}]", token):
                if piece[:1].isalpha():
                    initials.append(piece[0].upper())
        if initials == letters:
            return " ".join(chosen).strip(",;:")
        if len(initials) > len(letters) + 1:
            break
    return None


# --- how an expansion reads in its sentence (issue 26) ------------------------------------------

# Words before a noun that leave no room for an article: 'the', 'its', 'India's'.
_DETERMINERS = frozenset(
    """a an the this that these those its their his her our your my whose each every any no
some all both either neither which what another such""".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’]*)[\s\u00a0]*\Z")
_SENTENCE_END = re.compile(r"(?:\A|[.!?][\s\u00a0\"”’)]*)[\s\u00a0(\"“‘*_]*\Z")


def sentence_start(before: str) -> bool:
    """Is a word after `before` the first of its sentence (or of its paragraph, item, cell)?"""
    return bool(_SENTENCE_END.search(before[-80:]))


def wants_article(before: str) -> bool:
    """Would an article read right before a use after `before`? After a verb or preposition
    ('signed with IAEA', 'under UNCLOS') or at a sentence's start; not after an article of its
    own ('the NSG'), a possessive ("India's NSG bid") or a name ('NSE IFSC': a modifier)."""
    tail = before[-60:]
    match = _WORD_BEFORE.search(tail)
    if match is None:  # a start, or after '(' ',' ':'
        return sentence_start(before) or tail.rstrip()[-1:] in ",;:(–—→"
    word = match.group(1)
    if word.casefold() in _DETERMINERS or word.endswith(("'s", "’s", "s'", "s’")):
        return False
    return word[:1].islower() or sentence_start(tail[: match.start()])  # 'When OPEC raised


def as_read(expansion: str, before: str, article: str = "", proper: bool = True) -> str:
    """The expansion as the sentence needs it: with the entry's article where the use has none
    ('under the United Nations Convention ...'), a common noun lower-cased mid-sentence
    ('research in artificial intelligence'), the first letter a capital at a sentence's start."""
    words = expansion.split(" ")
    if not proper and all(_capitalised(word) for word in words):  # written as a title
        expansion = " ".join(word[:1].lower() + word[1:] for word in words)
    if article and wants_article(before):
        expansion = f"{article} {expansion}"
    if sentence_start(before):
        expansion = expansion[:1].upper() + expansion[1:]
    return expansion


def _capitalised(word: str) -> bool:
    """'Artificial', 'Fifth-generation', 'of': a title's word, its case for the sentence to set
    (not 5G, iOS, DNA)."""
    if word in ("of", "and", "the", "for", "in", "on", "to", "a", "an", "&"):
        return True
    rest = word[1:]
    return word[:1].isupper() and rest == rest.lower()


# Capitalised words in a row, small words between them: 'Madhya Pradesh', 'Bay of Bengal'.
_NAME_RUN = re.compile(
    r"(?<![\w'’-])[A-Z][a-z][\w'’]*(?:[-\u2010\u2011][\w'’]+)*"
    r"(?:[ \t]+(?:(?:of|for|and|the|on|in|&)[ \t]+)*[A-Z][a-z][\w'’]*(?:[-\u2010\u2011][\w'’]+)*)+"
)
_RUN_SMALL = frozenset({"of", "for", "and", "the", "on", "in", "&"})
# Capitalised at a sentence's start, never a name's first word: 'An India-Japan summit' is no AI.
_SENTENCE_OPENERS = frozenset(
    "A An The This That These Those Its Their Our Both Each Every All Some Many Most Such".split()
)


def name_phrases(text: str) -> list[tuple[str, str]]:
    """(initials, phrase) for every stretch of capitalised words in `text` that could be an
    acronym's expansion: 'Madhya Pradesh' -> MP, 'Central Sector Scheme' -> CSS and CS,
    'Bay of Bengal Initiative' -> BBI, BB, BI. Used to find another meaning the text spells."""
    out = []
    for match in _NAME_RUN.finditer(text):
        tokens = match.group().split()
        content = [i for i, t in enumerate(tokens) if t not in _RUN_SMALL]
        for a in range(len(content)):
            for b in range(a + 1, min(len(content), a + 8)):
                chosen = tokens[content[a] : content[b] + 1]
                if " and the " in f" {' '.join(chosen)} " or chosen[0] in _SENTENCE_OPENERS:
                    continue  # two names, not one: 'Africa and the Indo-Pacific'; 'An India ...'
                initials = "".join(t[0] for t in chosen if t not in _RUN_SMALL)
                out.append((initials, " ".join(chosen)))
    return out


def same_name(phrase: str, expansion: str) -> bool:
    """Is the phrase the expansion (as spelled, in the plural, with 'and' for '&') or a part
    of it ('Common Service' of 'Common Service Centre')?"""
    a, b = _spelling(letters(phrase)), _spelling(letters(expansion))
    many = plural(expansion)
    return a in b or (many is not None and _spelling(letters(many)) == a) or a.rstrip("s") == b.rstrip("s")


def _spelling(folded: str) -> str:
    """British and American spellings alike: 'Organization' and 'Organisation', 'Programme'
    and 'Program', 'Defence' and 'Defense', 'Centre' and 'Center'."""
    for american, british in (("iz", "is"), ("yz", "ys"), ("program", "programme"), ("defense", "defence")):
        folded = folded.replace(american, british)
    return folded.replace("programmeme", "programme").replace("center", "centre")


def may_stand_for(acronym: str, initials: str, phrase: str) -> bool:
    """Could `acronym` be short for `phrase` (whose initials are `initials`)? Its initials, or
    its initials and one more letter of its last word: 'Central Sector' for CSC."""
    if acronym == initials:
        return True
    if len(acronym) != len(initials) + 1 or not acronym.startswith(initials) or len(initials) < 2:
        return False
    return acronym[-1] in phrase.split()[-1][1:].upper()


# --- words that look like acronyms and are not (issue 26: "quiet lint") ----------------------

# The exam's own capitals: 'Which of the following is NOT correct?', 'ONLY 1 and 2'.
EXAM_WORDS = frozenset(
    """NOT TRUE FALSE FIRST SECOND THIRD FOURTH FIFTH ONLY NEVER LAST CORRECT INCORRECT
CORRECTLY INCORRECTLY ALL NONE BOTH NEITHER NOR EXCEPT ALWAYS MOST LEAST ABOVE BELOW AND OR
BUT ANY EACH MUST CANNOT WRONG RIGHT ONE TWO THREE FOUR TRUE NOTE NOTES MATCHED EXCLUDING
ASSERTION REASON STATEMENT STATEMENTS CODE CODES""".split()
)
# Pseudocode and SQL keywords in prose: 'IF the input is odd THEN ...', 'a SELECT with a JOIN'.
CODE_WORDS = frozenset(
    """IF THEN ELSE ELSEIF ELIF ENDIF END WHILE ENDWHILE DO FOR ENDFOR TO STEP NEXT REPEAT UNTIL
RETURN PRINT INPUT OUTPUT READ WRITE BEGIN CALL DECLARE SET GOTO FUNCTION PROCEDURE ARRAY
INTEGER REAL BOOLEAN STRING SELECT FROM WHERE JOIN INNER OUTER LEFT FULL CROSS ON GROUP BY
ORDER HAVING INSERT INTO VALUES UPDATE DELETE CREATE TABLE DROP ALTER NULL DISTINCT UNION AS
LIKE BETWEEN IN IS COUNT SUM AVG MAX MIN LIMIT CASE WHEN ASC DESC PRIMARY KEY FOREIGN VIEW
INDEX COMMIT ROLLBACK GRANT REVOKE TRUNCATE EXISTS""".split()
)
_HEX = re.compile(r"(?=[0-9A-F]*\d)(?=[0-9A-F]*[A-F])[0-9A-F]{4,}\Z")
_ID = re.compile(r".*\d{3,}|.*[-_][A-Z]+\d")  # S-400 ... REQ-NF001, not G20, COVID-19


def not_an_acronym(word: str, in_question: bool = False) -> str:
    """Why an undefined acronym-like word is no acronym to report ('' when it may be one):
    the exam's wording (NOT, INCORRECT; in a question stem or option any word of the exam's
    vocabulary), a code keyword (SELECT, THEN), an id (REQ-NF001, a hex string or a part of a
    GUID: B8E75930, BF56)."""
    if word in EXAM_WORDS:
        return "the exam's wording"
    if word in CODE_WORDS:
        return "a code keyword"
    if _HEX.match(word.replace("-", "")):
        return "a hexadecimal id"
    if _ID.match(word):
        return "an id"
    return ""
