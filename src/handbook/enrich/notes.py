"""Callout kinds and wiki links, settled once the theme and every chapter are known."""

from __future__ import annotations

import re
from typing import Any

from handbook.enrich.inline_runs import chapter_runs
from handbook.model import Callout, Heading, WikiLink, plain_text
from handbook.model.walk import inlines_of
from handbook.parse.notes import comparable


def settle_callout_kinds(book, theme, options, diagnostics) -> None:
    """Each box's kind becomes one the theme defines: aliases are followed, and an unknown
    kind is drawn as `note`, with a warning naming the known kinds."""
    callouts = theme.callouts
    for chapter in book.chapters:
        if chapter.number < book.preview_of:
            continue  # not printed in this preview
        unknown: dict[str, list] = {}  # kind -> lines: one warning per chapter (notes hold hundreds)
        first = None
        for box in _callouts(chapter.blocks + [b for note in chapter.footnotes for b in note.blocks]):
            kind = callouts.aliases.get(box.kind, box.kind)
            if kind not in callouts.kinds:
                unknown.setdefault(box.kind, []).append(box.loc.line)
                first = first or box.loc
                kind = "note"
            box.kind = kind
        if unknown and first is not None:
            named = "; ".join(
                f"'{kind}' (line{'s' if len(lines) > 1 else ''} {', '.join(str(n) for n in lines[:8])}"
                f"{', ...' if len(lines) > 8 else ''})"
                for kind, lines in unknown.items()
            )
            diagnostics.warning(
                first.path,
                first.line,
                f"unknown box kind{'s' if len(unknown) > 1 else ''} {named} drawn as 'note' "
                f"(titled with the kind where no title is written); kinds: {', '.join(callouts.kinds)}",
                code="callout-kind-unknown",
            )


def _callouts(blocks):
    for block in blocks:
        if isinstance(block, Callout):
            yield block
        for name in ("blocks", "items"):
            inner = getattr(block, name, None)
            if isinstance(inner, list):
                yield from _callouts(inner)


def resolve_wiki_links(book, theme, options, diagnostics) -> None:
    """`[[Target#Heading|text]]` -> the chapter whose file name or title is Target (and its
    heading); a target the book does not hold prints as its text, with a warning."""
    found = [
        (
            chapter,
            [(run, link) for run in chapter_runs(chapter) for link in inlines_of(WikiLink, run.inlines)],
        )
        for chapter in book.chapters
        # (a preview prints only its own chapter's links; a text without '[[' holds none)
        if chapter.number >= book.preview_of and chapter.wiki_linked
    ]
    if not any(links for _, links in found):
        return  # no index of every title and heading to build
    chapters: dict[str, Any] = {}
    headings: dict[str, str] = {}
    for chapter in book.chapters:
        for block in chapter.blocks:  # gardens merge notes: [[Article 356]] may be a heading
            if isinstance(block, Heading) and block.anchor:
                headings.setdefault(_key(plain_text(block.children)), block.anchor)
        chapters.setdefault(_key(chapter.path.stem), chapter)
        chapters.setdefault(_key(re.sub(r"^[\d\s._-]+", "", chapter.path.stem)), chapter)
        chapters.setdefault(_key(chapter.meta.title), chapter)
    for chapter, links in found:
        unresolved: dict[str, int | None] = {}
        for run, link in links:
            name = _key(_page_name(link.target))
            target = chapters.get(name) if link.target else chapter
            if target is not None:
                link.anchor = _heading_anchor(target, link.heading) or target.anchor
            elif name in headings:
                link.anchor = headings[name]
            else:
                unresolved.setdefault(link.target, run.loc.line if run.loc else None)
        if unresolved:  # one warning per chapter: gardens link to many notes not in the book
            names = ", ".join(f"[[{name}]]" for name in list(unresolved)[:10])
            more = f" and {len(unresolved) - 10} more" if len(unresolved) > 10 else ""
            diagnostics.warning(
                chapter.path,
                next(iter(unresolved.values())),
                f"wiki links that name no chapter or heading of this book are printed as text: {names}{more}",
                code="wiki-link-unresolved",
            )


def _page_name(target: str) -> str:
    """'Notes/Polity/Preamble.md' -> 'Preamble': Obsidian links may carry the note's path."""
    name = target.replace("\\", "/").rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


def _key(name: str) -> str:
    return comparable(name.replace("-", " ").replace("_", " "))


def _heading_anchor(chapter, heading: str) -> str:
    if not heading:
        return ""
    wanted = _key(heading)
    for block in chapter.blocks:
        if isinstance(block, Heading) and _key(plain_text(block.children)) == wanted:
            return block.anchor
    return ""
