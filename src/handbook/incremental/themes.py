"""The `theme` kind of entry: a theme as loaded (its `extends:` chain read, merged, checked and
converted), with the text of every file it was read from and the warnings loading it gave,
remembered across processes. Loading the built-in theme is some 20 ms of pure Python, a
tenth of a preview; read back it is a millisecond. theme/load.py decides what is kept (themes
whose fonts all come from installed packages) and checks each file again before one is used;
this module keys the entries and stores them, only for a build that has a cache."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from handbook.incremental.memory import Memory, remembered_in
from handbook.incremental.store import BuildCache

KEEP_THEMES = 16  # a book's theme and its editions' and tests', for a few versions of the code


class ThemeMemory(Memory):
    """A build cache's `theme` entries, as theme/load.py asks for them by its loading key (the
    theme's name, or its path and where it was looked for; the book's severities)."""

    kind = "theme"


@contextmanager
def themes_remembered(cache: BuildCache) -> Iterator[None]:
    """The themes loaded inside the `with` are remembered in `cache` (off when it is disabled)."""
    from handbook.theme.load import remembering_themes

    with remembered_in(cache, ThemeMemory, remembering_themes, KEEP_THEMES):
        yield
