"""Work a build no longer repeats (issue 24, preview speed): a TrueType face is read from its
file the first time it is used, not when the theme registers it; a theme loaded once in a
process is given again while its files hold the same text. Neither may change a byte."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from handbook.errors import Diagnostics
from handbook.theme import font_file, load_theme, load_theme_into

from conftest import write_sources

# --- faces read when first used -------------------------------------------------------------

PROGRAM = textwrap.dedent(
    r"""
    import hashlib, json, sys
    from pathlib import Path
    from pypdf import PdfReader
    from reportlab.pdfbase import pdfmetrics
    from handbook.layout import rlcompat
    from handbook.pipeline import build, build_chapter

    mode, source, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if mode == "every face read first":  # as before: each face read when registered
        from handbook.layout.fonts import register_fonts
        from handbook.theme import load_theme

        register_fonts(load_theme("default"))
        for name in pdfmetrics.getRegisteredFontNames():
            getattr(pdfmetrics.getFont(name), "face", None)

    def read_faces():
        return sorted(
            font.face.name.decode() for font in pdfmetrics._fonts.values()
            if getattr(font, "_dynamicFont", 0) and not isinstance(font, rlcompat._FaceOnDemand)
        )

    def embedded(pdf):
        return sorted({
            str(font.get_object()["/BaseFont"]).split("+")[-1]
            for page in PdfReader(pdf).pages for font in page["/Resources"]["/Font"].values()
        })

    registered = sorted(pdfmetrics.getRegisteredFontNames())
    build_chapter(source, out / "preview.pdf", "1")
    after_preview = read_faces()
    build(source, out / "book.pdf")
    print(json.dumps({
        "registered_before": registered,
        "read_by_preview": after_preview,
        "preview_embeds": embedded(out / "preview.pdf"),
        "preview": hashlib.sha256((out / "preview.pdf").read_bytes()).hexdigest(),
        "book": hashlib.sha256((out / "book.pdf").read_bytes()).hexdigest(),
        "book_embeds": embedded(out / "book.pdf"),
    }))
    """
)

CHAPTER = """---
title: Ports and partners
---

## The corridor

The **Chennai–Vladivostok** corridor and the *Asia–Africa Growth Corridor* were named in
the same year; the code `AAGC-2017` is the ministry's.

- Sagarmala ports
- Delhi–Mumbai **freight** line
"""


def run_fresh(mode: str, source: Path, out: Path) -> dict:
    """The PROGRAM in a process of its own (nothing registered or read before it)."""
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, mode, str(source), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_preview_reads_only_the_faces_it_draws_and_every_pdf_is_as_with_each_face_read_first(tmp_path):
    source = write_sources(tmp_path / "src", {"01-ports.md": CHAPTER})
    lazy = run_fresh("faces read when first used", source, tmp_path / "lazy")
    eager = run_fresh("every face read first", source, tmp_path / "eager")
    # The preview read the faces it embeds (the glyph check's two among them), no more.
    assert lazy["read_by_preview"] == lazy["preview_embeds"]
    assert 2 < len(lazy["read_by_preview"]) < 12
    assert "GentiumBookPlus-BoldItalic" not in lazy["read_by_preview"]
    # Same bytes, same fonts embedded, as when every face was read when it was registered.
    assert lazy["preview"] == eager["preview"] and lazy["book"] == eager["book"]
    assert lazy["book_embeds"] == eager["book_embeds"] and "GentiumBookPlus-Bold" in lazy["book_embeds"]


@pytest.fixture
def reportlab_tables():
    """reportlab's tables of fonts, faces and families, put back as they were after the test."""
    from reportlab.lib import fonts as rl_fonts
    from reportlab.pdfbase import pdfmetrics

    tables = (pdfmetrics._fonts, pdfmetrics._dynFaceNames, rl_fonts._tt2ps_map, rl_fonts._ps2tt_map)
    saved = [dict(table) for table in tables]
    yield
    for table, before in zip(tables, saved):
        table.clear()
        table.update(before)


def _tables_for(prefix: str) -> dict:
    """What reportlab's tables say of the names starting with `prefix`: each name's font (by the
    name it was read under) and each family mapping."""
    from reportlab.lib import fonts as rl_fonts
    from reportlab.pdfbase import pdfmetrics

    names = [name for name in pdfmetrics._fonts if name.startswith(prefix)]
    for name in names:
        assert pdfmetrics.getFont(name).face.name  # (read now, if it was not)
    return {
        "fonts": {name: pdfmetrics._fonts[name].fontName for name in names},
        "families": {key: value for key, value in rl_fonts._tt2ps_map.items() if key[0].startswith(prefix)},
        "names": {key: value for key, value in rl_fonts._ps2tt_map.items() if key.startswith(prefix)},
    }


def test_a_face_registered_on_demand_leaves_reportlabs_tables_as_register_font_does(
    reportlab_tables, monkeypatch
):
    """Registering 'x', 'x-Bold' and 'x-Italic' (the regular file again, as a script without
    italics lists it), then mapping the family: the same fonts under the same names and the
    same family maps, whether each face is read when registered or when first used; the file
    shared by two names is one font (one subset per document), as reportlab makes it."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from handbook.layout import rlcompat

    monkeypatch.setattr(rlcompat, "_on_demand", {})  # (nor the suite's faces of these files)
    theme = load_theme("default")
    regular = str(font_file(theme.fonts["sans"], "regular", theme.source))
    bold = str(font_file(theme.fonts["sans"], "bold", theme.source))
    faces = [("lazyx", regular, 0, 0), ("lazyx-Bold", bold, 1, 0), ("lazyx-Italic", regular, 0, 1)]

    def register(each) -> dict:
        pdfmetrics._dynFaceNames.clear()  # (the suite's own fonts of these files stay out of it)
        for name, path, is_bold, italic in faces:
            each(name, path)
            addMapping("lazyx", is_bold, italic, name)
        return _tables_for("lazyx")

    eager = register(lambda name, path: pdfmetrics.registerFont(TTFont(name, path)))
    for name, *_ in faces:
        del pdfmetrics._fonts[name]
    unread = []

    def register_on_demand(name, path):
        rlcompat.register_truetype_font(name, path)
        unread.append(isinstance(pdfmetrics._fonts[name], rlcompat._FaceOnDemand))

    on_demand = register(register_on_demand)
    assert unread == [True, True, True]
    assert on_demand == eager
    assert pdfmetrics.getFont("lazyx-Italic") is pdfmetrics.getFont("lazyx")
    assert not isinstance(pdfmetrics.getFont("lazyx-Bold"), rlcompat._FaceOnDemand)
    assert pdfmetrics.stringWidth("Corridor", "lazyx-Bold", 10) > pdfmetrics.stringWidth(
        "Corridor", "lazyx", 10
    )


# --- themes remembered per process ------------------------------------------------------------

THEME = "extends: default\ncolors:\n  accent: '#112233'\n"


def test_a_theme_loaded_again_is_the_same_until_its_text_changes(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(THEME, encoding="utf-8")
    first = load_theme(str(path))
    assert load_theme(str(path)) is first  # read and checked once
    path.write_text(THEME.replace("112233", "445566"), encoding="utf-8")  # same size, maybe same time
    edited = load_theme(str(path))
    assert edited is not first and edited.colors.accent == "#445566"
    assert load_theme("default") is load_theme("default")


def test_a_remembered_theme_whose_file_became_a_link_out_of_the_folder_is_refused(tmp_path):
    source = write_sources(tmp_path / "src", {"mine.yaml": THEME})
    outside = write_sources(tmp_path / "outside", {"mine.yaml": THEME})
    where = dict(base_dir=source, confine_to=source)
    assert load_theme_into("mine.yaml", Diagnostics(), **where) is not None
    (source / "mine.yaml").unlink()
    (source / "mine.yaml").symlink_to(outside / "mine.yaml")
    diagnostics = Diagnostics()
    assert load_theme_into("mine.yaml", diagnostics, **where) is None
    assert diagnostics.has_errors


def test_a_remembered_theme_reports_its_warnings_again(tmp_path, monkeypatch):
    import handbook.theme.load as load

    checks = load.check_references

    def check_and_warn(theme, merged, path, diagnostics):
        checks(theme, merged, path, diagnostics)
        diagnostics.warning(path, 2, "a warning of the theme", code="theme-test-warning")

    monkeypatch.setattr(load, "check_references", check_and_warn)
    path = tmp_path / "warned.yaml"
    path.write_text(THEME, encoding="utf-8")
    said = [Diagnostics(), Diagnostics()]
    themes = [load_theme_into(str(path), diagnostics) for diagnostics in said]
    assert themes[0] is themes[1]
    assert [str(d) for d in said[0].items] == [str(d) for d in said[1].items] != []


def test_a_theme_with_a_font_file_beside_it_is_checked_on_every_load(tmp_path):
    default = load_theme("default")
    font = tmp_path / "body.ttf"
    font.write_bytes(Path(font_file(default.fonts["serif"], "regular", default.source)).read_bytes())
    path = tmp_path / "local.yaml"
    path.write_text(
        THEME + "fonts:\n  local:\n    package: ''\n    regular: body.ttf\n    bold: body.ttf\n"
        "    italic: body.ttf\n    bold_italic: body.ttf\n",
        encoding="utf-8",
    )
    first = load_theme(str(path))
    assert load_theme(str(path)) is not first  # not remembered: the font is read again, through the gate
    font.write_bytes(b"not a font")
    diagnostics = Diagnostics()
    assert load_theme_into(str(path), diagnostics) is None
    assert [d.code for d in diagnostics.errors] == ["font-file-unusable"] * 4


def test_a_build_or_preview_does_not_import_pypdf_unless_it_verifies_replay():
    """pypdf (a quarter of the modules a preview loaded) is for verified builds and products."""
    program = "import sys, handbook.pipeline, handbook.output.pdf, handbook.output.preview; print('pypdf' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
