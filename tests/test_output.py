"""The written file: atomic replacement, byte-identical rebuilds, embedded fonts, metadata."""

from __future__ import annotations

import os

import pytest
from pypdf import PdfReader

from conftest import write_sources
from handbook.errors import BuildFailed
from handbook.options import BuildOptions
from handbook.pipeline import build
from pdffacts import STANDARD_14, fonts
from pdffacts import page_texts

CHAPTER = """
    ---
    title: Ties
    tags: [quad, japan]
    ---
    Text with “quotes” — dashes, ₹ 500 crore, café, Āśoka, `code` and **bold *both***.
    """


@pytest.fixture
def sources(tmp_path):
    return write_sources(
        tmp_path / "src",
        {
            "book.yaml": "title: The Book\nauthor: A. Writer\nsubtitle: For GS2\n",
            "01-a.md": CHAPTER,
        },
    )


def test_a_failed_build_leaves_the_previous_pdf_byte_identical(sources, tmp_path):
    output = tmp_path / "out" / "book.pdf"
    build(sources, output)
    before = output.read_bytes()
    (sources / "02-bad.md").write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(sources, output)
    assert failure.value.diagnostics.has_errors
    assert output.read_bytes() == before
    assert sorted(os.listdir(output.parent)) == ["book.pdf"]  # no temporary file left


def test_an_interrupted_write_leaves_the_previous_pdf_and_no_temp_file(sources, tmp_path, monkeypatch):
    output = tmp_path / "out" / "book.pdf"
    build(sources, output)
    before = output.read_bytes()

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(sources, output)
    assert output.read_bytes() == before
    assert sorted(os.listdir(output.parent)) == ["book.pdf"]


def test_the_same_sources_give_the_same_bytes(sources, tmp_path):
    first, second = tmp_path / "one.pdf", tmp_path / "two.pdf"
    build(sources, first)
    build(sources, second, BuildOptions())
    assert first.read_bytes() == second.read_bytes()


def test_every_font_is_embedded_and_none_is_a_standard_14_font(sources, tmp_path):
    output = tmp_path / "book.pdf"
    build(sources, output)
    found = fonts(output)
    assert found, "no fonts found"
    assert all(found.values()), f"not embedded: {[n for n, e in found.items() if not e]}"
    assert not set(found) & STANDARD_14
    # Regular, bold, italic and bold italic of the body font are all in use.
    assert {
        "GentiumBookPlus",
        "GentiumBookPlus-Bold",
        "GentiumBookPlus-Italic",
        "GentiumBookPlus-BoldItalic",
    } <= set(found)


def test_rupee_sign_quotes_dashes_and_accents_survive(sources, tmp_path):
    output = tmp_path / "book.pdf"
    build(sources, output)
    text = "".join(page_texts(str(output)))
    for expected in ["“quotes”", "—", "₹ 500", "café", "Āśoka"]:
        assert expected in text


def test_metadata_comes_from_book_yaml_and_tags(sources, tmp_path):
    output = tmp_path / "book.pdf"
    build(sources, output)
    info = PdfReader(str(output)).metadata
    assert info.title == "The Book"
    assert info.author == "A. Writer"
    assert info.subject == "For GS2"
    assert set(info["/Keywords"].split(", ")) == {"quad", "japan"}


def test_a_new_pdf_gets_ordinary_permissions_and_a_rebuilt_one_keeps_them(sources, tmp_path):
    output = tmp_path / "book.pdf"
    umask = os.umask(0o022)
    try:
        build(sources, output)
        assert output.stat().st_mode & 0o777 == 0o644
        output.chmod(0o664)
        build(sources, output)
        assert output.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(umask)
