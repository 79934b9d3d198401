"""Print-shop output (bleed, trim, crop marks), chapter PDFs, and the command-line options."""

from __future__ import annotations

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from bookgen import book
from conftest import write_sources
from handbook.cli import main
from handbook.theme import UNITS, load_theme
from pdffacts import page_texts

MM = UNITS["mm"]
A4 = (210 * MM, 297 * MM)


def box(page, name):
    return [float(v) for v in getattr(page, name)]


def test_bleed_sets_trim_and_bleed_boxes_and_enlarges_the_media_box(make_book):
    built = make_book(book([[3] * 8]), bleed=3.0)
    for page in built.reader.pages:
        assert box(page, "trimbox") == pytest.approx([0, 0, *A4], abs=0.01)
        assert box(page, "bleedbox") == pytest.approx(
            [-3 * MM, -3 * MM, A4[0] + 3 * MM, A4[1] + 3 * MM], abs=0.01
        )
        assert box(page, "mediabox") == pytest.approx(box(page, "bleedbox"), abs=0.01)


def test_crop_marks_lie_outside_the_trim_in_line_with_its_edges(make_book):
    marks = load_theme("default").marks
    bleed = 3 * MM
    built = make_book(book([[3] * 8]), bleed=3.0, crop_marks=True)
    blank = built.result.record.blank_pages[-1] - 1  # a page with nothing on it but the marks
    media = box(built.reader.pages[blank], "mediabox")
    reach = max(marks.offset, bleed) + marks.length
    assert media[0] <= -reach and media[2] >= A4[0] + reach
    with pdfplumber.open(built.path) as pdf:
        lines = [(l["x0"], l["y0"], l["x1"], l["y1"]) for l in pdf.pages[blank].lines]
    # Read relative to the marks themselves (pdfplumber's origin with an enlarged media box
    # is its own business): vertical marks stand on two x, horizontal ones on two y.
    vertical = [l for l in lines if l[0] == pytest.approx(l[2])]
    horizontal = [l for l in lines if l[1] == pytest.approx(l[3])]
    assert len(vertical) == len(horizontal) == 4 and len(lines) == 8  # two at each corner, nothing else
    xs = sorted({round(l[0], 2) for l in vertical})
    ys = sorted({round(l[1], 2) for l in horizontal})
    assert len(xs) == len(ys) == 2
    assert xs[1] - xs[0] == pytest.approx(A4[0], abs=0.02) and ys[1] - ys[0] == pytest.approx(A4[1], abs=0.02)
    gap = max(marks.offset, bleed)
    for x0, y0, x1, y1 in vertical:  # beyond the top or bottom trim edge, clear of the bleed
        assert y1 == pytest.approx(ys[0] - gap, abs=0.02) or y0 == pytest.approx(ys[1] + gap, abs=0.02)
        assert y1 - y0 == pytest.approx(marks.length, abs=0.02)
    for x0, y0, x1, y1 in horizontal:
        assert x1 == pytest.approx(xs[0] - gap, abs=0.02) or x0 == pytest.approx(xs[1] + gap, abs=0.02)
        assert x1 - x0 == pytest.approx(marks.length, abs=0.02)


def test_print_marks_move_nothing_on_the_page(make_book):
    plain = make_book(book([[3] * 8]))
    marked = make_book(book([[3] * 8]), bleed=5.0, crop_marks=True)
    page = plain.result.record.chapter_starts[0] - 1
    # The page's own drawing is untouched, in the same coordinates; the marks come after it.
    original = plain.reader.pages[page].get_contents().get_data()
    assert marked.reader.pages[page].get_contents().get_data().startswith(b"q\n" + original + b"\nQ\n")
    with pdfplumber.open(plain.path) as a, pdfplumber.open(marked.path) as b:
        words_a = [(w["text"], round(w["x0"], 2)) for w in a.pages[page].extract_words()]
        words_b = [(w["text"], round(w["x0"], 2)) for w in b.pages[page].extract_words()]
    assert words_a == words_b

    # Links and the outline still point at the same places.
    def outline(reader):
        return [(item["/Title"], float(item["/Top"])) for item in reader.outline if isinstance(item, dict)]

    assert outline(marked.reader) == outline(plain.reader)
    assert marked.reader.page_labels == plain.reader.page_labels


def test_split_writes_one_pdf_per_chapter_with_its_pages_only(make_book):
    built = make_book(book([[3] * 20, [2], [3] * 3]), split=True)
    folder = built.path.parent / "chapters"
    names = sorted(p.name for p in folder.glob("*.pdf"))
    assert names == ["01-topic-1.pdf", "02-topic-2.pdf", "03-topic-3.pdf"]
    assert sorted(built.result.extra_outputs) == sorted(folder / name for name in names)
    record = built.result.record
    for number, name in enumerate(names, start=1):
        chapter = PdfReader(folder / name)
        texts = page_texts(chapter)
        assert texts[0].startswith(f"Chapter {number}\nTopic {number}")
        assert all(text.strip() for text in texts)  # no blank page at the end
        assert all(f"Topic {other}\n" not in "".join(texts) for other in range(1, 4) if other != number)
        # Folios as in the handbook.
        first = record.chapter_starts[number - 1]
        assert chapter.page_labels[0] == built.label(first - 1)
        assert page_texts(chapter) == built.pages[first - 1 : first - 1 + len(texts)]
    assert len(PdfReader(folder / "01-topic-1.pdf").pages) > 1


def test_split_removes_only_chapter_files_an_earlier_build_wrote(make_book, tmp_path):
    built = make_book(book([[2], [2], [2]]), split=True)
    folder = built.path.parent / "chapters"
    assert (folder / "03-topic-3.pdf").is_file()
    # The user's own files, one named like a chapter PDF (issue 12: it was deleted).
    (folder / "07-reading-list.pdf").write_bytes(b"%PDF-mine")
    (folder / "notes.pdf").write_bytes(b"%PDF-mine")
    make_book(book([[2], [2]]), split=True)
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        "01-topic-1.pdf",
        "02-topic-2.pdf",
        "07-reading-list.pdf",
        "notes.pdf",
    ]
    assert (folder / "07-reading-list.pdf").read_bytes() == b"%PDF-mine"


def test_command_line_writes_every_product(tmp_path):
    source = write_sources(tmp_path / "src", book([[3] * 6, [2]]))
    output = tmp_path / "out" / "handbook.pdf"
    result = CliRunner().invoke(
        main,
        ["build", str(source), "-o", str(output), "--booklet", "--split", "--bleed", "3", "--crop-marks"],
    )
    assert result.exit_code == 0, result.output
    for path in (
        output,
        tmp_path / "out" / "handbook-booklet.pdf",
        tmp_path / "out" / "chapters" / "02-topic-2.pdf",
    ):
        assert f"wrote {path}" in result.output and path.is_file()
    assert float(PdfReader(output).pages[0].trimbox.width) == pytest.approx(A4[0], abs=0.01)


def test_a_negative_bleed_is_refused(tmp_path):
    source = write_sources(tmp_path / "src", book([[2]]))
    result = CliRunner().invoke(main, ["build", str(source), "-o", str(tmp_path / "x.pdf"), "--bleed", "-2"])
    assert result.exit_code == 2 and "--bleed" in result.output
    assert not (tmp_path / "x.pdf").exists()


def unembedded_fonts(path) -> set[str]:
    missing = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font.get("/DescendantFonts", [{}])[
                0
            ].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return missing


def test_every_product_embeds_every_font_and_the_booklet_has_no_stale_links(make_book):
    built = make_book(
        book([[3] * 6], extra={"02-table.md": "---\ntitle: T\n---\n\n| A | B |\n|---|---|\n| x | y |\n"}),
        booklet=True,
        split=True,
        crop_marks=True,
    )
    booklet, *chapters = built.result.extra_outputs
    for path in [built.path, booklet, *chapters]:
        assert unembedded_fonts(path) == set(), path
    assert all("/Annots" not in sheet for sheet in PdfReader(booklet).pages)


def test_the_last_chapter_pdf_stops_where_the_back_matter_begins(make_book, monkeypatch):
    from reportlab.platypus import Paragraph

    from handbook.layout import book as book_layout
    from handbook.layout.flowables import Anchor, AnchorInfo, StartPart
    from handbook.layout.styles import paragraph_style

    def answer_key(ctx):
        flowables = [
            StartPart("back", running_head="Answer Key"),
            Anchor(AnchorInfo("answers", "Answer Key")),
            Paragraph("Answer Key", paragraph_style(ctx.theme, "back_heading")),
        ]
        return "Answer Key", "answers", flowables

    monkeypatch.setattr(book_layout, "BACK_MATTER", [answer_key])
    built = make_book(book([[2], [3] * 3]), split=True)
    record = built.result.record
    assert record.back_start > record.chapter_starts[-1]
    last = PdfReader(built.path.parent / "chapters" / "02-topic-2.pdf")
    text = "".join(page_texts(last))
    assert "P3 " in text and "Answer Key" not in text
    assert len(last.pages) == record.back_start - record.chapter_starts[-1] - sum(
        1 for p in record.blank_pages if record.chapter_starts[-1] < p < record.back_start
    )


def test_print_marks_keep_the_page_streams_compressed(sample_book):
    """The sample with --crop-marks --bleed 3 stays near its plain size (it grew from 212 KB to
    352 KB when the marks decoded every page's stream)."""
    plain, marked = sample_book().path, sample_book(bleed=3.0, crop_marks=True).path
    assert marked.stat().st_size < plain.stat().st_size * 1.05
    for page in PdfReader(marked).pages:
        assert page["/Contents"].get_object().get("/Filter") == "/FlateDecode"
