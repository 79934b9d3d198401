"""What one run of the build was asked to do (command-line choices that are not in the sources)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuildOptions:
    style: str | None = None  # overrides book.yaml's `style`
    answers: str | None = None  # end | chapter | none; overrides book.yaml
    all_acronyms: bool | None = None  # list unused glossary entries too
    shuffle_seed: int | None = None
    # Print production (output/products.py): extra files and print-shop boxes.
    booklet: bool = False  # also write <output>-booklet.pdf, imposed for saddle stitching
    split: bool = False  # also write chapters/NN-slug.pdf
    bleed: float = 0.0  # millimetres of bleed around the trim (sets TrimBox and BleedBox)
    crop_marks: bool = False
    # A cut of the book (editions.apply_edition): chapters by selection, a book.yaml edition.
    select: str | None = None  # a selection (parse.selection), ANDed with the edition's
    edition: str | None = None  # a name under book.yaml's `editions:`
    language: str = ""  # --lang: build this language's edition from NN-slug.LANG.md translations


def answers_mode(options: BuildOptions, settings) -> str:
    """Where the answer key goes (end | chapter | none): the command line over book.yaml."""
    return options.answers or settings.answers
