"""Rebuild on save: poll the sources' modification times, rebuild when they change.

Polling instead of OS file events (inotify and friends, through `watchfiles`): a handbook is a
few dozen files, so one `stat` of each twice a second costs nothing measurable, needs no
compiled dependency, and works where file events do not arrive, such as network drives,
synced folders and Windows folders seen from WSL, which is where editors keep their notes.

The loop is split so it can be tested without waiting: `poll_changes` turns a clock and a
file listing into an iterator of changed paths, and `watch_loop` rebuilds once per item of
any iterator.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator


from handbook.errors import Diagnostics
from handbook.sources.confine import confined
from handbook.sources.files import BOOK_FILE, load_mapping
from handbook.theme import BUILTIN_DIR

# What a build reads: chapters, book.yaml, glossary.yaml, local themes, images.
WATCHED_SUFFIXES = {".md", ".yaml", ".yml", ".png", ".jpg", ".jpeg"}

Snapshot = dict[Path, tuple[int, int]]  # path -> (mtime in ns, size)


def watched_files(source: Path, style: str | None = None) -> list[Path]:
    """The files whose change should trigger a rebuild: everything the build may read under
    `source` (hidden files and editors' temporary files excluded), the built-in themes and the
    folder of a theme file named by `style` or book.yaml."""
    source = Path(source)
    files = list(_source_files(source))
    folders = [Path(str(BUILTIN_DIR))]
    theme_file = _theme_file(source, style)
    if theme_file is not None:
        folders.append(theme_file.parent)
    for folder in folders:
        files.extend(p for p in folder.glob("*.y*ml") if p.is_file())
    return sorted(set(files))


def _source_files(source: Path):
    # os.walk, pruned: `handbook watch .` in a project must not stat all of .git or .venv.
    for folder, subfolders, names in os.walk(source):
        subfolders[:] = [name for name in subfolders if not _skipped(name)]
        for name in names:
            if not _skipped(name) and Path(name).suffix.lower() in WATCHED_SUFFIXES:
                yield Path(folder) / name


def _skipped(name: str) -> bool:
    """Hidden files and folders, and editors' backup and lock files (`x~`, `#x#`)."""
    return name.startswith((".", "#")) or name.endswith("~") or name in ("__pycache__", "node_modules")


def _theme_file(source: Path, style: str | None) -> Path | None:
    """The theme file `style` (or book.yaml's `style:`) names, when it names a file."""
    try:  # whatever a half-saved book.yaml holds, watching goes on; the build reports it
        if style is None:
            settings = load_mapping(source / BOOK_FILE, Diagnostics())  # bounded, safe YAML
            style = settings.get("style") if isinstance(settings, dict) else None
            if not isinstance(style, str) or not style.endswith((".yaml", ".yml")):
                return None
            path = confined(style, source, source)  # a source's theme: only inside the folder
            return path if path.is_file() else None
        if not style.endswith((".yaml", ".yml")):
            return None
        for candidate in (Path(style), source / style):  # --style: the user's own choice
            if candidate.is_file():
                return candidate
    except (Exception, RecursionError):
        return None
    return None


def snapshot(paths: Iterable[Path]) -> Snapshot:
    state: Snapshot = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:  # deleted between listing and stat
            continue
        state[path] = (info.st_mtime_ns, info.st_size)
    return state


def changed_paths(before: Snapshot, after: Snapshot) -> set[Path]:
    """Files added, removed or modified."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def poll_changes(
    list_files: Callable[[], list[Path]],
    interval: float = 0.5,
    settle: float = 0.2,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[set[Path]]:
    """Yield the set of changed files each time the sources change, forever.

    After a change it waits until the files stop changing for `settle` seconds, so an editor
    that saves in several writes triggers one build. The comparison continues from the state
    seen when it last yielded, so a save made during a build is seen after it.
    """
    # Taken now, not at the first next(): a save during the first build must count.
    return _poll(list_files, snapshot(list_files()), interval, settle, sleep)


def _poll(list_files, state: Snapshot, interval, settle, sleep) -> Iterator[set[Path]]:
    while True:
        sleep(interval)
        current = snapshot(list_files())
        if current == state:
            continue
        while True:
            sleep(settle)
            later = snapshot(list_files())
            if later == current:
                break
            current = later
        changed = changed_paths(state, current)
        state = current
        if changed:  # a file saved and then restored to the same state is no change
            yield changed


def watch_loop(rebuild: Callable[[set[Path]], object], changes: Iterable[set[Path]]) -> int:
    """Build once, then once per batch of changes; return the number of builds.

    `rebuild` reports its own problems and must not raise for a failed build: the loop
    goes on, and the last good PDF stays where it is.
    """
    rebuild(set())
    builds = 1
    for changed in changes:
        rebuild(changed)
        builds += 1
    return builds
