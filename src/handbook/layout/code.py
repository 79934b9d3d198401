"""Code blocks and raw HTML: monospace, every line kept, long lines wrapped, never off the page."""

from __future__ import annotations

from handbook.layout import scripts
from handbook.layout.context import LayoutContext
from handbook.layout.inline import text
from handbook.layout.mindmap_labels import continues_syllable
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
    room = ctx.block_width - 2 * padding - 1  # (a point to spare: reportlab must not wrap again)
    lines = [
        _keep_spaces(text(piece))
        for line in source.split("\n")
        for piece in wrap_code_line(line.expandtabs(4), room, style.fontName, style.fontSize)
    ]
    return RLParagraph("<br/>".join(lines) or "\u00a0", style)


CONTINUATION_INDENT = 4  # spaces: a wrapped line's rest hangs this far in from the line's own indent


def wrap_code_line(line: str, room: float, font: str, size: float) -> list[str]:
    """A code line too long for the block, cut (at a space where one fits, else between
    characters) into pieces that fit `room` points; the pieces after the first hang
    CONTINUATION_INDENT spaces further in than the line's own indentation, so a reader sees
    a wrapped line from a new one (the paragraph itself would start the rest at the margin)."""
    if scripts.width(line, font, size) <= room:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    hang = " " * (indent + CONTINUATION_INDENT)
    if scripts.width(hang + "MMMMMMMMMMMMMMMMMMMM", font, size) > room:
        hang = " " * CONTINUATION_INDENT  # a deep indentation on a narrow page: hang from the margin
    pieces: list[str] = []
    rest, prefix = line, ""
    while rest and scripts.width(prefix + rest, font, size) > room:
        fit = _fitting_prefix(prefix + rest, room, font, size) - len(prefix)
        cut = rest.rfind(" ", indent + 1 if not pieces else 1, fit + 1)
        cut = cut if cut > 0 else _syllable_start(rest, max(fit, 1))
        pieces.append(prefix + rest[:cut].rstrip(" "))
        rest, prefix = rest[cut:].lstrip(" "), hang
    return pieces + [prefix + rest] if rest else pieces


def _syllable_start(text: str, cut: int) -> int:
    """`cut` moved back to the start of its syllable: never before a vowel sign or after a
    virama (a Devanagari name in a comment would print a lone mark); at least 1."""
    while cut > 1 and continues_syllable(text[cut], text[cut - 1]):
        cut -= 1
    return cut


def _fitting_prefix(line: str, room: float, font: str, size: float) -> int:
    """How many characters of `line` fit in `room` (found by halving: a code line may be long)."""
    low, high = 0, len(line)
    while low < high:
        middle = (low + high + 1) // 2
        if scripts.width(line[:middle], font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return low


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
