"""Lay the story out and draw it, in one pass when the story allows.

The contents' page numbers are drawn late (`layout.latefolio`), so a book needs a single
pass. Only a story that prints page numbers from an earlier pass in its text (it asked
`ctx.refs`) needs more: first a measuring pass that places flowables without drawing them,
then a drawing pass with the measured numbers, repeated while a number it printed moved
(content `Deferred` to the layout that asks for a number gets a second drawing pass).
"""

from __future__ import annotations

import gc
import io
import re
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.platypus.doctemplate import LayoutError

from handbook.errors import LayoutFailed
from handbook.layout import scripts
from handbook.layout.book import layout_book, layout_front_and_back
from handbook.layout.chapter import layout_chapter
from handbook.layout.fontseed import font_seed, seed_text
from handbook.layout.answers import answer_key_heading, answer_key_inputs, answer_key_part
from handbook.layout.replay import LIVE, replay_story
from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.fonts import register_fonts
from handbook.layout.latefolio import define_late_folios
from handbook.layout.pages import HandbookDocTemplate, PageRecord
from handbook.layout.rlcompat import defer_save, layout_error_facts
from handbook.model import Book
from handbook.options import BuildOptions
from handbook.output.recordpool import ANSWER_KEY, record_many, record_one, workers_for
from handbook.progress import Progress
from handbook.theme import Theme

MAX_PASSES = 3  # drawing passes at most

# Compressed streams stay binary rather than ASCII85 text: a quarter smaller, and encoding
# them was 4% of a build's time (reportlab's default dates from 7-bit mail transports).
rl_config.useA85 = 0


@dataclass
class RenderedPdf:
    data: bytes
    record: PageRecord
    passes: tuple[str, ...]  # what each pass did: ("draw",) or ("measure", "draw", ...)


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
    (output.reuse.ChapterRecordings); the chapters are recorded and replayed either way.
    `jobs`: processes that record chapters (None: one per core; output.recordpool)."""
    progress = progress or Progress.off()
    register_fonts(theme)
    chapter_texts = [_chapter_text(chapter, recordings) for chapter in book.chapters]
    text = seed_text(book, theme, chapter_texts)
    # Shaped glyphs get codes per process, in the order reportlab meets them: such a book is
    # laid out in one document, in order, its fonts unseeded (as before recordings existed).
    shaped = scripts.needs_shaping(text)
    seed = () if shaped else font_seed(text, theme)
    if not shaped:
        # The model and fonts live to the end: collections need not walk them, nor run often.
        threshold = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(max(threshold[0], 20_000), *threshold[1:])
        try:
            replayed = _render_replayed(
                book, theme, options, answers, progress, seed, recordings, jobs, chapter_texts
            )
        finally:
            gc.set_threshold(*threshold)
            gc.unfreeze()
        if replayed is not None:
            return replayed

    def story(refs: PageRefs) -> list:
        return layout_book(LayoutContext(theme=theme, book=book, refs=refs, options=options, answers=answers))

    refs = PageRefs()
    first = story(refs)
    data = None
    if refs.asked:  # the text prints page numbers: learn where things land, cheaply
        _, record = _run(first, book, theme, progress, "pass 1/2, measuring", draw=False, seed=seed)
        passes: tuple[str, ...] = ("measure",)
    else:
        data, record = _run(first, book, theme, progress, "laying out", draw=True, seed=seed)
        passes = ("draw",)
    # Again while a number printed (or asked for late, by Deferred content) is not where it landed.
    while data is None or (
        refs.asked and not refs.hold_in(record.folios) and passes.count("draw") < MAX_PASSES
    ):
        refs = PageRefs(dict(record.folios))
        label = (
            "pass 2/2, laying out"
            if passes == ("measure",)
            else f"pass {len(passes) + 1}, page numbers moved"
        )
        data, record = _run(story(refs), book, theme, progress, label, draw=True, seed=seed)
        passes += ("draw",)
    return RenderedPdf(data, record, passes)


def _render_replayed(
    book: Book,
    theme: Theme,
    options: BuildOptions,
    answers: str,
    progress: Progress,
    seed,
    recordings,
    jobs: int | None,
    chapter_texts: list[str],
) -> RenderedPdf | None:
    """One drawing pass in which every chapter is a recording (stored, or made now) replayed,
    or, where a recording could differ, laid out live. None when the book cannot be built this
    way: its text prints page numbers (measuring passes)."""
    refs = PageRefs()
    ctx = LayoutContext(theme=theme, book=book, refs=refs, options=options, answers=answers)
    # The answer key is recorded like a chapter (it reads no chapter's body): a slot in the back
    # matter for now, filled below with its replay, or its flowables when it is laid out live.
    key_heading = answer_key_heading(ctx)
    slot: list = [_SLOT]
    made = {answer_key_part: (*key_heading, slot)} if key_heading else {}
    front, back = layout_front_and_back(ctx, made)
    if refs.asked:
        return None
    found: list = []  # per task (chapter, then the answer key): its recording or None
    keys: list = []
    tasks: list = list(range(len(chapter_texts)))
    texts = list(chapter_texts)
    if key_heading:
        tasks.append(ANSWER_KEY)
        texts.append(answer_key_inputs(ctx))
    for text in texts:
        key = recordings.key(text, seed) if recordings is not None else None
        keys.append(key)
        unsafe = FONT_LIKE.search(text)  # text a renamed font could match
        found.append(LIVE if unsafe else recordings.get(key) if key is not None else None)
    # The answer key first: the largest task, so the pool does not wait for it at the end.
    missing = [index for index, recording in enumerate(found) if recording is None]
    if key_heading and missing and missing[-1] == len(tasks) - 1:
        missing = missing[-1:] + missing[:-1]
    if missing:
        workers = workers_for(jobs, len(missing))
        progress.stage(
            f"laying out {len(missing)} chapters" + (f" in {workers} processes" if workers else "")
        )
        if workers:
            recorded = record_many([tasks[index] for index in missing], ctx, seed, workers)
        else:
            recorded = []
            for count, index in enumerate(missing, 1):
                progress.update(f"laying out chapters: {count}/{len(missing)}")
                recorded.append(record_one(tasks[index], ctx, seed))
        for index, recording in zip(missing, recorded):
            if isinstance(recording, str):  # ASKED
                return None
            found[index] = recording
            if keys[index] is not None:
                recordings.put(keys[index], recording)
    story = front
    for chapter, recording in zip(book.chapters, found):
        if recording.live:
            story += layout_chapter(chapter, ctx)
        else:
            story += replay_story(recording)
    if key_heading:
        recording = found[-1]
        if recording.live:
            part = answer_key_part(ctx)
            live = part[2] if part else []
        else:
            live = replay_story(recording, "back", key_heading[0])
        at = next(i for i, flowable in enumerate(back) if flowable is _SLOT)
        back = back[:at] + live + back[at + 1 :]
    if refs.asked:
        return None
    data, record = _run(story + back, book, theme, progress, "laying out", draw=True, seed=seed)
    if refs.asked:  # Deferred content asked for a page number late: passes, in one document
        return None
    return RenderedPdf(data, record, ("draw",))


FONT_LIKE = re.compile(r"/F\d")
_SLOT = object()  # where the answer key goes in the back matter, until it is known


def _chapter_text(chapter, recordings) -> str:
    """The enriched chapter as text (its cache key's core, and where the font seed finds its
    characters): its repr, which, unlike a pickle, does not depend on which objects happen to
    be shared (a chapter read from the cache), or what stands for it (`recordings`)."""
    known = recordings.chapter_text(chapter) if recordings is not None else None
    return known if known is not None else repr(chapter)


def render_story(story: list, book: Book, theme: Theme) -> tuple[bytes, PageRecord]:
    """One drawing pass of a story that prints no page numbers in its text (a practice test
    paper, its key): the PDF's bytes and what the pass recorded."""
    register_fonts(theme)
    return _run(story, book, theme, Progress.off(), "laying out", draw=True)


def _run(
    story: list, book: Book, theme: Theme, progress: Progress, label: str, draw: bool, seed=()
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
        title=settings.title,
        author=settings.author,
        subject=settings.subtitle,
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
