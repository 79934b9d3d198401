"""Stage 3: add what the text implies: numbers and anchors, acronym expansions, questions.

Each step is a function (book, theme, options, diagnostics) -> None that fills in fields the
parser left empty; steps run in the order of ENRICH_STEPS.
"""

from __future__ import annotations

from handbook.enrich.numbering import number_book
from handbook.enrich.questions import anchor_questions

# Feature modules append their steps here (acronyms, questions, mind maps).
ENRICH_STEPS = [number_book, anchor_questions]


def enrich_book(book, theme, options, diagnostics) -> None:
    for step in ENRICH_STEPS:
        step(book, theme, options, diagnostics)
