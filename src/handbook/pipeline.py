"""The pipeline in one place: sources -> model -> enriched model -> flowables -> PDF."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from handbook import gc_settings
from handbook.gc_settings import freeze, freezing, no_collections
from handbook.edition_cut import apply_edition, check_selections
from handbook.build_request import BuildRequest, choose_theme, laid_out, write_outputs, writing
from handbook.cache import BuildCache, SourceKeys, digest
from handbook.enrich import enrich_book
from handbook.errors import BuildFailed, Diagnostics, display_path
from handbook.incremental import reads
from handbook.model import Book, Chapter
from handbook.model.journal import AcronymJournal, ChapterScan
from handbook.options import BuildOptions, answers_mode
from handbook.parse import parse_book
from handbook.parse.book import parse_chapter
from handbook.progress import Progress
from handbook.sources import ChapterSource, load_sources
from handbook.sources.files import split_front_matter
from handbook.sources.yamlload import line_of
from handbook.theme import Theme


@dataclass
class Prepared:
    book: Book
    theme: Theme
    answers: str
    keys: SourceKeys | None = None  # the cache keys of this build's sources (None: no cache)
    options: BuildOptions | None = None  # as the edition settled them (language)


@dataclass
class BuildResult:
    output: Path
    pages: int
    diagnostics: Diagnostics
    record: object
    extra_outputs: list = field(default_factory=list)  # booklet, chapter PDFs


def prepare(
    source_dir: Path,
    options: BuildOptions,
    diagnostics: Diagnostics,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    output: Path | None = None,
    focus=None,
) -> Prepared | None:
    """Load, parse, validate and enrich; None if errors were reported (all of them).
    With a `cache`, chapters parsed by an earlier build from the same text are reused.
    `focus(book)` -> a chapter (for a preview): only it and the chapters before it are
    enriched (what it prints depends only on those: numbers, first uses of acronyms) and only
    its characters are checked against the fonts."""
    progress = progress or Progress.off()
    progress.stage("reading sources")
    keys = (
        SourceKeys(Path(source_dir), output, book=focus is None)
        if cache is not None and cache.enabled
        else None
    )
    reuse = _ChapterReuse(cache, keys) if cache is not None and keys else None
    with freezing():  # (see _ChapterReuse.split_one)
        sources = load_sources(
            Path(source_dir), diagnostics, options.language, split_one=reuse and reuse.split_one
        )
        total = len(sources.chapters)
        book = parse_book(
            sources,
            diagnostics,
            language=options.language,
            on_chapter=lambda count: progress.update(f"parsing chapters: {count}/{total}"),
            parse_one=reuse and reuse.parse_one,
        )
        if reuse is not None:  # before enrichment changes them
            reuse.store_parsed(whole_book=focus is None)
    whole = not (options.edition or options.select)
    if not whole:  # a cut of the book (edition_cut.py)
        cut = apply_edition(book, options, diagnostics)
        if cut is None:
            return None
        options = cut
    edition = book.settings.editions.get(options.edition) if options.edition else None
    style_line = edition.style_line if edition and edition.style else line_of(sources.book, "style")
    named_at = (sources.book_path, style_line) if sources.book_path and sources.book else None
    theme = choose_theme(Path(source_dir), options.style, book, diagnostics, named_at=named_at)
    if theme is None:
        return None
    answers = answers_mode(options, book.settings)
    focused = focus(book) if focus else None
    if focused is not None:
        book.chapters = book.chapters[: book.chapters.index(focused) + 1]
        book.preview_of = len(book.chapters)
        if reuse is not None:  # the acronym step may start at this chapter
            book.acronym_journal = reuse.recorded_journal(book, repr((theme, options, answers)))
    elif focus is None and reuse is not None and whole:  # (a cut's chapters are not what their text says)
        book.acronym_scans = _ScanEntries(reuse, repr((theme, options, answers, book.settings)))
    enrich_book(book, theme, options, diagnostics)
    from handbook.layout.glyphs import report_missing_glyphs  # late: reportlab only when needed

    # reported with the errors, too
    checked = _CheckedGlyphs(cache, keys, theme) if cache is not None and keys is not None else None
    shown = book if focused is None else replace(book, chapters=[focused])
    report_missing_glyphs(shown, theme, diagnostics, checked)
    if diagnostics.has_errors:
        return None  # (and nothing stored: a build with errors writes nothing)
    if checked is not None:
        checked.store()
    if reuse is not None and focused is None and book.acronym_journal is not None:
        reuse.record_journal(book, repr((theme, options, answers)))
    return Prepared(book, theme, answers, keys, options)


KEEP_BUNDLES = 4  # bundles kept (a few editions or languages of one folder)


@contextmanager
def fewer_collections():
    """Python's cyclic garbage collector runs every 700 new objects and, as the model grows,
    walks all of it again and again (a third of reading a cached book); the model makes no
    garbage cycles worth collecting early, so collect rarely while it is built."""
    with gc_settings.fewer_collections(50_000):
        yield


class _CheckedGlyphs:
    """Chapters whose every printed character an earlier build found in the theme's fonts (the
    glyph check, layout/glyphs.py): not checked again. Keyed by the enriched chapter (its repr:
    every printed string, code or not), the merged theme and the code fingerprint (installed
    font packages included). Only chapters found complete are noted: one with a missing
    character is checked, and warned about, on every build."""

    def __init__(self, cache: BuildCache, keys: SourceKeys, theme):
        self.cache = cache
        self.base = digest("glyphs", keys.code, repr(theme))
        self.found: list[str] = []  # stored by `store`, once the build has no errors

    def _key(self, chapter) -> str:
        return digest(self.base, chapter.identity())

    def has(self, chapter) -> bool:
        return self.cache.get("glyphs", self._key(chapter)) is True

    def add(self, chapter) -> None:
        self.found.append(self._key(chapter))

    def store(self) -> None:
        for key in self.found:
            self.cache.put("glyphs", key, True)


class _ScanEntries:
    """The acronym step's chapter scans (enrich.acronyms.ScanStore) in build/.cache: an entry
    is keyed by the chapter's parse entry (its text and path, the folder's other files, the
    code), its number, the step's state when it reaches the chapter and the settings (theme,
    options, answers, book.yaml). The steps before the acronym step read, besides the chapter
    itself, only its number, the theme and the options, but for wiki links, resolved against
    the whole book: a chapter that may hold some is keyed by its model as they left it. A step
    added before it that reads other chapters must add what it reads here."""

    def __init__(self, reuse: "_ChapterReuse", settings: str):
        self.reuse = reuse
        self.base = digest("scan", reuse.keys.code, reuse.keys.around_chapters, settings)

    def key(self, chapter: Chapter, state: str) -> str | None:
        parsed = self.reuse.keys_of.get(id(chapter))
        if parsed is None:  # read with messages: not kept
            return None
        return digest(self.base, parsed, chapter.number, repr(chapter) if chapter.wiki_linked else "", state)

    def get(self, key: str) -> ChapterScan | None:
        entry = self.reuse.cache.get("scan", key)
        return entry if isinstance(entry, ChapterScan) and isinstance(entry.chapter, Chapter) else None

    def put(self, key: str, scan: ChapterScan) -> None:
        self.reuse.cache.put("scan", key, scan)


class _ChapterReuse:
    """Chapters an earlier build read and parsed from the same text, from the cache: an entry
    holds a chapter's front matter and body (the sources stage) and its parsed model (the
    parse stage), keyed by the file's text, its path, the other files of the source folder and
    the code. Only chapters read and parsed without a single message are stored: there is
    nothing to replay, so a reused chapter reports exactly what reading it again would.

    A book's build stores every such chapter of the book in one *bundle* (keyed like the
    chapters but for their text: each chapter in it is found by its own chapter key), read once
    by the next build or preview instead of one small file per chapter (at 1,000 chapters,
    opening, checking and unpickling 1,000 entries was half a preview); chapters parsed by a
    build that does not write one (a preview, an edit of a few chapters) get entries of their own."""

    def __init__(self, cache: BuildCache, keys: SourceKeys):
        self.cache, self.keys = cache, keys
        # id(ChapterSource) -> (key, Chapter or None, its language, the files it names)
        self.found: dict[int, tuple] = {}
        self.keys_of: dict[int, str] = {}  # id(Chapter) -> its entry's key (chapters stored or reused)
        self.bundle: dict | None = None  # chapter key -> (source, chapter, language, named), read once
        self.entries: dict[str, tuple] = {}  # this build's chapters with a key, for its bundle
        self.parsed_now: list[str] = []  # the keys of those parsed (not found) by this build

    def _bundle_key(self) -> str:
        return digest("bundle", self.keys.code, self.keys.around_chapters)

    def _from_bundle(self, key: str):
        if self.bundle is None:
            with (
                no_collections()
            ):  # out of the collector's sight at once (see split_one): else it walks it all now
                entry = self.cache.get("bundle", self._bundle_key())
                freeze()
            self.bundle = entry if isinstance(entry, dict) else {}
        return self.bundle.get(key)

    def store_parsed(self, whole_book: bool) -> None:
        """Keep the chapters parsed now. A book's build stores all its chapters as one entry,
        unless the one read lacks only a few of them (pickling every chapter again after each
        edit would cost an edit's rebuild 1 s at 1,000 chapters): those few, and a preview's,
        get entries of their own. A chapter in a bundle written now needs none (a cold build
        pickled each chapter twice)."""
        lacking = len(self.entries.keys() - (self.bundle or {}).keys())
        if whole_book and self.entries and (not self.bundle or lacking > max(8, len(self.entries) // 20)):
            self.cache.put("bundle", self._bundle_key(), self.entries)
            self.cache.prune("bundle", KEEP_BUNDLES)
            return
        for key in self.parsed_now:
            self.cache.put("chapter", key, self.entries[key])

    def split_one(self, text: str, path, diagnostics: Diagnostics):
        key = self.keys.chapter_text(path, text)
        entry = self._from_bundle(key) or self.cache.get("chapter", key)
        if (
            isinstance(entry, tuple)
            and len(entry) == 4
            and isinstance(entry[0], ChapterSource)
            and isinstance(entry[1], Chapter)
            and isinstance(entry[2], str)
            and isinstance(entry[3], tuple)
            and self._same_files(entry[3])
        ):
            self.found[id(entry[0])] = (key, entry[1], entry[2], entry[3])
            # The chapter lives as long as the build: out of the collector's sight until the
            # book is parsed (prepare), or every collection walks the model read so far again
            # (0.8 s of a 1,000-chapter preview). An entry holds no garbage to collect.
            freeze()
            return entry[0]
        own = Diagnostics(severities=diagnostics.severities)  # book.yaml's `diagnostics:`
        source = split_front_matter(text, path, own)
        diagnostics.extend(own)
        self.found[id(source)] = (key if not own.items else None, None, "", ())
        return source

    def _same_files(self, named: tuple) -> bool:
        """Whether the files a chapter named when it was parsed (images: (path, digest)) are
        the same now (a validated read: each is hashed once per build, only if named)."""
        return all(
            isinstance(item, tuple) and len(item) == 2 and self.keys.named_file(item[0]) == item[1]
            for item in named
        )

    def parse_one(self, source, sources, diagnostics: Diagnostics, written_in: str = "", flavour=None):
        key, chapter, parsed_in, named = self.found.get(id(source), (None, None, "", ()))
        # The language sets its question wordings; the flavour (issue 25) how the text reads.
        reading = written_in + (f"|{flavour.name}|{flavour.questions}" if flavour else "")
        if chapter is not None and parsed_in == reading:
            self.keys_of[id(chapter)] = key
            self.entries[key] = (source, chapter, parsed_in, named)
            return chapter
        own = Diagnostics(severities=diagnostics.severities)  # book.yaml's `diagnostics:`
        with reads.recording() as read:  # the files it names (images), as the parser reads them
            chapter = parse_chapter(source, sources, own, written_in, flavour)
        diagnostics.extend(own)
        if chapter is not None:  # (hashed now: the book's key and the recordings' name them)
            named = tuple((str(path), self.keys.named_file(path)) for path in sorted(set(map(str, read))))
            # A chapter that embeds other notes is more than its own text: never reused.
            if key is not None and not own.items and not chapter.embeds:
                self.keys_of[id(chapter)] = key
                self.entries[key] = (source, chapter, reading, named)
                self.parsed_now.append(key)  # stored by `store_parsed`
        return chapter

    # The acronym step's journal (model/journal.py): recorded by a book's build, with the keys
    # of the chapters it read, so a preview whose chapters before it are those starts there.

    def _chain(self, chapters: list[Chapter]) -> list[str | None]:
        """For each count n of chapters from the start, a digest of those n chapters' keys
        (None once a chapter has no entry: what it holds is not known)."""
        chain: list[str | None] = [""]
        for chapter in chapters:
            key, last = self.keys_of.get(id(chapter)), chain[-1]
            chain.append(digest(last, key) if key is not None and last is not None else None)
        return chain

    def _journal_key(self, settings: str) -> str:
        return digest("acronyms", self.keys.code, self.keys.around_chapters, settings)

    def record_journal(self, book: Book, settings: str) -> None:
        self.cache.put(
            "acronyms", self._journal_key(settings), (self._chain(book.chapters), book.acronym_journal)
        )

    def recorded_journal(self, book: Book, settings: str) -> AcronymJournal | None:
        """The journal to resume the acronym step from at the last of `book.chapters`."""
        entry = self.cache.get("acronyms", self._journal_key(settings))
        before = len(book.chapters) - 1
        if not (
            isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], list)
            and isinstance(entry[1], AcronymJournal)
            and len(entry[0]) > before
        ):
            return None
        chain, journal = entry
        if chain[before] is None or chain[before] != self._chain(book.chapters[:before])[-1]:
            return None
        return replace(journal, resume_at=before + 1)


def check(source_dir: Path, options: BuildOptions = BuildOptions()) -> Diagnostics:
    diagnostics = Diagnostics()
    prepared = prepare(source_dir, options, diagnostics)
    if prepared is not None and not (options.edition or options.select):
        check_selections(prepared.book, diagnostics)  # an edition or test that selects nothing
    return diagnostics


def build(
    source_dir: Path,
    output: Path,
    options: BuildOptions = BuildOptions(),
    progress: Progress | None = None,
    use_cache: bool = False,
    jobs: int | None = 1,
) -> BuildResult:
    """Build the PDF; raise BuildFailed (output untouched) when the sources have errors.
    `use_cache`: reuse and store work in .cache beside `output` (the command line's default;
    off here, so a caller that changes the code in memory, as tests do, never gets stale work).
    `jobs`: processes that lay chapters out (None: one per core; the command line's default)."""
    from handbook.output.pdf import render_pdf  # late: startup of `check` stays light
    from handbook.output.products import write_products
    from handbook.output.reuse import ChapterRecordings, remember_book, reused_book

    diagnostics = Diagnostics()
    BuildRequest(Path(source_dir), Path(output), options).refuse_outputs(diagnostics)  # (the CLI first)
    cache = BuildCache.for_build(Path(source_dir), Path(output), enabled=use_cache)
    with fewer_collections():
        prepared = prepare(source_dir, options, diagnostics, progress, cache, output)
    if prepared is None:
        raise BuildFailed(diagnostics)
    options = prepared.options or options  # as the edition settled them
    rendered = reused_book(cache, prepared, options)
    if rendered is None:
        recordings = ChapterRecordings(cache, prepared, options)
        rendered = laid_out(
            Path(source_dir),
            diagnostics,
            lambda: render_pdf(
                prepared.book, prepared.theme, options, prepared.answers, progress, recordings, jobs
            ),
        )
        remember_book(cache, prepared, options, rendered)
    if rendered.unsettled:
        _warn_unsettled(diagnostics, Path(source_dir), rendered.unsettled)
    for path, line in rendered.unset:
        diagnostics.warning(
            Path(path),
            line,
            "this paragraph could not be set with even word spaces (a word wider than the line, "
            "which may not be hyphenated): its lines were broken one by one, the long word cut "
            "where the line ends; a shorter word, a soft hyphen (&shy;) or a space lets it set",
            code="paragraph-unset",
        )
    with writing(diagnostics, Path(output)):  # the PDF and its products, all at once
        extra = write_products(
            rendered.data, rendered.record, prepared.book, prepared.theme, Path(output), options
        )
    cache.report(diagnostics)
    return BuildResult(Path(output), rendered.record.pages, diagnostics, rendered.record, extra)


def _warn_unsettled(diagnostics: Diagnostics, source_dir: Path, moved: tuple) -> None:
    """Page numbers printed that are not where their targets landed once the layout passes
    ran out (output.pdf.MAX_PASSES): printed wrong, so said, naming each (as Typst warns that
    the layout did not converge)."""
    from handbook.output.pdf import MAX_PASSES

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


def build_chapter(
    source_dir: Path,
    output: Path,
    wanted: str,
    options: BuildOptions = BuildOptions(),
    use_cache: bool = False,
    book_output: Path | None = None,
) -> BuildResult:
    """Preview one chapter (`wanted`: its number or its file) into `output`: the whole book is
    prepared, only this chapter is laid out. The cache is the one beside `book_output` (the
    book's PDF; default: beside `output`), where the book's page numbers are remembered."""
    from handbook.output.preview import find_chapter, render_chapter
    from handbook.output.reuse import last_folios

    diagnostics = Diagnostics()
    BuildRequest(Path(source_dir), Path(output), options).refuse_outputs(diagnostics)
    cache = BuildCache.for_build(Path(source_dir), Path(book_output or output), enabled=use_cache)
    found: list[Chapter | None] = []

    def focus(book):
        found[:] = [find_chapter(book, wanted)]
        return found[0]

    with fewer_collections():
        prepared = prepare(source_dir, options, diagnostics, None, cache, book_output or output, focus)
    if prepared is None:
        raise BuildFailed(diagnostics)
    chapter = found[0] if found else None
    # The book's warnings about other files (an acronym unused *so far*) do not apply here.
    own = display_path(chapter.path) if chapter else None
    diagnostics.items = [d for d in diagnostics.items if d.severity == "error" or d.path == own]
    if chapter is None:
        count = len(prepared.book.chapters)
        diagnostics.error(
            source_dir,
            None,
            f"no chapter '{wanted}': name a chapter file or a number from 1 to {count}",
            code="preview-no-chapter",
        )
        raise BuildFailed(diagnostics)
    folios = last_folios(cache, prepared, options)
    rendered = laid_out(
        Path(source_dir),
        diagnostics,
        lambda: render_chapter(prepared.book, chapter, prepared.theme, options, prepared.answers, folios),
    )
    write_outputs({Path(output): rendered.data}, diagnostics, Path(output))
    cache.report(diagnostics)
    return BuildResult(Path(output), rendered.record.pages, diagnostics, rendered.record)
