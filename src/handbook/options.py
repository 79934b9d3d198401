"""What one run of the build was asked to do (command-line choices that are not in the sources)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuildOptions:
    style: str | None = None  # overrides book.yaml's `style`
    answers: str | None = None  # end | chapter | none; overrides book.yaml
    all_acronyms: bool | None = None  # list unused glossary entries too
    shuffle_seed: int | None = None


def answers_mode(options: BuildOptions, settings) -> str:
    """Where the answer key goes (end | chapter | none): the command line over book.yaml."""
    return options.answers or settings.answers
