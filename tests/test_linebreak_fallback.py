"""A justified paragraph total fit cannot set (a word wider than the line that may not be
hyphenated: here a capitalised call sign in the A5 booklet's measure) is set line by line as
before, and the build says so once per paragraph, with its file and line (issue 27): whether
the chapter was laid out in the book, recorded in another process, or reused from the cache."""

from __future__ import annotations

import pdfplumber

from conftest import write_sources
from handbook.options import BuildOptions
from handbook.pipeline import build

SIGN = "WM" * 19 + "W"  # 39 capitals, wider than the A5 measure; never hyphenated
CHAPTER = f"""---
title: Call signs
---

The frigate came into harbour at dawn, and the crowd on the quay waved flags at the sailors.

The call sign {SIGN} is painted on the hull in letters a metre high, as every navy paints them.

Her sister ship, the second of the class, is due in the spring of next year.

The old destroyer kept the sign {SIGN} long after the war, until the yard broke her up.
"""
LINES = [7, 11]  # the paragraphs holding the sign (front matter: lines 1-3)


def unset_warnings(result) -> list[str]:
    return [d.format() for d in result.diagnostics.items if d.code == "paragraph-unset"]


def test_a_paragraph_that_cannot_be_set_is_reported_once_with_file_and_line(tmp_path):
    source = write_sources(tmp_path / "src", {"book.yaml": "title: Ships\n", "01-ships.md": CHAPTER})
    result = build(source, tmp_path / "book.pdf", BuildOptions(style="a5-booklet"))
    chapter = source / "01-ships.md"
    warned = unset_warnings(result)
    assert [w.split(": warning: ")[0] for w in warned] == [f"{chapter}:{line}" for line in LINES]
    assert all("could not be set" in w for w in warned)
    with pdfplumber.open(tmp_path / "book.pdf") as pdf:
        text = "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert text.count(SIGN) == 2  # set (cut at a line's end), nothing lost


def test_reported_from_recording_processes_and_from_the_cache(tmp_path):
    files = {"book.yaml": "title: Ships\n"}
    for number in range(1, 6):  # enough chapters to record them in worker processes
        files[f"0{number}-ships.md"] = CHAPTER.replace("Call signs", f"Call signs {number}")
    source = write_sources(tmp_path / "src", files)
    expected = sorted(f"{source / f'0{n}-ships.md'}:{line}" for n in range(1, 6) for line in LINES)
    for _ in range(2):  # recorded by two processes, then the whole book from the cache
        result = build(
            source, tmp_path / "book.pdf", BuildOptions(style="a5-booklet"), use_cache=True, jobs=2
        )
        assert sorted(w.split(": warning: ")[0] for w in unset_warnings(result)) == expected


def test_paragraphs_total_fit_sets_are_not_reported(tmp_path):
    source = write_sources(
        tmp_path / "src", {"book.yaml": "title: Ships\n", "01-ships.md": CHAPTER.replace(SIGN, "INS Vikrant")}
    )
    assert unset_warnings(build(source, tmp_path / "book.pdf", BuildOptions(style="a5-booklet"))) == []


def test_reported_from_chapter_recordings_reused_after_an_edit(tmp_path):
    files = {"book.yaml": "title: Ships\n"}
    for number in range(1, 4):
        files[f"0{number}-ships.md"] = CHAPTER.replace("Call signs", f"Call signs {number}")
    source = write_sources(tmp_path / "src", files)
    options = BuildOptions(style="a5-booklet")
    build(source, tmp_path / "book.pdf", options, use_cache=True)
    edited = source / "03-ships.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("at dawn", "at noon"), encoding="utf-8")
    result = build(source, tmp_path / "book.pdf", options, use_cache=True)  # chapters 1-2 reused
    expected = sorted(f"{source / f'0{n}-ships.md'}:{line}" for n in range(1, 4) for line in LINES)
    assert sorted(w.split(": warning: ")[0] for w in unset_warnings(result)) == expected
