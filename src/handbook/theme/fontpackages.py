"""Which installed packages a theme may take fonts from: an allow-list of distributions.

A theme's `package:` names a font package's folder (`rendercv_fonts`). It is looked up in
the metadata of the distributions listed here, never imported: importing a name from a theme
would run code chosen by whoever wrote the theme. To allow another font package, add its
distribution name (as in pyproject.toml) to FONT_DISTRIBUTIONS and declare the dependency.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

# Distribution names (PyPI spelling) whose files may be embedded as fonts.
FONT_DISTRIBUTIONS: frozenset[str] = frozenset(
    {
        "rendercv-fonts",
        "fontpkg-ibm-plex-mono",
        "manimgx-fonts",  # Noto Emoji and the Noto Indic scripts: fallback fonts (issue 16)
    }
)

PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}\Z")


@lru_cache(maxsize=None)
def font_packages() -> dict[str, Path]:
    """{top-level folder name: its installed folder} of every allowed distribution installed."""
    folders: dict[str, Path] = {}
    for distribution in sorted(FONT_DISTRIBUTIONS):
        try:
            dist = metadata.distribution(distribution)
        except metadata.PackageNotFoundError:
            continue
        for parts in _file_parts(dist):
            if (
                len(parts) > 1
                and not parts[0].endswith((".dist-info", ".data", ".egg-info"))
                and parts[0] != "__pycache__"
                and PACKAGE_NAME.match(parts[0])
            ):
                folders.setdefault(parts[0], Path(str(dist.locate_file(parts[0]))))
    return folders


def package_folder(package: str) -> Path | None:
    """The folder of the allowed font package `package`, or None if it is not one."""
    if not isinstance(package, str) or not PACKAGE_NAME.match(package):
        return None
    return font_packages().get(package)


def _file_parts(dist) -> list[tuple[str, ...]]:
    """The parts of the path of every file a distribution installed. Read from its RECORD as
    text where it has one (the wheel format's list): `dist.files` makes a path object of each
    of the font packages' files, a sixtieth of a preview."""
    record = dist.read_text("RECORD")
    if record is None:  # (another kind of install: its own list, however it keeps one)
        return [file.parts for file in dist.files or ()]
    return [
        tuple(part for part in row[0].split("/") if part not in ("", "."))
        for row in csv.reader(io.StringIO(record))
        if row
    ]
