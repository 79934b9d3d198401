"""Draw a practice test paper from the selected chapters' questions.

Objective questions: all of them, or `count` drawn with the seed *stratified by chapter*
(each chapter gives its share of the pool, largest remainders first), then set in an order
mixed by the seed and numbered 1..N across the paper; with `shuffle`, each question's options
are rearranged too (enrich.option_order: never where their order means something; the key
follows its option).
Descriptive questions follow in their own section, numbered on. Everything random comes from
`random.Random` seeded with text made of the seed: the same seed, the same paper.
"""

from __future__ import annotations

import copy
import math
import random

from handbook.enrich.option_order import reorder_options
from handbook.errors import Diagnostics
from handbook.incremental.identity import ByIdentity
from handbook.sources.languages import is_translation
from handbook.edition_cut import COMMAND_LINE
from handbook.model import Book
from handbook.model.book_cuts import PaperQuestion, PracticePaper, TestSpec

MINUTES_PER_OBJECTIVE = 1.2  # the prelims pace: 100 questions in 120 minutes
MINUTES_PER_MARK = 0.72  # the mains pace: 250 marks in 180 minutes


def draw_paper(
    book: Book,
    spec: TestSpec,
    default_title: str,
    diagnostics: Diagnostics,
    where=("--count", None),
    series: str = "",
    companion: Book | None = None,
) -> PracticePaper | None:
    """The paper, or None with an error (too few questions, none at all). Every series of a test
    asks the same questions (the draw does not depend on it) in an order of its own.
    `companion`: the same chapters in a bilingual paper's second language; each question is
    paired with its own there (same chapter, same number), options rearranged alike."""
    wanted = set(spec.types)
    pool: list = []
    written: list = []
    for chapter in book.chapters:
        for question in chapter.questions:
            if wanted and question.kind not in wanted:
                continue
            (pool if question.objective else written).append((chapter, question))
    path, line = where
    if not pool and not written:
        kinds = f" of the types {', '.join(spec.types)}" if spec.types else ""
        diagnostics.error(
            spec.loc.path,
            spec.loc.line,
            f"the selected chapters ({len(book.chapters)}) have no practice "
            f"questions{kinds}: widen the selection or the types",
            code="test-no-questions",
        )
        return None
    if spec.count is not None and spec.count > len(pool):
        diagnostics.error(
            path,
            line,
            f"asked for {spec.count} objective questions but the selected "
            f"chapters ({len(book.chapters)}) have {len(pool)}: lower the count or widen "
            "the selection",
            code="test-count-too-large",
        )
        return None
    chosen = pool if spec.count is None else stratified(pool, spec.count, spec.seed)
    chosen = list(chosen)
    random.Random(f"{spec.seed}:{series}:order" if series else f"{spec.seed}:order").shuffle(chosen)
    pairs = _companions(book, companion, chosen + written, diagnostics) if companion else ByIdentity()
    if pairs is None:
        return None
    objective = [
        _copy(number, chapter, question, spec, series, pairs.get(question))
        for number, (chapter, question) in enumerate(chosen, start=1)
    ]
    descriptive = [
        _copy(number, chapter, question, spec, series, pairs.get(question))
        for number, (chapter, question) in enumerate(written, start=len(objective) + 1)
    ]
    paper = PracticePaper(
        spec, spec.title or default_title, objective, descriptive, 0, spec.marks, spec.date, series
    )
    paper.minutes = spec.minutes or default_minutes(paper)
    return paper


def stratified(pool: list, count: int, seed: int) -> list:
    """`count` of the pool's (chapter, question) pairs, each chapter giving its share (largest
    remainders get the odd ones; ties go to the earlier chapter), in pool order."""
    # By id, safe: every chapter keyed is held by `pool` for the whole call.
    by_chapter: dict = {}
    for item in pool:
        by_chapter.setdefault(id(item[0]), []).append(item)
    groups = list(by_chapter.values())
    exact = [count * len(group) / len(pool) for group in groups]
    shares = [math.floor(x) for x in exact]
    leftover = count - sum(shares)
    for index in sorted(range(len(groups)), key=lambda i: (-(exact[i] - shares[i]), i))[:leftover]:
        shares[index] += 1
    rng = random.Random(f"{seed}:draw")
    picked = []
    for group, share in zip(groups, shares):
        picked += [group[i] for i in sorted(rng.sample(range(len(group)), share))]
    return picked


def _copy(number: int, chapter, question, spec: TestSpec, series: str = "", pair=None) -> PaperQuestion:
    own = copy.deepcopy(question)
    other, other_chapter = pair or (None, None)
    also = [copy.deepcopy(other)] if other is not None else []
    # Series differ in their options' order too, unless the test says `shuffle: false`.
    shuffle = spec.shuffle if spec.shuffle is not None else bool(series)
    if shuffle and own.objective and own.shuffle:
        salt = f"{spec.seed}:{series}:" if series else f"{spec.seed}:"
        reorder_options(own, random.Random(f"{salt}{chapter.path.name}:{question.number}"), *also)
    return PaperQuestion(number, own, chapter, question.number, also[0] if also else None, other_chapter)


def _companions(book: Book, companion: Book, drawn: list, diagnostics: Diagnostics) -> ByIdentity | None:
    """A question (by identity) -> the same question in the companion book, for every drawn question; None
    (with an error naming each) when a translation does not match its original: another kind,
    another number of options, another answer, or missing."""
    index: ByIdentity[int] = ByIdentity()
    for n, chapter in enumerate(book.chapters):
        index[chapter] = n
    out: ByIdentity[tuple] = ByIdentity()
    if len(companion.chapters) != len(book.chapters):  # (a selection reads the inherited fields)
        diagnostics.error(
            COMMAND_LINE,
            None,
            "the two languages' selections take different chapters",
            code="test-translation-differs",
        )
        return None
    for chapter, question in drawn:
        other_chapter = companion.chapters[index[chapter]]
        if other_chapter.path == chapter.path:  # not translated: printed once, as written
            continue
        found = [q for q in other_chapter.questions if q.number == question.number]
        other = found[0] if found else None
        why = (
            "is missing"
            if other is None
            else "is of another type"
            if other.kind != question.kind
            else "has another number of options"
            if question.objective and len(other.options) != len(question.options)
            else "has another answer"
            if question.objective and other.answer != question.answer
            else ""
        )
        if why:  # reported at the translation, which is what must change
            at_first = is_translation(chapter.path) and other is not None
            diagnostics.error(
                chapter.path if at_first else other_chapter.path,
                question.loc.line if at_first else other.loc.line if other is not None else None,
                f"question {question.number} of '{chapter.meta.title}' {why} in the other language: a "
                "bilingual paper prints both, so they must be the same question",
                code="test-translation-differs",
            )
        else:
            out[question] = (other, other_chapter)
    return None if diagnostics.has_errors else out


def default_minutes(paper: PracticePaper) -> int:
    """Time at the exam's pace, rounded up to five minutes."""
    minutes = MINUTES_PER_OBJECTIVE * len(paper.objective) + MINUTES_PER_MARK * paper.descriptive_marks
    return max(5, 5 * math.ceil(minutes / 5))
