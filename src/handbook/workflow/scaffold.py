"""Starting points an editor copies from: a new chapter (`handbook new`) and a new handbook
project (`handbook init`), written from the commented templates in `templates/`."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from handbook.enrich.numbering import slugify
from handbook.errors import Diagnostics
from handbook.sources import load_sources

TEMPLATES = resources.files("handbook") / "workflow" / "templates"
LEADING_NUMBER = re.compile(r"(\d+)-")
# Markdown may read any ASCII punctuation as syntax (a list marker, emphasis, a link, an
# entity); each can be escaped with a backslash, so the mind map's root is the title as typed.
# All but the parentheses: none is syntax once '[' and ']' are escaped, and an escaped one,
# '\(', opens inline math (texmath's brackets): the title '(0)' printed as the formula '0'.
MARKDOWN_SPECIAL = re.compile(r"([!-'*-/:-@\[-`{-~])")


class ScaffoldError(Exception):
    """Something `new` or `init` refuses to do; the message says why and what to do."""


def cannot_write(exc: Exception) -> str:
    """A message for an OSError (or a NUL byte's ValueError) of `new` or `init`."""
    where = getattr(exc, "filename", None)
    why = getattr(exc, "strerror", None) or str(exc)
    return (
        f"cannot write '{where}': {why}" if where else f"cannot write there: {why}"
    ) + "; choose a folder you can write to, with a shorter name"


@dataclass(frozen=True)
class NewChapter:
    path: Path
    order: int
    unordered: list[str]  # chapter files without an `order`, which will sort after this one
    listed_in_book: bool  # book.yaml names its chapters: the new file must be added there


def template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly `value` (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def chapter_text(
    title: str, order: int, paper: str = "", topic: str = "", today: dt.date | None = None
) -> str:
    """The complete, commented chapter file `handbook new` writes."""
    return template("chapter.md").substitute(
        title=yaml_text(title),
        paper=yaml_text(paper),
        topic=yaml_text(topic),
        date=(today or dt.date.today()).isoformat(),
        order=order,
        mindmap_root=MARKDOWN_SPECIAL.sub(r"\\\1", _short(" ".join(title.split()))),
    )


MINDMAP_ROOT_CHARS = 80  # a mind map's root is a short phrase (labels over 200 are refused)


def _short(title: str) -> str:
    """The title, or its first words when it is too long for a mind map's root."""
    if len(title) <= MINDMAP_ROOT_CHARS:
        return title
    cut = title.rfind(" ", 0, MINDMAP_ROOT_CHARS)
    return title[: cut if cut > 0 else MINDMAP_ROOT_CHARS].rstrip() + "…"


def next_order(source: Path) -> tuple[int, list[str]]:
    """(max existing `order` or file-name number + 1, names of chapters without an `order`).

    Front matter is read raw so that a chapter with mistakes elsewhere still counts."""
    sources = load_sources(source, Diagnostics())
    numbers, unordered = [0], []
    for chapter in sources.chapters:
        order = chapter.front_matter.get("order") if chapter.front_matter else None
        if isinstance(order, int) and not isinstance(order, bool):
            numbers.append(order)
        else:
            unordered.append(chapter.path.name)
        match = LEADING_NUMBER.match(chapter.path.name)
        if match:
            numbers.append(int(match.group(1)))
    return max(numbers) + 1, unordered


def new_chapter(
    source: Path, title: str, paper: str = "", topic: str = "", today: dt.date | None = None
) -> NewChapter:
    """Write `source/NN-slug.md`; refuse to overwrite a file or to add a second chapter of the same name."""
    source = Path(source)
    if not title.strip():
        raise ScaffoldError('the chapter title is empty: handbook new "Title of the chapter"')
    if not source.is_dir():
        raise ScaffoldError(
            f"source folder '{source}' not found: run the command in your handbook "
            "(the folder that holds 'chapters'), or name the folder: handbook new "
            '"Title" FOLDER; to start a handbook, run handbook init FOLDER'
        )
    order, unordered = next_order(source)
    slug = slugify(title)
    path = source / f"{order:02d}-{slug}.md"
    same_name = sorted(
        p.name
        for p in source.glob("*.md")
        if p.stem == slug or (LEADING_NUMBER.match(p.name) and p.stem.split("-", 1)[1] == slug)
    )
    if path.exists() or same_name:
        existing = same_name[0] if same_name else path.name
        raise ScaffoldError(
            f"{source / existing} already exists; not overwriting it. Edit that file, or choose another title"
        )
    path.write_text(chapter_text(title, order, paper, topic, today), encoding="utf-8")
    listed = _book_lists_chapters(source)
    return NewChapter(path, order, unordered, listed)


def _book_lists_chapters(source: Path) -> bool:
    sources = load_sources(source, Diagnostics())
    return bool(sources.book and sources.book.get("chapters") is not None)


# --- a whole project ------------------------------------------------------------

PROJECT_FILES = {  # template -> where it goes in the new project
    "Makefile": "Makefile",
    "gitignore": ".gitignore",
    "book.yaml": "chapters/book.yaml",  # the only one with a placeholder: ${title}
    "glossary.yaml": "chapters/glossary.yaml",
}
FIRST_CHAPTER = "Getting Started"


def default_title(folder: Path) -> str:
    """'my-handbook' -> 'My Handbook'."""
    words = re.split(r"[-_\s]+", Path(folder).resolve().name)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "Handbook"


def init_project(folder: Path, title: str | None = None, today: dt.date | None = None) -> list[Path]:
    """Create a handbook project in `folder` (new or empty); return the files written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"'{folder}' is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(
            f"'{folder}' is not empty; handbook init starts a handbook in a new "
            "or empty folder, so that nothing of yours is overwritten"
        )
    title = title or default_title(folder)
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    written = []
    for name, target in PROJECT_FILES.items():
        path = folder / target
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        if name == "book.yaml":
            text = Template(text).substitute(title=yaml_text(title))
        path.write_text(text, encoding="utf-8")
        written.append(path)
    chapter = new_chapter(folder / "chapters", FIRST_CHAPTER, today=today)
    return written + [chapter.path]
