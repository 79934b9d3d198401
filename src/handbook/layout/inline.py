"""Inline model nodes -> reportlab paragraph markup.

Every piece of chapter text is escaped here, and only here: what an author
typed (`<b>`, `&amp;`, `<img src=...>`) is printed as typed, never read as markup.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from handbook.layout.context import LayoutContext
from handbook.layout.math import inline_markup
from handbook.model import (
    AcronymUse,
    CodeSpan,
    Emphasis,
    FootnoteRef,
    LineBreak,
    Link,
    Math,
    Strikethrough,
    Strong,
    Styled,
    Text,
    WikiLink,
)

EXTERNAL_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
ACRONYM_CALLBACK = "acronym_use"  # a canvas callback records the page of each use
# The acronym each glossary link made in this process leads to ("#acr-QUAD" -> "QUAD"): the
# link's own drawing records the page of the use (layout/paragraph.py), no marker before it.
ACRONYM_OF_LINK: dict[str, str] = {}


def text(value: str) -> str:
    """Escape plain text for paragraph markup."""
    return escape(value)


def markup(inlines: list, ctx: LayoutContext, links: bool = True) -> str:
    """Markup for a run of inline nodes. `links=False` for places that must not link (outline, TOC)."""
    return "".join(_RULES[type(node)](node, ctx, links) for node in inlines)


def _text(node: Text, ctx, links) -> str:
    return escape(node.text)


def _code(node: CodeSpan, ctx, links) -> str:
    # Keep runs of spaces, which the paragraph would otherwise fold.
    body = escape(node.text).replace("  ", " \u00a0")
    # The family name is checked against a strict pattern when the theme loads; quoted anyway.
    return f"<font face={quoteattr(ctx.theme.text.code.font)}>{body}</font>"


def _wrap(tag):
    def rule(node, ctx, links):
        return f"<{tag}>{markup(node.children, ctx, links)}</{tag}>"

    return rule


def _link(node: Link, ctx, links) -> str:
    inner = markup(node.children, ctx, links=False)
    if links and node.href.startswith(EXTERNAL_SCHEMES):
        if ctx.theme.underline_links:  # in black and white, colour alone would not show the link
            inner = f"<u>{inner}</u>"
        return f'<a href={quoteattr(node.href)} color="{ctx.theme.colors.link}">{inner}</a>'
    return inner


def _break(node, ctx, links) -> str:
    return "<br/>"


def _footnote_ref(node: FootnoteRef, ctx, links) -> str:
    anchor = f"{ctx.chapter.anchor}-{node.anchor}" if ctx.chapter else node.anchor
    label = str(node.number)
    if links:
        label = f'<a href="#{anchor}" color="{ctx.theme.colors.link}">{label}</a>'
    return f"<super>{label}</super>"


def _acronym(node: AcronymUse, ctx, links) -> str:
    written = escape(node.written)
    shown = f"{escape(node.expansion)} ({written})" if node.expansion else written
    if not links:
        return shown
    href = "#" + acronym_anchor(node.acronym)
    ACRONYM_OF_LINK[href] = node.acronym  # its page is recorded when the link is drawn
    record = ""
    if node.meaning is not None:  # the page is listed under this meaning (or -1: none chosen) too
        record = f"<onDraw name={quoteattr(ACRONYM_CALLBACK)} label={quoteattr(meaning_label(node.acronym, node.meaning))}/>"
    return f'{record}<a href="{href}">{shown}</a>'


def meaning_label(acronym: str, meaning: int) -> str:
    """The key of one meaning's pages in `record.acronym_folios` ('#' is in no acronym)."""
    return f"{acronym}#{meaning}"


def acronym_anchor(acronym: str) -> str:
    """The glossary entry's destination name (PDF names must avoid spaces and '&')."""
    return "acr-" + "".join(ch if ch.isalnum() else f"_{ord(ch):x}" for ch in acronym)


def _styled(node: Styled, ctx, links) -> str:
    inner = markup(node.children, ctx, links)
    if node.style == "kbd":
        return f'<font face="{ctx.theme.text.code.font}">{inner}</font>'
    if node.style == "mark":  # a highlighter: the table header's tint shows in grey print too
        return f'<span backColor="{ctx.theme.colors.table_header_background}">{inner}</span>'
    tag = {"underline": "u", "superscript": "super", "subscript": "sub"}.get(node.style)
    if tag:
        return f"<{tag}>{inner}</{tag}>"
    if node.style == "small":
        return f'<font size="-1.5">{inner}</font>'
    return inner


def _wiki(node: WikiLink, ctx, links) -> str:
    """A resolved wiki link: its text linked to the chapter, with the page ("p. 12")."""
    inner = markup(node.children, ctx, links=False)
    if not node.anchor or not links:
        return inner
    folio = escape(ctx.refs.folio(node.anchor))
    if ctx.theme.underline_links:
        inner = f"<u>{inner}</u>"
    return f'<a href="#{node.anchor}" color="{ctx.theme.colors.link}">{inner}</a>\u00a0(p.\u00a0{folio})'


_RULES = {
    Styled: _styled,
    WikiLink: _wiki,
    Text: _text,
    CodeSpan: _code,
    Emphasis: _wrap("i"),
    Strong: _wrap("b"),
    Strikethrough: _wrap("strike"),
    Link: _link,
    LineBreak: _break,
    FootnoteRef: _footnote_ref,
    AcronymUse: _acronym,
    Math: inline_markup,
}
