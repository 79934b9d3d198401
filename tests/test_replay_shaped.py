"""A book with shaped text (Devanagari, emoji flags) is recorded and replayed too (issue 17):
its shaped chapters are laid out live, in order, in every build (reportlab gives shaped glyphs
codes per process, as it meets them), the others are recorded; a rebuild after an edit writes
the cold build's bytes."""

from __future__ import annotations

from handbook.cache import read_entry
from handbook.pipeline import build

from conftest import BuiltBook, cache_dir, cached_build, cold_build, write_sources

PLAIN = "The council met on the border. " * 60
HINDI = "भारत और जापान की साझेदारी मज़बूत हुई। " * 40


def test_shaped_chapters_are_live_the_others_recorded_and_a_rebuild_is_the_cold_build(tmp_path):
    source = write_sources(
        tmp_path / "src",
        {
            "book.yaml": "title: Mixed Notes\n",
            "01-one.md": f"---\ntitle: One\n---\n{PLAIN}\n\nSee [[03-three|the third]] \u2705.\n",
            "02-two.md": f"---\ntitle: Two\n---\n{HINDI}\n\nFlags: \U0001f1ee\U0001f1f3 {PLAIN}\n",
            "03-three.md": f"---\ntitle: Three\n---\n{PLAIN}\n",
        },
    )
    output = cached_build(source, tmp_path)
    stored = [read_entry(p) for p in (cache_dir(source) / "layout").glob("*.bin")]
    # One and Three recorded (One: measured, then drawn with its page number); Two never recorded.
    assert sorted((r.live, r.measured) for r in stored) == [(False, False), (False, False), (False, True)]
    book = BuiltBook(output, None)
    assert "भारत और जापान" in book.text
    three = next(i for i, text in enumerate(book.pages) if text.startswith("Chapter 3\nThree"))
    assert f"the third (p. {book.label(three)})" in book.flat_text.replace("\u00a0", " ")
    two = source / "02-two.md"
    two.write_text(two.read_text(encoding="utf-8").replace("Flags:", "Flags, again:"), encoding="utf-8")
    build(source, output, use_cache=True)
    assert output.read_bytes() == cold_build(source, tmp_path)
