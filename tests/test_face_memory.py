"""Issue 24, preview speed: what reportlab works out from a TrueType file's tables (its
TTFontFile.extractInfo, 3-21 ms a face in pure Python) is remembered across processes as the
build cache's `face` entries (incremental/faces.py, layout/rlcompat.py `_RememberedFace`).

A face set from its entry must be the face reportlab parses, attribute by attribute; a build
without a cache reads and writes no entry; and no PDF may change: the book, a preview and a
cached rebuild are the same bytes with an empty cache, with only the faces remembered, and
with no cache at all."""

from __future__ import annotations

import hashlib
import json
import os
import pickletools
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts

from handbook.incremental import memory
from handbook.incremental.faces import FaceMemory, faces_remembered
from handbook.incremental.kinds import KINDS
from handbook.incremental.store import BuildCache, encode
from handbook.layout import rlcompat
from handbook.theme import font_file, load_theme

SAMPLE = Path(__file__).resolve().parent.parent / "chapters"


def theme_faces() -> list[str]:
    """Every face file of the default theme (its fallback scripts' among them)."""
    theme = load_theme("default")
    found = []
    for spec in theme.fonts.values():
        for weight in ("regular", "bold", "italic", "bold_italic"):
            path = font_file(spec, weight, theme.source)  # type: ignore[arg-type]
            if path is not None and str(path) not in found:
                found.append(str(path))
    return found


def a_cache(tmp_path: Path) -> BuildCache:
    return BuildCache(tmp_path / "cache" / "books" / "x", root=tmp_path / "cache")


def assert_same_face(remembered, parsed) -> None:
    """The two faces' __dict__s: the same keys in the same order, each value of the same type
    and equal (reportlab's name strings with the same text; the scaling function giving the
    same numbers)."""
    mine, theirs = vars(remembered), vars(parsed)
    assert list(mine) == list(theirs)
    for key, value in theirs.items():
        if key == "_pdfScale":
            assert [mine[key](x) for x in range(-3000, 3000, 7)] == [value(x) for x in range(-3000, 3000, 7)]
            continue
        assert type(mine[key]) is type(value), key
        assert mine[key] == value, key
        if isinstance(value, ttfonts.TTFNameBytes):
            assert mine[key].ustr == value.ustr, key


def test_a_remembered_face_is_the_face_reportlab_parses_attribute_by_attribute(tmp_path, monkeypatch):
    every = theme_faces()  # (not the 10 MB CJK faces: a second each)
    paths = [path for path in every if "NotoSansSC" not in path and "Gujarati" not in path][:16]
    assert len(paths) >= 14 and any("Mukta" in p for p in paths) and any("Emoji" in p for p in paths), paths
    cache = a_cache(tmp_path)
    with faces_remembered(cache):
        read = [rlcompat.truetype_font(f"face{n}", path) for n, path in enumerate(paths)]
        assert (cache.hits, cache.misses) == (0, len(paths))
        with monkeypatch.context() as patched:  # a face set from its entry is not parsed again

            def parse(*_):
                raise AssertionError("parsed again")

            patched.setattr(ttfonts.TTFontFile, "extractInfo", parse)
            remembered = [rlcompat.truetype_font(f"face{n}", path) for n, path in enumerate(paths)]
        assert cache.hits == len(paths)
    assert len(list((cache.folder / "face").glob("*.bin"))) == len(paths)
    for path, first, again in zip(paths, read, remembered):
        parsed = ttfonts.TTFont("parsed", path)  # reportlab's own
        assert_same_face(first.face, parsed.face)
        assert_same_face(again.face, parsed.face)
        assert isinstance(again, ttfonts.TTFont) and isinstance(again.face, ttfonts.TTFontFace)
        # handbook's TTFont repeats reportlab's __init__: the same attributes
        assert list(vars(again)) == list(vars(parsed))
        assert (again._asciiReadable, again.shapable) == (parsed._asciiReadable, parsed.shapable)
        assert again.stringWidth("Corridor 2017 \u0915", 10) == parsed.stringWidth("Corridor 2017 \u0915", 10)


def test_a_face_entry_is_plain_data_the_stores_unpickler_reads_without_naming_a_class(tmp_path):
    cache = a_cache(tmp_path)
    with faces_remembered(cache):
        rlcompat.truetype_font("plain", theme_faces()[0])
    (entry,) = (cache.folder / "face").glob("*.bin")
    from handbook.incremental.store import MAGIC, _HEADER

    payload = entry.read_bytes()[len(MAGIC) + _HEADER.size :]
    ops = {op.name for op, _, _ in pickletools.genops(payload)}
    assert not ops & {"GLOBAL", "STACK_GLOBAL", "REDUCE", "BUILD", "NEWOBJ", "INST", "OBJ"}, ops


def test_the_face_key_names_the_fonts_bytes_and_the_code(tmp_path, monkeypatch):
    assert KINDS["face"].written_by == "incremental/faces.py"
    path = theme_faces()[0]
    data = Path(path).read_bytes()
    face = ttfonts.TTFontFace(path)
    same = ttfonts.TTFontFace(path)
    changed = ttfonts.TTFontFace(path)
    changed._ttf_data = data[:-1] + bytes([data[-1] ^ 1])  # one bit of the file
    identity = rlcompat._face_identity(face, 1)
    assert identity == rlcompat._face_identity(same, 1)
    assert identity != rlcompat._face_identity(changed, 1)
    assert hashlib.sha256(data).hexdigest() in identity
    key = FaceMemory.key(identity)
    assert key != FaceMemory.key(rlcompat._face_identity(changed, 1))
    monkeypatch.setattr(memory, "code_fingerprint", lambda: "another version")
    assert FaceMemory.key(identity) != key


def test_without_a_cache_no_face_is_remembered_or_looked_up(tmp_path):
    off = BuildCache(tmp_path / "cache" / "books" / "x", enabled=False, root=tmp_path / "cache")
    assert rlcompat._face_memory is None  # outside a build: off
    with faces_remembered(off):
        assert rlcompat._face_memory is None
        rlcompat.truetype_font("uncached", theme_faces()[0])
    assert not (tmp_path / "cache").exists()
    assert (off.hits, off.misses) == (0, 0)


# --- the PDFs do not change: processes of their own, each reading its faces afresh ------------

PROGRAM = textwrap.dedent(
    r"""
    import hashlib, json, sys
    from pathlib import Path
    from reportlab.pdfbase import ttfonts
    from handbook.pipeline import build, build_chapter

    source, out, use_cache = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "cache"
    parsed = []
    parse = ttfonts.TTFontFile.extractInfo
    def counted(self, *args):  # (this process only: counts the faces reportlab parses)
        parsed.append(1)
        return parse(self, *args)
    ttfonts.TTFontFile.extractInfo = counted
    result = build(source, out / "book.pdf", use_cache=use_cache)
    build_chapter(source, out / "preview.pdf", "2", use_cache=use_cache, book_output=out / "book.pdf")
    warned = [d.code for d in result.diagnostics.items if d.code == "cache-untrusted"]
    print(json.dumps({
        "book": hashlib.sha256((out / "book.pdf").read_bytes()).hexdigest(),
        "preview": hashlib.sha256((out / "preview.pdf").read_bytes()).hexdigest(),
        "parsed": len(parsed),
        "warned": warned,
    }))
    """
)


def run_fresh(source: Path, out: Path, cache_home: Path, use_cache: bool) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(source), str(out), "cache" if use_cache else "none"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def kind_folders(cache_home: Path) -> dict[str, int]:
    return {
        folder.name: len(list(folder.glob("*.bin")))
        for folder in cache_home.glob("handbook/books/*/*")
        if folder.is_dir()
    }


@pytest.mark.slow  # (four builds of the sample, each in a fresh process: `make test-all`)
def test_the_book_preview_and_rebuild_are_the_same_bytes_with_and_without_remembered_faces(tmp_path):
    source = tmp_path / "sample"
    shutil.copytree(SAMPLE, source)
    uncached = run_fresh(source, tmp_path / "none", tmp_path / "none-cache", use_cache=False)
    assert not (tmp_path / "none-cache" / "handbook" / "books").exists()  # nothing written
    home = tmp_path / "home"
    cold = run_fresh(source, tmp_path / "cold", home, use_cache=True)  # an empty cache
    remembered = kind_folders(home)["face"]
    assert remembered >= 8 and cold["parsed"] >= remembered
    for folder in home.glob("handbook/books/*/*"):  # only the faces remembered
        if folder.name != "face":
            shutil.rmtree(folder)
    faces_only = run_fresh(source, tmp_path / "faces", home, use_cache=True)
    assert faces_only["parsed"] == 0  # every face set from its entry
    rebuilt = run_fresh(source, tmp_path / "rebuilt", home, use_cache=True)  # everything cached
    for result in (cold, faces_only, rebuilt):
        assert result["book"] == uncached["book"]
        # (a preview prints the page numbers the book's last build found: none without a cache)
        assert result["preview"] == cold["preview"]
    assert uncached["parsed"] >= remembered


@pytest.mark.slow
def test_a_face_entry_signed_with_another_key_is_refused_and_changes_nothing(tmp_path):
    source = tmp_path / "sample"
    shutil.copytree(SAMPLE, source)
    home = tmp_path / "home"
    first = run_fresh(source, tmp_path / "first", home, use_cache=True)
    stranger = os.urandom(32)
    for folder in home.glob("handbook/books/*/*"):
        if folder.name != "face":
            shutil.rmtree(folder)
            continue
        for entry in folder.glob("*.bin"):  # a face of another font, under each face's name
            entry.write_bytes(
                encode((1, ("name",), {"name": (b"Forged", "Forged")}, {}), stranger, "face", entry.name)
            )
    forged = run_fresh(source, tmp_path / "forged", home, use_cache=True)
    assert forged["parsed"] >= 8 and forged["warned"] == ["cache-untrusted"]
    assert (forged["book"], forged["preview"]) == (first["book"], first["preview"])
