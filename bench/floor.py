"""The floor: the benchmark's text set by bare reportlab platypus, in one pass.

Same words, same fonts, same text styles and page geometry as the handbook's default
theme, but nothing handbook adds: no parsing, no contents or page references, no running
heads, no second pass. Paragraphs, lists and tables only; a chapter starts a new page.
Questions are set as numbered paragraphs with their options and an answer key at the end,
so the floor prints what the finished handbook prints.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import (
    Frame,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from bench.corpus import ChapterText

_INLINE = [
    (re.compile(r"\*\*(.+?)\*\*"), r"<b>\1</b>"),
    (re.compile(r"\*(.+?)\*"), r"<i>\1</i>"),
    (re.compile(r"`(.+?)`"), r'<font face="mono">\1</font>'),
]


def inline(source: str) -> str:
    out = escape(source)
    for pattern, replacement in _INLINE:
        out = pattern.sub(replacement, out)
    return out


def build_floor(chapters: list[ChapterText], output: Path) -> int:
    """Write the floor PDF; return its page count."""
    from handbook.errors import Diagnostics
    from handbook.layout.fonts import register_fonts
    from handbook.theme import load_theme_into

    theme = load_theme_into("default", Diagnostics())
    register_fonts(theme)
    styles = _Styles(theme)
    story = []
    for number, chapter in enumerate(chapters, start=1):
        story += chapter_story(chapter, number, styles)
    story += answer_key(chapters, styles)
    doc = _doc(output, theme)
    doc.build(story)
    return doc.page


class _Styles:
    def __init__(self, theme):
        from handbook.layout.styles import paragraph_style

        self.theme = theme
        self.get = lambda name: paragraph_style(theme, name)


def _doc(output: Path, theme) -> BaseDocTemplate:
    page = theme.page
    width, height = theme.page_size()
    frame = Frame(
        page.margin_inner,
        page.margin_bottom,
        width - page.margin_inner - page.margin_outer,
        height - page.margin_top - page.margin_bottom,
        0,
        0,
        0,
        0,
    )
    return BaseDocTemplate(
        str(output), pagesize=(width, height), pageTemplates=[PageTemplate(frames=[frame])], invariant=1
    )


def chapter_story(chapter: ChapterText, number: int, styles: _Styles) -> list:
    s = styles.get
    story = [
        PageBreak(),
        Paragraph(f"Chapter {number}", s("chapter_label")),
        Paragraph(inline(chapter.title), s("chapter_title")),
        Paragraph(inline(chapter.subtitle), s("chapter_subtitle")),
    ]
    for block in chapter.blocks:
        story += block_story(block, styles)
    story.append(Paragraph("Practice Questions", s("h2")))
    for index, question in enumerate(chapter.questions, start=1):
        story.append(Paragraph(f"{index}. " + inline(question["question"]), s("body")))
        lines = question.get("statements", []) + [f"{a} — {b}" for a, b in question.get("pairs", [])]
        lines += [f"({'abcdef'[i]}) {option}" for i, option in enumerate(question.get("options", []))]
        story += [Paragraph(inline(line), s("list_item")) for line in lines]
    return story


def block_story(block, styles: _Styles) -> list:
    s = styles.get
    if block.kind == "heading2":
        return [Paragraph(inline(block.data), s("h1"))]
    if block.kind == "heading3":
        return [Paragraph(inline(block.data), s("h2"))]
    if block.kind == "para":
        return [Paragraph(inline(block.data), s("body"))]
    if block.kind == "quote":
        return [Paragraph(inline(block.data), styles.get("blockquote"))]
    if block.kind == "list":
        return [nested_list(block.data, styles)]
    if block.kind == "mindmap":
        return [nested_list([block.data], styles)]
    if block.kind == "table":
        return [table(block.data, styles)]
    raise ValueError(block.kind)


def nested_list(items: list, styles: _Styles) -> ListFlowable:
    out = []
    for text, children in items:
        flowables = [Paragraph(inline(text), styles.get("list_item"))]
        if children:
            flowables.append(nested_list(children, styles))
        out.append(ListItem(flowables))
    return ListFlowable(out, bulletType="bullet", leftIndent=styles.theme.spacing.list_indent)


def table(rows: list[list[str]], styles: _Styles) -> Table:
    header = styles.get("table_header")
    cell = styles.get("table_cell")
    data = [
        [Paragraph(inline(text), header if r == 0 else cell) for text in row] for r, row in enumerate(rows)
    ]
    theme = styles.theme
    width = theme.page_size()[0] - theme.page.margin_inner - theme.page.margin_outer
    result = Table(data, colWidths=[width * 0.12, width * 0.38, width * 0.5], repeatRows=1, hAlign="LEFT")
    result.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, "#9a9a9a")])
    )
    return result


def answer_key(chapters: list[ChapterText], styles: _Styles) -> list:
    s = styles.get
    story = [PageBreak(), Paragraph("Answer Key", s("back_heading"))]
    for number, chapter in enumerate(chapters, start=1):
        story.append(Paragraph(f"Chapter {number}", s("h2")))
        for index, question in enumerate(chapter.questions, start=1):
            notes = question.get("explain", []) + question.get("points", [])
            if question.get("explanation"):
                notes.append(question["explanation"])
            answer = f"({question['answer']}) " if "answer" in question else ""
            story.append(Paragraph(f"{index}. {answer}" + inline(" ".join(notes)), s("body")))
    return story
