"""The work behind `handbook editions`: every edition named in book.yaml, built one after the
other into a folder (the command itself is in handbook.cli)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from handbook.cli_values import refuse_output
from handbook.errors import BuildFailed, Diagnostics
from handbook.options import BuildOptions


def edition_output(source: Path, edition: str, folder: Path) -> Path:
    """Where an edition goes: its `output` name, else handbook-<name>.pdf, in `folder`."""
    from handbook.edition_cut import named_in_book_yaml

    entry = named_in_book_yaml(source).get(edition)
    return folder / (entry.output if entry and entry.output else f"handbook-{edition}.pdf")


def build_editions(source: Path, output_dir: Path, wrote: Callable) -> Diagnostics | None:
    """Build each edition of SOURCE/book.yaml into `output_dir`, calling wrote(name, output,
    result) after each PDF. Returns every edition's problems, each once (most are shared), or
    None when book.yaml names no edition. An edition with errors is skipped; the others are built."""
    from handbook.edition_cut import named_in_book_yaml
    from handbook.pipeline import build

    names = list(named_in_book_yaml(source))
    if not names:
        return None
    found = Diagnostics()
    for name in names:
        output = edition_output(source, name, output_dir)
        refuse_output(source, output)  # never over a source or a file handbook did not write
        try:
            result = build(source, output, BuildOptions(edition=name))
        except BuildFailed as exc:
            found.extend(exc.diagnostics)
            continue
        found.extend(result.diagnostics)
        wrote(name, output, result)
    found.items = list(dict.fromkeys(found.items))
    return found
