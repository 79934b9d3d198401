"""Shared helpers: build a handbook from files written in a temporary folder, read the PDF back."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from handbook.options import BuildOptions
from handbook.pipeline import build

ROOT = Path(__file__).resolve().parent.parent


def write_sources(folder: Path, files: dict[str, str]) -> Path:
    """Write {relative name: text} (dedented) into folder and return it."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return folder


class BuiltBook:
    """A built PDF with its text per page (pypdf) for assertions."""

    def __init__(self, path: Path, result):
        self.path = path
        self.result = result
        self.reader = PdfReader(str(path))
        self.pages = [page.extract_text() or "" for page in self.reader.pages]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def page_of(self, needle: str) -> int:
        """0-based index of the first page whose text contains needle."""
        for index, text in enumerate(self.pages):
            if needle in text:
                return index
        raise AssertionError(f"{needle!r} not found in the PDF")

    def label(self, index: int) -> str:
        return self.reader.page_labels[index]


@pytest.fixture
def make_book(tmp_path):
    """make_book({"01-a.md": "..."}, **options) -> BuiltBook."""
    counter = iter(range(1000))

    def make(files: dict[str, str], **options) -> BuiltBook:
        folder = write_sources(tmp_path / f"src{next(counter)}", files)
        output = tmp_path / "out" / f"{folder.name}.pdf"
        result = build(folder, output, BuildOptions(**options))
        return BuiltBook(output, result)

    return make
