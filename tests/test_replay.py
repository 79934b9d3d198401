"""Chapters recorded alone and replayed into the book (layout.replay, issue 17): the replayed book
shows exactly what laying every chapter out in the book shows, a rebuild after an edit records
only what changed and writes the cold build's bytes, and what cannot be recorded is laid out live."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import handbook
from handbook.output import recordpool
from handbook.cache import read_entry
from handbook.layout import pages
from handbook.layout.replay import LIVE
from handbook.options import BuildOptions
from handbook.pipeline import build

from bench.corpus import write_corpus
from bench.run import one_line_edit
from conftest import ROOT, cache_dir, cached_build, cold_build, examples, write_sources
from pdffacts import links, outline
from png import png_bytes
from pdffacts import page_texts

CHAPTERS = 4  # the fewest the process pool records in workers (recordpool.MIN_CHAPTERS)


@pytest.fixture
def corpus(tmp_path):
    """A generated book: headings, nested lists, tables, quotes, acronyms, mind maps, questions."""
    folder = tmp_path / "src"
    write_corpus(folder, CHAPTERS)
    return folder


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    """(corpus, PDF bytes, recordings) of one cached build (jobs=1) of a generated corpus, with
    a user cache of its own: shared by the tests that only read them (a build of the corpus
    costs half a second of CPU). A test that edits the corpus uses `corpus`."""
    folder = tmp_path_factory.mktemp("replayed")
    write_corpus(folder / "src", CHAPTERS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder / "user-cache"))
        build(folder / "src", folder / "book.pdf", use_cache=True, jobs=1)
        stored = recordings(folder / "src")
    return folder / "src", (folder / "book.pdf").read_bytes(), stored


def recordings(source: Path) -> dict[str, object]:
    return {p.name: read_entry(p) for p in (cache_dir(source) / "layout").glob("*.bin")}


def facts(path: Path) -> dict:
    reader = PdfReader(str(path))
    return {
        "text": page_texts(reader),
        "labels": list(reader.page_labels),
        "outline": outline(path),
        "links": [(link["page"], link["uri"], link["dest_page"], link["dest_top"]) for link in links(path)],
        "destinations": sorted(reader.named_destinations),
    }


def test_a_replayed_book_shows_what_the_chapters_laid_out_in_it_show(replayed, tmp_path, monkeypatch):
    corpus, data, stored = replayed
    assert len(stored) == CHAPTERS + 1 and not any(r.live for r in stored.values()), "chapters and key"
    replayed = tmp_path / "replayed" / "book.pdf"
    replayed.parent.mkdir()
    replayed.write_bytes(data)

    monkeypatch.setattr(recordpool, "record_chapter", lambda *args: LIVE)  # every chapter live
    live = tmp_path / "live" / "book.pdf"
    build(corpus, live, use_cache=False)
    got, want = facts(replayed), facts(live)
    assert got["text"] == want["text"]  # every page, in order: body, running heads, folios
    assert got["labels"] == want["labels"]
    assert got["outline"] == want["outline"] and len(got["outline"]) > CHAPTERS
    assert got["links"] == want["links"] and any(dest is not None for _, _, dest, _ in got["links"])
    assert got["destinations"] == want["destinations"]
    glossary = next(i for i, text in enumerate(got["text"]) if text.lstrip().startswith("Glossary"))
    assert any(char.isdigit() for char in got["text"][glossary]), "the glossary lists pages"


@pytest.mark.slow  # three builds; fast: test_tracked_inputs (one chapter recorded again), test_cache (cold bytes)
def test_a_one_line_edit_records_one_chapter_again_and_writes_the_cold_bytes(corpus, tmp_path):
    output = cached_build(corpus, tmp_path)
    before = set(recordings(corpus))
    middle = sorted(corpus.glob("*.md"))[CHAPTERS // 2]
    middle.write_text(one_line_edit(middle.read_text(encoding="utf-8"), 0), encoding="utf-8")
    build(corpus, output, use_cache=True)
    assert len(set(recordings(corpus)) - before) == 1, "only the edited chapter, not the answer key"
    assert output.read_bytes() == cold_build(corpus, tmp_path)
    assert "An edit, number 1." in "".join(page_texts(str(output)))


def key_pages(path: Path) -> str:
    texts = page_texts(str(path))
    start = next(i for i, text in enumerate(texts) if text.lstrip().startswith("Answer Key"))
    end = next(i for i, text in enumerate(texts) if text.lstrip().startswith("Glossary"))
    return "\n".join(texts[start:end])


# Three builds each; the answer key recorded again after an edit is fast in test_tracked_inputs.py.
@pytest.mark.slow
@pytest.mark.parametrize("edit", ["explanation", "title"])
def test_an_edit_the_answer_key_prints_records_it_again_and_writes_the_cold_bytes(corpus, tmp_path, edit):
    output = tmp_path / "out" / "book.pdf"
    build(corpus, output, use_cache=True)
    before = set(recordings(corpus))
    assert "A changed explanation" not in key_pages(output)
    middle = sorted(corpus.glob("*.md"))[CHAPTERS // 2]
    text = middle.read_text(encoding="utf-8")
    if edit == "explanation":  # a question's explanation: printed in the key only
        changed = text.replace("  explanation: ", "  explanation: A changed explanation. ", 1)
        shown = "A changed explanation"
    else:  # the chapter's title: the key's group heading prints it
        changed = text.replace("title: '", "title: 'Retitled ", 1)
        shown = "Retitled"
    assert changed != text
    middle.write_text(changed, encoding="utf-8")
    build(corpus, output, use_cache=True)
    assert len(set(recordings(corpus)) - before) == 2, "the chapter and the answer key again"
    assert output.read_bytes() == cold_build(corpus, tmp_path)
    assert shown in key_pages(output)


# Each a part of the key the chapter cache shares: fast tests of each in test_cache.py
# (test_a_rebuild_after_an_edit_is_the_cold_build_byte_for_byte, test_a_new_version_...).
@pytest.mark.slow
@pytest.mark.parametrize("edit", ["glossary", "book.yaml", "version", "options"])
def test_a_rebuild_after_any_change_is_the_cold_build(corpus, tmp_path, monkeypatch, edit):
    cached_build(corpus, tmp_path)  # fills the cache
    options = BuildOptions()
    if edit == "glossary":
        path = corpus / "glossary.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("Dialogue", "Talks"), encoding="utf-8")
    elif edit == "book.yaml":
        path = corpus / "book.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "answers: chapter\n", encoding="utf-8")
    elif edit == "version":
        monkeypatch.setattr(handbook, "__version__", handbook.__version__ + ".post1")
    else:
        options = BuildOptions(answers="none", shuffle_seed=5)
    assert cached_build(corpus, tmp_path, options).read_bytes() == cold_build(corpus, tmp_path, options)


@pytest.mark.slow  # test_cache.py::test_an_entry_cut_short_or_changed_is_never_used in the fast suite
def test_a_recording_cut_short_is_never_used(corpus, tmp_path):
    output = cached_build(corpus, tmp_path)
    good = output.read_bytes()
    for path in (cache_dir(corpus) / "layout").glob("*.bin"):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])  # a build killed mid-write
    for path in (cache_dir(corpus) / "book").glob("*.bin"):
        path.unlink()  # not the stored book: the chapters must be laid out from the recordings
    build(corpus, output, use_cache=True)
    assert output.read_bytes() == good
    assert all(not r.live for r in recordings(corpus).values()), "whole entries again"


@pytest.mark.slow  # cached == cold: test_the_sample_rebuilt_after_an_edit_is_the_cold_build, fast
def test_no_cache_builds_the_same_bytes_and_stores_nothing(corpus, tmp_path):
    output = cached_build(corpus, tmp_path)
    assert cold_build(corpus, tmp_path) == output.read_bytes()
    assert not (tmp_path / "cold" / ".cache").exists()


def test_a_chapter_with_an_image_is_laid_out_live_and_keeps_it(tmp_path):
    body = "## Map\n\nThe QUAD met in Tokyo. " * 20
    source = write_sources(
        tmp_path / "src",
        {
            "book.yaml": "title: Pictures\n",
            "glossary.yaml": "QUAD: Quadrilateral Security Dialogue\n",
            "01-map.md": f"---\ntitle: Map\n---\n{body}\n\n![A map](map.png)\n",
            "02-text.md": f"---\ntitle: Text\n---\n{body}\n",
        },
    )
    (source / "map.png").write_bytes(png_bytes(30, 20))
    output = cached_build(source, tmp_path)
    assert sorted(r.live for r in recordings(source).values()) == [False, True]
    with pdfplumber.open(output) as doc:
        assert sum(len(page.images) for page in doc.pages) == 1
    (source / "02-text.md").write_text(f"---\ntitle: Text\n---\n{body} More.\n", encoding="utf-8")
    build(source, output, use_cache=True)
    assert output.read_bytes() == cold_build(source, tmp_path)


def test_each_font_is_embedded_once(replayed):
    reader = PdfReader(io.BytesIO(replayed[1]))
    found: dict[str, set] = {}
    for page in reader.pages:
        for ref in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            name = str(ref.get_object()["/BaseFont"])
            found.setdefault(name, set()).add(ref.idnum)
    assert found and all(len(ids) == 1 for ids in found.values()), found


@pytest.mark.parametrize("language", ["", pytest.param("hi", marks=pytest.mark.slow)])
def test_the_sample_rebuilt_after_an_edit_is_the_cold_build(tmp_path, language):
    source = tmp_path / "chapters"
    shutil.copytree(ROOT / "chapters", source)
    options = BuildOptions(language=language)
    cached_build(source, tmp_path, options)  # fills the cache
    suffix = ".hi.md" if language else ".md"
    edited = sorted(p for p in source.glob(f"*{suffix}") if language or ".hi." not in p.name)[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text + "\nOne more line.\n", encoding="utf-8")
    assert cached_build(source, tmp_path, options).read_bytes() == cold_build(source, tmp_path, options)


def test_chapters_recorded_in_worker_processes_give_the_same_bytes(replayed, tmp_path):
    corpus, one, stored_by_one = replayed  # recorded by the main process alone (jobs=1)
    pooled = tmp_path / "pool" / "book.pdf"
    build(corpus, pooled, use_cache=True, jobs=2)  # this test's user cache: nothing to reuse
    assert pooled.read_bytes() == one
    assert set(recordings(corpus)) == set(stored_by_one), "the same recordings, stored by the main process"


def test_workers_only_where_they_pay(monkeypatch):
    monkeypatch.setattr(recordpool, "available_cores", lambda: 1)
    assert recordpool.workers_for(None, 200) == 0  # one core: the main process alone
    monkeypatch.setattr(recordpool, "available_cores", lambda: 2)
    assert recordpool.workers_for(None, 200) == 2
    assert recordpool.workers_for(1, 200) == 0  # --jobs 1
    assert recordpool.workers_for(None, recordpool.MIN_CHAPTERS - 1) == 0  # too few to pay
    assert recordpool.workers_for(8, 5) == 5


def test_jobs_on_the_command_line(corpus, tmp_path):
    from click.testing import CliRunner

    from handbook.cli import main

    outputs = []
    for jobs in ("1", "2"):
        output = tmp_path / jobs / "book.pdf"
        result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(output), "-q", "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    result = CliRunner().invoke(main, ["build", str(corpus), "-o", str(tmp_path / "x.pdf"), "--jobs", "0"])
    assert result.exit_code == 2


@pytest.mark.slow  # the pool itself: test_chapters_recorded_in_worker_processes_give_the_same_bytes
def test_a_worker_that_dies_leaves_the_recording_to_the_main_process(corpus, tmp_path, monkeypatch):
    import os as os_module

    main_pid = os_module.getpid()
    real = recordpool.record_one

    def dies_in_a_worker(index, ctx, seed, folios=None):
        if os_module.getpid() != main_pid:
            os_module._exit(9)  # killed, as by the kernel when memory runs out
        return real(index, ctx, seed, folios)

    monkeypatch.setattr(recordpool, "record_one", dies_in_a_worker)
    output = tmp_path / "out" / "book.pdf"
    build(corpus, output, use_cache=True, jobs=2)
    assert output.read_bytes() == cold_build(corpus, tmp_path)


ALPHABET = "ab\u00e9\u00f1\u2019\u201c\u201d\u2014\u00b7\u20b9\u00fc"


@given(
    st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=12), min_size=2, max_size=6),
    st.randoms(use_true_random=False),
)
@settings(max_examples=examples(25, fast=8), deadline=None)
def test_seeded_codes_do_not_depend_on_what_was_drawn_before(texts, random):
    """With the seed given first, the bytes that draw a text are the same in every document,
    whatever it drew before (reportlab alone numbers codes by first use)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from handbook.errors import Diagnostics
    from handbook.layout import rlcompat
    from handbook.layout.fontseed import font_seed, seed_fonts
    from handbook.layout.fonts import font_name, register_fonts
    from handbook.theme import load_theme_into

    theme = load_theme_into("default", Diagnostics())
    register_fonts(theme)
    seed = font_seed("".join(sorted(set(ALPHABET) - set("ab"))), theme)
    body = font_name(theme.text.body.font, False, False)

    def drawn(order: list[str]) -> dict[str, str]:
        canvas = Canvas(io.BytesIO())
        seed_fonts(canvas, seed)
        canvas.setFont(body, 10)
        codes = {}
        for text in order:
            before = len(rlcompat.page_code(canvas))
            canvas.drawString(10, 10, text)
            codes[text] = "\n".join(rlcompat.page_code(canvas)[before:])
        return codes

    shuffled = list(texts)
    random.shuffle(shuffled)
    assert drawn(texts) == drawn(shuffled)


@pytest.mark.slow  # tests/test_rlcompat.py checks the same bytes link by link in the fast suite
def test_links_written_faster_leave_the_book_byte_identical(corpus, tmp_path, monkeypatch):
    faster = cold_build(corpus, tmp_path)
    assert faster.count(b"/Subtype /Link") > 100
    monkeypatch.setattr(pages, "write_links_faster", lambda canvas: None)  # reportlab's own writing
    assert cold_build(corpus, tmp_path) == faster


def test_the_seed_names_the_fallback_faces_the_text_needs_whatever_is_registered(default_fonts):
    """Fallback faces (symbols, emoji, Devanagari) are registered by whatever first needs them
    in the process (the glyph check, which a warm cache skips): the seed, part of every
    recording's key and of the bytes, follows the text alone."""
    from handbook.layout import scripts
    from handbook.layout.fontseed import font_seed

    plain = font_seed("\u00e9\u2014\u2019", default_fonts)
    for face in ("serif", "sans", "mono"):
        scripts.fallback_faces(face)  # registers every face of the chain, as a glyph check may
    assert font_seed("\u00e9\u2014\u2019", default_fonts) == plain
    assert not {name for name, _ in plain} & {"symbols", "emoji", "cjk", "devanagari"}
    marked = dict(font_seed("\u00e9\u2705", default_fonts))  # a check mark emoji: the emoji face
    assert "\u2705" in marked["emoji"] and "devanagari" not in marked
