"""Replace a file only once its new content is complete: a failed or interrupted build
leaves the previous file as it was, and no temporary file behind.

Several files (a handbook and its products) are written as one: every temporary file first,
then the renames, so a failure while writing leaves every previous output as it was.
Temporary files are named `.NAME.PID.XXXX.tmp`; one left by a killed build (its process is
gone) is removed by the next build that writes NAME.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

STALE_AFTER = 3600  # seconds; a temporary file of unknown origin this old is a leftover


def write_atomically(path: Path, data: bytes) -> None:
    write_all_atomically({Path(path): data})


def write_all_atomically(files: dict[Path, bytes]) -> None:
    """Write each file of `files`; either all are replaced or (on an error) none is.
    An OSError names the file (`filename`) that could not be written, not a temporary one."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            try:
                if path.is_dir():  # found now, before any file is replaced
                    raise IsADirectoryError(21, "a folder is in the way", str(path))
                path.parent.mkdir(parents=True, exist_ok=True)
                remove_stale_temporaries(path)
                staged.append((_stage(path, data), path))
            except OSError as exc:
                if exc.filename != str(path):
                    raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
                raise
        for temp_name, path in list(staged):
            try:
                os.replace(temp_name, path)
            except OSError as exc:  # name the file, not the temporary one
                raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
            staged.remove((temp_name, path))
    except BaseException:  # also Ctrl-C: never leave a half-written temp file
        for temp_name, _ in staged:
            try:
                os.unlink(temp_name)
            except FileNotFoundError:
                pass
        raise


def _stage(path: Path, data: bytes) -> str:
    """A complete temporary copy of `data` beside `path`; its name."""
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        # mkstemp makes the file private (0600); give it the permissions a plain write would.
        os.chmod(temp_name, _mode_for(path))
    except BaseException:
        os.unlink(temp_name)
        raise
    return temp_name


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files of `path` that a killed build left (its process is gone,
    or, for a name without a process id, older than an hour). Returns those removed."""
    removed = []
    for temp in Path(path).parent.glob(f".{_glob_escape(Path(path).name)}.*.tmp"):
        middle = temp.name[len(Path(path).name) + 2 : -len(".tmp")]
        pid_text = middle.split(".", 1)[0]
        try:
            if pid_text.isdigit() and "." in middle:
                stale = not _process_alive(int(pid_text))
            else:
                stale = time.time() - temp.lstat().st_mtime > STALE_AFTER
            if stale and temp.is_file() and not temp.is_symlink():
                temp.unlink()
                removed.append(temp)
        except OSError:
            continue  # another build removed it, or it is not ours to remove
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid < 2**31  # someone else's process: assume alive
    return True


def _glob_escape(name: str) -> str:
    return "".join(f"[{ch}]" if ch in "*?[]" else ch for ch in name)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or for a new file 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
