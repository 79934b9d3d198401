"""`handbook editions` (every edition of book.yaml) and `handbook test` (a practice test paper
and its answer key), registered on the `handbook` group."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from handbook.cli_values import SOURCE, refuse_output
from handbook.errors import BuildFailed, Diagnostics, display_path
from handbook.options import BuildOptions


def edition_output(source: Path, edition: str, folder: Path) -> Path:
    """Where an edition goes: its `output` name, else handbook-<name>.pdf, in `folder`."""
    from handbook.editions import named_in_book_yaml

    entry = named_in_book_yaml(source).get(edition)
    return folder / (entry.output if entry and entry.output else f"handbook-{edition}.pdf")


@click.command()
@SOURCE
@click.option(
    "-o",
    "--output-dir",
    default="build",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the PDFs.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.pass_context
def editions(ctx, source: Path, output_dir: Path, quiet: bool) -> None:
    """Build every edition named under `editions:` in SOURCE/book.yaml.

    Each is written to OUTPUT_DIR under its `output` name (default handbook-NAME.pdf). An
    edition whose selection takes no chapter is reported and skipped; the others are built."""
    from handbook.cli import report
    from handbook.editions import named_in_book_yaml
    from handbook.pipeline import build

    names = list(named_in_book_yaml(source))
    if not names:
        click.echo(
            f"handbook: error: {display_path(source / 'book.yaml')} names no editions "
            "(add 'editions:' to it; see docs/format.md)",
            err=True,
        )
        sys.exit(1)
    found = Diagnostics()  # every edition's problems, each reported once (most are shared)
    for name in names:
        output = edition_output(source, name, output_dir)
        refuse_output(source, output)  # never over a source or a file handbook did not write
        try:
            result = build(source, output, BuildOptions(edition=name))
        except BuildFailed as exc:
            found.extend(exc.diagnostics)
            continue
        found.extend(result.diagnostics)
        if not quiet:
            click.echo(
                f"wrote {display_path(output)} ({result.pages} pages, {len(getattr(result.record, 'chapter_starts', []))} "
                f"chapters): edition '{name}'"
            )
    found.items = list(dict.fromkeys(found.items))
    report(found)
    if found.has_errors:
        sys.exit(1)


def csv_kinds(ctx, param, value):
    if value is None:
        return None
    from handbook.parse.editions import QUESTION_KINDS

    kinds = tuple(k.strip() for k in value.split(",") if k.strip())
    unknown = [k for k in kinds if k not in QUESTION_KINDS]
    if unknown:
        raise click.BadParameter(
            f"unknown type {', '.join(unknown)}; the types are {', '.join(QUESTION_KINDS)}"
        )
    return kinds


@click.command("test")
@SOURCE
@click.option("--name", "name", metavar="NAME", help="A test named under `tests:` in book.yaml.")
@click.option("--select", metavar="EXPR", help='Which chapters\' questions, e.g. "date >= 2025-10-01".')
@click.option("--count", type=click.IntRange(min=1), help="Objective questions to draw (default: all).")
@click.option(
    "--types",
    callback=csv_kinds,
    metavar="KINDS",
    help="Question types, comma-separated: mcq,statements,how-many,match,descriptive.",
)
@click.option(
    "--seed", type=int, help="Draws and orders the questions (default 1): the same seed, the same paper."
)
@click.option("--minutes", type=click.IntRange(min=1), help="Time allowed (default: at the exam's pace).")
@click.option(
    "--marks", type=click.FloatRange(min=0, min_open=True), help="Marks per objective question (default 2)."
)
@click.option(
    "--shuffle/--no-shuffle", default=None, help="Shuffle each question's options (the key follows)."
)
@click.option("--title", help="The paper's title.")
@click.option(
    "--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), help="The date on the cover, YYYY-MM-DD."
)
@click.option("--style", help="Theme name or path to a theme file.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The paper's PDF (default build/test.pdf, or build/test-NAME.pdf for --name NAME); "
    "the key goes beside it as ...-key.pdf.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.pass_context
def test(
    ctx, source, name, select, count, types, seed, minutes, marks, shuffle, title, date, style, output, quiet
) -> None:
    """Print a practice test: a question paper with an OMR answer sheet, and its answer key.

    Objective questions come from the selected chapters (all, or --count drawn with --seed,
    stratified by chapter), numbered 1..N across the paper; descriptive ones follow in their
    own section with ruled answer space."""
    from handbook.cli import report, run_safely
    from handbook.practice import build_test

    result = run_safely(
        ctx.obj["debug"],
        lambda: build_test(
            source,
            output,
            name=name,
            select=select,
            style=style,
            count=count,
            types=types,
            seed=seed,
            minutes=minutes,
            marks=marks,
            shuffle=shuffle,
            title=title,
            date=date.date() if date else None,
        ),
    )
    report(result.diagnostics)
    if not quiet:
        click.echo(f"wrote {display_path(result.paper)} ({result.pages} pages, {result.questions} questions)")
        click.echo(f"wrote {display_path(result.key)} ({result.key_pages} pages)")


def register_edition_commands(group: click.Group) -> None:
    for command in (editions, test):
        group.add_command(command)
