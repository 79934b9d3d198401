"""The one gate for every path a source folder names.

A source folder (and any theme inside it) is someone else's data: chapters listed in book.yaml,
images, themes named by `style:`, `extends:`, font files. Each such name goes through
`confined()`, which follows every symbolic link (realpath) and refuses anything that does not
end inside the folder it must stay in. Nothing else in handbook turns a name from a source
into a path it opens; tests/test_confinement.py walks the code to keep it that way.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class PathRefused(ValueError):
    """A source names a path that may not be used; the message says why (for the user)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def confined(name: str | os.PathLike, base: Path, root: Path) -> Path:
    """The real path of `name`, taken relative to the folder `base`, when it lies inside the
    folder `root` with every link followed; else raise PathRefused.

    Absolute names, `..` steps out, links out and names the system cannot look up (a NUL
    byte, too long) are all refused. The file need not exist: callers say "not found".
    """
    text = os.fspath(name)
    if "\0" in text:
        raise PathRefused("is not a usable file name (it holds a NUL character)", "path-unusable")
    if os.path.isabs(text):
        raise PathRefused(
            "is outside the source folder (an absolute path); name a file inside "
            "the folder, relative to the file that names it",
            "path-outside",
        )
    try:
        real = Path(os.path.realpath(os.path.join(base, text)))
        real_root = Path(os.path.realpath(root))
        real.is_file()  # a name too long raises here rather than later
    except (OSError, ValueError) as exc:
        raise PathRefused(
            f"is not a usable file name ({getattr(exc, 'strerror', None) or exc})", "path-unusable"
        ) from exc
    if not real.is_relative_to(real_root):
        raise PathRefused(
            "is outside the source folder (directly or through a link); copy "
            "the file into the folder instead",
            "path-outside",
        )
    return real


def is_inside(path: Path, root: Path) -> bool:
    """Whether the file `path` (found by listing the folder, not named by a source), with
    every link followed, lies within the folder `root`. (Only a check of what a listing
    found: every file is opened through open_confined, which checks again what it opened.)"""
    text = os.fspath(path)
    try:
        if os.path.dirname(text) == os.fspath(root) and not stat.S_ISLNK(os.lstat(text).st_mode):
            return True  # a file right in the folder, not a link: below its real path too
    except (OSError, ValueError):
        pass  # (gone since it was listed, say: as before, by its real path)
    try:
        return Path(os.path.realpath(text)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


# --- opening: the checks made on the file that was opened, not on its name ----------------------

MAX_FILE_BYTES = 200_000_000  # the largest file a book may read (an image); callers ask for less


def read_confined(path: str | os.PathLike, root: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the file `path`, which must be a regular file inside the folder `root`
    and hold at most `limit` bytes; else raise PathRefused saying why.

    The checks are made on the file that is open, so a file swapped for a link (or a folder on
    its way swapped for a link) between a check and this read cannot lead out: the real path is
    opened with O_NOFOLLOW (the last step may not be a link) and O_NONBLOCK (a named pipe does
    not wait for a writer); then what was opened is asked where it is (/proc/self/fd on Linux)
    and what it is (fstat: a regular file, its size). Reading stops at `limit` + 1 bytes, so a
    file that grows meanwhile is refused too."""
    descriptor = open_confined(path, root)
    try:
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise PathRefused(_too_large(size, limit), "file-too-large")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise PathRefused(_too_large(total, limit), "file-too-large")
        return b"".join(chunks)
    except OSError as exc:
        raise PathRefused(f"cannot be read: {exc.strerror or exc}", "file-unreadable") from exc
    finally:
        os.close(descriptor)


def open_confined(path: str | os.PathLike, root: Path) -> int:
    """A read-only descriptor for the regular file `path` inside `root` (see read_confined);
    the caller closes it."""
    text = os.fspath(path)
    if "\0" in text:
        raise PathRefused("is not a usable file name (it holds a NUL character)", "path-unusable")
    try:
        real = os.path.realpath(text)
        real_root = os.path.realpath(root)
    except (OSError, ValueError) as exc:
        raise PathRefused(f"is not a usable file name ({exc})", "path-unusable") from exc
    if not _within(real, real_root):
        raise PathRefused(
            "is outside the source folder (directly or through a link); copy the file into the folder instead",
            "path-outside",
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(real, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the file became a link after realpath looked
            raise PathRefused("changed into a link while it was being read", "path-outside") from exc
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise PathRefused("not found", "file-missing") from exc
        raise PathRefused(f"cannot be read: {exc.strerror or exc}", "file-unreadable") from exc
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PathRefused(
                "is not a regular file (a folder, device, named pipe or socket): nothing reads it",
                "file-not-regular",
            )
        opened = _opened_path(descriptor)
        if opened is not None and not _within(opened, real_root):
            raise PathRefused(
                "changed into a link out of the source folder while it was being read", "path-outside"
            )
        if opened is None and not os.path.samestat(status, os.stat(os.path.realpath(text))):
            raise PathRefused("changed while it was being read", "path-outside")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _opened_path(descriptor: int) -> str | None:
    """Where the open file is (Linux names it in /proc/self/fd), or None where the system
    cannot say."""
    try:
        return os.readlink(f"/proc/self/fd/{descriptor}")
    except OSError:
        return None


def _within(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _too_large(size: int, limit: int) -> str:
    if limit >= 1_000_000:
        return (
            f"is {size / 1_000_000:,.0f} MB, more than {limit // 1_000_000:,} MB: nothing that large is read"
        )
    return f"is {size:,} bytes, more than {limit:,}: nothing that large is read"


def open_confined_folder(path: str | os.PathLike, root: Path) -> int:
    """A descriptor for the folder `path`, a real folder (not a link) inside `root`, for
    making files in it by name (dir_fd) whatever happens to its name later."""
    real_root = os.path.realpath(root)
    flags = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(os.fspath(path), flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise PathRefused("is not a real folder (a link or a file)", "path-outside") from exc
        raise PathRefused(f"cannot be opened: {exc.strerror or exc}", "file-unreadable") from exc
    opened = _opened_path(descriptor)
    if opened is None:
        opened = os.path.realpath(path)
    if not _within(opened, real_root) or opened == real_root:
        os.close(descriptor)
        raise PathRefused("is outside the source folder (directly or through a link)", "path-outside")
    return descriptor
