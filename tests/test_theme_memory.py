"""Issue 24, preview speed: a theme as loaded (its `extends:` chain merged, checked and
converted: some 20 ms of pure Python, a tenth of a preview) is remembered across processes as
the build cache's `theme` entries (incremental/themes.py, theme/load.py `remembering_themes`).

A theme read back must be the theme loaded afresh; one whose file was edited since is loaded
again (each file is read through the gate again and its text compared); a theme with a font
file of its own is never remembered; and the PDF never changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import cached_build, cold_build, write_sources
from handbook.errors import Diagnostics
from handbook.incremental.store import BuildCache
from handbook.incremental.themes import themes_remembered
from handbook.theme import font_file, load
from handbook.theme.load import builtin_themes, load_theme_into


def a_cache(tmp_path: Path) -> BuildCache:
    return BuildCache(tmp_path / "cache" / "books" / "x", root=tmp_path / "cache")


def a_new_process(monkeypatch) -> None:
    """Forget the themes this process loaded, as a new process would not know them."""
    monkeypatch.setattr(load, "_loaded", {})


def not_loaded_again(monkeypatch) -> None:
    def loading(*args, **kwargs):
        raise AssertionError("the theme was loaded again")

    monkeypatch.setattr(load, "_load_theme_into", loading)


@pytest.mark.parametrize("name", builtin_themes())
def test_a_remembered_theme_is_the_theme_loaded_afresh(tmp_path, monkeypatch, name):
    a_new_process(monkeypatch)
    fresh = load_theme_into(name, Diagnostics())
    assert fresh is not None
    cache = a_cache(tmp_path)
    a_new_process(monkeypatch)
    with themes_remembered(cache):
        assert load_theme_into(name, Diagnostics()) == fresh
    assert (cache.hits, cache.misses) == (0, 1)
    a_new_process(monkeypatch)
    with monkeypatch.context() as patched, themes_remembered(cache):
        not_loaded_again(patched)
        remembered = load_theme_into(name, Diagnostics())
    assert cache.hits == 1
    assert remembered is not fresh and remembered == fresh
    assert repr(remembered) == repr(fresh)  # (the cache keys of every other kind use its repr)


def test_a_build_without_a_cache_neither_reads_nor_writes_a_theme(tmp_path, monkeypatch):
    cache = BuildCache(tmp_path / "cache" / "books" / "x", enabled=False, root=tmp_path / "cache")
    a_new_process(monkeypatch)
    with themes_remembered(cache):
        assert load_theme_into("default", Diagnostics()) is not None
    assert (cache.hits, cache.misses) == (0, 0)
    assert not (tmp_path / "cache").exists()


BOOK = {
    "book.yaml": "title: Themes\nstyle: mine.yaml\n",
    "mine.yaml": 'extends: default\ncolors:\n  accent: "#1f4e79"\n',
    "01-one.md": "---\ntitle: One\n---\n\n# A heading in the accent colour\n\nSome text.\n",
}


def test_an_edited_theme_file_is_loaded_again_and_the_build_is_the_cold_build(
    tmp_path, monkeypatch, user_cache
):
    folder = write_sources(tmp_path / "notes", BOOK)
    a_new_process(monkeypatch)
    first = cached_build(folder, tmp_path).read_bytes()
    assert list(user_cache.rglob("theme/*.bin")), "the build remembered its theme"
    # A new process, the theme file edited: the remembered theme is not used.
    (folder / "mine.yaml").write_text('extends: default\ncolors:\n  accent: "#b22222"\n', encoding="utf-8")
    a_new_process(monkeypatch)
    second = cached_build(folder, tmp_path).read_bytes()
    assert second != first  # (the heading's colour: the only change)
    assert second == cold_build(folder, tmp_path)
    # And a new process with nothing edited uses the remembered theme, with the same bytes.
    a_new_process(monkeypatch)
    with monkeypatch.context() as patched:
        not_loaded_again(patched)
        third = cached_build(folder, tmp_path).read_bytes()
    assert third == second


def test_a_theme_with_a_font_file_of_its_own_is_not_remembered(tmp_path, monkeypatch):
    """Its font file is checked, and read through the gate, by every load."""
    default = load_theme_into("default", Diagnostics())
    assert default is not None
    face = font_file(default.fonts["serif"], "regular", default.source)
    folder = write_sources(tmp_path / "notes", BOOK)
    (folder / "a.ttf").write_bytes(Path(face).read_bytes())
    (folder / "mine.yaml").write_text(
        'extends: default\nfonts:\n  serif: {regular: a.ttf, bold: a.ttf, italic: a.ttf, bold_italic: a.ttf, package: ""}\n',
        encoding="utf-8",
    )
    cache = a_cache(tmp_path)
    for _ in range(2):
        a_new_process(monkeypatch)
        diagnostics = Diagnostics()
        with themes_remembered(cache):
            mine = load_theme_into("mine.yaml", diagnostics, base_dir=folder, confine_to=folder)
        assert mine is not None and diagnostics.items == []
        assert mine.fonts["serif"].regular == "a.ttf"
    assert cache.hits == 0 and not list((tmp_path / "cache").rglob("theme/*.bin"))


def test_a_built_in_theme_is_loaded_once_whatever_folder_names_it(tmp_path, monkeypatch):
    """Its name is found in the built-in folder wherever it is named from: books in two folders
    (every test's build, say) share it."""
    a_new_process(monkeypatch)
    first = load_theme_into("print-bw", Diagnostics(), base_dir=tmp_path / "a", confine_to=tmp_path / "a")
    with monkeypatch.context() as patched:
        not_loaded_again(patched)
        monkeypatch.chdir(tmp_path)
        named_at = (tmp_path / "b" / "book.yaml", 3)
        again = load_theme_into("print-bw", Diagnostics(), base_dir=tmp_path / "b", named_at=named_at)
    assert again is first
    # A theme named by its path is still looked for from where it is named.
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "print-bw.yaml").write_text(
        'extends: default\ncolors:\n  accent: "#b22222"\n', encoding="utf-8"
    )
    own = load_theme_into("print-bw.yaml", Diagnostics(), base_dir=tmp_path / "a", confine_to=tmp_path / "a")
    assert own is not None and own != first and own.colors != first.colors
