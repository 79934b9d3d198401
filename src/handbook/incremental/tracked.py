"""The book as a chapter's layout sees it, with every read of another chapter recorded.

A chapter is laid out and recorded alone (output/recordpool.py) and its recording is reused
by later builds under a key made of what the chapter is (its enriched model, the settings, the
theme, ...). Anything else it reads, another chapter's title, topic or questions, say, is an
input the key does not name: a later build that changed it would replay a stale page. So the
chapter is laid out against a view of the book in which every other chapter is a stand-in that
notes each attribute read through it (Typst's comemo: tracked arguments), and the recording
keeps, for each read, a digest of the value it saw. On reuse (incremental/recordings.py) each is read
again from the book being built; one that differs makes the recording a miss, and the chapter
is laid out again. The answer key, which reads every chapter's questions, is tracked the same
way. A read of a method (`identity()`) depends on the whole chapter. The book's own fields are
read through the view too: those the recording's key names (`KEYED`) freely, any other (what
the acronym step found, say) noted and checked on reuse like a chapter's.
"""

from __future__ import annotations

from handbook.incremental.keys import digest
from handbook.model import Book, Chapter

WHOLE = "*"  # a read of the whole chapter (a method called on it): its identity()
COUNT = -1  # the read of how many chapters there are
IDENTITY = ""  # what a chapter is (sorts before its attributes)
SEED = -2  # the font codes of the characters read: a layout may print what it read
BOOK = -3  # a read of one of the book's own fields
# The book's fields a recording's key names (incremental/recordings.py: settings, glossary; the
# source folder, whose files are in it) and its chapters (tracked one by one): not noted.
KEYED = frozenset({"settings", "glossary", "source_dir", "chapters"})


class TrackedChapter(Chapter):
    """A stand-in for another chapter: reads go to it and are noted (an instance of Chapter,
    so isinstance checks hold; its fields are the chapter's, never copied)."""

    def __init__(self, chapter: Chapter, index: int, log: set):  # no dataclass __init__: no copy
        object.__setattr__(self, "_tracked", (chapter, index, log))

    def __getattribute__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            return object.__getattribute__(self, name)
        chapter, index, log = object.__getattribute__(self, "_tracked")
        value = getattr(chapter, name)
        log.add((index, WHOLE if callable(value) else name))
        return value

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"another chapter's '{name}' is not for this layout to change")


class TrackedChapters(list):
    """The book's chapters, the one being laid out itself, every other one a TrackedChapter."""

    def __init__(self, chapters: list, own: int | None, log: set):
        super().__init__(
            chapter if index == own else TrackedChapter(chapter, index, log)
            for index, chapter in enumerate(chapters)
        )
        self.log = log

    def __len__(self) -> int:
        self.log.add((COUNT, ""))
        return super().__len__()


class TrackedBook(Book):
    """The book as a chapter's layout sees it: its chapters tracked, and a read of any of its
    own fields the key does not name noted (an instance of Book; nothing copied)."""

    def __init__(self, book: Book, chapters: TrackedChapters, log: set):  # no dataclass __init__
        object.__setattr__(self, "_tracked", (book, chapters, log))

    def __getattribute__(self, name: str):
        if name.startswith("__") and name.endswith("__"):
            return object.__getattribute__(self, name)
        book, chapters, log = object.__getattribute__(self, "_tracked")
        if name == "chapters":
            return chapters
        value = getattr(book, name)
        if name not in KEYED:
            log.add((BOOK, name))
        return value

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"the book's '{name}' is not for a chapter's layout to change")


def tracked_book(book: Book, own: int | None) -> tuple[Book, set]:
    """A view of `book` for laying out chapter `own` (its index; None: the answer key) and the
    set its reads of other chapters and of the book's unkeyed fields are noted in."""
    log: set = set()
    return TrackedBook(book, TrackedChapters(book.chapters, own, log), log), log


def read_value(book: Book, index: int, name: str) -> str:
    """The digest of what a read (chapter `index`, attribute `name`) gives in `book` now;
    `name` IDENTITY: what the chapter is (`made_from`; "" when it has none)."""
    if index == BOOK:
        return digest(repr(getattr(book, name, None)))
    chapters = book.chapters
    if index == COUNT:
        return digest(len(chapters))
    if not 0 <= index < len(chapters):
        return "missing"
    chapter = chapters[index]
    if name == IDENTITY:
        return digest(chapter.made_from) if chapter.made_from else ""
    return digest(chapter.identity() if name == WHOLE else repr(getattr(chapter, name, None)))


def reads_of(book: Book, log: set, seed) -> tuple:
    """The noted reads with what they gave: ((index, name, digest), ...), sorted; before each
    chapter's reads, what the chapter was (IDENTITY): while it is the same, so is every read
    of it, and checking that costs a digest of a digest, not a repr of its questions. A layout
    that read another chapter may print that chapter's characters, whose font codes its own
    key does not name (incremental/recordings.py): the characters beyond ASCII the values read hold, and
    their codes in the seed, come first (SEED)."""
    if not log:
        return ()
    noted = log | {(index, IDENTITY) for index, _ in log if index >= 0}
    reads: list[tuple] = []
    chars: set[str] = set()
    for index, name in sorted(noted):
        reads.append((index, name, read_value(book, index, name)))
        if index == BOOK:
            text = repr(getattr(book, name, None))
        elif index >= 0 and name != IDENTITY and index < len(book.chapters):
            chapter = book.chapters[index]
            text = repr(chapter if name == WHOLE else getattr(chapter, name, None))
        else:
            continue
        if not text.isascii():
            chars.update(char for char in text if ord(char) > 127)
    printed = "".join(sorted(chars))
    return ((SEED, printed, seed_codes(seed, printed)), *reads)


def seed_codes(seed, chars: str) -> str:
    """A digest of the codes `seed` gives `chars` (fontseed.codes_used)."""
    from handbook.layout.fontseed import codes_used  # late: reportlab only when laying out

    return digest(codes_used(seed, chars))


class ReadsCheck:
    """Whether recorded reads give the same in the book being built (each read checked once)."""

    def __init__(self, book: Book):
        self.book = book
        self.seed: tuple = ()  # this build's font seed (set when keys are made)
        self.known: dict[tuple[int, str], str] = {}

    def hold(self, reads: tuple) -> bool:
        same_chapter = None  # a chapter found to be what it was: its reads hold
        for index, name, seen in reads:
            if index == same_chapter:
                continue
            if index == SEED:  # (name: the characters read)
                if seen != seed_codes(self.seed, name):
                    return False
                continue
            now = self.known.get((index, name))
            if now is None:
                now = self.known[(index, name)] = read_value(self.book, index, name)
            if name == IDENTITY:
                same_chapter = index if now and now == seen else None
            elif now != seen:
                return False
        return True
