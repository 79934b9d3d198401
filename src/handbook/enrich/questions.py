"""Question anchors, and (with --shuffle-seed) a deterministic new order of each question's options.

Which options may move: an option that refers to *other options* ("All of the above",
"None of these", "Both (a) and (b)") depends on where the others are. "... of the above"-style
options stay where the author put them (usually last) while the rest move around them; when
an option names other options by letter, the question keeps its order. Options that name
*statements* ("1 and 3 only", "Both 1 and 2", "Neither 1 nor 2") or counts ("Only two",
"None" of the statements) mean the same wherever they stand, since the statements are never
reordered, so they move freely. An author can fix any question's order with `shuffle: false`.
"""

from __future__ import annotations

import random
import re

from handbook.model import Book, Text, option_letter, plain_text

# "all of the above", "none of these", "both of the above", "any of the above", "all the above"
REFERS_TO_THE_REST = re.compile(
    r"\b(all|none|both|neither|any)\b(\s+of)?(\s+the)?\s+(above|these|them)\b", re.I
)
# "(a) and (b)", "both a and c", "option b"
REFERS_BY_LETTER = re.compile(r"\(\s*[a-f]\s*\)|\boptions?\s+[a-f]\b|\b[a-f]\s+(and|or|nor)\s+[a-f]\b", re.I)


def anchor_questions(book: Book, theme, options, diagnostics) -> None:
    for chapter in book.chapters:
        for question in chapter.questions:
            question.anchor = f"{chapter.anchor}-q{question.number}"
            if options.shuffle_seed is not None and question.objective and question.shuffle:
                rng = random.Random(f"{options.shuffle_seed}:{chapter.path.name}:{question.number}")
                shuffle_options(question, rng)


def shuffle_options(question, rng: random.Random) -> None:
    """Permute the movable options in place and move the answer with its option."""
    texts = [plain_text(option) for option in question.options]
    if any(REFERS_BY_LETTER.search(text) for text in texts):
        return
    movable = [index for index, text in enumerate(texts) if not REFERS_TO_THE_REST.search(text)]
    order = rng.sample(movable, len(movable))  # order[k]: the old index that goes to movable[k]
    moved = dict(zip(movable, order))  # new index -> old index
    old_options = list(question.options)
    question.options[:] = [old_options[moved.get(index, index)] for index in range(len(old_options))]
    new_of_old = {old: new for new, old in moved.items()}
    question.answer = new_of_old.get(question.answer, question.answer)
    # "so the answer is (c)" in an explanation names an option: name it by its new letter.
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
