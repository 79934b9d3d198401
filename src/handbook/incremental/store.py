"""The build cache's store: entries of a few kinds (incremental/kinds.py), each a value under a
key (incremental/keys.py), authenticated, read back safely, written atomically and pruned.

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
Entries are written to a unique temporary name and renamed into place, so two builds at once
each see either a whole entry or none.
"""

from __future__ import annotations

import errno
import hmac
import io
import os
import pickle
import re
import secrets
import stat
import struct
import time
from functools import lru_cache
from pathlib import Path

from handbook.gc_settings import no_collections
from handbook.incremental.keys import digest
from handbook.incremental.kinds import KINDS

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
# name. Besides these, every class defined in a module of handbook.model or in the theme's
# schema (handbook.theme.schema: frozen dataclasses of plain values), `_allowed_names`.
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
    ("handbook.errors", "Diagnostic"),  # a remembered theme's warnings
    ("builtins", "set"),
    ("builtins", "frozenset"),
}


def is_entry_of(entry, *types: type) -> bool:
    """Whether an entry read back is a tuple of values of exactly these types, in order (an
    entry of an older shape, or another kind's, is a miss)."""
    return (
        isinstance(entry, tuple)
        and len(entry) == len(types)
        and all(isinstance(value, kind) for value, kind in zip(entry, types))
    )


class EntryRefused(ValueError):
    """An entry that does not authenticate: written by another key, cut short or changed."""


@lru_cache(maxsize=1)
def _allowed_names() -> frozenset:
    import importlib
    import pkgutil

    import handbook.model as model

    names = set(_ALLOWED)
    modules = [f"{model.__name__}.{info.name}" for info in pkgutil.iter_modules(model.__path__)]
    for module in map(importlib.import_module, modules + ["handbook.theme.schema"]):
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


@lru_cache(maxsize=1)
def _compact_reductions() -> dict:
    """How to pickle each allowed dataclass whose fields are all positional arguments of its
    constructor: as a call with its fields' values, not an empty object and a dict of them. The
    pickle is a seventh smaller and reads back faster (a preview unpickles every chapter of the
    book: its model is some 400 objects a chapter, most of them `Text` and `Location`). An
    object with an attribute that is not a field is pickled the usual way."""
    import dataclasses
    import importlib

    reductions = {}
    for module, name in _allowed_names():
        cls = getattr(importlib.import_module(module), name)
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            continue
        fields = dataclasses.fields(cls)
        generated = getattr(vars(cls).get("__init__"), "__code__", None)  # (not one of its own)
        made_by_dataclass = generated is not None and generated.co_filename == "<string>"
        if made_by_dataclass and all(f.init and not f.kw_only for f in fields):
            reductions[cls] = _reduction(cls, tuple(f.name for f in fields))
    return reductions


def _reduction(cls: type, names: tuple[str, ...]):
    def reduce(obj):
        state = obj.__dict__
        if len(state) == len(names):
            try:
                return cls, tuple([state[name] for name in names])
            except KeyError:
                pass
        return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)

    return reduce


def encode(value, secret: bytes, kind: str, name: str) -> bytes:
    """An entry's bytes: MAGIC, a tag of (kind, name), an HMAC of tag and payload, the payload's
    length, the payload (a pickle)."""
    # The payload is pickled after room for the header, which is written in place once the
    # payload is known: a book's entry (some megabytes) is in memory twice, not three times.
    start = len(MAGIC) + _HEADER.size
    buffer = io.BytesIO()
    buffer.write(MAGIC + bytes(_HEADER.size))
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _compact_reductions()
    pickler.dump(value)
    with buffer.getbuffer() as entry:
        length = len(entry) - start
        tag = _name_tag(secret, kind, name)
        mac = hmac.new(secret, tag + struct.pack(">Q", length), "sha256")
        mac.update(entry[start:])
        _HEADER.pack_into(entry, len(MAGIC), tag, mac.digest(), length)
    return buffer.getvalue()


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
        if kind not in KINDS:  # (a programming error: every kind is listed, with its inputs)
            raise ValueError(f"no cache kind '{kind}': list it in incremental/kinds.py")
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
