"""Stage 3: add what the text implies: numbers and anchors, acronym expansions, questions.

Each step is a function (book, theme, options, diagnostics) -> None that fills in fields the
parser left empty; steps run in the order of ENRICH_STEPS.
"""

from __future__ import annotations

from handbook.enrich.acronyms import expand_acronyms
from handbook.enrich.mindmaps import add_auto_mindmaps
from handbook.enrich.numbering import number_book
from handbook.enrich.notes import resolve_wiki_links, settle_callout_kinds
from handbook.enrich.questions import anchor_questions

# Questions are anchored (and shuffled) before acronyms are expanded, so "first use" follows
# the printed order; generated mind maps exist before expand_acronyms decides what it skips.
ENRICH_STEPS = [
    number_book,
    settle_callout_kinds,
    resolve_wiki_links,
    anchor_questions,
    add_auto_mindmaps,
    expand_acronyms,
]


def enrich_book(book, theme, options, diagnostics) -> None:
    for step in ENRICH_STEPS:
        step(book, theme, options, diagnostics)
