"""The `handbook` command line: every command, each a thin layer over a library function.

How to add to it (each addition is one block of its own, so that changes merge cleanly):
- A command: a function under `@main.command()` (or under a group such as `@glossary.command()`)
  that takes the shared option bundles it needs (`@SOURCE`, `@OUTPUT`, `@STYLE`, `@ANSWERS`),
  imports the library it calls *inside its body*, and runs the work through
  `run_safely(ctx.obj["debug"], action)`, which prints a BuildFailed's diagnostics and exits 1,
  and turns any other exception into one line (a traceback with --debug).
- An option of one command: a `@click.option` on that command. An option several commands share:
  a bundle next to SOURCE below, used by each (so it has one spelling, help text and completion).
- A mistake the command itself finds (not in the sources): `fail("message")`, exit 1.
Imports at the top of this module stay light: `handbook --help` and TAB completion must import
neither reportlab nor handbook.enrich (tests/test_completion.py checks).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import NoReturn

import click

from handbook import __version__
from handbook.cli_values import (
    MAX_COUNT,
    MAX_JOBS,
    FiniteFloatRange,
    LanguageCode,
    OutputPdf,
    SOURCE,
    QuestionKinds,
    refuse_output,
    require_working_folder,
)
from handbook.errors import BuildFailed, Diagnostics, display_path
from handbook.options import BuildOptions

EXIT_CONTENT_ERROR = 1


# --- Reporting and the one error-handling wrapper ---------------------------------------------


def report(diagnostics: Diagnostics) -> None:
    """Every problem, one per line, then a summary (on stderr)."""
    for item in diagnostics.sorted():
        click.echo(item.format(), err=True)
    errors, warnings = len(diagnostics.errors), len(diagnostics.warnings)
    if errors or warnings:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


def fail(message: str) -> NoReturn:
    """A mistake in how a command was used (not in the sources): one line, exit 1."""
    click.echo(f"handbook: error: {message}", err=True)
    sys.exit(EXIT_CONTENT_ERROR)


def internal_error(exc: Exception, debug: bool) -> None:
    """Say that `exc` is a bug in handbook (with --debug: show where)."""
    if debug:
        traceback.print_exc()
        return
    ctx = click.get_current_context(silent=True)
    command = ctx.info_name if ctx and ctx.parent else "build"
    click.echo(
        f"handbook: internal error ({type(exc).__name__}): this is a bug in handbook, "
        f"not in your sources; re-run as 'handbook --debug {command} ...' and report "
        "the output",
        err=True,
    )


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
        internal_error(exc, debug)
        sys.exit(EXIT_CONTENT_ERROR)


def run_build(ctx, action, source: Path | None = None):
    """Run a build request (`action`: a library call that writes PDFs, building a
    build_request.BuildRequest) the one way every command does: through run_safely, then its
    problems reported (repeated ones folded when `source` is given). Its result."""
    from handbook.workflow.report import fold_repeated

    from handbook.workflow.suggest import fold_pending

    result = run_safely(ctx.obj["debug"], action)
    if source is not None:  # proposals waiting for 'glossary review': one line (issue 26)
        report(fold_repeated(fold_pending(result.diagnostics, source), source))
    else:
        report(result.diagnostics)
    return result


# --- Shared option bundles ------------------------------------------------------------------------


def complete_style(ctx, param, incomplete: str) -> list:
    """TAB completion for --style: the built-in themes, then .yaml files and folders."""
    from click.shell_completion import CompletionItem

    from handbook.theme import builtin_themes

    names = [CompletionItem(name) for name in builtin_themes() if name.startswith(incomplete)]
    folder, _, start = incomplete.rpartition("/")
    try:
        entries = sorted(Path(folder or ".").iterdir())
    except OSError:
        entries = []
    prefix = f"{folder}/" if folder else ""
    files = [
        CompletionItem(f"{prefix}{entry.name}" + ("/" if entry.is_dir() else ""))
        for entry in entries
        if entry.name.startswith(start)
        and not entry.name.startswith(".")
        and (entry.is_dir() or entry.suffix in (".yaml", ".yml"))
    ]
    return names + files


# SOURCE (cli_values): a folder to read. `new` writes into its folder and says itself what to do
# when it is missing (NEW_SOURCE).
NEW_SOURCE = click.argument("source", default="chapters", type=click.Path(file_okay=False, path_type=Path))
# `-o folder/` means folder/handbook.pdf; building over a source is refused (refuse_output).
OUTPUT = click.option(
    "-o",
    "--output",
    default="build/handbook.pdf",
    show_default=True,
    type=OutputPdf(),
    help="Where to write the PDF.",
)
STYLE = click.option(
    "--style",
    shell_complete=complete_style,
    help="Theme name (see `handbook styles`) or path to a theme file.",
)
ANSWERS = click.option(
    "--answers",
    type=click.Choice(["end", "chapter", "none"]),
    help="Where the answer key goes; `none` for a student edition.",
)
QUIET = click.option("--quiet", "-q", is_flag=True, help="Print only problems (and no progress).")


# --- The group ----------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn Markdown chapters with YAML front matter into a print-ready PDF handbook."""
    require_working_folder()
    ctx.obj = {"debug": debug}


# --- build, check, styles -----------------------------------------------------------------------


@main.command()
@SOURCE
@click.option(
    "-o",
    "--output",
    default=None,
    type=OutputPdf(),
    help="Where to write the PDF.  [default: build/handbook.pdf; with --edition, the edition's name]",
)
@STYLE
@ANSWERS
@click.option(
    "--all-acronyms",
    is_flag=True,
    default=None,
    help="List every defined acronym in the glossary, used or not.",
)
@click.option(
    "--shuffle-seed",
    type=int,
    metavar="N",
    help="Shuffle each question's options (the same N, the same order); the key follows.",
)
@click.option(
    "--booklet",
    is_flag=True,
    help="Also write OUTPUT-booklet.pdf: pages two-up on sheets twice the size, in "
    "saddle-stitch order (print two-sided, flip on the short edge, fold, staple).",
)
@click.option("--split", is_flag=True, help="Also write one PDF per chapter in chapters/ next to OUTPUT.")
@click.option(
    "--bleed",
    type=FiniteFloatRange(0, 20),
    default=0,
    metavar="MM",
    help="Bleed around each page, in millimetres (sets the trim and bleed boxes).",
)
@click.option("--crop-marks", is_flag=True, help="Draw crop marks outside the trim, for a print shop.")
@QUIET
@click.option(
    "--lang",
    "language",
    type=LanguageCode(),
    metavar="LANG",
    help="Build the edition in LANG (e.g. hi) from the NN-slug.LANG.md translations; "
    "chapters without one are taken as written, with a warning.",
)
# Issue 17: one chapter as it prints in the book, and the build cache (build/.cache).
@click.option(
    "--chapter",
    metavar="PATH|NUMBER",
    help="Build only this chapter (its file or its number), numbered as in the book, "
    "into preview.pdf beside OUTPUT.",
)
@click.option(
    "--no-cache", is_flag=True, help="Neither reuse nor store work in the build cache (~/.cache/handbook)."
)
@click.option(
    "--select",
    metavar="EXPR",
    help='Only the chapters EXPR selects, e.g. "paper == GS2" (see docs/format.md).',
)
@click.option("--edition", metavar="NAME", help="An edition named under `editions:` in book.yaml.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1, max=MAX_JOBS),
    help="Processes that lay chapters out (default: one per core).",
)
@click.pass_context
def build(
    ctx,
    source: Path,
    output: Path,
    style,
    answers,
    all_acronyms,
    shuffle_seed,
    booklet,
    split,
    bleed,
    crop_marks,
    quiet,
    language,
    chapter=None,
    no_cache=False,
    select=None,
    edition=None,
    jobs=None,
) -> None:
    """Build the PDF handbook from SOURCE (default: chapters)."""
    from handbook.pipeline import build as build_book
    from handbook.progress import Progress

    options = BuildOptions(
        style=style,
        answers=answers,
        all_acronyms=all_acronyms,
        shuffle_seed=shuffle_seed,
        booklet=booklet,
        split=split,
        bleed=bleed,
        crop_marks=crop_marks,
        language=language or "",
        select=select,
        edition=edition,
    )
    if output is None:
        from handbook.workflow.build_editions import edition_output

        output = edition_output(source, edition, Path("build")) if edition else Path("build/handbook.pdf")
    refuse_output(source, output)  # never over a source or a file handbook did not write
    progress = Progress.for_stream(sys.stderr, quiet)  # shown once a build takes a while

    if chapter is not None:
        from handbook.pipeline import build_chapter

        book_output, output = output, output.with_name("preview.pdf")
        result = run_build(
            ctx,
            lambda: build_chapter(
                source, output, chapter, options, use_cache=not no_cache, book_output=book_output
            ),
        )
        if not quiet:
            click.echo(f"wrote {output} ({result.pages} pages)")
        return

    def action():
        try:
            return build_book(source, output, options, progress, use_cache=not no_cache, jobs=jobs)
        finally:
            progress.finish()  # clear the status line before any message is printed

    result = run_build(ctx, action, source)
    if not quiet:
        click.echo(f"wrote {output} ({result.pages} pages)")
        for path in result.extra_outputs:
            click.echo(f"wrote {path}")


@main.command()
@SOURCE
@STYLE
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "lines"]),
    default="text",
    show_default=True,
    help="text: grouped by file (coloured on a terminal); json: a list "
    "of {path, line, column, severity, code, message}; lines: path:line: severity: message.",
)
@click.option(
    "--ignore",
    "ignored",
    multiple=True,
    metavar="CODE",
    help="Leave out warnings with this code (repeatable; codes: docs/format.md).",
)
@click.option(
    "--verbose",
    is_flag=True,
    help="Also list the words that look like acronyms but were not taken for them (exam wording, "
    "code keywords, ids, ordinary words in capitals), each with why and where.",
)
@click.pass_context
def check(ctx, source: Path, style, strict: bool, fmt: str, ignored: tuple[str, ...], verbose: bool) -> None:
    """Validate SOURCE without writing a PDF."""
    from handbook.pipeline import check as check_book
    from handbook.workflow import report as formats
    from handbook.workflow.suggest import fold_pending, quiet_words

    diagnostics = run_safely(ctx.obj["debug"], lambda: check_book(source, BuildOptions(style=style)))
    diagnostics = fold_pending(diagnostics.without(ignored), source)
    if verbose:
        for line in run_safely(ctx.obj["debug"], lambda: quiet_words(source, BuildOptions(style=style))):
            click.echo(line)
    # The report is the command's output (stdout, for pipes and grep); its last line is the
    # one summary. Only usage errors (click's) go to stderr.
    if fmt == "json":
        click.echo(formats.as_json(diagnostics))
    elif diagnostics.items:
        colour = formats.use_colour(sys.stdout)
        text = formats.as_groups(diagnostics, colour) if fmt == "text" else formats.as_lines(diagnostics)
        click.echo(text, color=colour)
    else:
        click.echo("no problems found")
    if diagnostics.has_errors or (strict and diagnostics.warnings):
        sys.exit(EXIT_CONTENT_ERROR)


@main.command()
@click.option(
    "--show",
    "shown",
    metavar="NAME",
    shell_complete=complete_style,
    help="Print the merged theme NAME (a built-in name "
    "or a theme file), each value with the file and line that set it.",
)
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


# --- The editor's workflow: new, init, watch, stats ---------------------------------------------


@main.command()
@click.argument("title")
@NEW_SOURCE
@click.option("--paper", default="", help="Exam paper, such as GS2.")
@click.option("--topic", default="", help='Syllabus topic, such as "International Relations".')
def new(title: str, source: Path, paper: str, topic: str) -> None:
    """Start a chapter: SOURCE/NN-title.md, numbered after the last one.

    The new file has every front-matter key, explained in comments, a sample mind map and
    one practice question of each type, and builds as it is."""
    from handbook.workflow import scaffold

    try:
        made = scaffold.new_chapter(source, title, paper, topic)
    except scaffold.ScaffoldError as exc:
        fail(str(exc))
    except (OSError, ValueError) as exc:  # no permission, a name too long, a NUL byte
        fail(scaffold.cannot_write(exc))
    click.echo(f"created {display_path(made.path)} (order {made.order})")
    if made.unordered:
        click.echo(
            f"note: {', '.join(made.unordered)} ha{'s' if len(made.unordered) == 1 else 've'} "
            "no 'order' and will come after the new chapter; give "
            f"{'it' if len(made.unordered) == 1 else 'them'} an 'order' to place them",
            err=True,
        )
    if made.listed_in_book:
        click.echo(
            f"note: book.yaml lists its chapters: add '- {made.path.name}' to its 'chapters' "
            "list, or the new chapter is left out",
            err=True,
        )


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The book's title (default: from the folder's name).")
def init(folder: Path, title: str | None) -> None:
    """Start a new handbook in FOLDER (new or empty).

    Writes chapters/book.yaml, chapters/glossary.yaml, a first chapter and a Makefile that
    calls the installed `handbook`."""
    from handbook.workflow import scaffold

    try:
        written = scaffold.init_project(folder, title)
    except scaffold.ScaffoldError as exc:
        fail(str(exc))
    except (OSError, ValueError) as exc:  # no permission, a name too long, a NUL byte
        fail(scaffold.cannot_write(exc))
    for path in written:
        click.echo(f"created {display_path(path)}")
    click.echo(f"\nNext: cd {display_path(folder)} && handbook build   (or: make)")


@main.command()
@SOURCE
@OUTPUT
@STYLE
@ANSWERS
@click.option(
    "--interval",
    default=0.5,
    show_default=True,
    type=FiniteFloatRange(min=0.05, max=3600),
    help="Seconds between looks at the files.",
)
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
    from handbook.pipeline import build as build_book

    stamp = time.strftime("%H:%M:%S")
    if changed:
        names = ", ".join(sorted(display_path(p) for p in changed)[:3]) + (" ..." if len(changed) > 3 else "")
        click.echo(f"[{stamp}] changed: {names}", err=True)
    from handbook.workflow.preview import preview_first

    try:  # issue 17: the saved chapter first, then the whole book (both reusing build/.cache)
        preview_first(source, output, options, changed)
    except Exception:  # the book's build below reports what went wrong
        pass
    started = time.perf_counter()
    try:
        result = build_book(source, output, options, use_cache=True)
    except BuildFailed as exc:
        report(exc.diagnostics)
        click.echo(
            f"[{stamp}] not rebuilt; {display_path(output)} is the last good PDF. "
            "Fix the problems above and save again.",
            err=True,
        )
        return False
    except Exception as exc:  # a bug must not end the editor's session; say so and keep watching
        internal_error(exc, debug)
        return False
    report(result.diagnostics)
    click.echo(
        f"[{stamp}] wrote {display_path(output)} ({result.pages} pages, "
        f"{time.perf_counter() - started:.1f} s)",
        err=True,
    )
    return True


@main.command()
@SOURCE
@STYLE
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
    from handbook.pipeline import build as build_book
    from handbook.pipeline import prepare
    from handbook.workflow.stats import book_stats, stats_table

    options = BuildOptions(style=style, edition=edition, select=select)

    def measure():
        with tempfile.TemporaryDirectory(prefix="handbook-stats-") as folder:
            result = build_book(source, Path(folder) / "stats.pdf", options)
        prepared = prepare(source, options, Diagnostics())
        if prepared is None:  # (the build above prepared the same sources without errors)
            raise BuildFailed(result.diagnostics)
        return result, book_stats(prepared.book, result.record, display_path)

    result, numbers = run_safely(ctx.obj["debug"], measure)
    if fmt == "json":
        click.echo(json.dumps(numbers.as_dict(), indent=2, ensure_ascii=False))
        return
    report(result.diagnostics)
    click.echo(stats_table(numbers))


# --- images (issue 14): web images brought into the source folder, on request ---------------


@main.group()
def images() -> None:
    """Work with a book's images."""


@images.command("fetch")
@SOURCE
@click.pass_context
def images_fetch(ctx, source: Path) -> None:
    """Download every web image SOURCE's chapters show into SOURCE/images/ and point the
    chapters at the copies (each image once; existing files are never overwritten)."""
    from handbook.workflow.images_fetch import fetch_images

    result = run_safely(ctx.obj["debug"], lambda: fetch_images(source))
    report(result.diagnostics)
    click.echo(f"downloaded {len(result.downloaded)} image(s); rewrote {len(result.rewritten)} chapter(s)")
    if result.diagnostics.has_errors:
        sys.exit(EXIT_CONTENT_ERROR)


# --- glossary.yaml (issue 15): a skeleton of the undefined acronyms ----------------------------


@main.group()
def glossary() -> None:
    """Work on glossary.yaml."""


@glossary.command()
@SOURCE
@STYLE
@click.option(
    "--write",
    is_flag=True,
    help="Write the proposals to SOURCE/glossary.suggested.yaml (no build reads it) for 'glossary review'.",
)
@click.pass_context
def suggest(ctx, source: Path, style, write: bool) -> None:
    """Propose glossary entries for the undefined acronyms in SOURCE.

    Each proposal gives the acronym, the meaning(s) the text itself defines ("Union Public
    Service Commission (UPSC)"), the sentence it came from and other names the text spells
    with the same initials. Proposals are not facts: a build uses none of them until an
    editor confirms them with 'handbook glossary review'."""
    from handbook.workflow.suggest import as_entry, describe, read_suggested, suggestions, write_suggested

    found = run_safely(ctx.obj["debug"], lambda: suggestions(source, BuildOptions(style=style)))
    if not found:
        click.echo("# no undefined acronyms")
        return
    if write:
        _, dropped = read_suggested(source)
        path = write_suggested(source, {s.acronym: as_entry(s) for s in found}, dropped)
        defined = sum(bool(s.meanings) for s in found)
        click.echo(
            f"wrote {len(found)} proposal{'s' * (len(found) != 1)} to {display_path(path)} "
            f"({defined} with a meaning the text defines, {sum(s.ambiguous for s in found)} ambiguous); "
            f"none is used until you confirm it: handbook glossary review {display_path(source)}"
        )
        return
    click.echo("\n\n".join(describe(s.acronym, as_entry(s)) for s in found))


@glossary.command()
@SOURCE
@click.option(
    "--confirm", "confirmed", multiple=True, metavar="ACR", help="Confirm a proposal as it is (repeatable)."
)
@click.option("--confirm-all", is_flag=True, help="Confirm every proposal that has a meaning.")
@click.option(
    "--drop", "dropped", multiple=True, metavar="ACR", help="Drop a proposal; it is not proposed again."
)
@click.option(
    "--edit",
    "edited",
    multiple=True,
    metavar="ACR=MEANING",
    help="Confirm ACR with this meaning instead ('SC=Supreme Court; Scheduled Castes' for two).",
)
@click.pass_context
def review(ctx, source: Path, confirmed, confirm_all: bool, dropped, edited) -> None:
    """Review the proposals of 'glossary suggest --write': confirm, edit or drop each.

    Without options, on a terminal, each proposal is shown with the sentence it came from and
    the other candidate meanings, and asks [c]onfirm, [e]dit, [d]rop, [s]kip or [q]uit;
    elsewhere the proposals are listed. Confirmed entries are appended to glossary.yaml."""
    from handbook.workflow.review import review_suggestions

    run_safely(
        ctx.obj["debug"],
        lambda: review_suggestions(
            source, confirmed, confirm_all, dropped, edited, interactive=sys.stdin.isatty()
        ),
    )


# --- Editions of the book and practice test papers (issue 18) ----------------------------------


@main.command()
@SOURCE
@click.option(
    "-o",
    "--output-dir",
    default="build",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the PDFs.",
)
@QUIET
@click.pass_context
def editions(ctx, source: Path, output_dir: Path, quiet: bool) -> None:
    """Build every edition named under `editions:` in SOURCE/book.yaml.

    Each is written to OUTPUT_DIR under its `output` name (default handbook-NAME.pdf). An
    edition whose selection takes no chapter is reported and skipped; the others are built."""
    from handbook.workflow.build_editions import build_editions

    def wrote(name: str, output: Path, result) -> None:
        if not quiet:
            chapters = len(getattr(result.record, "chapter_starts", []))
            click.echo(
                f"wrote {display_path(output)} ({result.pages} pages, {chapters} chapters): edition '{name}'"
            )

    found = run_safely(ctx.obj["debug"], lambda: build_editions(source, output_dir, wrote))
    if found is None:
        fail(
            f"{display_path(source / 'book.yaml')} names no editions "
            "(add 'editions:' to it; see docs/format.md)"
        )
    report(found)
    if found.has_errors:
        sys.exit(EXIT_CONTENT_ERROR)


@main.command("test")
@SOURCE
@click.option("--name", "name", metavar="NAME", help="A test named under `tests:` in book.yaml.")
@click.option("--select", metavar="EXPR", help='Which chapters\' questions, e.g. "date >= 2025-10-01".')
@click.option(
    "--count", type=click.IntRange(min=1, max=MAX_COUNT), help="Objective questions to draw (default: all)."
)
@click.option(
    "--types",
    type=QuestionKinds(),
    help="Question types, comma-separated: mcq,statements,how-many,match,descriptive.",
)
@click.option(
    "--seed", type=int, help="Draws and orders the questions (default 1): the same seed, the same paper."
)
@click.option(
    "--minutes", type=click.IntRange(min=1, max=MAX_COUNT), help="Time allowed (default: at the exam's pace)."
)
@click.option(
    "--marks",
    type=FiniteFloatRange(min=0, max=1e6, min_open=True),
    help="Marks per objective question answered right (default 2).",
)
@click.option(
    "--wrong",
    type=FiniteFloatRange(min=-1e6, max=0),
    help="Marks per wrong answer: 0 (default) or negative, e.g. -0.66.",
)
@click.option(
    "--shuffle/--no-shuffle",
    default=None,
    help="Rearrange each question's options where their order means nothing (the key follows); "
    "on by default with --series.",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["en", "hi", "hi+en", "en+hi"]),
    help="The paper's language: hi reads each chapter's NN-slug.hi.md; hi+en prints every "
    "question in Hindi, then in English.",
)
@click.option(
    "--series",
    type=click.IntRange(1, 4),
    help="Booklet series A, B, ... (1-4): each with its own question and option order, its own "
    "key and OMR sheet.",
)
@click.option("--title", help="The paper's title.")
@click.option(
    "--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), help="The date on the cover, YYYY-MM-DD."
)
@STYLE
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The paper's PDF (default build/test.pdf, or build/test-NAME.pdf for --name NAME); "
    "the key goes beside it as ...-key.pdf.",
)
@QUIET
@click.pass_context
def test(ctx, source: Path, output: Path | None, quiet: bool, date, **paper) -> None:
    """Print a practice test: a question paper, its OMR answer sheet and its answer key.

    Objective questions come from the selected chapters (all, or --count drawn with --seed,
    stratified by chapter), numbered 1..N across the paper; descriptive ones follow in their
    own section with ruled answer space. Beside the PDFs: the OMR sheet's template (-omr.json)
    and the answers (-key.json) that `handbook grade` reads."""
    from handbook.practice import build_test

    # `paper`: name, select, style, count, types, seed, minutes, marks, wrong, shuffle, series,
    # language and title, each a keyword of build_test.
    day = date.date() if date else None
    result = run_build(ctx, lambda: build_test(source, output, date=day, **paper))
    if not quiet:
        click.echo(f"wrote {display_path(result.paper)} ({result.pages} pages, {result.questions} questions)")
        for path in result.written:
            if path != result.paper:
                click.echo(f"wrote {display_path(path)}")


@main.command("grade")
@click.argument("scans", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The answers `handbook test` wrote (build/test-NAME-key.json).",
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The OMR sheet's template (default: the one the key names, beside it).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("results.csv"),
    show_default=True,
    help="One row per sheet; the per-question statistics go beside it as ...-stats.csv.",
)
@QUIET
@click.pass_context
def grade(
    ctx, scans: tuple[Path, ...], key_file: Path, template: Path | None, output: Path, quiet: bool
) -> None:
    """Read scanned or photographed OMR sheets (PNG, JPEG or PDF pages) and score them.

    Each sheet gives a row: roll number, series, every answer, right, wrong and blank counts and
    the score by the test's marking rule (two bubbles shaded count as wrong). A sheet that cannot
    be read is listed with the reason, never guessed."""
    from handbook.output.atomic import write_all_atomically
    from handbook.workflow.grade import (
        refuse_foreign,
        GradeError,
        grade_files,
        load_key,
        load_template,
        results_csv,
        statistics_csv,
    )

    def run():
        try:
            return read_and_write()
        except GradeError as exc:
            fail(str(exc))

    def read_and_write():
        key = load_key(key_file)
        template_path = template or key_file.with_name(_key_template_name(key_file))
        layout = load_template(template_path)
        stats = output.with_name(output.stem + "-stats.csv")
        for target in (output, stats):  # before any sheet is read
            refuse_foreign(target)
        readings = grade_files(list(scans), key, layout)
        write_all_atomically(
            {
                output: results_csv(readings, key).encode(),
                stats: statistics_csv(readings, key, layout).encode(),
            }
        )
        return readings, stats

    readings, stats = run_safely(ctx.obj["debug"], run)
    empty = [r for r in readings if r.empty]  # the backs of sheets scanned two-sided
    readings = [r for r in readings if not r.empty]
    unreadable = [r for r in readings if not r.readable]
    for reading in unreadable:
        click.echo(f"{reading.file}:{reading.page}: unreadable: {reading.reason}", err=True)
    if empty:
        pages = ", ".join(f"{r.file}:{r.page}" for r in empty[:5]) + (", ..." if len(empty) > 5 else "")
        click.echo(f"skipped {len(empty)} blank page(s): {pages}", err=True)
    if not quiet:
        click.echo(f"read {len(readings) - len(unreadable)} of {len(readings)} sheets")
        click.echo(f"wrote {display_path(output)}")
        click.echo(f"wrote {display_path(stats)}")
    if unreadable:
        sys.exit(EXIT_CONTENT_ERROR)


def _key_template_name(key_file: Path) -> str:
    """The template a key names (written beside it by `handbook test`)."""
    import json

    try:
        named = json.loads(key_file.read_text(encoding="utf-8")).get("template", "")
    except (OSError, ValueError, AttributeError):
        named = ""
    return Path(str(named)).name or key_file.name.replace("-key.json", "-omr.json")
