"""Chapters recorded on every core (layout.replay): each chapter is laid out in a document of its
own, so the chapters a build must lay out are independent, and worker processes record them
while the main process waits to assemble the book from the recordings (which cost almost
nothing to replay).

Workers are forked (Linux): they start with the prepared book, theme and registered fonts in
memory, receive chapter numbers and send back recordings (plain data). One process does it all
when there is one core, fork is not available, or there are too few chapters to pay for
starting the workers (measured in `make bench`: forking and sending a recording back cost a
few milliseconds, recording a chapter of the benchmark corpus about 0.1 s).
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import replace
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from handbook.incremental.tracked import reads_of, tracked_book
from handbook.layout.answers import answer_key_part
from handbook.layout.chapter import layout_chapter
from handbook.layout.context import LayoutContext, PageRefs
from handbook.layout.replay import ChapterRecording, record_chapter

MIN_CHAPTERS = 4  # fewer to record: one process (starting workers costs more than it saves)
ANSWER_KEY = "answer-key"  # a task that is not a chapter: the back matter's answer key

_work: tuple = ()  # (ctx, seed) handed to forked workers


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_for(jobs: int | None, chapters: int) -> int:
    """How many worker processes record `chapters` chapters: `jobs` (None: every core), or 0
    (the main process alone)."""
    jobs = available_cores() if jobs is None else jobs
    if jobs < 2 or chapters < MIN_CHAPTERS or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(jobs, chapters)


def record_one(task: int | str, ctx: LayoutContext, seed, folios: dict | None = None) -> ChapterRecording:
    """Lay chapter `task` (its index) or the answer key (ANSWER_KEY) out and record it. A text
    that prints page numbers reads them from `folios` (anchor -> folio) and the recording keeps
    what it read (`asked`); without `folios` (the first pass) such a text is only measured."""
    refs = PageRefs(dict(folios or {}))
    # What it reads of other chapters is noted, and kept with the recording (checked on reuse).
    book, log = tracked_book(ctx.book, None if task == ANSWER_KEY else int(task))
    ctx = LayoutContext(theme=ctx.theme, book=book, refs=refs, options=ctx.options, answers=ctx.answers)
    if task == ANSWER_KEY:
        part = answer_key_part(ctx)
        flowables = part[2] if part else []
    else:
        flowables = layout_chapter(ctx.book.chapters[int(task)], ctx)
    draw = folios is not None or not refs.asked
    recording = record_chapter(flowables, ctx.theme, ctx.book.settings.title, seed, draw)
    # Read after the layout too: content made late (Deferred, always live) may ask.
    reads = reads_of(book, log, seed)
    return (
        replace(recording, asked=tuple(refs.asked.items()), reads=reads) if refs.asked or reads else recording
    )


def record_many(work: list, ctx: LayoutContext, seed, workers: int) -> list[ChapterRecording]:
    """record_one for each (task, folios) of `work` in `workers` forked processes, results in
    order."""
    global _work
    _work = (ctx, seed)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_record_in_worker, work))  # one at a time: chapters differ
    except (BrokenProcessPool, OSError):  # a worker killed (memory), no processes left: here
        return [record_one(task, ctx, seed, folios) for task, folios in work]
    finally:
        _work = ()


def _record_in_worker(item: tuple) -> ChapterRecording:
    ctx, seed = _work
    task, folios = item
    return record_one(task, ctx, seed, folios)
