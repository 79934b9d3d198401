"""Obsidian's ways of finding things:

- a link or image names a file anywhere in the vault (the source folder): the one in the note's
  own folder, else the one with the shortest path (Obsidian's "shortest path" rule); never
  outside the folder (sources.confine);
- `![[note]]`, `![[note#Heading]]` and `![[note#^block]]` put that note's text (the whole note,
  the heading's section, the block) in place, up to MAX_DEPTH embeds deep; an embed that leads
  back to a note already being embedded is an error naming the chain;
- `![[picture.png]]` and `![[picture.png|300]]` are images.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from handbook.model import Heading, Text, WikiLink, plain_text

MAX_DEPTH = 4  # embeds inside embeds: deeper is almost certainly a mistake
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".bmp"}
SKIPPED_DIRS = {".obsidian", ".git", ".trash", "node_modules", ".cache", "build"}
MAX_FILES = 50_000  # a vault is notes and pictures; past this it is not a vault


@dataclass
class Embed(Text):
    """`![[target#heading]]` in a paragraph, replaced by parse.markdown with what it names."""

    target: str = ""
    heading: str = ""


class Vault:
    """The files of the source folder by name (lower case), listed once per chapter that asks."""

    def __init__(self, root: Path):
        self.root = root
        self.by_name: dict[str, list[Path]] | None = None

    def _index(self) -> dict[str, list[Path]]:
        if self.by_name is None:
            self.by_name = {}
            count = 0
            for folder, dirs, files in os.walk(self.root):
                dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
                for name in files:
                    count += 1
                    if count > MAX_FILES:
                        return self.by_name
                    self.by_name.setdefault(name.lower(), []).append(Path(folder) / name)
        return self.by_name

    def find(self, name: str, near: Path) -> str | None:
        """`name` as Obsidian finds it, as a path relative to the folder `near` (for the usual
        confinement check), or None."""
        name = name.strip().replace("\\", "/")
        if not name:
            return None
        wanted = name.rsplit("/", 1)[-1].lower()
        candidates = self._index().get(wanted, [])
        if "/" in name:  # a path: from the vault's root, or its tail
            tail = name.lower().lstrip("./")
            candidates = [c for c in candidates if c.relative_to(self.root).as_posix().lower().endswith(tail)]
        if not candidates:
            return None
        best = min(candidates, key=lambda c: (c.parent != near, len(c.relative_to(self.root).parts), str(c)))
        return os.path.relpath(best, near)


def vault_of(ctx) -> Vault:
    if getattr(ctx, "vault", None) is None:
        ctx.vault = Vault(ctx.root)
    return ctx.vault


def image_path(src: str, ctx) -> str:
    """`src` as written when it names a file from the note's folder, else the vault's file of
    that name (shortest path), relative to the note's folder; confinement is checked after."""
    from urllib.parse import unquote

    written = unquote(src)
    if not written or written.startswith("/") or (ctx.source.path.parent / written).is_file():
        return src
    found = vault_of(ctx).find(written, ctx.source.path.parent)
    return found if found is not None else src


def embed_node(target: str, heading: str, label: str, ctx, line=None):
    """The inline node for `![[target#heading|label]]`: an image, or an Embed marker."""
    from handbook.parse.markdown import _image_from

    suffix = Path(target).suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        # `|300` or `|300x200` is a width, not words: Obsidian prints no caption then.
        alt = label if label and not re.fullmatch(r"\s*\d+(x\d+)?\s*", label) else ""
        made = _image_from(target, alt, line, ctx)
        return made if made is not None else Text(alt or Path(target).stem)
    if suffix and suffix != ".md":  # a PDF, a sound: nothing to show on paper but its name
        return WikiLink(target, heading, [Text(label or target)])
    return Embed(label or target, target=target, heading=heading)


def transclude(embed: Embed, ctx, loc) -> list:
    """The blocks `![[target#heading]]` names, or a link to it (with a warning) when it cannot."""
    from handbook.parse.markdown import transcluded_blocks

    chain = getattr(ctx, "embed_chain", ())
    name = embed.target if embed.target.lower().endswith(".md") else embed.target + ".md"
    relative = vault_of(ctx).find(name, ctx.source.path.parent) if embed.target else None
    if relative is None and not embed.target:
        return []  # ![[#Heading]] in the same note: the text is there already
    if relative is None:
        message = f"embedded note '{embed.target}' is not in the source folder: its name is printed"
        ctx.diagnostics.warning(ctx.source.path, loc.line, message, code="embed-missing")
        return [_as_link(embed, loc)]
    path = Path(os.path.realpath(ctx.source.path.parent / relative))
    if path in chain or path == Path(os.path.realpath(ctx.source.path)):
        names = " -> ".join(p.name for p in (*chain, Path(ctx.source.path), path))
        ctx.diagnostics.error(
            ctx.source.path,
            loc.line,
            f"embeds go round in a loop: {names}; remove one of them",
            code="embed-loop",
        )
        return []
    if len(chain) >= MAX_DEPTH:
        message = f"embeds nested more than {MAX_DEPTH} deep: '{embed.target}' is printed as its name"
        ctx.diagnostics.warning(ctx.source.path, loc.line, message, code="embed-too-deep")
        return [_as_link(embed, loc)]
    blocks = transcluded_blocks(path, ctx, relative)
    if blocks is None:
        return [_as_link(embed, loc)]
    ctx.embedded.append(path)
    return _part(blocks, embed, ctx, loc, path)


def _as_link(embed: Embed, loc):
    from handbook.model import Paragraph

    return Paragraph([WikiLink(embed.target, embed.heading, [Text(embed.text)])], loc)


def _part(blocks: list, embed: Embed, ctx, loc, path: Path) -> list:
    heading = embed.heading.strip()
    if not heading:
        return blocks
    if heading.startswith("^"):
        return _block_with_id(blocks, heading[1:], path, ctx, loc, embed)
    wanted = heading.split("#")[-1].strip().casefold()
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and plain_text(block.children).strip().casefold() == wanted:
            end = next(
                (
                    i
                    for i in range(index + 1, len(blocks))
                    if isinstance(blocks[i], Heading) and blocks[i].level <= block.level
                ),
                len(blocks),
            )
            return blocks[index:end]
    ctx.diagnostics.warning(
        ctx.source.path,
        loc.line,
        f"'{embed.target}' has no heading '{heading}': the whole note is embedded",
        code="embed-part-missing",
    )
    return blocks


def _block_with_id(blocks: list, ident: str, path: Path, ctx, loc, embed) -> list:
    """The block whose line ends with `^ident` (the ids were dropped from the text)."""
    from handbook.sources.files import read_text

    text = read_text(path, ctx.diagnostics) or ""
    lines = text.split("\n")
    marked = next((n + 1 for n, line in enumerate(lines) if line.rstrip().endswith("^" + ident)), None)
    if marked is not None:
        chosen = None
        for block in blocks:
            if block.loc is not None and block.loc.line is not None and block.loc.line <= marked:
                chosen = block
        if chosen is not None:
            return [chosen]
    ctx.diagnostics.warning(
        ctx.source.path,
        loc.line,
        f"'{embed.target}' has no block '^{ident}': its name is printed",
        code="embed-part-missing",
    )
    return [_as_link(embed, loc)]
