"""Figures: scaled to fit the text block (never off the page), with the alt text as caption."""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable
from reportlab.platypus import Image as RLImage

from handbook.layout.context import LayoutContext
from handbook.layout.wide import mark_wide, may_widen
from handbook.layout.flowables import KeepBox
from handbook.layout.inline import prose, text
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.rlcompat import frame_at_top, frame_of
from handbook.layout.styles import paragraph_style
from handbook.model import Image, RemoteImage
from handbook.parse.images import MAX_IMAGE_BYTES, is_svg
from handbook.parse.svg import MAX_COORDINATE, SvgRefused, sanitised_svg
from handbook.sources.confine import PathRefused, read_confined


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


class FittedDrawing(Flowable):
    """An SVG drawing (svglib), scaled like FittedImage: never wider than its room."""

    def __init__(self, drawing, width: float, height: float):
        super().__init__()
        self.drawing = drawing
        self.drawWidth, self.drawHeight = width, height

    def wrap(self, availWidth, availHeight):
        if self.drawWidth > availWidth > 0:
            self.drawHeight *= availWidth / self.drawWidth
            self.drawWidth = availWidth
        self.width, self.height = self.drawWidth, self.drawHeight
        return self.width, self.height

    def draw(self):
        sx = self.drawWidth / self.drawing.width if self.drawing.width else 1
        sy = self.drawHeight / self.drawing.height if self.drawing.height else 1
        self.canv.saveState()
        self.canv.scale(sx, sy)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


def _svg(data: bytes, ctx: LayoutContext):
    """The SVG as a reportlab drawing (vectors) in the theme's fonts, or None when it cannot be
    drawn safely (parse/svg.py says why; `check` and the build warned) or svglib cannot read it.
    svglib sees only the sanitised text: no file names, no font families."""
    import logging

    from svglib.svglib import svg2rlg

    try:
        clean = sanitised_svg(data)
    except SvgRefused:
        return None
    logging.getLogger("svglib").setLevel(logging.ERROR)  # its complaints are not the reader's
    try:
        drawing = svg2rlg(io.BytesIO(clean))
    except Exception:  # svglib raises many kinds for a damaged file
        return None
    if drawing is not None:
        _theme_fonts(drawing, paragraph_style(ctx.theme, "body").fontName)
    return drawing


def _theme_fonts(drawing, family: str) -> None:
    """svglib draws every text in Helvetica (the sanitiser removed the families, so svglib
    looked nothing up); the book prints it in the theme's font, embedded like the text."""
    from reportlab.graphics.shapes import Group, String
    from reportlab.lib.fonts import tt2ps

    drawing.initialFontName = family  # the renderer's starting state: else Helvetica is named on the page
    pending = [drawing]
    while pending:
        node = pending.pop()
        if isinstance(node, String):
            name = node.fontName or ""
            bold, italic = "Bold" in name, "Oblique" in name or "Italic" in name
            try:
                node.fontName = tt2ps(family, int(bold), int(italic))
            except ValueError:  # a family without that face: its regular face
                node.fontName = family
        elif isinstance(node, Group) or hasattr(node, "contents"):
            pending.extend(getattr(node, "contents", []))


def _placeholder(block: Image, ctx: LayoutContext) -> list:
    """Printed where an image cannot be: its alt text (the check and the build said why)."""
    return [
        RLParagraph(text(f"[image: {block.alt or block.path.name}]"), paragraph_style(ctx.theme, "caption"))
    ]


def layout_image(block: Image, ctx: LayoutContext) -> list:
    try:  # through the gate again: a file swapped for a link since parsing is refused here
        data = read_confined(block.path, ctx.book.source_dir, MAX_IMAGE_BYTES)
    except PathRefused:
        return _placeholder(block, ctx)
    drawing = _svg(data, ctx) if is_svg(block.path) else None
    try:
        if is_svg(block.path):
            if drawing is None:
                raise ValueError("not a drawing")
            width, height = drawing.width, drawing.height
        else:
            width, height = ImageReader(io.BytesIO(data)).getSize()
        if not (0 < width < MAX_COORDINATE and 0 < height < MAX_COORDINATE):
            raise ValueError("no size")
    except Exception:  # unreadable despite the checks when parsing: print the alt text instead
        return _placeholder(block, ctx)
    scale = _scale(width, height, ctx)
    if may_widen(ctx) and _scale(width, height, ctx.widened()) > scale:
        # Narrowed to fit the text block: larger in the wide area (layout/wide.py).
        return mark_wide(layout_image(block, ctx.widened()))
    if drawing is not None:
        picture = FittedDrawing(drawing, width * scale, height * scale)
    else:
        picture = FittedImage(io.BytesIO(data), width=width * scale, height=height * scale)
    picture.hAlign = "CENTER"
    # A figure stands apart from the text around it: the caption's space after it (a box
    # measures its children's spaces only between them), and as much above the picture.
    caption_style = paragraph_style(ctx.theme, "caption")
    space = caption_style.spaceAfter
    caption = block.title or block.alt
    if not caption:
        picture.spaceBefore = picture.spaceAfter = space
        return [picture]
    caption_paragraph = RLParagraph(prose(caption), caption_style)
    return [KeepBox([picture, caption_paragraph], ctx.text_height, space_before=space, space_after=space)]


def _scale(width: float, height: float, ctx: LayoutContext) -> float:
    """The scale of a picture in the block: no wider than it, no taller than the theme allows
    (small pictures, a line icon or a badge, are set at the block's width)."""
    max_width = ctx.text_width
    max_height = ctx.text_height * ctx.theme.spacing.figure_max_height
    return min(max_width / width, max_height / height, 1.0 if width > 200 else max_width / width)


def layout_remote_image(block: RemoteImage, ctx: LayoutContext) -> list:
    """A web image is never fetched while building: a framed placeholder names it instead, so
    the page shows where it belongs (`handbook images fetch` brings it into the book)."""
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    from handbook.layout.styles import color, table_text_colour
    from handbook.layout.typography import breakable_url

    caption = paragraph_style(ctx.theme, "caption")
    small = caption.clone("remote-url", fontSize=caption.fontSize - 1)
    width = ctx.block_width * 0.8
    address = breakable_url(block.url, width - 12, small.fontName, small.fontSize)
    lines = [
        RLParagraph(text(f"[image: {block.alt}]" if block.alt else "[image]"), caption),
        RLParagraph(address, small),
    ]
    frame = RLTable([[lines]], colWidths=[width], hAlign="CENTER")
    frame.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, color(ctx.theme.colors.muted)),
                ("FONT", (0, 0), (-1, -1), caption.fontName, caption.fontSize),
                table_text_colour(caption),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    frame.spaceBefore, frame.spaceAfter = 4, 8
    return [frame]
