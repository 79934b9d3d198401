"""Theme text styles -> reportlab ParagraphStyles."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.colors import CMYKColor, HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from handbook.layout.fonts import font_name
from handbook.layout.typography import hyphenation_language
from handbook.theme import TextStyle, Theme

ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


CMYK_MARK = "cmyk:"  # a theme with `colour: cmyk` has its colours written 'cmyk:#rrggbb'


def table_text_colour(style) -> tuple:
    """A table command giving its cells' text state `style`'s colour (reportlab's default is
    RGB black, written before each cell even where the cell's paragraphs set their own)."""
    return ("TEXTCOLOR", (0, 0), (-1, -1), style.textColor)


@lru_cache(maxsize=1024)
def color(value: str):
    """A theme colour as reportlab writes it. A neutral grey, black included, is K only (CMYK
    0 0 0 k): a press prints it with the black plate alone, where RGB #1a1a1a would come out
    as a muddy four-colour grey. Other colours are RGB, or CMYK in a theme for offset print
    (`colour: cmyk`). Colours are values nobody changes in place: one object per text."""
    cmyk = value.startswith(CMYK_MARK)
    rgb = HexColor(value[len(CMYK_MARK) :] if cmyk else value)
    red, green, blue = rgb.red, rgb.green, rgb.blue
    if red == green == blue:
        return CMYKColor(0, 0, 0, round(1 - red, 4))
    if not cmyk:
        return rgb
    black = 1 - max(red, green, blue)
    return CMYKColor(*(round((1 - c - black) / (1 - black), 4) for c in (red, green, blue)), round(black, 4))


@lru_cache(maxsize=512)
def _paragraph_style(
    name: str, style: TextStyle, indent: float, space_after: float | None, hyphenation: str = ""
) -> ParagraphStyle:
    return ParagraphStyle(
        name=name,
        fontName=font_name(style.font, style.bold, style.italic),
        fontSize=style.size,
        leading=style.leading,
        textColor=color(style.color),
        alignment=ALIGN[style.align],
        spaceBefore=style.space_before,
        spaceAfter=style.space_after if space_after is None else space_after,
        firstLineIndent=style.first_line_indent,
        leftIndent=indent,
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
        # `<b>` inside a run maps through the family registered in layout.fonts.
        bulletFontName=font_name(style.font, False, False),
        # Justified text is broken by layout/linebreak.py, hyphenated with this dictionary.
        hyphenation=hyphenation,
    )


def paragraph_style(
    theme: Theme, name: str, indent: float = 0.0, space_after: float | None = None
) -> ParagraphStyle:
    """The ParagraphStyle for text style `name` of the theme (cached: themes are frozen)."""
    return _paragraph_style(
        f"{theme.name}:{name}", getattr(theme.text, name), indent, space_after, hyphenation_language(theme)
    )


def style_of(
    theme: Theme, name: str, style: TextStyle, indent: float = 0.0, space_after: float | None = None
) -> ParagraphStyle:
    """The ParagraphStyle for a text style kept outside `theme.text` (a feature's own section);
    `name` must be unique to it, like 'questions.option'."""
    return _paragraph_style(f"{theme.name}:{name}", style, indent, space_after, hyphenation_language(theme))
