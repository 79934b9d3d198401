"""The build cache: what one build hands the next, so work that did not change is not redone.

Entries of several kinds, each keyed by a SHA-256 of everything that can change it; among them:
- a parsed chapter (the model before enrichment), keyed by the chapter's text and path, the
  other files of the source folder the build reads as text (book.yaml, glossary.yaml, themes,
  fonts; every other file by its name and size) and the code fingerprint; the images it names
  are noted in the entry and checked on reuse (one *bundle* holds a book's chapters);
- what the acronym step did to a chapter (`scan`), a chapter laid out and recorded (`layout`),
  chapters found to print in the theme's fonts (`glyphs`), keyed by what shapes each (see
  pipeline.py and output/reuse.py);
- a finished book (the PDF bytes and its page record), keyed by the source files as above, the
  images the chapters name, the merged theme, the options and the code fingerprint.
The code fingerprint is the package version, the bytes of every file of the installed
`handbook` package and the versions of every installed distribution (reportlab, the fonts
packages, ...), so a feature merged later or a new font package invalidates everything
without anyone remembering to bump a number.

Trust (SECURITY.md, "A planted or damaged build cache"): a source folder may come from a
stranger, and so may anything inside it, a `build/.cache` included. So:
- The cache lives in the user's cache folder ($XDG_CACHE_HOME/handbook, else
  ~/.cache/handbook), one folder per source folder (named by a digest of its real path), not
  in a folder that travels with the notes; book.yaml's `cache: local` puts it in `.cache`
  beside the PDF instead.
- Every entry is authenticated: an HMAC-SHA256, with a secret key of 32 random bytes created
  once per user (`secret.key` in the user's cache folder, mode 0600, never inside a source
  folder), over the entry's kind, name and payload. Nothing is unpickled before its HMAC
  holds: an entry another user, another machine or a stranger's folder wrote fails and is
  ignored (and counted: the build warns once). The same key signs each entry's kind and name
  in its header, so pruning deletes only files this user's handbook wrote there.
- Even so the payload is read by an unpickler that knows exact (module, name) pairs only: the
  model's own classes and a few plain types; a dotted name (which pickle would resolve
  attribute by attribute, to `os.system` say) is refused.
- Every folder and entry is opened relative to its verified parent, without following links
  (O_NOFOLLOW): one that is a link, is not a regular file or folder, or belongs to another
  user is not used, and the build says so. Pruning unlinks names in those folders only.
- Only what the build reads is hashed: files it reads as text or fonts (up to the largest it
  accepts), the images chapters name; every other file counts by its name and size, never read.
Entries are written to a unique temporary name and renamed into place, so two builds at once
each see either a whole entry or none.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import io
import os
import pickle
import re
import secrets
import stat
import struct
import sys
import time
from functools import lru_cache
from pathlib import Path

from handbook.gc_settings import no_collections

FORMAT = 2
MAGIC = b"handbook-cache %d\n" % FORMAT
_HEADER = struct.Struct(">32s32sQ")  # name tag, HMAC of the entry, payload length
SECRET_FILE = "secret.key"
SECRET_BYTES = 32
MAX_ENTRY_BYTES = 2_000_000_000  # a finished book of thousands of pages is some hundreds of MB
STALE_TEMPORARY = 3600  # seconds: an entry's temporary file this old was left by a killed build
_KEY = re.compile(r"[0-9a-f]{64}\Z")  # every key is a digest(): no name can leave its folder
_ENTRY = re.compile(r"(?P<name>[0-9a-f]{64}\.bin)\Z")
_TEMPORARY = re.compile(r"\.(?P<name>[0-9a-f]{64}\.bin)\.[0-9a-f]{12}\.tmp\Z")
_KIND = re.compile(r"[a-z]+\Z")
_DIRECTORY_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

# What an entry may name when it is read back: exact (module, name) pairs, never a dotted
# name. Besides these, every class defined in a module of handbook.model (_allowed_names).
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


class EntryRefused(ValueError):
    """An entry that does not authenticate: written by another key, cut short or changed."""


@lru_cache(maxsize=1)
def _allowed_names() -> frozenset:
    import importlib
    import pkgutil

    import handbook.model as model

    names = set(_ALLOWED)
    for info in pkgutil.iter_modules(model.__path__):
        module = importlib.import_module(f"{model.__name__}.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__ and value.__qualname__ == name:
                names.add((module.__name__, name))
    return frozenset(names)


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if "." not in name and (module, name) in _allowed_names():
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"cache entry names {module}.{name}")


def _name_tag(secret: bytes, kind: str, name: str) -> bytes:
    return hmac.digest(secret, b"handbook-cache-entry\0%s\0%s" % (kind.encode(), name.encode()), "sha256")


def encode(value, secret: bytes, kind: str, name: str) -> bytes:
    """An entry's bytes: MAGIC, a tag of (kind, name), an HMAC of tag and payload, the payload's
    length, the payload (a pickle)."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    tag = _name_tag(secret, kind, name)
    mac = hmac.new(secret, tag + struct.pack(">Q", len(payload)), "sha256")
    mac.update(payload)
    return MAGIC + _HEADER.pack(tag, mac.digest(), len(payload)) + payload


def written_here(head: bytes, secret: bytes, kind: str, name: str) -> bool:
    """Whether an entry's first bytes carry this key's tag for (kind, name): pruning's proof."""
    if not head.startswith(MAGIC) or len(head) < len(MAGIC) + _HEADER.size:
        return False
    tag = _HEADER.unpack_from(head, len(MAGIC))[0]
    return hmac.compare_digest(tag, _name_tag(secret, kind, name))


def decode(data: bytes, secret: bytes, kind: str, name: str):
    """The value in an entry's bytes. EntryRefused unless `secret` wrote exactly these bytes as
    (kind, name); ValueError if it cannot be read back (a model class renamed since)."""
    if not written_here(data, secret, kind, name):
        raise EntryRefused("not an entry of this name written with this key")
    tag, mac, length = _HEADER.unpack_from(data, len(MAGIC))
    payload = memoryview(data)[len(MAGIC) + _HEADER.size :]
    expected = hmac.new(secret, tag + struct.pack(">Q", length), "sha256")
    expected.update(payload)
    if len(payload) != length or not hmac.compare_digest(mac, expected.digest()):
        raise EntryRefused("cache entry cut short or changed")
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


def user_cache_root() -> Path:
    """The user's cache folder for handbook: $XDG_CACHE_HOME/handbook (an absolute path, as the
    XDG specification asks), else ~/.cache/handbook."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "handbook"


def folder_for(source_dir: Path) -> Path:
    """The folder of a source folder's entries in the user's cache (by its real path)."""
    return user_cache_root() / "books" / digest(os.path.realpath(source_dir))[:32]


def wants_local_cache(source_dir: Path) -> bool:
    """book.yaml's `cache: local`, read before the build reads it (where the cache is decides
    how the sources are read); a book.yaml that cannot be read is reported by the build."""
    from handbook.errors import Diagnostics
    from handbook.sources.files import BOOK_FILE, load_mapping

    path = Path(source_dir) / BOOK_FILE
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False  # a link: the build says whether it may be used
    except OSError:
        return False
    settings = load_mapping(path, Diagnostics())
    return isinstance(settings, dict) and settings.get("cache") == "local"


def _owned(fd: int, directory: bool) -> str | None:
    """Why the open file `fd` may not be used as the cache's (None: it may)."""
    info = os.fstat(fd)
    if directory != stat.S_ISDIR(info.st_mode) or not (directory or stat.S_ISREG(info.st_mode)):
        return "is not a folder" if directory else "is not a regular file"
    if info.st_uid != os.geteuid():
        return "belongs to another user"
    return None


def _open_folder(name: str, parent: int | None, create: bool = True) -> int:
    """A folder's descriptor, opened without following a link (`parent`: the folder it is in;
    None: `name` is a path, whose own last part may not be a link). OSError (ELOOP, ENOTDIR)
    if it is a link or no folder; PermissionError if it is another user's."""
    if create:
        try:
            os.mkdir(name, 0o700, dir_fd=parent)
        except FileExistsError:
            pass
    fd = os.open(name, _DIRECTORY_FLAGS, dir_fd=parent)
    problem = _owned(fd, directory=True)
    if problem:
        os.close(fd)
        raise PermissionError(errno.EACCES, problem)
    return fd


def _open_path(path: Path) -> int:
    """`_open_folder` for a path: its parent folders as they are (links the user made are the
    user's choice; made if missing), the folder itself never through a link."""
    parent, name = os.path.split(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    above = os.open(parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        return _open_folder(name, above)
    finally:
        os.close(above)


def _why(exc: OSError) -> str:
    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
        return "is a link, or not a folder"
    return str(exc.strerror or exc)


def _read_secret(root: int) -> bytes:
    """The user's secret key, from the folder `root` (created the first time: random bytes in a
    file of mode 0600, linked into place whole, so two first builds at once agree)."""
    try:
        fd = os.open(SECRET_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=root)
    except FileNotFoundError:
        temporary = f".{SECRET_FILE}.{secrets.token_hex(6)}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=root)
        try:
            os.write(fd, secrets.token_bytes(SECRET_BYTES))
            os.fsync(fd)
            os.close(fd)
            try:
                os.link(temporary, SECRET_FILE, src_dir_fd=root, dst_dir_fd=root, follow_symlinks=False)
            except FileExistsError:  # another build made it first: use that one
                pass
        finally:
            os.unlink(temporary, dir_fd=root)
        fd = os.open(SECRET_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=root)
    try:
        problem = _owned(fd, directory=False)
        if problem is None and stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
            problem = "may be read by other users (it must have mode 0600)"
        data = os.read(fd, SECRET_BYTES + 1) if problem is None else b""
        if problem is None and len(data) != SECRET_BYTES:
            problem = f"is not {SECRET_BYTES} bytes long"
        if problem:
            raise PermissionError(errno.EACCES, f"{SECRET_FILE} {problem}")
        return data
    finally:
        os.close(fd)


class BuildCache:
    """Entries under `folder` (see the module's docstring), authenticated with the secret key in
    `root` (the user's cache folder). Nothing is opened until first used. A disabled cache
    stores nothing and finds nothing (`--no-cache`); one whose folder or key cannot be trusted
    or made is disabled, and says why in `problems` (the build prints them as warnings)."""

    def __init__(self, folder: Path, enabled: bool = True, root: Path | None = None):
        self.folder = Path(folder)
        self.root = Path(root) if root is not None else user_cache_root()
        self.enabled = enabled
        self.hits = 0
        self.misses = 0
        self.refused = 0  # entries ignored: not authenticated, links, another user's
        self.first_refused: Path | None = None
        self.problems: list[tuple[Path, str]] = []  # (path, why it is not used)
        self._secret = b""
        self._base: int | None = None
        self._kinds: dict[str, int | None] = {}

    @classmethod
    def for_build(cls, source_dir: Path, output: Path, enabled: bool = True) -> "BuildCache":
        """The cache of a build of `source_dir` into `output`: the user's (default) or, with
        book.yaml's `cache: local`, `.cache` beside the output."""
        if enabled and wants_local_cache(source_dir):
            return cls(Path(output).parent / ".cache", enabled)
        try:
            return cls(folder_for(source_dir), enabled)
        except (RuntimeError, KeyError):  # no home folder to find (HOME unset, no user entry)
            cache = cls(Path(output).parent / ".cache", enabled=False, root=Path(output).parent)
            cache.problems.append((Path(output), "no home folder for the build cache: none is used"))
            return cache

    def _refuse_all(self, path: Path, why: str) -> None:
        self.problems.append((path, f"the build cache {why}: no cache is read or written"))
        self.enabled = False

    def _open(self) -> bool:
        if self._base is not None or not self.enabled:
            return self._base is not None
        try:
            root = _open_path(self.root)
            try:
                self._secret = _read_secret(root)
            finally:
                os.close(root)
        except OSError as exc:
            self._refuse_all(self.root, f"key folder or {SECRET_FILE} {_why(exc)}")
            return False
        try:
            parts = self._parts_below_root()
            if parts is None:  # a folder elsewhere (beside the output)
                base = _open_path(self.folder)
            else:
                base = _open_path(self.root)
                for part in parts:
                    try:
                        below = _open_folder(part, base)
                    finally:
                        os.close(base)
                    base = below
        except OSError as exc:
            self._refuse_all(self.folder, f"folder {_why(exc)}")
            return False
        self._base = base
        return True

    def _parts_below_root(self) -> list[str] | None:
        try:
            return list(self.folder.relative_to(self.root).parts)
        except ValueError:
            return None

    def _kind(self, kind: str) -> int | None:
        """The descriptor of `kind`'s folder, opened once (None: it may not be used)."""
        if kind in self._kinds:
            return self._kinds[kind]
        fd = None
        if _KIND.match(kind) and self._open():
            try:
                fd = _open_folder(kind, self._base)
            except OSError as exc:
                self.problems.append((self.folder / kind, f"the build cache's folder {_why(exc)}: not used"))
        self._kinds[kind] = fd
        return fd

    def close(self) -> None:
        for fd in [self._base, *self._kinds.values()]:
            if fd is not None:
                os.close(fd)
        self._base, self._kinds = None, {}

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass

    def _refused(self, kind: str, name: str) -> None:
        self.refused += 1
        self.first_refused = self.first_refused or self.folder / kind / name

    def get(self, kind: str, key: str):
        if not self.enabled:
            return None
        folder = self._kind(kind) if _KEY.match(key) else None
        if folder is None:
            self.misses += 1
            return None
        name = f"{key}.bin"
        try:
            handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError:  # a link (ELOOP), no permission
            self.misses += 1
            self._refused(kind, name)
            return None
        try:
            if _owned(handle, directory=False) or os.fstat(handle).st_size > MAX_ENTRY_BYTES:
                self.misses += 1
                self._refused(kind, name)
                return None
            with os.fdopen(handle, "rb", closefd=False) as stream:
                data = stream.read()
            try:  # used now: pruning keeps the entries builds use, not only those written last
                os.utime(handle)
            except OSError:
                pass
        except OSError:
            self.misses += 1
            return None
        finally:
            os.close(handle)
        try:
            value = decode(data, self._secret, kind, name)
        except EntryRefused:
            self.misses += 1
            self._refused(kind, name)
            return None
        except ValueError:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value) -> None:
        """Store `value`; a cache that cannot be written (read-only folder, disk full) is
        simply not used: the build itself has succeeded."""
        folder = self._kind(kind) if self.enabled and _KEY.match(key) else None
        if folder is None:
            return
        name = f"{key}.bin"
        try:  # never over a file it did not write (a stranger's entry: warned about, left)
            os.stat(name, dir_fd=folder, follow_symlinks=False)
            if not self._written_here(folder, kind, name, name):
                return
        except OSError:
            pass  # (none there: the usual case)
        temporary = f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            data = encode(value, self._secret, kind, name)
            handle = os.open(
                temporary,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
                dir_fd=folder,
            )
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
            except BaseException:
                try:
                    os.unlink(temporary, dir_fd=folder)
                except OSError:
                    pass
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass

    def prune(self, kind: str, keep: int) -> None:
        """Remove all but the `keep` newest entries of `kind` (an entry another build still
        wanted going missing is only a miss for it, never a wrong page), and what builds killed
        while writing an entry left: temporary files older than STALE_TEMPORARY seconds (a
        concurrent build's are younger). Only files this user's handbook wrote there are
        removed: named as entries are, regular files of this user, carrying this key's tag
        for their name (a file the user put there, or a stranger's, stays)."""
        folder = self._kind(kind) if self.enabled else None
        if folder is None:
            return
        now = time.time()
        entries, stale = [], []
        try:
            with os.scandir(folder) as found:
                for item in found:
                    entry, temporary = _ENTRY.match(item.name), _TEMPORARY.match(item.name)
                    if not (entry or temporary):
                        continue
                    info = item.stat(follow_symlinks=False)
                    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                        continue
                    if entry:
                        entries.append((info.st_mtime_ns, item.name, item.name))
                    elif now - info.st_mtime > STALE_TEMPORARY:
                        stale.append((info.st_mtime_ns, item.name, temporary["name"]))  # type: ignore[index]
        except OSError:
            return
        for _, name, as_entry in sorted(entries, reverse=True)[keep:] + stale:
            self._remove_own(folder, kind, name, as_entry)

    def _remove_own(self, folder: int, kind: str, name: str, as_entry: str) -> None:
        if self._written_here(folder, kind, name, as_entry):
            try:
                os.unlink(name, dir_fd=folder)
            except OSError:
                pass

    def _written_here(self, folder: int, kind: str, name: str, as_entry: str) -> bool:
        """Whether the file `name` in `folder` is an entry (or its temporary file: `as_entry` is
        the entry's name) this user's handbook wrote: a regular file of this user, carrying
        this key's tag for the name, or too short to hold one (a write cut short before it
        wrote the tag: nobody's entry)."""
        try:
            handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
        except OSError:
            return False
        try:
            if _owned(handle, directory=False) is not None:
                return False
            head = os.read(handle, len(MAGIC) + _HEADER.size)
            unwritten = len(head) < len(MAGIC) + _HEADER.size
            return unwritten or written_here(head, self._secret, kind, as_entry)
        except OSError:
            return False
        finally:
            os.close(handle)

    def report(self, diagnostics) -> None:
        """Say, as warnings, what of the cache was not used and why."""
        for path, why in self.problems:
            diagnostics.warning(path, None, why, code="cache-untrusted")
        if self.refused:
            diagnostics.warning(
                self.first_refused,
                None,
                f"{self.refused} build cache entr{'y' if self.refused == 1 else 'ies'} could not be "
                "authenticated (not written by this user's handbook, or changed since) and "
                f"{'was' if self.refused == 1 else 'were'} ignored",
                code="cache-untrusted",
            )
        self.problems, self.refused, self.first_refused = [], 0, None


def read_entry(path: Path, root: Path | None = None):
    """The value of the entry file `path` (kind: its folder's name), read with the user's key;
    for tests and tools. EntryRefused or ValueError as `decode`."""
    cache = BuildCache(Path(path).parent.parent, root=root)
    if not cache._open():
        raise EntryRefused(str(cache.problems))
    try:
        return decode(Path(path).read_bytes(), cache._secret, Path(path).parent.name, Path(path).name)
    finally:
        cache.close()


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
        since), its path as given, and everything else in the folder it may read (book.yaml,
        the names and sizes of the other files; the images it names are checked on reuse)."""
        return digest(self.code, self.around_chapters, str(path), text.encode("utf-8", "surrogatepass"))

    def book(self, theme, options, answers: str) -> str:
        if self.everything is None:
            raise ValueError("a preview's keys name no book")
        return digest(self.code, self.everything, self.named_files(), repr(theme), repr(options), answers)
