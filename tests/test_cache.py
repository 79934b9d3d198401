"""The build cache (build/.cache, issue 17): a rebuild after any change is the PDF a cold build
writes, byte for byte; a damaged entry is never used; builds at once do not corrupt it."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import handbook
from handbook.cache import (
    STALE_TEMPORARY,
    BuildCache,
    EntryRefused,
    decode,
    digest,
    encode,
    read_entry,
)
from handbook.cli import main
from handbook.errors import BuildFailed
from handbook.options import BuildOptions
from handbook.pipeline import build

from conftest import BuiltBook, cache_dir, cached_build, cold_build, write_sources
from png import png_bytes


def chapter(title: str, body: str) -> str:
    return f"---\ntitle: {title}\npaper: GS2\n---\n{body}\n"


FILES = {
    "book.yaml": "title: Cache Book\nstyle: mine.yaml\n",
    "mine.yaml": "extends: default\n",
    "glossary.yaml": "QUAD: Quadrilateral Security Dialogue\nFOIP: Free and Open Indo-Pacific\n",
    "01-one.md": chapter("One", "## Start\n\nThe QUAD met in Tokyo. " * 30 + "\n\n![A map](map.png)"),
    "02-two.md": chapter("Two", "## Next\n\nThe QUAD and FOIP again. " * 40),
    "03-three.md": chapter("Three", "## Last\n\nFOIP, once more, with feeling. " * 20),
}

# name -> (file, new content or a function of the old bytes)
EDITS = {
    "chapter": ("02-two.md", lambda old: old.replace(b"again.", b"again!", 1)),
    "glossary": ("glossary.yaml", lambda old: old.replace(b"Free and Open", b"Free, Open")),
    "theme": ("mine.yaml", lambda old: old + b"colors:\n  accent: '#aa0000'\n"),
    "book.yaml": ("book.yaml", lambda old: old.replace(b"Cache Book", b"Cached Book")),
    "image": ("map.png", lambda old: png_bytes(40, 10, grey=30)),
}


@pytest.fixture
def source(tmp_path):
    folder = write_sources(tmp_path / "src", FILES)
    (folder / "map.png").write_bytes(png_bytes(20, 20))
    return folder


def entries(source: Path, kind: str) -> set[str]:
    return {p.name for p in (cache_dir(source) / kind).glob("*.bin")}


def parsed(source: Path) -> set[str]:
    """The keys of every parsed chapter the cache holds: in entries of their own or a bundle."""
    keys = {name.removesuffix(".bin") for name in entries(source, "chapter")}
    for path in (cache_dir(source) / "bundle").glob("*.bin"):
        keys.update(read_entry(path))
    return keys


# The theme and book.yaml are files beside the chapters as the glossary is (every chapter parsed
# again): the fast suite edits the glossary, `make test-all` each of the three.
@pytest.mark.parametrize(
    "edit",
    [pytest.param(e, marks=pytest.mark.slow) if e in ("theme", "book.yaml") else e for e in sorted(EDITS)],
)
def test_a_rebuild_after_an_edit_is_the_cold_build_byte_for_byte(source, tmp_path, edit, monkeypatch):
    import handbook.pipeline

    output = cached_build(source, tmp_path)
    before = output.read_bytes()
    chapters_before = parsed(source)
    assert len(chapters_before) == 3 and not entries(source, "chapter")  # all in the bundle
    assert build(source, output, use_cache=True).pages > 0  # nothing changed: the stored book
    assert output.read_bytes() == before

    name, change = EDITS[edit]
    (source / name).write_bytes(change((source / name).read_bytes()))
    parse, read_anew = handbook.pipeline.parse_chapter, []
    monkeypatch.setattr(
        handbook.pipeline,
        "parse_chapter",
        lambda source, *a: read_anew.append(source.path.name) or parse(source, *a),
    )
    build(source, output, use_cache=True)
    rebuilt = output.read_bytes()
    assert rebuilt != before, "the edit must show in the PDF"
    assert rebuilt == cold_build(source, tmp_path)
    new = parsed(source) - chapters_before
    if edit == "chapter":  # only the edited chapter is read and parsed again, and stored alone
        assert len(new) == 1 and len(entries(source, "chapter")) == 1
    elif edit in ("glossary", "book.yaml", "theme"):
        # Files beside the chapters may be read while parsing (settings): all are parsed again.
        assert len(new) == 3
    else:  # an image: only the chapter that names it is parsed again (same key, checked image)
        assert read_anew == ["01-one.md"] and not new


def test_a_new_version_invalidates_every_entry(source, tmp_path, monkeypatch):
    output = cached_build(source, tmp_path)
    books, chapters = entries(source, "book"), parsed(source)
    monkeypatch.setattr(handbook, "__version__", handbook.__version__ + ".post1")
    build(source, output, use_cache=True)
    assert entries(source, "book") - books and len(parsed(source) - chapters) == 3
    assert output.read_bytes() == cold_build(source, tmp_path)


def test_options_are_part_of_the_key(source, tmp_path):
    cached_build(source, tmp_path)  # fills the cache
    options = BuildOptions(answers="none", shuffle_seed=3)
    assert cached_build(source, tmp_path, options).read_bytes() == cold_build(source, tmp_path, options)


def test_an_entry_cut_short_or_changed_is_never_used(source, tmp_path):
    output = cached_build(source, tmp_path)
    good = output.read_bytes()
    # Put another chapter's text in: what a stale entry would serve.
    (source / "01-one.md").write_text(FILES["01-one.md"].replace("Tokyo", "Osaka"), encoding="utf-8")
    build(source, output, use_cache=True)
    assert output.read_bytes() != good
    for path in (cache_dir(source)).rglob("*.bin"):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # a build killed while writing (no rename: worse)
    build(source, output, use_cache=True)
    assert output.read_bytes() == cold_build(source, tmp_path)
    whole = []
    for path in (cache_dir(source)).rglob("*.bin"):
        try:
            read_entry(path)
            whole.append(path.parent.name)
        except ValueError:  # an entry of the Tokyo text, not needed by this build: left as it is
            pass
    # this build's, whole: acronyms, the book, its chapters' bundle, each chapter checked
    # for glyphs, laid out (recorded), scanned for acronyms and summed up as text; folios
    assert sorted(whole) == (
        ["acronyms", "book", "bundle"]  # (its chapters: parsed in the bundle, no entries of their own)
        + ["folios"]
        + ["glyphs"] * 3
        + ["layout"] * 3
        + ["scan"] * 3
        + ["text"] * 3
    )


SECRET = bytes(range(32))
NAME = digest("an entry") + ".bin"


def test_decoding_refuses_every_truncation_and_flipped_byte():
    data = encode(("a", [1, 2], {"x": b"y"}), SECRET, "chapter", NAME)
    assert decode(data, SECRET, "chapter", NAME) == ("a", [1, 2], {"x": b"y"})
    for cut in range(len(data)):
        with pytest.raises(EntryRefused):
            decode(data[:cut], SECRET, "chapter", NAME)
    for index in range(len(data)):
        flipped = bytearray(data)
        flipped[index] ^= 0x01
        with pytest.raises(EntryRefused):
            decode(bytes(flipped), SECRET, "chapter", NAME)


def test_an_entry_is_bound_to_its_key_its_kind_and_its_name():
    data = encode("text", SECRET, "text", NAME)
    for secret, kind, name in [
        (bytes(32), "text", NAME),  # another user's key
        (SECRET, "book", NAME),  # moved to another kind
        (SECRET, "text", digest("another") + ".bin"),  # renamed
    ]:
        with pytest.raises(EntryRefused):
            decode(data, secret, kind, name)


class _Planted:
    def __reduce__(self):
        return (os.system, ("echo planted > planted.txt",))


def test_an_entry_that_would_run_code_is_refused_even_when_authenticated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = encode(_Planted(), SECRET, "book", NAME)  # whole and signed: only the allow-list stands
    with pytest.raises(ValueError):
        decode(data, SECRET, "book", NAME)
    assert not (tmp_path / "planted.txt").exists()
    assert pickle.dumps(_Planted())  # (pickle itself would run it: that is what the allow-list is for)


def test_no_cache_neither_reads_nor_writes(source, tmp_path):
    output = tmp_path / "out" / "book.pdf"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(output), "--no-cache", "-q"])
    assert result.exit_code == 0, result.output
    assert not (cache_dir(source)).exists()
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(output), "-q"])
    assert result.exit_code == 0, result.output
    assert entries(source, "book") and len(parsed(source)) == 3


@pytest.mark.slow  # four child processes; the cache's reading and writing: the tests above
def test_two_builds_at_once_leave_a_cache_that_builds_the_cold_pdf(source, tmp_path):
    output = tmp_path / "out" / "book.pdf"
    command = [sys.executable, "-m", "handbook", "build", str(source), "-o", str(output), "-q"]
    for round_ in range(2):
        (source / "03-three.md").write_text(FILES["03-three.md"] + f"\nRound {round_}.\n", encoding="utf-8")
        builds = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for process in builds:
            assert process.wait(timeout=300) == 0, process.stderr.read()
    assert not list((cache_dir(source)).rglob("*.tmp")), "no temporary entry left"
    for path in cache_dir(source).rglob("*.bin"):
        read_entry(path)
    build(source, output, use_cache=True)
    assert output.read_bytes() == cold_build(source, tmp_path)


def test_a_chapter_with_a_warning_is_not_stored_and_warns_again(source, tmp_path):
    (source / "02-two.md").write_text(chapter("Two", "The ZZTOP word is not defined."), encoding="utf-8")
    output = tmp_path / "out" / "book.pdf"
    first = build(source, output, use_cache=True).diagnostics
    again = build(source, output, use_cache=True).diagnostics
    assert [d.format() for d in first.items] == [d.format() for d in again.items]
    assert any("ZZTOP" in d.message for d in again.items)


def test_the_glyph_check_skips_only_chapters_found_complete_and_warns_on_every_build(source, tmp_path):
    output = tmp_path / "out" / "book.pdf"

    def missing() -> list[str]:
        result = build(source, output, use_cache=True).diagnostics
        return sorted(d.format() for d in result.items if d.code == "glyph-missing")

    assert missing() == [] and len(entries(source, "glyphs")) == 3  # each chapter noted complete
    (source / "02-two.md").write_text(chapter("Two", "A private sign \ue000 here."), encoding="utf-8")
    first = missing()
    assert len(first) == 1 and "02-two.md" in first[0] and "U+E000" in first[0]
    noted = entries(source, "glyphs")  # (Three too: its first uses of acronyms changed)
    assert missing() == first  # not noted complete: checked and warned about again
    assert entries(source, "glyphs") == noted
    (source / "02-two.md").write_text(chapter("Two", "The QUAD and FOIP again."), encoding="utf-8")
    assert missing() == []


# --- preview of one chapter -------------------------------------------------------------


def test_a_preview_prints_the_chapter_as_the_book_does(source, tmp_path):
    output = tmp_path / "out" / "book.pdf"
    book = BuiltBook(output, build(source, output, use_cache=True))
    preview = tmp_path / "out" / "preview.pdf"
    from handbook.pipeline import build_chapter

    shown = BuiltBook(preview, build_chapter(source, preview, "2", use_cache=True, book_output=output))
    first = book.page_of("Chapter 2")
    assert shown.pages == book.pages[first : first + len(shown.pages)]  # numbers, running heads, text
    assert [shown.label(i) for i in range(len(shown.pages))] == [
        book.label(first + i) for i in range(len(shown.pages))
    ]
    assert first % 2 == 0 and int(shown.label(0)) % 2 == 1  # a right-hand page, as in the book
    # QUAD was spelled out in chapter 1: not again here; FOIP's first use is here.
    assert "Quadrilateral" not in shown.text and "Free and Open Indo-Pacific (FOIP)" in shown.text
    by_path = build_chapter(source, preview, str(source / "02-two.md"), use_cache=True, book_output=output)
    assert by_path.pages == len(shown.pages)


# A chapter's acronym step starts from the book's journal (model/journal.py) when the chapters
# before it are the ones the book read; the preview is the one that reads them all again.
RESUMED = {
    "as built": {},
    "an earlier chapter edited": {"01-one.md": chapter("One", "## Start\n\nTokyo, no acronym.")},
    "defined at a use, and a new meaning": {
        "01-one.md": chapter(
            "One", "## Start\n\nThe XYZ{Xenon Yield Zone} test and the QUAD{Quad Alliance} met."
        ),
        "02-two.md": chapter("Two", "## Next\n\nThe XYZ again, the QUAD{Quad Alliance} and FOIP."),
        "03-three.md": chapter("Three", "## Last\n\nXYZ and FOIP, once more, with QUAD."),
    },
}


@pytest.mark.parametrize("case", RESUMED)
@pytest.mark.parametrize(
    "answers", ["end", pytest.param("chapter", marks=pytest.mark.slow)]
)  # both: test-all
def test_a_preview_resumed_from_the_books_journal_is_the_preview_that_reads_every_chapter(
    source, tmp_path, monkeypatch, case, answers
):
    from handbook.enrich import acronyms
    from handbook.pipeline import build_chapter

    for name, text in RESUMED[case].items():
        (source / name).write_text(text, encoding="utf-8")
    output, preview = tmp_path / "out" / "book.pdf", tmp_path / "out" / "preview.pdf"
    options = BuildOptions(answers=answers)
    build(source, output, options, use_cache=True)
    started = []
    replay = acronyms._replay
    monkeypatch.setattr(acronyms, "_replay", lambda *a: started.append(replay(*a)) or started[-1])
    for number in ("2", "3"):
        resumed = build_chapter(source, preview, number, options, use_cache=True, book_output=output)
        assert started[-1] == int(number)  # the journal was used
        data = preview.read_bytes()
        journals = cache_dir(source) / "acronyms"
        for entry in journals.glob("*.bin"):
            entry.rename(entry.with_suffix(".aside"))
        read = build_chapter(source, preview, number, options, use_cache=True, book_output=output)
        assert started[-1] == 0 and preview.read_bytes() == data, number
        assert [str(d) for d in resumed.diagnostics.items] == [str(d) for d in read.diagnostics.items]
        for entry in journals.glob("*.aside"):
            entry.rename(entry.with_suffix(".bin"))


def test_the_books_bundle_serves_each_chapter_it_holds_and_only_those(source, tmp_path):
    """A book's build stores its chapters in one entry, read once by the next build or preview
    instead of one file per chapter; an edited chapter is not in it and is read anew."""
    from handbook.pipeline import build_chapter

    output, preview = tmp_path / "out" / "book.pdf", tmp_path / "out" / "preview.pdf"
    build(source, output, use_cache=True)
    assert len(entries(source, "bundle")) == 1
    (source / "01-one.md").write_text(FILES["01-one.md"].replace("Tokyo", "Osaka"), encoding="utf-8")
    build(source, output, use_cache=True)
    assert len(entries(source, "bundle")) == 1  # one chapter it lacks: not written again
    assert len(entries(source, "chapter")) == 1  # that one: an entry of its own
    assert output.read_bytes() == cold_build(source, tmp_path)
    (source / "01-one.md").write_text(FILES["01-one.md"], encoding="utf-8")  # as in the bundle
    for name in entries(source, "chapter"):  # only the bundle can serve the chapters now
        (cache_dir(source) / "chapter" / name).unlink()
    (source / "02-two.md").write_text(FILES["02-two.md"].replace("again.", "again!", 1), encoding="utf-8")
    build_chapter(source, preview, "3", use_cache=True, book_output=output)
    assert len(entries(source, "chapter")) == 1  # 1 and 3 from the bundle; 2 read and parsed anew
    shown = preview.read_bytes()
    for entry in (cache_dir(source) / "bundle").glob("*.bin"):  # every chapter read anew
        entry.unlink()
    build_chapter(source, preview, "3", use_cache=True, book_output=output)
    assert preview.read_bytes() == shown and entries(source, "bundle") == set()
    build(source, output, use_cache=True)
    assert output.read_bytes() == cold_build(source, tmp_path)
    assert len(entries(source, "chapter")) == 3  # all parsed anew (no bundle) by that preview
    assert len(entries(source, "bundle")) == 1


def test_a_preview_given_a_relative_path_reuses_what_a_build_given_the_absolute_path_stored(
    source, tmp_path, monkeypatch
):
    """Chapters are keyed by their real path: `handbook build ~/notes` and a preview of
    `notes/2.md` from the home folder (or through a link to the folder) find each other's
    chapters, and print the same bytes as a preview that reads every chapter again."""
    import handbook.pipeline
    from handbook.pipeline import build_chapter

    output, preview = tmp_path / "out" / "book.pdf", tmp_path / "out" / "preview.pdf"
    build(source.resolve(), output, use_cache=True)
    as_built = build_chapter(source.resolve(), preview, "2", use_cache=True, book_output=output)
    from_absolute = preview.read_bytes()
    parse, read_anew = handbook.pipeline.parse_chapter, []
    monkeypatch.setattr(
        handbook.pipeline,
        "parse_chapter",
        lambda source, *a: read_anew.append(source.path.name) or parse(source, *a),
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "linked").symlink_to(source.name)
    for given in (Path("src"), Path("./src/../src"), Path("linked")):
        shown = build_chapter(
            given, Path("out/preview.pdf"), "2", use_cache=True, book_output=Path("out/book.pdf")
        )
        assert read_anew == [], f"{given}: chapters read and parsed again: {read_anew}"
        assert preview.read_bytes() == from_absolute, given
        assert [str(d) for d in shown.diagnostics.items] == [str(d) for d in as_built.diagnostics.items]
    for kind in ("bundle", "chapter", "acronyms"):  # a preview that reads every chapter again
        for entry in (cache_dir(source) / kind).glob("*.bin"):
            entry.unlink()
    build_chapter(Path("src"), Path("out/preview.pdf"), "2", use_cache=True, book_output=Path("out/book.pdf"))
    assert len(read_anew) == 3 and preview.read_bytes() == from_absolute


def test_a_journal_is_not_used_when_a_chapter_before_the_preview_changed(source, tmp_path, monkeypatch):
    from handbook.enrich import acronyms
    from handbook.pipeline import build_chapter

    output, preview = tmp_path / "out" / "book.pdf", tmp_path / "out" / "preview.pdf"
    build(source, output, use_cache=True)
    (source / "01-one.md").write_text(chapter("One", "## Start\n\nTokyo, no acronym."), encoding="utf-8")
    started = []
    replay = acronyms._replay
    monkeypatch.setattr(acronyms, "_replay", lambda *a: started.append(replay(*a)) or started[-1])
    shown = BuiltBook(preview, build_chapter(source, preview, "2", use_cache=True, book_output=output))
    assert started == [0]
    assert "Quadrilateral Security Dialogue (QUAD)" in " ".join(shown.text.split())


def test_preview_of_a_chapter_that_does_not_exist_is_an_error(source, tmp_path):
    from handbook.pipeline import build_chapter

    with pytest.raises(BuildFailed) as failed:
        build_chapter(source, tmp_path / "p.pdf", "9")
    assert [d.code for d in failed.value.diagnostics.errors] == ["preview-no-chapter"]


def test_build_chapter_on_the_command_line_writes_preview_pdf(source, tmp_path):
    output = tmp_path / "out" / "book.pdf"
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(output), "--chapter", "3"])
    assert result.exit_code == 0, result.output
    assert "preview.pdf" in result.output and not output.exists()
    assert "Chapter 3" in BuiltBook(output.with_name("preview.pdf"), None).text


def test_watch_previews_a_saved_chapter_then_builds_the_book(source, tmp_path):
    from handbook.cli import rebuild

    output = tmp_path / "out" / "book.pdf"
    assert rebuild(source, output, BuildOptions(), set(), debug=False)
    assert not output.with_name("preview.pdf").exists()  # the first build: the whole book
    saved = source / "03-three.md"
    saved.write_text(FILES["03-three.md"].replace("feeling", "care"), encoding="utf-8")
    assert rebuild(source, output, BuildOptions(), {saved}, debug=False)
    preview = BuiltBook(output.with_name("preview.pdf"), None)
    assert "with care" in preview.text and "Chapter 3" in preview.text
    assert output.read_bytes() == cold_build(source, tmp_path)


KEYS = [digest("entry", number) for number in range(5)]


def test_pruning_keeps_the_newest_entries(tmp_path):
    cache = BuildCache(tmp_path / "c")
    for number, key in enumerate(KEYS):
        cache.put("chapter", key, number)
        os.utime(tmp_path / "c" / "chapter" / f"{key}.bin", ns=(number * 10**9, number * 10**9))
    cache.prune("chapter", keep=2)
    assert sorted(p.stem for p in (tmp_path / "c" / "chapter").glob("*.bin")) == sorted(KEYS[3:])
    assert cache.get("chapter", KEYS[4]) == 4 and cache.get("chapter", KEYS[0]) is None


def test_pruning_keeps_an_entry_read_lately_over_newer_ones_never_read(tmp_path):
    """An unchanged chapter's entry, written by the first build and read by every one since,
    must outlive the entries of a hundred edits to another chapter."""
    cache = BuildCache(tmp_path / "c")
    for number, key in enumerate(KEYS):
        cache.put("layout", key, number)
        os.utime(tmp_path / "c" / "layout" / f"{key}.bin", ns=(number * 10**9, number * 10**9))
    assert cache.get("layout", KEYS[0]) == 0  # the oldest, read now
    cache.prune("layout", keep=2)
    assert sorted(p.stem for p in (tmp_path / "c" / "layout").glob("*.bin")) == sorted([KEYS[0], KEYS[4]])


def test_a_killed_builds_temporary_entry_is_removed_once_it_is_old(source, tmp_path):
    output = cached_build(source, tmp_path)
    layout = cache_dir(source) / "layout"
    killed = layout / f".{KEYS[0]}.bin.{'a' * 12}.tmp"
    writing = layout / f".{KEYS[1]}.bin.{'b' * 12}.tmp"
    killed.write_bytes(b"")  # killed before it wrote anything
    writing.write_bytes(b"a concurrent build's entry, being written")
    old = killed.stat().st_mtime - STALE_TEMPORARY - 60
    os.utime(killed, (old, old))
    (source / "02-two.md").write_text(FILES["02-two.md"].replace("again.", "again!", 1), encoding="utf-8")
    build(source, output, use_cache=True)
    assert not killed.exists() and writing.exists()


def test_the_code_fingerprint_names_each_installed_distributions_version():
    import reportlab

    from handbook.cache import _installed_versions

    found = _installed_versions()
    assert any(name.startswith("reportlab") and reportlab.Version in name for name in found)
    assert len(found) > 5  # (click, pyyaml, pypdf, ... as well)
