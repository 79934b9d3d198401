"""The `handbook` command: thin click commands over `handbook.pipeline`."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from handbook import __version__
from handbook.cli_values import (
    FiniteFloatRange, OutputPdf, existing_source, refuse_output, require_working_folder,
)
from handbook.errors import BuildFailed, Diagnostics
from handbook.options import BuildOptions

EXIT_CONTENT_ERROR = 1


def report(diagnostics: Diagnostics) -> None:
    """Every problem, one per line, then a summary (on stderr)."""
    for item in diagnostics.sorted():
        click.echo(item.format(), err=True)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def run_safely(debug: bool, action):
    """Run `action`; user mistakes become messages, anything else one line (or a traceback with --debug)."""
    try:
        return action()
    except BuildFailed as exc:
        report(exc.diagnostics)
        sys.exit(EXIT_CONTENT_ERROR)
    except KeyboardInterrupt:
        click.echo("interrupted; the previous PDF is unchanged", err=True)
        sys.exit(130)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        else:
            click.echo(f"handbook: internal error ({type(exc).__name__}): this is a bug in handbook, "
                       "not in your sources; re-run as 'handbook --debug build ...' and report "
                       "the output", err=True)
        sys.exit(EXIT_CONTENT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn Markdown chapters with YAML front matter into a print-ready PDF handbook."""
    require_working_folder()
    ctx.obj = {"debug": debug}


SOURCE = click.argument("source", default="chapters", type=click.Path(path_type=Path), callback=existing_source)


@main.command()
@SOURCE
@click.option("-o", "--output", default=None, type=OutputPdf(),
              help="Where to write the PDF.  [default: build/handbook.pdf; with --edition, the edition's name]")
@click.option("--style", help="Theme name (see `handbook styles`) or path to a theme file.")
@click.option("--answers", type=click.Choice(["end", "chapter", "none"]),
              help="Where the answer key goes; `none` for a student edition.")
@click.option("--all-acronyms", is_flag=True, default=None,
              help="List every defined acronym in the glossary, used or not.")
@click.option("--shuffle-seed", type=int, metavar="N",
              help="Shuffle each question's options (the same N, the same order); the key follows.")
@click.option("--booklet", is_flag=True,
              help="Also write OUTPUT-booklet.pdf: pages two-up on sheets twice the size, in "
                   "saddle-stitch order (print two-sided, flip on the short edge, fold, staple).")
@click.option("--split", is_flag=True, help="Also write one PDF per chapter in chapters/ next to OUTPUT.")
@click.option("--bleed", type=FiniteFloatRange(0, 20), default=0, metavar="MM",
              help="Bleed around each page, in millimetres (sets the trim and bleed boxes).")
@click.option("--crop-marks", is_flag=True, help="Draw crop marks outside the trim, for a print shop.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems (and no progress).")
@click.option("--select", metavar="EXPR", help="Only the chapters EXPR selects, e.g. \"paper == GS2\" (see docs/format.md).")
@click.option("--edition", metavar="NAME", help="An edition named under `editions:` in book.yaml.")
@click.pass_context
def build(ctx, source: Path, output: Path, style, answers, all_acronyms, shuffle_seed, booklet, split,
          bleed, crop_marks, quiet, select, edition) -> None:
    """Build the PDF handbook from SOURCE (default: chapters)."""
    from handbook.workflow.report import fold_repeated
    from handbook.pipeline import build as build_book
    from handbook.progress import Progress

    options = BuildOptions(style=style, answers=answers, all_acronyms=all_acronyms,
                           shuffle_seed=shuffle_seed, booklet=booklet, split=split,
                           bleed=bleed, crop_marks=crop_marks, select=select, edition=edition)
    if output is None:
        from handbook.workflow.editions_commands import edition_output

        output = edition_output(source, edition, Path("build")) if edition else Path("build/handbook.pdf")
    refuse_output(source, output)  # never over a source or a file handbook did not write
    progress = Progress.for_stream(sys.stderr, quiet)  # shown once a build takes a while

    def action():
        try:
            return build_book(source, output, options, progress)
        finally:
            progress.finish()  # clear the status line before any message is printed

    result = run_safely(ctx.obj["debug"], action)
    report(fold_repeated(result.diagnostics, source))
    if not quiet:
        click.echo(f"wrote {output} ({result.pages} pages)")
        for path in result.extra_outputs:
            click.echo(f"wrote {path}")


@main.command()
@SOURCE
@click.option("--style", help="Theme name or path to a theme file.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "lines"]), default="text",
              show_default=True, help="text: grouped by file (coloured on a terminal); json: a list "
              "of {path, line, column, severity, code, message}; lines: path:line: severity: message.")
@click.option("--ignore", "ignored", multiple=True, metavar="CODE",
              help="Leave out warnings with this code (repeatable; codes: docs/format.md).")
@click.pass_context
def check(ctx, source: Path, style, strict: bool, fmt: str, ignored: tuple[str, ...]) -> None:
    """Validate SOURCE without writing a PDF."""
    from handbook.pipeline import check as check_book
    from handbook.workflow import report as formats

    diagnostics = run_safely(ctx.obj["debug"], lambda: check_book(source, BuildOptions(style=style)))
    diagnostics = diagnostics.without(ignored)
    if fmt == "json":
        click.echo(formats.as_json(diagnostics))
    elif diagnostics.items:
        colour = formats.use_colour(sys.stderr)
        text = formats.as_groups(diagnostics, colour) if fmt == "text" else formats.as_lines(diagnostics)
        click.echo(text, err=True, color=colour)
    if diagnostics.has_errors or (strict and diagnostics.warnings):
        sys.exit(EXIT_CONTENT_ERROR)
    if fmt != "json":
        click.echo("no problems found" if not diagnostics.items else "no errors", err=True)


@main.command()
@click.option("--show", "shown", metavar="NAME", help="Print the merged theme NAME (a built-in name "
              "or a theme file), each value with the file and line that set it.")
@click.pass_context
def styles(ctx, shown: str | None) -> None:
    """List the built-in themes, each with what it is for."""
    from handbook.theme import builtin_themes, theme_description

    if shown:
        from handbook.theme.show import show_theme

        diagnostics = Diagnostics()
        listing = run_safely(ctx.obj["debug"], lambda: show_theme(shown, diagnostics))
        report(diagnostics)
        if listing:
            click.echo(listing)
        sys.exit(EXIT_CONTENT_ERROR if diagnostics.has_errors else 0)
    names = builtin_themes()
    width = max(map(len, names), default=0)
    for name in names:
        click.echo(f"{name:<{width}}  {theme_description(name)}".rstrip())


# The editor's workflow (new, init, watch, stats) lives in its own module.
from handbook.workflow.commands import register_workflow_commands  # noqa: E402

register_workflow_commands(main)

# Editions of the book and practice test papers (workflow/editions_commands.py).
from handbook.workflow.editions_commands import register_edition_commands  # noqa: E402

register_edition_commands(main)
