"""build/.cache: what one build hands the next, so work that did not change is not redone.

Entries of several kinds, each keyed by a SHA-256 of everything that can change it; among them:
- a parsed chapter (the model before enrichment), keyed by the chapter's text and path, the
  other files of the source folder (images, book.yaml, glossary.yaml) and the code fingerprint
  (pipeline.py; one *bundle* holds a book's);
- what the acronym step did to a chapter (`scan`), a chapter laid out and recorded (`layout`),
  chapters found to print in the theme's fonts (`glyphs`), keyed by what shapes each (see
  pipeline.py and output/reuse.py);
- a finished book (the PDF bytes and its page record), keyed by every file of the source
  folder, the merged theme (every value of every file in its `extends` chain), the options,
  and the code fingerprint.
The code fingerprint is the package version, the bytes of every file of the installed
`handbook` package and the versions of every installed distribution (reportlab, the fonts
packages, ...), so a feature merged later or a new font package invalidates everything
without anyone remembering to bump a number.

Safety (see SECURITY.md): entries are written only by this tool, into the build folder, and are
still read as untrusted bytes. An entry is MAGIC, a SHA-256 of its payload, the payload's
length, then the payload; anything else (a build killed mid-write, a file cut short, another
program's file) fails the check and is treated as absent. The payload is a pickle read by an
unpickler that can only name the model's own dataclasses and a few plain types (date, Path,
the page record): pickle's way of running code, calling an arbitrary importable function, is
refused, so a planted entry can at worst describe a wrong chapter, never run anything.
Entries are written to a unique temporary name and renamed into place, so two builds at once
each see either a whole entry or none.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
import struct
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from handbook.gc_settings import no_collections

FORMAT = 1
MAGIC = b"handbook-cache %d\n" % FORMAT
_HEADER = struct.Struct(">32sQ")  # payload SHA-256, payload length

# What an entry may name when it is read back: our model and records, and plain value types.
_ALLOWED_MODULES = ("handbook.model.",)
_ALLOWED = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"),
    ("handbook.layout.pages", "PageRecord"),
    ("handbook.layout.replay", "ChapterRecording"),  # plain data: code, tuples of numbers and text
    ("handbook.layout.replay", "PageRecording"),
    ("handbook.layout.replay", "CarriedState"),
    ("handbook.layout.replay", "AnchorPlaced"),  # the typed events of a recorded page
    ("handbook.layout.replay", "BookmarkPlaced"),
    ("handbook.layout.replay", "OutlineEntryAdded"),
    ("handbook.layout.replay", "LinkDrawn"),
    ("handbook.layout.replay", "UrlLinkDrawn"),
    ("handbook.layout.replay", "AcronymUsed"),
    ("handbook.sources.files", "ChapterSource"),
    ("handbook.sources.yamlload", "YamlDict"),
    ("handbook.sources.yamlload", "YamlList"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
}
STALE_TEMPORARY = 3600  # seconds: an entry's temporary file this old was left by a killed build
# Folders of a source tree that a build never reads (and whose changes must not invalidate).
_SKIPPED_DIRS = {"__pycache__", "node_modules"}


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module.startswith(_ALLOWED_MODULES) or (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"cache entry names {module}.{name}")


def encode(value) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + _HEADER.pack(hashlib.sha256(payload).digest(), len(payload)) + payload


def decode(data: bytes):
    """The value in an entry's bytes; raises ValueError for anything but a whole, valid entry."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _HEADER.size:
        raise ValueError("not a cache entry")
    digest, length = _HEADER.unpack_from(data, len(MAGIC))
    payload = memoryview(data)[len(MAGIC) + _HEADER.size :]
    if len(payload) != length or hashlib.sha256(payload).digest() != digest:
        raise ValueError("cache entry cut short or changed")
    # unpickling makes thousands of objects and no garbage: no collections (2x faster)
    with no_collections():
        try:
            return _ModelUnpickler(io.BytesIO(payload)).load()
        except Exception as exc:  # a model class renamed since the entry was written, say
            raise ValueError(f"cache entry unreadable: {exc}") from exc


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

    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for folder in (package, Path(str(BUILTIN_DIR))):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        versions = _installed_versions()
    except Exception:  # a broken install's metadata: the code digest still holds
        versions = []
    h.update(repr((versions, sys.version)).encode())
    return h.hexdigest()


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
    h = hashlib.sha256()
    for path in files:
        rel = str(path.relative_to(root))
        h.update(rel.encode("utf-8", "surrogatepass") + b"\0")
        if exclude_suffix and path.suffix.lower() == exclude_suffix:
            continue  # named, not read: its own entries hash its text
        h.update(_file_digest(path))
    return h.hexdigest()


def _file_digest(path: Path) -> bytes:
    """A file's SHA-256, read in blocks. A link is hashed by where it points, never followed
    (the build refuses one that leads outside the folder; one inside is hashed where it
    leads), and nothing but a regular file is opened: a named pipe or a device planted in a
    shared folder must not hang or fill the memory of the build that hashes it."""
    try:
        if os.path.islink(path):
            return b"link:" + os.fsencode(os.readlink(path))
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b"unreadable"
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return b"not a file"
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return hashlib.file_digest(stream, "sha256").digest()
    except OSError:
        return b"unreadable"
    finally:
        os.close(handle)


class BuildCache:
    """Entries under `folder` (build/.cache beside the PDF). A disabled cache stores nothing
    and finds nothing (`--no-cache`)."""

    def __init__(self, folder: Path, enabled: bool = True):
        self.folder = Path(folder)
        self.enabled = enabled
        self.hits = 0
        self.misses = 0

    @classmethod
    def beside(cls, output: Path, enabled: bool = True) -> "BuildCache":
        return cls(Path(output).parent / ".cache", enabled)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{key}.bin"

    def get(self, kind: str, key: str):
        if not self.enabled:
            return None
        path = self._path(kind, key)
        try:
            value = decode(path.read_bytes())
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        try:  # used now: pruning keeps the entries builds use, not only those written last
            os.utime(path)
        except OSError:
            pass
        return value

    def put(self, kind: str, key: str, value) -> None:
        """Store `value`; a cache that cannot be written (read-only folder, disk full) is
        simply not used: the build itself has succeeded."""
        if not self.enabled:
            return
        path = self._path(kind, key)
        try:
            data = encode(value)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temp, path)
            except BaseException:
                try:
                    os.unlink(temp)
                except OSError:
                    pass
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass

    def prune(self, kind: str, keep: int) -> None:
        """Remove all but the `keep` newest entries of `kind` (an entry another build still
        wanted going missing is only a miss for it, never a wrong page), and what builds killed
        while writing an entry left: temporary files older than STALE_TEMPORARY seconds (a
        concurrent build's are younger)."""
        if not self.enabled:
            return
        try:
            found = [(p.stat().st_mtime_ns, p) for p in (self.folder / kind).glob("*.bin")]
            now = time.time()
            left = [
                p for p in (self.folder / kind).glob(".*.tmp") if now - p.stat().st_mtime > STALE_TEMPORARY
            ]
        except OSError:
            return
        for old in [p for _, p in sorted(found, reverse=True)[keep:]] + left:
            try:
                os.unlink(old)
            except OSError:
                pass


class SourceKeys:
    """The keys of one build's entries: the source folder is read (and hashed) once."""

    def __init__(self, root: Path, output: Path | None = None, book: bool = True):
        self.root = Path(root)
        skip = (Path(output).parent,) if output is not None else ()
        files = source_files(self.root, skip)
        self.code = code_fingerprint()
        # Chapters' own text is in their keys; everything else they may read (images) here.
        self.around_chapters = tree_digest(self.root, files, exclude_suffix=".md")
        # Every file's bytes, for the book's key: hashed before the sources are read (a file
        # saved meanwhile is a miss, never a stale book); not by a preview (`book=False`).
        self.everything = tree_digest(self.root, files) if book else None

    def chapter_text(self, path: Path, text: str) -> str:
        """A chapter file's key: its text as read (not the file again: it may have been saved
        since), its path as given, and everything else in the folder it may read (images)."""
        return digest(self.code, self.around_chapters, str(path), text.encode("utf-8", "surrogatepass"))

    def book(self, theme, options, answers: str) -> str:
        if self.everything is None:
            raise ValueError("a preview's keys name no book")
        return digest(self.code, self.everything, repr(theme), repr(options), answers)
