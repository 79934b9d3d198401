"""The layout passes: every chapter a recording (found in the cache, or made now) replayed,
or laid out live where a recording could differ; passes repeated until the page numbers the
text prints are where their targets landed, and a warning naming those that did not settle.

Why passes: the contents' page numbers are drawn late (`layout.latefolio`), so a book needs a
single pass. Only a story that prints page numbers from an earlier pass in its text (it asked
`ctx.refs`) needs more: first a measuring pass that places flowables without drawing them,
then a drawing pass with the measured numbers, repeated while a number it printed moved
(content `Deferred` to the layout that asks for a number gets a second drawing pass).
Chapters are recorded alone and replayed in every pass; one that prints page numbers is
recorded again in a pass only when the numbers it prints changed. Which recordings are found
and kept, under which keys, is incremental/recordings.py's; output/pdf.py runs reportlab.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook.errors import Diagnostics
from handbook.layout.answers import answer_key_heading, answer_key_inputs, answer_key_part
from handbook.layout.book import layout_front_and_back
from handbook.layout.chapter import layout_chapter
from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.pages import PageRecord
from handbook.layout.paragraph import collecting_unset
from handbook.layout.replay import LIVE, ChapterRecording, live_for_text, replay_story
from handbook.model import Book, WikiLink
from handbook.model.walk import inlines_of, runs_of
from handbook.options import BuildOptions
from handbook.output.recordpool import ANSWER_KEY, MIN_CHAPTERS, record_many, record_one, workers_for
from handbook.progress import Progress
from handbook.theme import Theme

MAX_PASSES = 3  # drawing passes at most


@dataclass
class RenderedPdf:
    data: bytes
    record: PageRecord
    passes: tuple[str, ...]  # what each pass did: ("draw",) or ("measure", "draw", ...)
    # Page numbers printed that are not where their anchors landed when the passes ran out:
    # (anchor, folio printed, folio where it landed); the build warns (`warn_unsettled`).
    unsettled: tuple[tuple[str, str, str], ...] = ()
    # (file, line) of paragraphs total fit could not set, set line by line; the build warns.
    unset: tuple[tuple[str, int], ...] = ()


def run_passes(
    book: Book,
    theme: Theme,
    options: BuildOptions,
    answers: str,
    progress: Progress,
    seed,
    recordings,
    jobs: int | None,
    chapter_texts: list[str],
    draw_story,
    all_live: bool = False,
) -> RenderedPdf:
    """Passes in which every chapter is a recording (stored, or made now) replayed, or, where a
    recording could differ, laid out live. One drawing pass, unless the text prints page
    numbers (wiki links' "(p. 12)"): then, as in one document, a measuring pass first (such
    chapters recorded against stand-ins, measured only), and drawing passes with the folios
    the pass before found, while a number printed is not where its anchor landed (MAX_PASSES).
    Such a chapter's drawn recording is keyed by the folios it read, so a pass records again
    only the chapters whose numbers changed. Each pass's recordings follow from the sources and
    the pass before alone: a rebuild goes through the cold build's passes, with stored
    recordings where the cold build would make the same ones, and writes its bytes.
    `draw_story(story, label, draw)`: one pass of reportlab over the whole story (output/pdf.py),
    its PDF bytes and page record. `all_live`: every chapter laid out live, nothing recorded
    (output/replay_check.py)."""
    base = LayoutContext(theme=theme, book=book, refs=PageRefs(), options=options, answers=answers)
    # The answer key is recorded like a chapter (it reads no chapter's body): a slot in the back
    # matter for now, filled below with its replay, or its flowables when it is laid out live.
    key_heading = answer_key_heading(base)
    slot: list = [_SLOT]
    made = {answer_key_part: (*key_heading, slot)} if key_heading else {}
    tasks: list = list(range(len(chapter_texts)))
    texts = list(chapter_texts)
    if key_heading:
        tasks.append(ANSWER_KEY)
        texts.append(answer_key_inputs(base))
    keys = [recordings.key(text, seed) if recordings is not None else None for text in texts]
    # First-pass recordings (a chapter that prints page numbers: measured, against stand-ins).
    # Some are live, never recorded, from their text alone (replay.live_for_text).
    unsafe = [LIVE if all_live else live_for_text(text) for text in texts]
    guess = recordings.folios_before if recordings is not None else {}
    first = _find_or_record(unsafe, keys, tasks, base, seed, recordings, jobs, progress, None, guess)
    folios: dict[str, str] | None = None  # what the pass before found (None: the first pass)
    passes: tuple[str, ...] = ()
    while True:
        refs = PageRefs(dict(folios or {}))
        ctx = LayoutContext(theme=theme, book=book, refs=refs, options=options, answers=answers)
        found = first
        if folios is not None:
            # Chapters that print page numbers, drawn with the numbers this pass prints.
            known: list[ChapterRecording | None] = list(first)
            pass_keys: list = [None] * len(first)
            for index, recording in enumerate(first):
                if recording.measured:
                    asked = tuple((anchor, refs.folio(anchor)) for anchor, _ in recording.asked)
                    known[index] = None
                    if keys[index] is not None:
                        pass_keys[index] = recordings.key_asking(keys[index], asked)
            found = _find_or_record(known, pass_keys, tasks, ctx, seed, recordings, jobs, progress, folios)
        for recording in found:
            if not recording.live:  # a live chapter asks as it is laid out, below
                refs.asked.update(recording.asked)
        front, back = layout_front_and_back(ctx, made)
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
        draw = folios is not None or not refs.asked  # a first pass that prints numbers measures
        if not passes:
            label = "laying out" if draw else "pass 1/2, measuring"
        else:
            label = (
                "pass 2/2, laying out"
                if passes == ("measure",)
                else f"pass {len(passes) + 1}, page numbers moved"
            )
        flowables = story + back
        story = front = back = []  # the pass consumes `flowables`: what it drew is freed as it goes
        with collecting_unset() as unset:  # in the chapters laid out live, the front and back matter
            data, record = draw_story(flowables, label, draw)
        passes += ("draw" if draw else "measure",)
        # Again while a number printed (or asked for late, by Deferred content) is not where it landed.
        if draw and (not refs.asked or refs.hold_in(record.folios) or passes.count("draw") >= MAX_PASSES):
            unset.update(where for recording in found for where in recording.unset)
            return RenderedPdf(data, record, passes, refs.moved_in(record.folios), tuple(sorted(unset)))
        folios = dict(record.folios)


def _find_or_record(
    known: list,
    keys: list,
    tasks: list,
    ctx: LayoutContext,
    seed,
    recordings,
    jobs,
    progress,
    folios,
    guess: dict | None = None,
) -> list[ChapterRecording]:
    """Per task, its recording in `known`, else the stored one of its key, else one made now
    (`folios`: the page numbers a text prints; None: the first pass), and stored.

    `guess`: the folios the last build found. A first-pass chapter to record whose text prints
    page numbers is also drawn against them, beside its measuring: kept under exactly the
    numbers it printed, it is the drawing pass's own recording when that pass prints the same
    (nothing it names moved), and the edited chapter is then laid out once on each core rather
    than twice in a row. Any guess is safe: it only decides what is recorded ahead."""
    found = list(known)
    for index, key in enumerate(keys):
        if found[index] is None and key is not None:
            found[index] = recordings.get(key)
    missing = [index for index, recording in enumerate(found) if recording is None]
    # The answer key first: the largest task, so the pool does not wait for it at the end.
    if missing and tasks[missing[-1]] == ANSWER_KEY:
        missing = missing[-1:] + missing[:-1]
    if not missing:
        return found
    ahead = [i for i in missing if guess and keys[i] is not None and _prints_page_numbers(ctx, tasks[i])]
    work = [(tasks[index], guess) for index in ahead] + [(tasks[index], folios) for index in missing]
    # A chapter measured and drawn ahead is two tasks, each as long as the chapter: both cores.
    workers = min(workers_for(jobs, max(len(work), MIN_CHAPTERS if ahead else 0)), len(work))
    what = "chapters" if folios is None else "chapters with page numbers"
    ahead_note = f" ({len(ahead)} also drawn ahead)" if ahead else ""
    progress.stage(
        f"laying out {len(missing)} {what}{ahead_note}" + (f" in {workers} processes" if workers else "")
    )
    if workers:
        recorded = record_many(work, ctx, seed, workers)
    else:
        recorded = []
        for count, (task, numbers) in enumerate(work, 1):
            progress.update(f"laying out {what}: {count}/{len(work)}")
            recorded.append(record_one(task, ctx, seed, numbers))
    for index, recording in zip(ahead, recorded):
        if recording.asked:
            recordings.put(recordings.key_asking(keys[index], recording.asked), recording)
    for index, recording in zip(missing, recorded[len(ahead) :]):
        found[index] = recording
        if keys[index] is not None:
            recordings.put(keys[index], recording)
    return found


def _prints_page_numbers(ctx: LayoutContext, task) -> bool:
    """Whether chapter `task` holds a wiki link to a place in the book (it prints its page)."""
    if task == ANSWER_KEY:
        return False
    chapter = ctx.book.chapters[int(task)]
    return chapter.wiki_linked and any(
        link.anchor for run in runs_of(chapter) for link in inlines_of(WikiLink, run.inlines)
    )


_SLOT = object()  # where the answer key goes in the back matter, until it is known


def chapter_text(chapter, recordings) -> str:
    """The enriched chapter as text (its cache key's core, and where the font seed finds its
    characters): its repr, which, unlike a pickle, does not depend on which objects happen to
    be shared (a chapter read from the cache), or what stands for it (`recordings`)."""
    known = recordings.chapter_text(chapter) if recordings is not None else None
    return known if known is not None else repr(chapter)


def warn_unsettled(diagnostics: Diagnostics, source_dir: Path, moved: tuple) -> None:
    """Page numbers printed that are not where their targets landed once the layout passes
    ran out (MAX_PASSES): printed wrong, so said, naming each (as Typst warns that the layout
    did not converge)."""
    shown = "; ".join(
        f"'{anchor}' printed as p. {printed}, now on p. {landed}" for anchor, printed, landed in moved[:8]
    )
    more = f"; and {len(moved) - 8} more" if len(moved) > 8 else ""
    diagnostics.warning(
        source_dir,
        None,
        f"page references did not settle in {MAX_PASSES} layout passes: {shown}{more}; "
        "these page numbers are wrong in the PDF (each pass moved what the numbers point to): "
        "a small change near them (a shorter line, a page break) lets them settle",
        code="pages-unsettled",
    )
