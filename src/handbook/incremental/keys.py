"""The keys of the build cache's entries: SHA-256 digests of everything that can change an
entry (incremental/kinds.py lists, per kind, what its key names).

`SourceKeys` hashes the source folder once per build: the chapters' own text goes into their
own keys, everything around them (book.yaml, glossary.yaml, themes, fonts; every other file
by its name and size) into `around_chapters`, the images chapters name when first asked for.
The code fingerprint is the package version, the bytes of every file of the installed
`handbook` package and the versions of every installed distribution (reportlab, the fonts
packages, ...), so a feature merged later or a new font package invalidates everything
without anyone remembering to bump a number.
Only what the build reads is hashed: files it reads as text or fonts (up to the largest it
accepts), the images chapters name; every other file counts by its name and size, never read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import sys
from functools import lru_cache
from pathlib import Path

# Folders of a source tree that a build never reads (and whose changes must not invalidate).
_SKIPPED_DIRS = {"__pycache__", "node_modules"}
# Files the build reads as text (chapters, YAML, SVG, HTML) or fonts, wherever they are named
# (a theme's font file, a translation): their bytes are in the keys, up to the most any reader
# accepts (sources 50 MB, fonts 40 MB: sources/files.py, theme/checks.py). Any other file is
# read only when a chapter names it (an image: its bytes are in the keys of what uses it) and
# otherwise counts by its name and size: a 20 GB file in the folder is never read.
READ_SUFFIXES = frozenset({".md", ".markdown", ".yaml", ".yml", ".ttf", ".svg", ".html", ".htm", ".txt"})
MAX_READ_BYTES = 50_000_000
MAX_NAMED_BYTES = 200_000_000  # an image a chapter names (parse/images.py: MAX_IMAGE_BYTES)


def digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        h.update(struct.pack(">Q", len(data)))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code_files_digest() -> str:
    from handbook.theme import BUILTIN_DIR  # styles/ in a checkout, handbook/themes in a wheel

    package = Path(__file__).resolve().parent.parent  # the whole handbook package
    h = hashlib.sha256()
    for folder in (package, Path(str(BUILTIN_DIR))):
        for parts in _code_files(str(folder)):
            with open(os.path.join(folder, *parts), "rb") as stream:
                h.update("/".join(parts).encode() + b"\0" + stream.read() + b"\0")
    try:
        versions = _installed_versions()
    except Exception:  # a broken install's metadata: the code digest still holds
        versions = []
    h.update(repr((versions, sys.version)).encode())
    return h.hexdigest()


def _code_files(folder: str) -> list[tuple[str, ...]]:
    """Every file below `folder` but compiled bytecode, as the parts of its relative path, in
    the order of their paths (os.walk, not Path.rglob: a tenth of the time, every process)."""
    found = []
    for where, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        below = os.path.relpath(where, folder).split(os.sep) if where != folder else []
        found += [(*below, name) for name in files if not name.endswith(".pyc")]
    return sorted(found)


def _installed_versions() -> list[str]:
    """Every installed distribution with its version. A `.dist-info` folder is named with
    both (the wheel format's rule), so only other kinds (eggs) have their metadata read:
    parsing some 90 METADATA files was 0.07 s of every build and preview."""
    from importlib.metadata import distributions

    found = []
    for dist in distributions():
        folder = getattr(getattr(dist, "_path", None), "name", "")
        if folder.endswith(".dist-info") and "-" in folder:
            found.append(folder)
        else:
            found.append(f"{dist.metadata['Name']}=={dist.version}")
    return sorted(found)


def code_fingerprint() -> str:
    """Everything about the running tool that shapes the output (read at call time: the
    version as well, so a version bump alone invalidates the cache)."""
    import handbook

    return digest(handbook.__version__, _code_files_digest())


def source_files(root: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every file under `root` a build may read, in a stable order: folders such as `.git`,
    `.cache` and the output's own folder are left out (they change with every build)."""
    root = Path(root)
    skipped = {p.resolve() for p in skip}
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in _SKIPPED_DIRS
            and (Path(folder) / name).resolve() not in skipped
        )
        found += [Path(folder) / name for name in sorted(names) if not name.endswith(".pdf")]
    return found


def tree_digest(root: Path, files: list[Path], exclude_suffix: str | None = None) -> str:
    """Every file's name and what the build may read of it (`file_digest`); files ending in
    `exclude_suffix` by name only (their own entries hash their text)."""
    h = hashlib.sha256()
    for path in files:
        rel = str(path.relative_to(root))
        h.update(rel.encode("utf-8", "surrogatepass") + b"\0")
        suffix = path.suffix.lower()
        if exclude_suffix and suffix == exclude_suffix:
            continue
        h.update(file_digest(path, MAX_READ_BYTES if suffix in READ_SUFFIXES else 0))
    return h.hexdigest()


def file_digest(path: Path, limit: int) -> bytes:
    """A file's SHA-256 if it is a regular file of at most `limit` bytes (read in blocks), else
    what stands for it without opening it: its size (a reader refuses a file over its limit by
    its size alone; a file no reader opens matters by its name and size only). A link is
    hashed by where it points, never followed (the build refuses one that leads outside the
    folder; one inside is hashed where it leads), and nothing but a regular file is opened: a
    named pipe or a device planted in a shared folder must not hang the build that hashes it."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return b"link:" + os.fsencode(os.readlink(path))
        if not stat.S_ISREG(info.st_mode):
            return b"not a file"
        if info.st_size > limit:
            return b"size:%d" % info.st_size
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return b"unreadable"
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:  # changed since: as it is now
            return b"not a file" if not stat.S_ISREG(info.st_mode) else b"size:%d" % info.st_size
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return hashlib.file_digest(stream, "sha256").digest()
    except OSError:
        return b"unreadable"
    finally:
        os.close(handle)


class SourceKeys:
    """The keys of one build's entries: the source folder is listed (and what the build reads
    of it hashed) once; the files chapters name (images) are hashed when first asked for."""

    def __init__(self, root: Path, output: Path | None = None, book: bool = True):
        self.root = Path(root)
        skip = (Path(output).parent,) if output is not None else ()
        files = source_files(self.root, skip)
        self.code = code_fingerprint()
        # Chapters' own text is in their keys; the rest they may read (book.yaml, themes) here.
        self.around_chapters = tree_digest(self.root, files, exclude_suffix=".md")
        # Every file's bytes, for the book's key: hashed before the sources are read (a file
        # saved meanwhile is a miss, never a stale book); not by a preview (`book=False`).
        self.everything = tree_digest(self.root, files) if book else None
        self.named: dict[str, str] = {}  # a file a chapter names (an image) -> its digest
        self.real_root = Path(os.path.realpath(self.root))

    def named_file(self, path) -> str:
        """The digest of a file a chapter names (an image), hashed once per build."""
        key = str(path)
        if key not in self.named:
            self.named[key] = file_digest(Path(path), MAX_NAMED_BYTES).hex()
        return self.named[key]

    def named_files(self) -> str:
        """A digest of every file the book's chapters name, as hashed so far."""
        return digest(sorted(self.named.items()))

    def chapter_text(self, path: Path, text: str) -> str:
        """A chapter file's key: its text as read (not the file again: it may have been saved
        since), its path in the folder's real path, and everything else in the folder it may
        read (book.yaml, the names and sizes of the other files; the images it names are
        checked on reuse)."""
        return digest(
            self.code, self.around_chapters, self.real_path(path), text.encode("utf-8", "surrogatepass")
        )

    def real_path(self, path: Path) -> str:
        """`path` below the source folder's real path: a book built from `notes` and a preview
        of `/home/me/notes/3.md` (or through a link to the folder) key a chapter alike, so each
        finds what the other stored. (A chapter reused so keeps the spelling of the build that
        stored it; messages name files as `display_path` shows them, from their real path.)"""
        text, root = str(path), str(self.root)
        if text.startswith(root) and text[len(root) : len(root) + 1] == os.sep:  # (the usual case)
            return str(self.real_root) + text[len(root) :]
        try:
            return str(self.real_root / path.relative_to(self.root))
        except ValueError:  # (not below the folder as given: chapters always are)
            return os.path.realpath(path)

    def book(self, theme, options, answers: str) -> str:
        if self.everything is None:
            raise ValueError("a preview's keys name no book")
        return digest(self.code, self.everything, self.named_files(), repr(theme), repr(options), answers)
