"""Every kind of build-cache entry, in one place: what writes it, what its key names, what is
checked again before it is reused, and the test that shows a rebuild from it is a cold build.

The store (incremental/store.py) opens no folder for a kind that is not listed here, and
docs/architecture.md's table is checked against this list (tests/test_architecture_doc.py):
a new kind of entry is written down here first, or it cannot be stored.

"The code" is `keys.code_fingerprint()`: the version, every file of the installed package and
the versions of every installed distribution. "Around the chapters" is
`SourceKeys.around_chapters`: the bytes of every file read as text or fonts but the chapters,
and the name and size of every other file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # the entries' folder in the store
    written_by: str  # the module (relative to src/handbook) that makes its keys and entries
    depends_on: str  # what its key names
    checked_on_reuse: str  # what is read again and compared before an entry is used ("" none)
    proven_by: str  # the test file that edits what it depends on and compares with a cold build


_LISTED = (
    Kind(
        "chapter",
        "incremental/chapters.py",
        "the code, around the chapters, the chapter file's real path (the folder's real path and its name in it) and text",
        "the images it names (their digests, incremental/reads.py)",
        "tests/test_cache.py",
    ),
    Kind(
        "bundle",
        "incremental/chapters.py",
        "the code, around the chapters (each chapter in it found by its `chapter` key)",
        "as `chapter`",
        "tests/test_cache.py",
    ),
    Kind(
        "scan",
        "incremental/chapters.py",
        "the chapter as the enrichment steps before the acronym step left it (a digest of its "
        "whole model: whatever those steps read of other chapters, wiki-link targets and "
        "numbers among them, is in it), the acronym step's state when it reaches the chapter "
        "(what every chapter before it did), the code, around the chapters, theme, options, "
        "answers, book.yaml",
        "",
        "tests/test_tracked_inputs.py",
    ),
    Kind(
        "acronyms",
        "incremental/chapters.py",
        "the code, around the chapters, theme, options, answers",
        "the chain of chapter keys before the previewed chapter",
        "tests/test_cache.py",
    ),
    Kind(
        "glyphs",
        "incremental/chapters.py",
        "the code, the merged theme, the enriched chapter (`identity()`)",
        "",
        "tests/test_cache.py",
    ),
    Kind(
        "text",
        "incremental/recordings.py",
        "the enriched chapter's `made_from`",
        "",
        "tests/test_replay.py",
    ),
    Kind(
        "layout",
        "incremental/recordings.py",
        "the code, around the chapters, the images named, theme, options, answers, book.yaml, "
        "the glossary, the chapter's text and the font codes of its characters "
        "(`fontseed.codes_used`); a drawn recording also the page numbers it printed",
        "what it read of other chapters and of the book's unkeyed fields, and those characters' "
        "codes (incremental/tracked.py)",
        "tests/test_tracked_inputs.py",
    ),
    Kind(
        "book",
        "incremental/recordings.py",
        "the code, every file read as text or fonts, the names and sizes of the others, the "
        "images named, theme, options, answers",
        "",
        "tests/test_cache.py",
    ),
    Kind(
        "folios",
        "incremental/recordings.py",
        "the source's real path, options, answers, theme (a hint for previews and the layout "
        "passes' guesses: never printed unchecked)",
        "",
        "tests/test_cache.py",
    ),
    Kind(
        "face",
        "incremental/faces.py",
        "the code (reportlab's version among it), the font file's bytes (a digest), its name "
        "and the reportlab settings its parse reads (layout/rlcompat.py `_face_identity`)",
        "",
        "tests/test_face_memory.py",
    ),
    Kind(
        "theme",
        "incremental/themes.py",
        "the code (the theme schema among it), the book's severities, and a built-in theme's "
        "name, or a theme file's path with where it was looked for and the working folder",
        "the text of every theme file it was read from, read again through the same gate",
        "tests/test_theme_memory.py",
    ),
)
KINDS: dict[str, Kind] = {kind.name: kind for kind in _LISTED}
