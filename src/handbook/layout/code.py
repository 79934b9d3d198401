"""Code blocks and raw HTML: monospace, every line kept, long lines wrapped, never off the page."""

from __future__ import annotations

from handbook.layout.context import LayoutContext
from handbook.layout.inline import text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.styles import color, paragraph_style
from handbook.model import CodeBlock, HtmlBlock


def layout_code(block: CodeBlock, ctx: LayoutContext) -> list:
    return [_preformatted(block.text, ctx)]


def layout_html(block: HtmlBlock, ctx: LayoutContext) -> list:
    return [_preformatted(block.text, ctx)]


def _preformatted(source: str, ctx: LayoutContext) -> RLParagraph:
    theme = ctx.theme
    padding = theme.spacing.code_padding
    base = paragraph_style(theme, "code")
    style = base.clone(
        f"{base.name}:block",
        backColor=color(theme.colors.code_background),
        borderPadding=padding,
        leftIndent=padding,
        rightIndent=padding,
        spaceBefore=padding + 2,
        spaceAfter=padding + 6,
        alignment=0,
    )
    lines = [_keep_spaces(text(line.expandtabs(4))) for line in source.split("\n")]
    return RLParagraph("<br/>".join(lines) or "\u00a0", style)


def _keep_spaces(line: str) -> str:
    """Indentation and runs of spaces kept (non-breaking spaces); a single space between words
    stays breakable, so a long line wraps between words rather than inside one."""
    body = line.lstrip(" ")
    out = ["\u00a0" * (len(line) - len(body))]
    previous = ""
    for ch in body:
        out.append("\u00a0" if ch == " " and previous == " " else ch)
        previous = ch
    return "".join(out) or "\u00a0"
