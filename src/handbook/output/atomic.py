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
        os.replace(temp_name, path)
    except BaseException:  # also Ctrl-C: never leave a half-written temp file
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
