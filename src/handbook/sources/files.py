"""Read the source folder: every file as text, front matter split off and parsed.

Nothing here knows what the keys mean; `parse` validates them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from handbook.errors import Diagnostics, shown
from handbook.sources import languages, sites
from handbook.sources.confine import PathRefused, confined, is_inside, open_confined, read_confined  # noqa: F401 (is_inside: public)
from handbook.sources.yamlload import YamlDict, line_of, load_yaml

BOOK_FILE = "book.yaml"
MAX_SOURCE_BYTES = 50_000_000  # a chapter of 50 MB is ten thousand pages: no real source is near
GLOSSARY_FILE = "glossary.yaml"


@dataclass
class ChapterSource:
    path: Path
    front_matter: YamlDict | None  # None when the file has none (or it was unreadable)
    front_matter_line: int  # line of the opening '---'
    body: str
    body_first_line: int  # file line where `body` starts
    front_matter_ok: bool = True  # False when its YAML had errors (already reported)
    # The first syntax of one note tool its body shows (parse.flavours.SIGNS: (tool, what)),
    # () for none, None until looked for: found once, and kept with the chapter in the build
    # cache (reading every chapter for them was a twentieth of a preview).
    tool_sign: tuple[str, ...] | None = None


@dataclass
class SourceSet:
    root: Path
    book: YamlDict | None = None
    book_path: Path | None = None
    glossary: YamlDict | None = None
    glossary_path: Path | None = None
    chapters: list[ChapterSource] = field(default_factory=list)


def read_text(path: Path, diagnostics: Diagnostics, root: Path | None = None) -> str | None:
    """A file's text as UTF-8 (a byte-order mark is accepted), or None with an error.

    Read through the gate (`read_confined`): a regular file inside `root` (the source folder;
    None: the folder the file really is in, for a theme the user named), at most
    MAX_SOURCE_BYTES, checked on the open file."""
    if root is None:
        root = Path(os.path.realpath(path)).parent
    try:
        data = read_confined(path, root, MAX_SOURCE_BYTES)
    except PathRefused as refused:
        if refused.code == "file-too-large":
            message = f"the file {refused}: a source file holds text; split it into chapters"
            diagnostics.error(path, None, message, code="source-too-large")
        elif refused.code == "path-outside":
            diagnostics.error(
                path,
                None,
                f"this file {refused} (sources never read outside the folder)",
                code="link-outside-source",
            )
        else:
            diagnostics.error(path, None, f"cannot read file: it {refused}", code="file-unreadable")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diagnostics.error(
            path,
            line,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} "
            "cannot be read); save it with UTF-8 encoding",
            code="file-not-utf8",
        )
        return None
    # Normalise line ends so line numbers agree with what editors show.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, path: Path, diagnostics: Diagnostics) -> ChapterSource:
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return ChapterSource(path, None, 0, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            data = load_yaml(yaml_text, path, diagnostics, first_line=2)
            ok = data is not None or not yaml_text.strip()
            if data is not None and not isinstance(data, dict):
                diagnostics.error(
                    path,
                    2,
                    "front matter must be a mapping of keys to values (like 'title: India and Japan')",
                    code="front-matter-not-mapping",
                )
                ok = False
            if not isinstance(data, dict):
                data = YamlDict()  # unreadable: the error is reported, go on with the body
            body = "\n".join(lines[index + 1 :])
            return ChapterSource(path, data, 1, body, index + 2, front_matter_ok=ok)
    diagnostics.error(
        path,
        1,
        "front matter opened with '---' on line 1 is never closed; add a line with '---' after the last key",
        code="front-matter-unclosed",
    )
    return ChapterSource(path, YamlDict(), 1, "", len(lines) + 1, front_matter_ok=False)


def file_head(path: Path, count: int, root: Path | None = None) -> tuple[int, bytes, str | None]:
    """A file's size and first `count` bytes (its signature), read through the gate (a regular
    file inside `root`; None: its own real folder) before anything reads the rest (an image, a
    font); the third item says why the file cannot be read, or is None."""
    if root is None:
        root = Path(os.path.realpath(path)).parent
    try:
        descriptor = open_confined(path, root)
    except PathRefused as refused:
        return 0, b"", str(refused)
    try:
        return os.fstat(descriptor).st_size, os.read(descriptor, count), None
    except OSError as exc:
        return 0, b"", f"cannot be read: {exc.strerror or exc}"
    finally:
        os.close(descriptor)


def load_mapping(path: Path, diagnostics: Diagnostics, root: Path | None = None) -> YamlDict | None:
    """A YAML file of `key: value` lines (book.yaml, glossary.yaml, a theme); None with an error
    if it cannot be read or is not a mapping. An empty file is an empty mapping."""
    text = read_text(path, diagnostics, root)
    return None if text is None else mapping_of_text(text, path, diagnostics)


def mapping_of_text(text: str, path: Path, diagnostics: Diagnostics) -> YamlDict | None:
    """`load_mapping` of a file's text already read (theme.load digests the text it parses)."""
    if not text.strip():
        return YamlDict()
    data = load_yaml(text, path, diagnostics)
    if data is None:
        return None
    if not isinstance(data, dict):
        diagnostics.error(
            path, 1, "expected a mapping of keys to values at the top of the file", code="yaml-not-mapping"
        )
        return None
    return data  # type: ignore[return-value]  # load_yaml's mappings are YamlDicts


def load_sources(root: Path, diagnostics: Diagnostics, language: str = "", split_one=None) -> SourceSet:
    """`language`: read each chapter's NN-slug.LANG.md translation where there is one.
    `split_one` stands in for `split_front_matter` (same arguments), e.g. to reuse a
    chapter an earlier build read from the same text."""
    split_one = split_one or split_front_matter
    root = Path(root)
    sources = SourceSet(root=root)
    if not root.is_dir():
        diagnostics.error(root, None, "source folder not found", code="source-not-found")
        return sources
    book_path = root / BOOK_FILE
    if book_path.is_file() and not _outside_error(book_path, root, diagnostics):
        sources.book_path = book_path
        sources.book = load_mapping(book_path, diagnostics, root)
    glossary_path = root / GLOSSARY_FILE
    if glossary_path.is_file() and not _outside_error(glossary_path, root, diagnostics):
        sources.glossary_path = glossary_path
        sources.glossary = load_mapping(glossary_path, diagnostics, root)
    missing = (
        languages.missing_policy(sources.book, sources.book_path, diagnostics) if language else "english"
    )
    for path, original in languages.choose(
        _chapter_paths(root, sources, diagnostics), language, root, diagnostics, missing
    ):
        text = read_text(path, diagnostics, root)
        if text is None:
            continue
        if not text.strip():
            # Sites keep empty stub pages; a book leaves them out, and says so (issue 14).
            diagnostics.warning(
                path,
                None,
                "the file is empty and is left out: write the chapter "
                "(starting with front matter and a title) or remove the file",
                code="chapter-empty",
            )
            continue
        if original is None:
            chapter = split_one(text, path, diagnostics)
        else:  # a translation: order, paper and topic as in the original (never from the cache,
            # whose key is the translation's text alone)
            chapter = split_front_matter(text, path, diagnostics)
            first = read_text(original, diagnostics, root)
            if first is not None:
                languages.inherit(
                    chapter.front_matter, split_front_matter(first, original, Diagnostics()).front_matter
                )
        sources.chapters.append(chapter)
    return sources


def _outside_error(path: Path, root: Path, diagnostics: Diagnostics) -> bool:
    """Report (and return True) when `path` leads out of the source folder, e.g. through a link."""
    if is_inside(path, root):
        return False
    diagnostics.error(
        path,
        None,
        "this file is a link to a file outside the source folder; "
        "copy the file into the folder instead (sources never read outside it)",
        code="link-outside-source",
    )
    return True


def _notes_in_sub_folders(root: Path, found: list[Path], diagnostics: Diagnostics) -> list[Path]:
    """A folder whose notes are all in sub-folders builds them, and says so once (before, it
    built its README alone and left every note out without a word)."""
    nested = sites.notes_in_sub_folders(root)
    if not nested:
        return found
    below = [p for p in nested if p.parent != root]
    folders = sorted({p.relative_to(root).parts[0] for p in below})
    shown_folders = ", ".join(folders[:4]) + (f" and {len(folders) - 4} more" if len(folders) > 4 else "")
    top = len(nested) - len(below)
    where = (
        f"most notes are in sub-folders: the {top} at the top and the {len(below)} in its sub-folders"
        if top
        else f"no chapters at the top of the folder: the {len(below)} notes in its sub-folders"
    )
    diagnostics.warning(
        root,
        None,
        f"{where} ({shown_folders}) are the chapters, in path order (list them under 'chapters:' "
        "in book.yaml to choose)",
        code="chapters-in-sub-folders",
    )
    return nested


def _chapter_paths(root: Path, sources: SourceSet, diagnostics: Diagnostics) -> list[Path]:
    listed = sources.book.get("chapters") if sources.book else None
    if listed is not None and (not isinstance(listed, list) or not all(isinstance(n, str) for n in listed)):
        diagnostics.error(
            sources.book_path,
            line_of(sources.book, "chapters"),
            "'chapters' must be a list of file names, like '- 01-history.md'",
            code="value-invalid",
        )
        listed = None
    if listed is None:
        # Translations (NN-slug.hi.md) are read in place of their original by --lang only.
        # A vault's or a site's notes are in sub-folders too (sources.sites, issue 25).
        site = sites.chapter_files(root)
        found = site if site is not None else sorted(root.glob("*.md"))
        if site is None:
            found = _notes_in_sub_folders(root, found, diagnostics)
        found = [p for p in found if p.is_file() and not languages.is_translation(p)]
        return [p for p in found if not _outside_error(p, root, diagnostics)]
    paths = []
    for index, name in enumerate(listed):
        line = line_of(listed, index)
        try:
            confined(name, root, root)  # a NUL byte, a name too long, `..`, a link out: refused
        except PathRefused as refused:
            code = refused.code  # the refusal's own code
            diagnostics.error(sources.book_path, line, f"chapter {shown(name)} {refused}", code=code)
            continue
        path = root / name  # as written (messages show it so); its real path is inside
        if not path.is_file():
            diagnostics.error(
                sources.book_path, line, f"chapter file '{name}' not found", code="chapter-not-found"
            )
        else:
            paths.append(path)
    return paths
