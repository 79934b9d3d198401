"""The one gate for every path a source folder names.

A source folder (and any theme inside it) is someone else's data: chapters listed in book.yaml,
images, themes named by `style:`, `extends:`, font files. Each such name goes through
`confined()`, which follows every symbolic link (realpath) and refuses anything that does not
end inside the folder it must stay in. Nothing else in handbook turns a name from a source
into a path it opens; tests/test_confinement.py walks the code to keep it that way.
"""

from __future__ import annotations

import os
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
    every link followed, lies within the folder `root`."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False
