"""Jupyter Book and MyST sites build as their site reads: the chapters `_toc.yml` (or
`myst.yml`'s `toc:`) lists, in its order; `{math}` roles drawn as formulas; a link written with
no text shows something. Found building gamma-opt/jb_instructions (our own fixture text)."""

from __future__ import annotations

from test_flavours import _parsed  # a folder of files -> (book, diagnostics)
from test_math_robust import _actual_texts

TOC = """\
format: jb-book
root: intro
parts:
- caption: Treaties
  chapters:
  - file: treaties/zz-peace
    sections:
    - file: treaties/aa-trade.md
- caption: Web
  chapters:
  - url: https://example.org
  - file: notebooks/run
"""


def test_a_jupyter_book_s_chapters_are_its_table_of_contents_in_its_order(tmp_path):
    files = {
        "_toc.yml": TOC,
        "intro.md": "# Welcome\n\nThe book.\n",
        "treaties/zz-peace.md": "# Peace\n\nText.\n",
        "treaties/aa-trade.md": "# Trade\n\nText.\n",
        "drafts/unlisted.md": "# Draft\n\nNot in the book.\n",
        "notebooks/run.ipynb": "{}",
    }
    book, diagnostics = _parsed(tmp_path, files)
    # Path order would be drafts, intro, treaties/aa, treaties/zz.
    assert [c.meta.title for c in book.chapters] == ["Welcome", "Peace", "Trade"]
    assert not diagnostics.has_errors


def test_a_myst_site_s_toc_orders_its_chapters(tmp_path):
    files = {
        "myst.yml": "version: 1\nproject:\n  toc:\n    - file: b.md\n    - file: a.md\n      children:\n        - file: c.md\n",
        "a.md": "# Alpha\n\nText.\n",
        "b.md": "# Beta\n\nText.\n",
        "c.md": "# Gamma\n\nText.\n",
    }
    book, _ = _parsed(tmp_path, files)
    assert [c.meta.title for c in book.chapters] == ["Beta", "Alpha", "Gamma"]


def test_math_roles_are_formulas_and_empty_links_show_their_page(make_book):
    text = (
        "# Gradients\n\nSince {math}`\\nabla g=-\\nabla f`, the direction reverses. "
        "See the plotting page: [](./plots/makie_plots.md).\n"
    )
    book = make_book({"_toc.yml": "format: jb-book\nroot: intro\n", "intro.md": text})
    assert not book.result.diagnostics.has_errors
    flat = " ".join(book.text.split())
    assert "{math}" not in flat and "\\nabla g=-\\nabla f" in _actual_texts(book.path)
    assert "plotting page: makie plots." in flat


def test_a_table_of_contents_of_aliases_expanding_past_bounds_orders_nothing(tmp_path):
    # Nine levels of nine aliases: a billion entries once walked. Refused by the loader's
    # bounds at once; the notes are then taken in path order.
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(8):
        this, below = chr(98 + level), chr(97 + level)
        lines.append(f"{this}: &{this} [" + ", ".join([f"*{below}"] * 9) + "]")
    files = {"_toc.yml": "\n".join(lines) + "\nchapters: *i\n", "b.md": "# B\n", "a.md": "# A\n"}
    book, _ = _parsed(tmp_path, files)
    assert [c.meta.title for c in book.chapters] == ["A", "B"]
