"""Figures: scaled to fit the text block (never off the page), with the alt text as caption."""

from __future__ import annotations

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image as RLImage
from reportlab.platypus import KeepTogether

from handbook.layout.context import LayoutContext
from handbook.layout.inline import text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.styles import paragraph_style
from handbook.model import Image


def layout_image(block: Image, ctx: LayoutContext) -> list:
    try:
        width, height = ImageReader(str(block.path)).getSize()
    except Exception:  # unreadable despite its signature: print the alt text instead
        return [RLParagraph(text(f"[image: {block.alt or block.path.name}]"), paragraph_style(ctx.theme, "caption"))]
    max_width = ctx.text_width
    max_height = ctx.text_height * ctx.theme.spacing.figure_max_height
    scale = min(max_width / width, max_height / height, 1.0 if width > 200 else max_width / width)
    picture = RLImage(str(block.path), width=width * scale, height=height * scale)
    picture.hAlign = "CENTER"
    caption = block.title or block.alt
    if not caption:
        return [picture]
    return [KeepTogether([picture, RLParagraph(text(caption), paragraph_style(ctx.theme, "caption"))])]
