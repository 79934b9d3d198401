"""Stage 3: add what the text implies: numbers and anchors, acronym expansions, questions.

Each step is a function (book, theme, options, diagnostics) -> None that fills in fields the
parser left empty; steps run in the order of ENRICH_STEPS.
"""

from __future__ import annotations

from handbook.enrich.acronyms import expand_acronyms
from handbook.enrich.mindmaps import add_auto_mindmaps
from handbook.enrich.numbering import number_book

# expand_acronyms runs last: acronyms in questions count for page references, and
# generated mind maps must exist before it decides what is never expanded.
ENRICH_STEPS = [number_book, add_auto_mindmaps, expand_acronyms]


def enrich_book(book, theme, options, diagnostics) -> None:
    for step in ENRICH_STEPS:
        step(book, theme, options, diagnostics)
