"""The editor's commands: `new`, `init`, `watch` and `stats` (registered on the `handbook` group)."""

from __future__ import annotations

import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

import click

from handbook.cli_values import FiniteFloatRange, OutputPdf, existing_source, refuse_output
from handbook.errors import BuildFailed, display_path
from handbook.options import BuildOptions
from handbook.workflow import scaffold

SOURCE = click.argument("source", default="chapters", type=click.Path(file_okay=False, path_type=Path))
# A folder to read: missing, or a file, is a usage error (exit 2), as for build and check.
EXISTING_SOURCE = click.argument("source", default="chapters", type=click.Path(path_type=Path),
                                 callback=existing_source)


def style_names(ctx, param, incomplete: str) -> list:
    """Shell completion for --style: the built-in themes."""
    from handbook.theme import builtin_themes

    return [name for name in builtin_themes() if name.startswith(incomplete)]


def fail(message: str) -> None:
    click.echo(f"handbook: error: {message}", err=True)
    sys.exit(1)


@click.command()
@click.argument("title")
@SOURCE
@click.option("--paper", default="", help="Exam paper, such as GS2.")
@click.option("--topic", default="", help="Syllabus topic, such as \"International Relations\".")
def new(title: str, source: Path, paper: str, topic: str) -> None:
    """Start a chapter: SOURCE/NN-title.md, numbered after the last one.

    The new file has every front-matter key, explained in comments, a sample mind map and
    one practice question of each type, and builds as it is."""
    try:
        made = scaffold.new_chapter(source, title, paper, topic)
    except scaffold.ScaffoldError as exc:
        fail(str(exc))
    except (OSError, ValueError) as exc:  # no permission, a name too long, a NUL byte
        fail(scaffold.cannot_write(exc))
    click.echo(f"created {display_path(made.path)} (order {made.order})")
    if made.unordered:
        click.echo(f"note: {', '.join(made.unordered)} ha{'s' if len(made.unordered) == 1 else 've'} "
                   "no 'order' and will come after the new chapter; give "
                   f"{'it' if len(made.unordered) == 1 else 'them'} an 'order' to place them", err=True)
    if made.listed_in_book:
        click.echo(f"note: book.yaml lists its chapters: add '- {made.path.name}' to its 'chapters' "
                   "list, or the new chapter is left out", err=True)


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The book's title (default: from the folder's name).")
def init(folder: Path, title: str | None) -> None:
    """Start a new handbook in FOLDER (new or empty).

    Writes chapters/book.yaml, chapters/glossary.yaml, a first chapter and a Makefile that
    calls the installed `handbook`."""
    try:
        written = scaffold.init_project(folder, title)
    except scaffold.ScaffoldError as exc:
        fail(str(exc))
    except (OSError, ValueError) as exc:  # no permission, a name too long, a NUL byte
        fail(scaffold.cannot_write(exc))
    for path in written:
        click.echo(f"created {display_path(path)}")
    click.echo(f"\nNext: cd {display_path(folder)} && handbook build   (or: make)")


@click.command()
@EXISTING_SOURCE
@click.option("-o", "--output", default="build/handbook.pdf", show_default=True,
              type=OutputPdf(), help="Where to write the PDF.")
@click.option("--style", shell_complete=style_names, help="Theme name or path to a theme file.")
@click.option("--answers", type=click.Choice(["end", "chapter", "none"]),
              help="Where the answer key goes; `none` for a student edition.")
@click.option("--interval", default=0.5, show_default=True, type=FiniteFloatRange(min=0.05, max=3600),
              help="Seconds between looks at the files.")
@click.pass_context
def watch(ctx, source: Path, output: Path, style, answers, interval: float) -> None:
    """Rebuild the PDF on every save.

    Watches the chapters, glossary.yaml, book.yaml, images and themes. Problems are printed
    and the last good PDF is kept; stop with Ctrl+C."""
    from handbook.workflow.watch import poll_changes, watch_loop, watched_files

    if not source.is_dir():
        fail(f"source folder '{source}' not found")
    refuse_output(source, output)
    options = BuildOptions(style=style, answers=answers)
    click.echo(f"watching {display_path(source)} (Ctrl+C to stop)", err=True)
    changes = poll_changes(lambda: watched_files(source, style), interval=interval)
    try:
        watch_loop(lambda changed: rebuild(source, output, options, changed, ctx.obj["debug"]), changes)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


def rebuild(source: Path, output: Path, options: BuildOptions, changed: set, debug: bool) -> bool:
    """One build in the watch loop: report, never raise; True when a PDF was written."""
    from handbook.cli import report
    from handbook.pipeline import build

    stamp = time.strftime("%H:%M:%S")
    if changed:
        names = ", ".join(sorted(display_path(p) for p in changed)[:3]) + (" ..." if len(changed) > 3 else "")
        click.echo(f"[{stamp}] changed: {names}", err=True)
    started = time.perf_counter()
    try:
        result = build(source, output, options)
    except BuildFailed as exc:
        report(exc.diagnostics)
        click.echo(f"[{stamp}] not rebuilt; {display_path(output)} is the last good PDF. "
                   "Fix the problems above and save again.", err=True)
        return False
    except Exception:  # a bug must not end the editor's session; say so and keep watching
        if debug:
            traceback.print_exc()
        click.echo("handbook: internal error: this is a bug in handbook, not in your sources; "
                   "re-run with --debug and report the output", err=True)
        return False
    report(result.diagnostics)
    click.echo(f"[{stamp}] wrote {display_path(output)} ({result.pages} pages, "
               f"{time.perf_counter() - started:.1f} s)", err=True)
    return True


@click.command()
@EXISTING_SOURCE
@click.option("--style", shell_complete=style_names, help="Theme name or path to a theme file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--edition", metavar="NAME", help="Count an edition of book.yaml (its chapters only).")
@click.option("--select", metavar="EXPR", help="Count only the chapters EXPR selects.")
@click.pass_context
def stats(ctx, source: Path, style, fmt: str, edition=None, select=None) -> None:
    """Words, pages, questions and acronyms per chapter.

    Counts the prose (not code or mind maps), the chapter's pages (blank pages left out),
    the practice questions by type, the defined acronyms used and the acronym-like words
    not defined, with the book's totals. The book is built to count pages, into a temporary
    file: your PDF is not touched."""
    from handbook.cli import report, run_safely
    from handbook.errors import Diagnostics
    from handbook.pipeline import build, prepare
    from handbook.workflow.stats import book_stats, stats_table

    options = BuildOptions(style=style, edition=edition, select=select)

    def measure():
        with tempfile.TemporaryDirectory(prefix="handbook-stats-") as folder:
            result = build(source, Path(folder) / "stats.pdf", options)
        prepared = prepare(source, options, Diagnostics())
        return result, book_stats(prepared.book, result.record, display_path)

    result, numbers = run_safely(ctx.obj["debug"], measure)
    if fmt == "json":
        click.echo(json.dumps(numbers.as_dict(), indent=2, ensure_ascii=False))
        return
    report(result.diagnostics)
    click.echo(stats_table(numbers))


def register_workflow_commands(group: click.Group) -> None:
    for command in (new, init, watch, stats):
        group.add_command(command)
