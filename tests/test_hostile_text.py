"""Text detectors stay linear on hostile text (issue 12, point 9).

Each function that runs a regular expression over chapter text is timed on 100 KB (1 MB in
`make test-all`) made of one character, for characters that feed each pattern's loops (a
letter, a capital, a digit, '@', '.', '-', ':', '/', a space). A linear pass over 1 MB takes
well under a second; the super-linear patterns the audit found (`\\S+@\\S+\\.\\w+` for URLs)
took hours at 1 MB, so a hundredth of that at 100 KB: still far over the bound.
The bound is loose on purpose: it separates linear from quadratic, not fast from slow.
"""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest

from handbook.enrich import acronym_text, hindi_names
from handbook.enrich import option_order
from handbook.layout import mindmap_labels
from handbook.layout import scripts
from handbook.parse import markdown, math, mermaid
from handbook.workflow import stats, suggest
from handbook.model import Text
from handbook.parse.flavours import FLAVOURS
from handbook.parse.flavours import marks as flavour_marks
from handbook.parse.flavours import logseq, tasks


def _ignore(*found) -> None:
    """What a Logseq page's preparation would report: not asked here."""


class _MarksContext:
    """What parse.flavours.marks asks of a chapter's parse context."""

    flavour = FLAVOURS["mkdocs"]

    def __init__(self):
        self.unknown_syntax: list = []


MEGABYTE = 1_000_000
CHARACTERS = [
    "a",
    "A",
    "@",
    ".",
    "-",
    " ",
    "a@",
    "A-",
    "A ",
    "A{",
    "(",
    "<!--",
    "{{",
    "%%",
    "==",
    "{.a ",
    " ^a",
    "?",
]

FORMS = {"QUAD": "QUAD", "R&D": "R&D", "QUADs": "QUAD"}
USES = acronym_text.uses_pattern(FORMS)

DETECTORS = {
    "acronym uses": lambda text: acronym_text.find_uses(text, USES, FORMS),
    "acronym-like tokens": acronym_text.acronym_like_tokens,
    "spelled out": lambda text: acronym_text.spelled_out(text, text, "Quadrilateral Security Dialogue"),
    "stats words": lambda text: stats.WORD.findall(text),
    "stats acronyms": lambda text: stats.find_acronyms([text], {}),
    "acronym words in context": lambda text: acronym_text.words(text, FORMS),
    "spelled nearby": lambda text: (
        acronym_text.spelled_nearby(text, "Quad Dialogue"),
        acronym_text.in_quotation(text),
        acronym_text.open_parenthesis(text),
        acronym_text.defined_in_text(text, "QUAD"),
    ),
    "option order": lambda text: (
        option_order.order_is_meaningful([text, text]),
        option_order.numeric_value(text),
        option_order.stays_in_place(text),
    ),
    "mind-map label words": lambda text: mindmap_labels._words((mindmap_labels.Run(text, "r"),)),
    "table cells": markdown._cell_count,
    "names and readings (issue 26)": lambda text: (
        acronym_text.name_phrases(text),
        acronym_text.defined_after(text, "Quad Dialogue", "QD"),
        acronym_text.as_read("Quad Dialogue", text, "the", False),
        acronym_text.not_an_acronym(text),
        suggest.definitions_in_text(text, "QUAD"),
        suggest.fits(text, "QUAD"),
    ),
    "scripts clean": lambda text: (scripts.clean(text + "\u200d"), scripts.needs_shaping(text + "\u200d")),
    "flavour marks": lambda text: flavour_marks.apply([Text(text + "}")], _MarksContext(), 1),
    "task lines": lambda text: (
        tasks._without_task_fields([Text(text)]),
        tasks._asks([Text(text)]),
        tasks.EXPLAINS.match(text),
    ),
    "math as plain text": lambda text: (math.as_plain(text[:80]), _read_not_drawn(text[:2000])),
    # The same check with ziamath drawing the formula as well: linear, but 1.3-2.5 s of CPU for
    # each character's 2,000 (26 s in all), and no pattern of ours.
    "math drawn": lambda text: math.unsupported_command.__wrapped__(text[:2000]),
    "mermaid statement": lambda text: mermaid._statement("A --> " + text, mermaid._Reading()),
    "mermaid edge": lambda text: mermaid._EDGE.match("-- " + text),
    "mermaid component": lambda text: mermaid.component_code('<C code="' + text),
    "logseq page": lambda text: logseq.prepare(
        "k:: " + text + "\n- {{query " + text + "\n- [" + text, _ignore
    ),
    "logseq macros": lambda text: logseq.prepare("- {{cloze " + text + " ((" + text, _ignore),
    "hindi names beside acronyms": lambda text: _hindi_names_in(text),
    "option letters in explanations": lambda text: (
        option_order.reletter_text("options a, " + text + " and (b)", {"a": "b", "b": "a"}),
        option_order.unsure_reference(text),
    ),
}


def _read_not_drawn(latex: str) -> str:
    """math.unsupported_command without its last step, ziamath drawing the formula: our
    patterns (the braces, the unknown command, the malformed MathML) on latex2mathml's output.
    Its undecorated function (`__wrapped__`), as for "math drawn": the answers the function
    remembers are left alone, so this one's cannot stand in for a drawing, nor theirs for work."""
    with mock.patch("handbook.ziamath_compat.drawing_error", return_value=""):
        return math.unsupported_command.__wrapped__(latex)


def _hindi_names_in(text: str):
    """The Devanagari names beside brackets, compared with a meaning: on `text` with each
    character doubled by a Devanagari letter and a vowel sign (a run of one 'word')."""
    devanagari = "".join(ch + "की" for ch in text[: len(text) // 3])
    name = devanagari + " (NATO) और NATO (" + devanagari + ")"
    return [
        (
            hindi_names.written_in_devanagari(acronym, found),
            hindi_names.transliterated(found, "North Atlantic"),
        )
        for acronym, found in hindi_names.hindi_names(name)
    ]


# The fast suite runs each detector on 100 KB (a quadratic pattern still takes minutes there);
# `make test-all` on the full megabyte. The detectors that take over a second of CPU on 100 KB
# even when linear (1.3-4.5 s, where a fast test has about 0.1 s) run only in `make test-all`,
# at both sizes; what they find has fast tests of its own (test_option_classes,
# test_questions_shuffle, test_mindmap_geometry, test_acronym_detection, and for a formula
# drawn, test_math_robust).
FAST_SIZE = 100_000
COSTLY_DETECTORS = {"option order", "mind-map label words", "acronym uses", "math drawn"}


# Detectors that read a fixed slice whatever the text's size: the megabyte would repeat the case.
ONE_SIZE = {"math drawn"}


def detector_cases():
    for name in DETECTORS:
        yield pytest.param(name, FAST_SIZE, marks=[pytest.mark.slow] if name in COSTLY_DETECTORS else [])
        if name not in ONE_SIZE:
            yield pytest.param(name, MEGABYTE, marks=pytest.mark.slow)


@pytest.mark.parametrize("name, size", list(detector_cases()))
def test_each_detector_is_linear_on_a_long_run_of_one_character(name, size):
    detector = DETECTORS[name]
    slowest = 0.0
    for character in CHARACTERS:
        text = character * (size // len(character))
        started = time.process_time()
        detector(text)
        slowest = max(slowest, time.process_time() - started)
    # Linear detectors take well under a second per 100 KB; a quadratic one takes minutes on a
    # megabyte. 10 s of CPU leaves room for a slower machine (the acronym counter reached 5.0 s
    # on the full megabyte in one CI run) and still fails on anything quadratic.
    assert slowest < 10, f"{name}: {slowest:.1f} s on {size:,} characters"


def test_every_module_pattern_is_audited():
    """A new module-level pattern must be looked at for backtracking and added here."""
    import importlib
    import pkgutil

    import handbook

    audited = {
        # issue 28: single characters or bounded alternations; the edge's inner label is lazy
        # with one space on each side (no overlapping repeats); the rest run on ziamath's SVG.
        "ziamath_compat._NUMBER",
        "parse.math._CHEMICAL",
        "parse.math._PLAIN_CHARS",
        "parse.math._TOKEN",
        "parse.math._BRACE",  # one escaped character or one brace: no repeats
        "parse.math._UNKNOWN",
        "parse.mermaid._ID",
        "parse.mermaid._EDGE",
        "parse.mermaid._BREAK",
        "parse.mermaid._MARKUP",
        "parse.mermaid._COMPONENT",
        "parse.mermaid._LABEL_MATH",
        "enrich.acronym_text._URL",
        "enrich.acronym_text._CANDIDATE",
        "enrich.acronym_text._SMALL_ROMAN",
        # Options: each anchored or a fixed alternation; the repeated groups of MATCH_CODE and
        # _DIGIT_ROW must each start with a letter or digit after a separator, so they do not
        # overlap.
        # Round 6 (exam): fixed alternations, bounded or anchored; the Hindi brackets start
        # where a word starts (a lookbehind) and split their repeats by spaces; a law word is
        # looked for in the 40 characters before a letter only; options are short texts.
        "enrich.acronym_text.PREPOSITION",
        "enrich.acronym_text._UNSURE",
        "enrich.hindi_names._HINDI_BEFORE_BRACKET",
        "enrich.hindi_names._HINDI_IN_BRACKET",
        # Round 7 (exam): one character class, matched once on a meaning (a glossary entry).
        "enrich.hindi_names._ENGLISH",
        # Option letters in explanations: single characters with lookarounds; a list's items
        # are one letter each, joined by a fixed alternation between runs of spaces.
        "enrich.option_order._ONE_LETTER",
        "enrich.option_order._ARTICLE_AFTER",
        "enrich.option_order.UNSURE_LETTER",
        "enrich.option_order.OPTION_BY_PLACE",
        "enrich.option_order.NAMES_AN_ITEM",
        "enrich.option_order.ORDINAL",
        "enrich.option_order.RANGE",
        "enrich.option_order._LAW_WORD_BEFORE",
        "enrich.option_order._HINDI_REFERS_TO_THE_REST",
        "enrich.option_order.REFERS_TO_THE_REST",
        "enrich.option_order.REFERS_BY_LETTER",
        "enrich.option_order._BARE_NONE_OR_ALL",
        "enrich.option_order._TOKENS",
        "enrich.option_order._STATEMENT_NUMBER",
        "enrich.option_order.MATCH_CODE",
        "enrich.option_order._DIGIT_ROW",
        "enrich.option_order.NUMBER",
        "enrich.option_order.LETTER_REFERENCE",
        "layout.mindmap_labels._TOKENS",
        "layout.mindmap_labels._PARTS",
        "workflow.stats.WORD",
        "workflow.stats.TOKEN",
        # The acronym detector (issue 15), each looked at: _WORD's lookbehind refuses a hyphen,
        # so a compound is tried once, from its start; the caps run likewise; _TAG is bounded;
        # the number patterns run on a 40-character window or at one position.
        "enrich.acronym_text._WORD",
        "enrich.acronym_text._PART",
        "enrich.acronym_text._TWO_CAPS",
        "enrich.acronym_text._HYPHEN",
        "enrich.acronym_text._TAG",
        "enrich.acronym_text._CAPS_RUN",
        "enrich.acronym_text._NUMBER_AFTER",
        "enrich.acronym_text._NUMBER_BEFORE",
        "enrich.acronym_text._NAME_AFTER",
        "enrich.acronyms._CHOICES",
        # Run only on one short token:
        "enrich.acronym_text._ROMAN",
        "enrich.acronym_text._FORMULA_PART",
        "workflow.suggest._PLAIN_KEY",
        # Issue 26: on a bounded tail (60-80 characters before a use), one word, or one run of
        # capitalised words with distinct separators; each exercised above on a long run.
        "enrich.acronym_text._BRACKET_SOON",
        "enrich.acronym_text._HEX",
        "enrich.acronym_text._ID",
        "enrich.acronym_text._NAME_RUN",
        "enrich.acronym_text._SENTENCE_END",
        "enrich.acronym_text._WORD_BEFORE",
        "workflow.suggest._NAME_WORD",
        "enrich.acronyms._BRACKET_NEXT",
        # Run only on short values (a file name, a YAML scalar, a message), never on prose:
        "output.products.CHAPTER_FILE",
        "parse.questions.ANSWER",
        "parse.acronyms.ACRONYM_KEY",
        "theme.load.LENGTH_TEXT",
        "theme.load.COLOR_TEXT",
        "theme.checks.FAMILY_NAME",
        "theme.fontpackages.PACKAGE_NAME",
        "workflow.scaffold.LEADING_NUMBER",
        "workflow.scaffold.MARKDOWN_SPECIAL",
        "parse.markdown.UNSAFE_LINK",
        "errors._UNPRINTABLE",
        # Issue 14. Linear (disjoint alternatives, bounded runs): addresses in prose, wiki links,
        # quotes in titles, image references (runs bounded to 2000 characters).
        "layout.rlcompat._THEME_COLOUR",
        "layout.typography.ADDRESS",
        "incremental.store._KEY",  # 64 hex digits, anchored: linear
        "incremental.store._ENTRY",  # 64 hex digits and .bin, anchored: linear
        "incremental.store._TEMPORARY",  # a dot, 64 hex, .bin., 12 hex, .tmp: fixed lengths, linear
        "incremental.store._KIND",  # lower-case letters, anchored: linear
        "layout.typography.BREAK_AFTER",
        "layout.typography.LONG_ADDRESS",
        "parse.notes.WIKI_LINK",
        "parse.notes.OPENS_QUOTE",
        # Issue 23, the SVG sanitiser: anchored (DECLARATION on 200 bytes, LOCAL_ID), one
        # alternation of words, a number whose optional parts cannot fail, a url( whose lazy
        # run is bounded to 300 characters.
        # Issue 23, the HTML tokenizer (parse/html.py _tokens): each pattern is matched at a
        # position and what it matches is consumed (or the rest of the text is text and reading
        # ends); EQUALS may scan spaces SPACE then consumes: every character is read a bounded
        # number of times. SPAN is anchored on one attribute value.
        "parse.html.ATTRIBUTE_NAME",
        "parse.html.EQUALS",
        "parse.html.SPACE",
        "parse.html.SPAN",
        "parse.html.TAG_NAME",
        "parse.html.UNQUOTED",
        "sources.languages.LANGUAGE_CODE",  # two letters, anchored
        "parse.svg.DECLARATION",
        "parse.svg.LOCAL_ID",
        "parse.svg.NOT_A_NUMBER",
        "parse.svg.NUMBER",
        "parse.svg.URL",
        "workflow.images_fetch.MARKDOWN_IMAGE",
        "workflow.images_fetch.HTML_SOURCE",
        # Issue 14, on short values: one HTML tag token, one attribute value, one fence line.
        "parse.html.ATTRIBUTE",
        "parse.html.IMAGE_FILE",
        "parse.html.INLINE_TAG",
        "parse.notes.ALERT",
        "parse.notes.BRACKET_TITLE",
        "parse.notes.LONE_FENCE",
        "parse.notes.QUARTO_KIND",
        "parse.notes.QUARTO_TITLE",
        "layout.rlcompat.TALLEST_ROW",
        "layout.rlcompat.TOO_LARGE",  # reportlab's own messages
        "yaml_schema.CODE",  # a diagnostic code in book.yaml
        # Character classes with one-character look-arounds: linear ("scripts clean" above).
        "layout.scripts._SHAPED_RE",
        "layout.scripts._INVISIBLE_RE",
        "layout.scripts._JOINER_RE",
        "layout.scripts._EMOJI_RE",
        "sources.languages.TRANSLATION",
        "parse.acronyms.LANGUAGE_KEY",
        # Issue 29: a run of spaces, non-spaces, spaces (no nesting); a short anchored code.
        "layout.scripts._WORD_RE",
        "parse.book._LANGUAGE_CODE",
        # One character class, matched once per word or bracket: linear (issue 18).
        "parse.selection.WORD",
        # Issue 25 (flavours), timed below ("flavour marks", "task lines"): fixed prefixes, one
        # class per run, bounded spans (comments, macros), runs separated by a class the run
        # cannot hold (attribute lists); the rest anchored, on one line or one option.
        "parse.flavours.marks.ANY",
        "parse.flavours.marks.BLOCK_ID",
        "parse.flavours.marks.ICON",
        "parse.flavours.marks.ATTR_LIST",
        "parse.flavours.marks.ROLE",
        "parse.flavours.marks.ROLE_TARGET",
        "parse.flavours.tasks.TASK",
        "parse.flavours.tasks.TASKS_FIELDS",
        "parse.flavours.tasks.TASK_TAG",
        "parse.flavours.tasks.ASKS",
        "parse.flavours.tasks.NUMBERING",
        "parse.flavours.tasks.EXPLAINS",
        "parse.flavours.callouts.BLOCK_OPTION",
        "parse.flavours.callouts.AD_OPTION",
        "parse.flavours.callouts.MYST_OPTION",
        "parse.flavours.callouts.DIRECTIVE",
        "parse.flavours.callouts.TAB",
        "parse.flavours.QUIZ_TAG",
        "sources.sites.DOCS_DIR",
        # Round 6 (collections): anchored at a line's start with one class per run
        # (TAG_START, FENCE_LINE, MDX_ESM); '#' must open each tag, which the tag cannot hold
        # (TAG_LINE); a delimited span whose inside excludes the delimiter (HIDDEN, REVIEW_DATA,
        # _AFTER_NUMBER, bounded to 40); digits and one separator (YEAR_FIRST); a brace group
        # without braces inside (_TAG); a fixed alternation of names (_SITE_MACRO).
        "parse.flavours.TAG_START",
        "parse.flavours.FENCE_LINE",
        "parse.flavours.MDX_ESM",
        "parse.flavours.cards.HIDDEN",
        "parse.flavours.cards.REVIEW_DATA",
        "parse.flavours.cards.TAG_LINE",
        "parse.math._AFTER_NUMBER",
        "parse.math._TAG",
        "parse.math._SITE_MACRO",
        "parse.math._EMPTY_ROW",  # fixed tokens and bounded runs, then a lookahead of one class
        "yaml_schema.YEAR_FIRST",
        # Round 7 (collections, Logseq): each anchored at a line's start or at a fixed opening
        # ('{{query', '((', '['); every run a class the next part cannot begin with (a
        # property's value is the greedy rest of its line, stripped after; a macro's or a
        # reference's inside excludes its braces and brackets, so no start scans past the next).
        *(
            f"parse.flavours.logseq.{name}"
            for name in (
                "PROPERTY",
                "TASK",
                "PLANNING",
                "DRAWER_START",
                "DRAWER_END",
                "BEGIN",
                "FENCE",
                "LINK_MACRO",
                "QUERY_MACRO",
                "CLOZE_MACRO",
                "HEADING_BLOCK",
                "EMBED_MACRO",
                "BLOCK_REF",
                "JOURNAL",
                "EMPTY_BLOCK",
            )
        ),
    }
    found = set()
    for module in pkgutil.walk_packages(handbook.__path__, "handbook."):
        if module.name.endswith("__main__"):
            continue
        for key, value in vars(importlib.import_module(module.name)).items():
            if isinstance(value, re.Pattern):
                found.add(f"{module.name.removeprefix('handbook.')}.{key}")
    assert not sorted(found - audited), "audit these patterns for backtracking, then list them"
