"""Draw the book: reportlab's document built from the story, its bytes written.

`render_pdf` registers the fonts, fixes the font seed and hands the layout passes
(incremental/passes.py: recordings replayed, passes until the page numbers settle) a function
that runs reportlab over the whole story once (`_run`); `render_story` draws a story that
prints no page numbers (a practice paper) in one pass.
"""

from __future__ import annotations

import io

from reportlab.platypus.doctemplate import LayoutError

from handbook.translations import language_tag
from handbook.errors import LayoutFailed
from handbook.gc_settings import fewer_collections, freeze, freezing
from handbook.incremental.passes import RenderedPdf, chapter_text, run_passes
from handbook.layout.fontseed import font_seed, seed_text
from handbook.layout.fonts import register_fonts
from handbook.layout.latefolio import define_late_folios
from handbook.layout.pages import HandbookDocTemplate, PageRecord
from handbook.layout.rlcompat import defer_save, handbook_reportlab, layout_error_facts
from handbook.model import Book
from handbook.options import BuildOptions
from handbook.output import replay_check
from handbook.progress import Progress
from handbook.theme import Theme

__all__ = ["RenderedPdf", "render_pdf", "render_story", "explain_layout_error"]


@handbook_reportlab()  # reportlab as a build uses it, until the PDF's bytes are written
def render_pdf(
    book: Book,
    theme: Theme,
    options: BuildOptions,
    answers: str,
    progress: Progress | None = None,
    recordings=None,
    jobs: int | None = None,
) -> RenderedPdf:
    """`recordings`: where chapters recorded by earlier builds are found and new ones kept
    (incremental.recordings.ChapterRecordings); the chapters are recorded and replayed either way.
    `jobs`: processes that record chapters (None: one per core; output.recordpool)."""
    progress = progress or Progress.off()
    register_fonts(theme)
    chapter_texts = [chapter_text(chapter, recordings) for chapter in book.chapters]
    seed = font_seed(seed_text(book, theme, chapter_texts), theme)
    # The model and fonts live to the end: collections need not walk them, nor run often.
    with freezing(), fewer_collections(20_000):
        freeze()

        def draw_story(story: list, label: str, draw: bool) -> tuple[bytes, PageRecord]:
            return _run(story, book, theme, progress, label, draw=draw, seed=seed)

        rendered = run_passes(
            book, theme, options, answers, progress, seed, recordings, jobs, chapter_texts, draw_story
        )
        if replay_check.verifying():  # every chapter laid out live as well: the same bytes
            progress.stage("verifying replay: laying every chapter out live")
            live = run_passes(
                book,
                theme,
                options,
                answers,
                progress,
                seed,
                None,
                jobs,
                chapter_texts,
                draw_story,
                all_live=True,
            )
            replay_check.check_replay(rendered.data, live.data)
        return rendered


@handbook_reportlab()
def render_story(story: list, book: Book, theme: Theme, badge: str = "") -> tuple[bytes, PageRecord]:
    """One drawing pass of a story that prints no page numbers in its text (a practice test
    paper, its key): the PDF's bytes and what the pass recorded. `badge`: a letter printed
    large at the head of every page (a test booklet's series)."""
    register_fonts(theme)
    return _run(story, book, theme, Progress.off(), "laying out", draw=True, badge=badge)


def _run(
    story: list, book: Book, theme: Theme, progress: Progress, label: str, draw: bool, seed=(), badge=""
) -> tuple[bytes, PageRecord]:
    progress.stage(label)
    buffer = io.BytesIO()
    settings = book.settings
    tags = sorted({tag for chapter in book.chapters for tag in chapter.meta.tags})
    doc = HandbookDocTemplate(
        buffer,
        theme,
        settings.title,
        draw=draw,
        on_page=progress.pages(label),
        seed=seed,
        badge=badge,
        title=settings.title,
        author=settings.author,
        subject=settings.subtitle,
        lang=language_tag(settings.language),  # /Lang: screen readers, search, hyphenation
        keywords=", ".join(tags),
        creator="handbook",
        producer="handbook",
        invariant=1,  # fixed dates and ids: the same sources give the same bytes
    )
    defer_save(doc)  # saved below, once the late page numbers are defined
    try:
        doc.build(story)
    except LayoutError as exc:
        raise LayoutFailed(explain_layout_error(str(exc)), doc.last_loc) from exc
    if draw:
        define_late_folios(doc)
        progress.stage(f"writing {doc.record.pages} pages")
        doc.canv.save()
    return buffer.getvalue(), doc.record


# reportlab class names in its messages -> what the author wrote
KINDS = {
    "Table": "table",
    "Paragraph": "paragraph",
    "TocLine": "contents entry",
    "FittedImage": "image",
    "Image": "image",
    "KeepBox": "figure",
    "IndentedBox": "block quote",
    "ListFlowable": "list",
    "LIIndenter": "list item",
}


def explain_layout_error(message: str) -> str:
    """reportlab's LayoutError text (object ids, frame names) -> a sentence for the author."""
    advice = "shorten it or split it into smaller parts"
    facts = layout_error_facts(message)
    if facts.row is not None:
        return (
            f"a row of this table is {facts.row:.0f} pt tall, more than a page holds: "
            "split the long cell into several rows or shorten it"
        )
    if facts.height is not None:
        kind = KINDS.get(facts.kind, "block")
        return f"this {kind} is {facts.height:.0f} pt tall but a page holds {facts.room:.0f} pt: {advice}"
    if facts.no_progress:
        return f"this block can never be placed on a page: {advice}"
    return f"this block cannot be placed across pages: {advice}"
