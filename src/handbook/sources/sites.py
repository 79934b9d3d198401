"""Folders kept by a notes app or a site generator (issue 25): what marks them, and which of
their Markdown files are chapters when book.yaml does not list them.

A plain folder's chapters are its own *.md files. A vault or a site keeps its notes in
sub-folders: every *.md below the folder is a chapter (an MkDocs site: below its `docs_dir`),
in path order with each folder's index page first, leaving out hidden folders, build output,
Obsidian's templates folder and Excalidraw drawings. A Jupyter Book or MyST site lists its pages
in `_toc.yml` (`myst.yml`'s `toc:`): those, in its order. A Logseq graph's pages, then journals.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from handbook.sources.confine import PathRefused, confined, is_inside

# Each tool's marker files, in the order they are tried; a trailing "/" marks a folder.
MARKERS = {
    "obsidian": (".obsidian/",),
    "mkdocs": ("mkdocs.yml", "mkdocs.yaml"),
    "vitepress": (".vitepress/",),
    "docusaurus": ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"),
    "quarto": ("_quarto.yml",),
    "myst": ("myst.yml", "_toc.yml"),
    "logseq": ("logseq/config.edn",),
}
# A Logseq graph's folders that hold no notes: the app's settings and backups, drawings.
LOGSEQ_SKIPPED = {"logseq", "whiteboards", "draws", "assets"}
SKIPPED = {"node_modules", "build", "site", "_site", "_build", "dist", "public", "static", "assets", "venv"}
INDEX_PAGES = {"index.md", "readme.md", "_index.md", "intro.md"}
# A repository's own pages beside the notes: never chapters of a vault read from its sub-folders.
REPOSITORY_FILES = {
    "license.md",
    "licence.md",
    "contributing.md",
    "changelog.md",
    "code_of_conduct.md",
    "security.md",
    "support.md",
    "authors.md",
}
DOCS_DIR = re.compile(r"^docs_dir\s*:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)
MAX_CHAPTERS = 5_000


def tool_of(root: Path) -> tuple[str, str] | None:
    """(tool, marker) when the folder holds a tool's marker, else None."""
    for tool, markers in MARKERS.items():
        for marker in markers:
            path = root / marker.rstrip("/")
            if path.is_dir() if marker.endswith("/") else path.is_file():
                return tool, marker
    return None


def chapter_files(root: Path) -> list[Path] | None:
    """The Markdown files of a tool's folder, or None for a plain folder."""
    found = tool_of(root)
    if found is None:
        return None
    tool = found[0]
    top, skipped = root, set(SKIPPED)
    if tool == "mkdocs":
        try:  # docs_dir is a name from the folder: it may not lead out of it
            top = confined(_docs_dir(root), root, root)
        except PathRefused:
            return None
        if not top.is_dir():
            return None
    if tool == "obsidian":
        skipped |= {_templates_folder(root)} - {""}
    if tool == "logseq":
        skipped |= LOGSEQ_SKIPPED
    if tool == "myst":
        listed = _toc_files(root)
        if listed:
            return listed
    notes = _notes_below(root, top, skipped, keep_readme=tool == "mkdocs")
    if tool == "logseq":  # the pages, then the daily notes (in date order)
        notes.sort(key=lambda p: p.relative_to(root).parts[0] == "journals")
    return notes


def notes_in_sub_folders(root: Path) -> list[Path]:
    """A plain folder whose notes are mostly in sub-folders (a vault committed without its
    .obsidian/, a course's folders of notes; beside them at the top a README, the repository's
    LICENSE or CONTRIBUTING, a page or two): every note below it, read as a vault's are. Empty
    when the folder's own chapters are as many as those below (a book with a drafts/ folder)."""
    own = [p for p in root.glob("*.md") if p.name.lower() not in INDEX_PAGES | REPOSITORY_FILES]
    found = _notes_below(root, root, set(SKIPPED), keep_readme=False)
    found = [p for p in found if not (p.parent == root and p.name.lower() in REPOSITORY_FILES)]
    nested = sum(1 for p in found if p.parent != root)
    return found if nested > len(own) else []


def _notes_below(root: Path, top: Path, skipped: set, keep_readme: bool) -> list[Path]:
    paths: list[Path] = []
    for folder, dirs, files in os.walk(top):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith((".", "_")) and d.lower() not in skipped]
        for name in files:
            if name.lower().endswith(".md") and not name.lower().endswith(".excalidraw.md"):
                paths.append(here / name)
        if len(paths) > MAX_CHAPTERS:
            break
    if not keep_readme:  # the repository's README describes the vault; it is not a note
        paths = [p for p in paths if not (p.parent == root and p.name.lower() == "readme.md")] or paths
    return sorted(paths, key=lambda p: _order(p, top))


def _order(path: Path, top: Path):
    parts = path.relative_to(top).parts
    folders = tuple(_natural(part) for part in parts[:-1])
    return folders, path.name.lower() not in INDEX_PAGES, _natural(parts[-1])


def _natural(text: str):
    """'10-x' after '9-x': numbers compared as numbers."""
    return tuple(int(piece) if piece.isdigit() else piece.lower() for piece in re.split(r"(\d+)", text))


def _toc_files(root: Path) -> list[Path]:
    """The Markdown files a Jupyter Book's `_toc.yml` (or a MyST site's `myst.yml` `toc:`)
    lists, in its order: the book as its site reads (parts, chapters and their sections, the
    root page first). Notebooks and web addresses are no chapters; [] when it lists none."""
    from handbook.errors import Diagnostics
    from handbook.sources.yamlload import load_yaml

    for name, key in (("_toc.yml", None), ("myst.yml", "project")):
        text = _small_text(root / name, root)
        if text is None:
            continue
        # Safe loading, aliases expanded within bounds; a file it refuses orders nothing (the
        # notes are then taken in path order).
        data = load_yaml(text, root / name, Diagnostics())
        if key is not None:
            data = data.get(key) if isinstance(data, dict) else None
            data = {"chapters": data.get("toc")} if isinstance(data, dict) else None
        found: list[Path] = []
        _toc_walk(data, root, found, depth=0)
        return list(dict.fromkeys(found))
    return []


_TOC_LISTS = ("parts", "chapters", "sections", "children")


def _toc_walk(entry, root: Path, found: list[Path], depth: int) -> None:
    if depth > 20 or len(found) > MAX_CHAPTERS:
        return  # (a table of contents nested deeper than any book's)
    if isinstance(entry, list):
        for item in entry:
            _toc_walk(item, root, found, depth + 1)
        return
    if not isinstance(entry, dict):
        return
    for key in ("root", "file"):
        named = entry.get(key)
        if isinstance(named, str):
            path = _toc_file(named, root)
            if path is not None:
                found.append(path)
    for key in _TOC_LISTS:
        _toc_walk(entry.get(key), root, found, depth + 1)


def _toc_file(named: str, root: Path) -> Path | None:
    """`intro` or `guides/new_course.md` -> the Markdown file, if it is one inside the folder."""
    try:
        path = confined(named if named.endswith(".md") else named + ".md", root, root)
    except PathRefused:
        return None
    return path if path.is_file() else None


def _docs_dir(root: Path) -> str:
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        text = _small_text(root / name, root)
        if text is None:
            continue
        found = DOCS_DIR.search(text)  # read as text: mkdocs.yml holds Python tags a safe loader refuses
        if found:
            return found.group(1).strip("/")
    return "docs"


def _small_text(path: Path, root: Path) -> str | None:
    """The first 100 KB of a settings file at a fixed name in the folder, None when it is not
    there or is a link out of the folder (nothing outside it is read)."""
    if not path.is_file() or not is_inside(path, root):
        return None
    try:
        with path.open("rb") as handle:
            return handle.read(100_000).decode("utf-8", errors="replace")
    except OSError:
        return None


def _templates_folder(root: Path) -> str:
    """Obsidian's templates folder (its core plugin's setting): templates are not notes."""
    text = _small_text(root / ".obsidian" / "templates.json", root)
    try:
        data = json.loads(text) if text is not None else None
    except ValueError:
        data = None
    folder = data.get("folder") if isinstance(data, dict) else None
    return (
        folder.strip("/").split("/")[-1].lower()
        if isinstance(folder, str) and folder.strip("/")
        else "templates"
    )
