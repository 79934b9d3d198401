"""Command-line values checked before anything runs (click types and callbacks), so a bad
one is a usage error (exit 2) rather than an internal error later: NaN and infinity, an
output that would replace a source or a file handbook did not write, `-o folder/`."""

from __future__ import annotations

import math
import os
from pathlib import Path

import click

from handbook.output.guard import output_refusal

from handbook.yaml_schema import MAX_COUNT

DEFAULT_PDF_NAME = "handbook.pdf"
MAX_JOBS = 64  # processes; more is a typo that would fork the machine to a halt
__all__ = ["MAX_COUNT"]  # re-exported: the command line has the sources' bounds


class FiniteFloatRange(click.FloatRange):
    """click.FloatRange that also refuses nan and inf (which compare false to any bound)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


class LanguageCode(click.ParamType):
    """`--lang hi`: a two-letter code, as translations are named (NN-slug.hi.md); anything
    else (`../../x`) would make a file name of it."""

    name = "code"

    def convert(self, value, param, ctx):
        from handbook.sources.languages import LANGUAGE_CODE

        if not LANGUAGE_CODE.match(value or ""):
            self.fail(f"{value!r} is not a language code of two small letters, like 'hi' or 'en'", param, ctx)
        return value


class OutputPdf(click.ParamType):
    """The PDF to write. `-o newdir/` (or an existing folder) means newdir/handbook.pdf."""

    name = "file"

    def convert(self, value, param, ctx):
        if isinstance(value, Path):
            return value
        text = os.fspath(value)
        if not text or "\0" in text:
            self.fail("is not a usable file name", param, ctx)
        if text.endswith((os.sep, "/")) or os.path.isdir(text):
            return Path(text) / DEFAULT_PDF_NAME
        return Path(text)


def refuse_output(source: Path, output: Path) -> None:
    """A usage error (exit 2) when building `source` into `output` could destroy a file."""
    refusal = output_refusal(source, output)
    if refusal:
        raise click.UsageError(refusal)


def existing_source(ctx, param, value):
    """The SOURCE argument: a missing folder and a file are both usage errors (exit 2)."""
    if value is None:
        return value
    path = Path(value)
    if not path.exists():
        raise click.BadParameter(f"source folder '{path}' not found", ctx, param)
    if not path.is_dir():
        raise click.BadParameter(f"'{path}' is a file; SOURCE is the folder of chapters", ctx, param)
    return path


def require_working_folder() -> None:
    """Exit with a message (not a traceback from deep inside reportlab) when the working
    folder has been deleted under the shell: relative paths cannot be resolved then."""
    try:
        os.getcwd()
    except OSError:
        click.echo(
            "handbook: error: the current folder no longer exists (deleted or moved); "
            "cd to an existing folder and run the command again",
            err=True,
        )
        raise SystemExit(1) from None


class QuestionKinds(click.ParamType):
    """`--types mcq,match`: the question types named, each one handbook knows (else exit 2)."""

    name = "kinds"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        from handbook.parse.edition_entries import QUESTION_KINDS

        kinds = tuple(k.strip() for k in value.split(",") if k.strip())
        unknown = [k for k in kinds if k not in QUESTION_KINDS]
        if unknown:
            self.fail(
                f"unknown type {', '.join(unknown)}; the types are {', '.join(QUESTION_KINDS)}", param, ctx
            )
        return kinds


# A folder to read: missing, or a file, is a usage error (exit 2). Every command that reads a
# source folder takes this one argument.
SOURCE = click.argument(
    "source", default="chapters", type=click.Path(path_type=Path), callback=existing_source
)
