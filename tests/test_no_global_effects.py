"""Importing and using handbook leaves reportlab and the garbage collector as it found them.

A program that makes its own PDFs with reportlab and also calls handbook must get the same
bytes from reportlab before and after a handbook build: handbook's changes to reportlab's
module-level behaviour (layout/rlcompat.py's handbook_reportlab) and to the collector
(gc_settings.py) last only as long as the build. Run in a fresh process: the suite's own
process has built books already.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

PROGRAM = textwrap.dedent(
    r"""
    import gc, hashlib, io, json, sys
    from pathlib import Path

    import reportlab
    from reportlab import rl_config
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
    from reportlab.platypus import Paragraph, SimpleDocTemplate, paragraph, paraparser

    def plain_document() -> bytes:
        # reportlab used on its own: coloured markup, a link, compressed streams, a TrueType
        # face of its own (subset, ToUnicode map), a bookmark.
        out = io.BytesIO()
        font_dir = Path(reportlab.__file__).parent / "fonts"
        if "PlainVera" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(ttfonts.TTFont("PlainVera", str(font_dir / "Vera.ttf")))
        body = getSampleStyleSheet()["BodyText"]
        story = [
            Paragraph('A <font color="#1f4e79">coloured</font> word and <a href="#end" color="navy">a link</a>.', body),
            Paragraph('<font name="PlainVera">Caf\u00e9 na\u00efve text in a TrueType face.</font>', body),
            Paragraph('<a name="end"/>The end.', body),
        ]
        doc = SimpleDocTemplate(out, invariant=1, pageCompression=1, title="plain")
        doc.build(story)
        return out.getvalue()

    def module_state() -> dict:
        settings = {name: repr(getattr(rl_config, name)) for name in dir(rl_config) if not name.startswith("_")}
        tables = {
            name: repr(sorted((key, repr(entry)) for key, entry in table.items()))
            for name, table in sorted(vars(paraparser).items())
            if name.endswith("AttrMap") and isinstance(table, dict)
        }
        functions = {
            "TTFont.splitString": repr(ttfonts.TTFont.__dict__.get("splitString")),
            "makeToUnicodeCMap": repr(ttfonts.makeToUnicodeCMap),
            "pdfdocEnc": repr(pdfdoc.pdfdocEnc),
            "PDFName": repr(pdfdoc.PDFName),
            "PDFResourceDictionary.format": repr(pdfdoc.PDFResourceDictionary.__dict__.get("format")),
            "paragraph.shapeFragWord": repr(paragraph.shapeFragWord),
        }
        return {"rl_config": settings, "paraparser": tables, "functions": functions}

    # The caller's own collector settings, and objects of its own frozen.
    gc.set_threshold(1234, 11, 12)
    kept = [[index] for index in range(1000)]
    gc.freeze()
    frozen = gc.get_freeze_count()

    before = plain_document()
    state_before = module_state()

    from handbook.options import BuildOptions
    from handbook.pipeline import build

    build(Path(sys.argv[1]), Path(sys.argv[2]), BuildOptions())

    after = plain_document()
    state_after = module_state()
    changed = {
        part: sorted(key for key in state_before[part] if state_before[part][key] != state_after[part].get(key))
        for part in state_before
    }
    print(json.dumps({
        "built": Path(sys.argv[2]).is_file(),
        "same_bytes": before == after,
        "digest": hashlib.sha256(before).hexdigest(),
        "changed": changed,
        "tables": len(state_before["paraparser"]),
        "threshold": gc.get_threshold(),
        "frozen_before": frozen,
        "frozen_after": gc.get_freeze_count(),
        # frozen objects are out of gc.get_objects()' sight: the caller's are still frozen
        "caller_still_frozen": not any(item is kept for item in gc.get_objects()),
    }))
    """
)

CHAPTER = """---
title: Partnership at sea
---

# Partnership at sea

The [[#Exercises|exercises]] of the two navies and the **JIMEX** series began in 2012; see
[the ministry's page](https://example.org/jimex).

## Exercises

भारत और जापान की नौसेनाएँ हर वर्ष साथ अभ्यास करती हैं।

| Year | Exercise |
|------|----------|
| 2012 | JIMEX    |
"""

GLOSSARY = "JIMEX: Japan-India Maritime Exercise\n"


def test_a_build_leaves_reportlab_and_the_collector_as_it_found_them(tmp_path):
    source = tmp_path / "book"
    source.mkdir()
    (source / "01-sea.md").write_text(CHAPTER, encoding="utf-8")
    (source / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    program = tmp_path / "program.py"
    program.write_text(PROGRAM, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(program), str(source), str(tmp_path / "out" / "book.pdf")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    facts = json.loads(run.stdout.strip().splitlines()[-1])
    assert facts["built"], "the handbook build in between wrote its PDF"
    assert facts["same_bytes"], "reportlab on its own made other bytes after a handbook build"
    assert facts["changed"] == {"rl_config": [], "paraparser": [], "functions": []}
    assert facts["tables"] >= 5, "the markup attribute tables were compared"
    assert facts["threshold"] == [1234, 11, 12]
    assert facts["frozen_before"] >= 1000 and facts["caller_still_frozen"]
    # (objects the caller froze may die since: the count only falls by those)
    assert facts["frozen_before"] * 0.99 <= facts["frozen_after"] <= facts["frozen_before"]


def test_the_build_changes_reportlab_inside_and_puts_it_back_even_on_failure():
    from reportlab import rl_config
    from reportlab.platypus import paraparser

    from handbook.layout import rlcompat

    useA85 = rl_config.useA85
    colour = paraparser._fontAttrMap["color"]
    try:
        with rlcompat.handbook_reportlab():
            with rlcompat.handbook_reportlab():  # nested: installs nothing again
                assert rl_config.useA85 == 0 and rlcompat.inside_build()
            assert rl_config.useA85 == 0, "the outer build still has it"
            assert paraparser._fontAttrMap["color"][1] is rlcompat.markup_colour
            raise RuntimeError("a build that fails")
    except RuntimeError:
        pass
    assert rl_config.useA85 == useA85 and not rlcompat.inside_build()
    assert paraparser._fontAttrMap["color"] == colour


def test_no_module_outside_rlcompat_sets_reportlab_state():
    """reportlab internals only in layout/rlcompat.py: no other module assigns to an attribute
    of a reportlab module or class (rl_config.x = ..., ttfonts.f = ...)."""
    import re

    src = Path(__file__).resolve().parents[1] / "src" / "handbook"
    assignment = re.compile(
        r"^\s*(rl_config|ttfonts|pdfdoc|paraparser|rl_paragraph|pdfmetrics)\.\w+(\.\w+)*\s*=[^=]", re.M
    )
    offenders = [
        f"{path.relative_to(src)}: {match.group(0).strip()}"
        for path in src.rglob("*.py")
        if path.name != "rlcompat.py"
        for match in assignment.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_gc_settings_freeze_only_when_the_caller_froze_nothing():
    import gc

    from handbook import gc_settings

    start = gc.get_freeze_count()
    if start == 0:
        with gc_settings.freezing():
            gc_settings.freeze()
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0
    kept = [object() for _ in range(100)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_settings.freezing():
            gc_settings.freeze()  # would move the build's objects in with the caller's
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen, "the caller's frozen objects stay frozen"
    finally:
        gc.unfreeze()
    assert kept
