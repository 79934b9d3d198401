"""Figures: scaled to fit the text block (never off the page), with the alt text as caption."""

from __future__ import annotations

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image as RLImage

from handbook.layout.context import LayoutContext
from handbook.layout.flowables import KeepBox
from handbook.layout.inline import text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.rlcompat import frame_at_top, frame_of
from handbook.layout.styles import paragraph_style
from handbook.model import Image


class FittedImage(RLImage):
    """An image that shrinks (keeping its proportions) to the space it is given, so an image
    inside an indented list or quote stays inside the text block too."""

    def wrap(self, availWidth, availHeight):
        scale = min(1.0, availWidth / self.drawWidth) if self.drawWidth > 0 else 1.0
        if frame_at_top(frame_of(self)) and self.drawHeight * scale > availHeight > 0:
            scale = availHeight / self.drawHeight  # taller than an empty page: shrink, never lose it
        if scale < 1.0:
            self.drawWidth *= scale
            self.drawHeight *= scale
        return super().wrap(availWidth, availHeight)


def layout_image(block: Image, ctx: LayoutContext) -> list:
    try:
        width, height = ImageReader(str(block.path)).getSize()
    except Exception:  # unreadable despite the checks when parsing: print the alt text instead
        return [RLParagraph(text(f"[image: {block.alt or block.path.name}]"), paragraph_style(ctx.theme, "caption"))]
    max_width = ctx.text_width
    max_height = ctx.text_height * ctx.theme.spacing.figure_max_height
    scale = min(max_width / width, max_height / height, 1.0 if width > 200 else max_width / width)
    picture = FittedImage(str(block.path), width=width * scale, height=height * scale)
    picture.hAlign = "CENTER"
    caption = block.title or block.alt
    if not caption:
        return [picture]
    caption_paragraph = RLParagraph(text(caption), paragraph_style(ctx.theme, "caption"))
    return [KeepBox([picture, caption_paragraph], ctx.text_height)]
