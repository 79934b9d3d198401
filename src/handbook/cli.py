"""The `handbook` command: thin click commands over `handbook.pipeline`."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from handbook import __version__
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
    ctx.obj = {"debug": debug}


SOURCE = click.argument("source", default="chapters", type=click.Path(file_okay=False, path_type=Path))


@main.command()
@SOURCE
@click.option("-o", "--output", default="build/handbook.pdf", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="Where to write the PDF.")
@click.option("--style", help="Theme name (see `handbook styles`) or path to a theme file.")
@click.option("--answers", type=click.Choice(["end", "chapter", "none"]),
              help="Where the answer key goes; `none` for a student edition.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems.")
@click.pass_context
def build(ctx, source: Path, output: Path, style, answers, quiet) -> None:
    """Build the PDF handbook from SOURCE (default: chapters)."""
    from handbook.pipeline import build as build_book

    options = BuildOptions(style=style, answers=answers)
    result = run_safely(ctx.obj["debug"], lambda: build_book(source, output, options))
    report(result.diagnostics)
    if not quiet:
        click.echo(f"wrote {output} ({result.pages} pages)")


@main.command()
@SOURCE
@click.option("--style", help="Theme name or path to a theme file.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx, source: Path, style, strict: bool) -> None:
    """Validate SOURCE without writing a PDF."""
    from handbook.pipeline import check as check_book

    diagnostics = run_safely(ctx.obj["debug"], lambda: check_book(source, BuildOptions(style=style)))
    report(diagnostics)
    if diagnostics.has_errors or (strict and diagnostics.warnings):
        sys.exit(EXIT_CONTENT_ERROR)
    click.echo("no problems found" if not diagnostics.items else "no errors", err=True)


@main.command()
def styles() -> None:
    """List the built-in themes."""
    from handbook.theme import builtin_themes

    for name in builtin_themes():
        click.echo(name)
