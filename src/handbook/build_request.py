"""One build request: what every command that writes PDFs shares (`build`, `build --chapter`,
`editions`, `test`), written once so that the commands cannot drift apart.

- which files a request writes, refused together before any work (never over a source, never
  over a file handbook did not write): `BuildRequest.refuse_outputs`;
- the theme: `--style` (a file from the working folder, else a name or a file in the source
  folder), else book.yaml's (or the edition's) `style:`, reported at its line (`named_at`),
  then localised to the book's language: `choose_theme`;
- a block that cannot be laid out is an error at its source line, not a traceback:
  `laid_out`;
- every product of a request written together, atomically (all replaced or none), a failure
  reported against the file that failed: `write_outputs`.
The command line adds only its own words around it (cli.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from handbook.errors import BuildFailed, Diagnostics
from handbook.options import BuildOptions
from handbook.output.guard import output_refusal

Result = TypeVar("Result")


@dataclass(frozen=True)
class BuildRequest:
    source: Path  # the source folder
    output: Path  # the main PDF
    options: BuildOptions = field(default_factory=BuildOptions)
    also: tuple[Path, ...] = ()  # other files it writes beside the main PDF (a test's key)

    @property
    def targets(self) -> tuple[Path, ...]:
        return (Path(self.output), *map(Path, self.also))

    def refuse_outputs(self, diagnostics: Diagnostics) -> None:
        """Raise BuildFailed, having written nothing, when a file the request writes is a
        source or a file handbook did not write (every such file reported)."""
        for target in self.targets:
            refusal = output_refusal(Path(self.source), target)
            if refusal:
                diagnostics.error(target, None, refusal, code="output-refused")
        if diagnostics.has_errors:
            raise BuildFailed(diagnostics)


def choose_theme(
    source: Path,
    style: str | None,
    book,
    diagnostics: Diagnostics,
    named: str = "",
    named_at: tuple | None = None,
):
    """The theme a request builds with, in the book's language, or None (problems reported).
    `style`: the command line's --style (a file from the working folder, else a built-in name
    or a file in the source folder). Without it, the theme the sources name (`named`: a
    test's `style:`; else book.yaml's or the edition's, `book.settings.style`), confined to
    the source folder and reported at `named_at` (book.yaml's path and line)."""
    from handbook.theme import load_theme_into
    from handbook.translations import localize

    source = Path(source)
    if style and Path(style).is_file():  # a path from the working folder
        theme = load_theme_into(style, diagnostics, base_dir=None)
    elif style:
        theme = load_theme_into(style, diagnostics, base_dir=source)
    else:
        theme = load_theme_into(
            named or book.settings.style, diagnostics, base_dir=source, confine_to=source, named_at=named_at
        )
    if theme is None:
        return None
    return localize(theme, book.settings.language or theme.language)  # the book's own words


def laid_out(source: Path, diagnostics: Diagnostics, lay_out: Callable[[], Result]) -> Result:
    """`lay_out()`; a block that cannot be laid out (LayoutFailed) becomes an error at its
    source line and BuildFailed."""
    from handbook.errors import LayoutFailed

    try:
        return lay_out()
    except LayoutFailed as exc:
        loc = exc.loc
        diagnostics.error(
            loc.path if loc else source, loc.line if loc else None, str(exc), code="layout-failed"
        )
        raise BuildFailed(diagnostics) from exc


def write_outputs(files: dict[Path, bytes], diagnostics: Diagnostics, main: Path) -> None:
    """Write every file of a request at once (write_all_atomically: all replaced, or on a
    failure none); a failure is an error naming the file (a product's, else `main`)."""
    from handbook.output.atomic import write_all_atomically

    with writing(diagnostics, main):
        write_all_atomically(files)


class writing:
    """`with writing(diagnostics, main):` around code that writes a request's files: an
    OSError (a folder in the way, no permission, disk full, a file handbook did not write)
    becomes an error naming the file that failed, and BuildFailed."""

    def __init__(self, diagnostics: Diagnostics, main: Path):
        self.diagnostics, self.main = diagnostics, main

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, traceback):
        if not isinstance(exc, OSError):
            return False
        from handbook.output.products import ForeignFile

        named = str(exc.filename or "")
        failed = exc.filename if named.endswith((".pdf", ".json")) else self.main
        code = "output-foreign" if isinstance(exc, ForeignFile) else "output-unwritable"
        self.diagnostics.error(failed, None, f"cannot write the PDF: {exc.strerror or exc}", code=code)
        raise BuildFailed(self.diagnostics) from exc
