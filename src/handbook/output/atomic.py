"""Replace a file only once its new content is complete: a failed or interrupted build
leaves the previous file as it was, and no temporary file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        # mkstemp makes the file private (0600); give it the permissions a plain write would.
        os.chmod(temp_name, _mode_for(path))
        os.replace(temp_name, path)
    except BaseException:  # also Ctrl-C: never leave a half-written temp file
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or for a new file 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
