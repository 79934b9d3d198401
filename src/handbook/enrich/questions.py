"""Question anchors, and (with --shuffle-seed) a deterministic new order of each question's
options: which options may move, and where, is enrich.option_order's rule (counts, statement
combinations and match codes keep their order, numbers ascend, "All of the above" stays last).
An author can fix any question's order with `shuffle: false`.
"""

from __future__ import annotations

import random

from handbook.enrich.option_order import reorder_options
from handbook.model import Book


def anchor_questions(book: Book, theme, options, diagnostics) -> None:
    for chapter in book.chapters:
        for question in chapter.questions:
            question.anchor = f"{chapter.anchor}-q{question.number}"
            if options.shuffle_seed is not None and question.objective and question.shuffle:
                rng = random.Random(f"{options.shuffle_seed}:{chapter.path.name}:{question.number}")
                reorder_options(question, rng)
