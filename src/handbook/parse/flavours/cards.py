"""Revision cards written for Obsidian's Spaced Repetition plugin, printed as question and answer.

A note is a deck when it carries the plugin's tag (`#flashcards`, `#flashcards/deck/sub`, or
`flashcards` among its front matter's `tags`). In a deck:

- `Question::Answer` (and the reversed `Question:::Answer`) on a line of its own is a card;
- lines that touch a line holding only `?` (or the reversed `??`) are a card written over several
  lines: the question above, the answer (any Markdown: lists, formulas, images) below, up to the
  next blank line;
- the plugin's review data `<!--SR:!2025-01-01,3,250-->` is scheduling, never text: left out;
- a line of tags only (`#flashcards/biology`) names the deck: left out.

A card prints as its question in bold, then its answer, as a reader of the notes expects to see
them (never the separator). The vault's own separators (the plugin's settings in
`.obsidian/plugins/obsidian-spaced-repetition/data.json`, read as JSON data) replace the
defaults. Notes without the tag are never read as cards: `a::b` in ordinary prose stays text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DECK_TAG = "#flashcards"
MAX_QUESTION_LINES = 40  # how far a '?' line is looked for: a question is short, a list may not be
SETTINGS = Path(".obsidian/plugins/obsidian-spaced-repetition/data.json")
REVIEW_DATA = re.compile(r"[ \t]*<!--SR:[^>]*-->[ \t]*")
TAG_LINE = re.compile(r"[ \t]*(#[^\s#`$]+[ \t]*)+\Z")
# Code spans and $math$ hide a separator: `std::vector` in a card's text is not where it splits.
HIDDEN = re.compile(r"`+[^`]*`+|\$[^$]*\$")


@dataclass(frozen=True)
class Separators:
    """What splits a card and what tags a deck: the plugin's defaults, or the vault's own."""

    single: str = "::"
    single_reversed: str = ":::"
    multi: str = "?"
    multi_reversed: str = "??"
    tags: tuple = (DECK_TAG,)


@lru_cache(maxsize=8)
def _separators(root: str, stamp) -> Separators:
    return separators_of(Path(root)) if stamp is not None else Separators()


def separators_of(root: Path) -> Separators:
    """The vault's plugin settings, else the plugin's defaults. Only strings are taken."""
    from handbook.sources.sites import _small_text

    text = _small_text(root / SETTINGS, root)
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    settings = data.get("settings") if isinstance(data, dict) else None
    if not isinstance(settings, dict):
        return Separators()

    def pick(key, default):
        value = settings.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else default

    tags = settings.get("flashcardTags")
    tags = (
        tuple(t for t in tags if isinstance(t, str) and t.startswith("#")) if isinstance(tags, list) else ()
    )
    return Separators(
        pick("singleLineCardSeparator", "::"),
        pick("singleLineReversedCardSeparator", ":::"),
        pick("multilineCardSeparator", "?"),
        pick("multilineReversedCardSeparator", "??"),
        tags or (DECK_TAG,),
    )


def is_deck(body: str, front_matter, tags=(DECK_TAG,)) -> bool:
    """The note carries the plugin's tag, in its text or its front matter's `tags`."""
    for tag in tags:
        if re.search(rf"(?:^|\s){re.escape(tag)}(?:[/\s]|\Z)", body):
            return True
    listed = front_matter.get("tags") if isinstance(front_matter, dict) else None
    if isinstance(listed, str):
        listed = re.split(r"[,\s]+", listed)
    names = (
        {t.lstrip("#").split("/")[0] for t in listed if isinstance(t, str)}
        if isinstance(listed, list)
        else set()
    )
    return any(tag.lstrip("#") in names for tag in tags)


def env_for(source, root: Path) -> dict:
    """The parser's env for a chapter: its separators when it is a deck, else nothing."""
    try:
        stamp = (root / SETTINGS).stat().st_mtime_ns
    except OSError:
        stamp = None  # no settings: the plugin's defaults
    if stamp is None and "flashcards" not in source.body and not source.front_matter:
        return {}  # the common case
    seps = _separators(str(root), stamp)
    return {"cards": seps} if is_deck(source.body, source.front_matter, seps.tags) else {}


def split_single(line: str, seps: Separators) -> tuple[str, str] | None:
    """(question, answer) of a one-line card, or None. The longer separator is tried first."""
    shown = HIDDEN.sub(lambda m: "\0" * len(m.group(0)), line)
    for sep in sorted({seps.single_reversed, seps.single}, key=len, reverse=True):
        at = shown.find(sep)
        while (
            at >= 0
            and sep == seps.single
            and shown[at : at + len(seps.single_reversed)] == seps.single_reversed
        ):
            at = shown.find(sep, at + len(seps.single_reversed))  # part of a longer ':::'
        if at > 0:
            question, answer = line[:at].strip(), line[at + len(sep) :].strip()
            if question and answer:
                return question, answer
    return None


def plugin(md) -> None:
    """The card rule: active only when the chapter's parse says it is a deck (env['cards'])."""

    def text_of(state, line):
        return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]

    def review_line(state, line):
        return line < state.lineMax and REVIEW_DATA.fullmatch(text_of(state, line)) is not None

    def rule(state, start, end, silent):
        seps = state.env.get("cards") if isinstance(state.env, dict) else None
        if seps is None or state.sCount[start] - state.blkIndent >= 4:
            return False
        first = text_of(state, start)
        if TAG_LINE.match(first):
            if not silent:
                state.line = start + 1  # the deck's tags: nothing to print
            return True
        single = split_single(first, seps)
        if single is not None:
            if silent:
                return True
            after = start + 1 + review_line(state, start + 1)
            _card(
                state,
                start,
                after,
                lambda: _paragraph(state, single[0], start, start + 1),
                lambda: _paragraph(state, single[1], start, start + 1),
            )
            return True
        if silent or state.env.get("card_question"):
            return False  # a card over several lines never interrupts a paragraph, nor nests
        line, marker = start, None
        while line < min(end, start + MAX_QUESTION_LINES) and not state.isEmpty(line):
            if line > start and text_of(state, line).strip() in (seps.multi, seps.multi_reversed):
                marker = line
                break
            line += 1
        if marker is None:
            return False
        last = marker + 1
        while last < end and not state.isEmpty(last) and not review_line(state, last):
            last += 1
        stop = last + review_line(state, last)

        def blocks(first, after):
            old_max = state.lineMax
            state.lineMax = after
            state.md.block.tokenize(state, first, after)
            state.lineMax = old_max

        def question():  # its lines are Markdown too: a list of steps, an image
            state.env["card_question"] = True
            blocks(start, marker)
            state.env["card_question"] = False

        _card(state, start, stop, question, lambda: blocks(marker + 1, last))
        return True

    def review_data(state, start, end, silent):
        if not isinstance(state.env, dict) or "cards" not in state.env or not review_line(state, start):
            return False
        if not silent:
            state.line = start + 1  # scheduling, not text (before html_block, which would warn)
        return True

    md.block.ruler.before("paragraph", "sr_card", rule, {"alt": ["paragraph"]})
    md.block.ruler.before("html_block", "sr_review", review_data, {"alt": ["paragraph"]})


def _card(state, start: int, stop: int, question, answer) -> None:
    token = state.push("card_open", "div", 1)
    token.map = [start, stop]
    token = state.push("card_question_open", "div", 1)
    token.map = [start, stop]
    question()
    state.push("card_question_close", "div", -1)
    answer()
    state.push("card_close", "div", -1)
    state.line = stop


def _paragraph(state, text: str, start: int, stop: int) -> None:
    token = state.push("paragraph_open", "p", 1)
    token.map = [start, stop]
    token = state.push("inline", "", 0)
    token.content, token.map, token.children = text, [start, stop], []
    state.push("paragraph_close", "p", -1)


def card(node, ctx) -> list:
    """A card: its question's blocks, paragraphs in bold (a list of steps in it stays a list, a
    picture a figure), then its answer's blocks."""
    from handbook.model import Paragraph, Strong

    from handbook.parse.markdown import _sequence

    question, *answer = node.children
    asked = [
        Paragraph([Strong(block.children)], block.loc) if isinstance(block, Paragraph) else block
        for block in _sequence(question.children, ctx)
    ]
    return asked + _sequence(answer, ctx)
