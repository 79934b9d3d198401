"""Each reportlab internal the layout reads (layout/rlcompat.py), checked against reportlab
itself: an upgrade that moves one fails here, by name."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import LayoutError

from handbook.layout import rlcompat
from handbook.output.pdf import explain_layout_error

BODY = getSampleStyleSheet()["BodyText"]


def frame() -> Frame:
    return Frame(50, 60, 300, 400, leftPadding=7, rightPadding=5, topPadding=3, bottomPadding=0)


def test_frame_geometry_and_cursor():
    f, canvas = frame(), Canvas(io.BytesIO())
    assert rlcompat.frame_left(f) == 50 and rlcompat.frame_width(f) == 300
    assert rlcompat.frame_cursor(f) == 60 + 400 - 3 and rlcompat.frame_at_top(f)
    f.add(Spacer(10, 100), canvas)
    assert rlcompat.frame_cursor(f) == pytest.approx(60 + 400 - 3 - 100) and not rlcompat.frame_at_top(f)
    rlcompat.reset_frame(f)
    assert rlcompat.frame_cursor(f) == 60 + 400 - 3 and rlcompat.frame_at_top(f)


def test_a_placing_frame_places_through_place_and_moves_its_cursor():
    placed = []

    class Recording(rlcompat.PlacingFrame):
        def place(self, flowable, canv, trySplit=0):
            placed.append(flowable)
            return super().place(flowable, canv, trySplit)

    f = Recording(0, 0, 200, 200, showBoundary=0)
    spacer = Spacer(10, 50)
    assert f.add(spacer, Canvas(io.BytesIO())) == 1 and placed == [spacer]
    assert rlcompat.frame_cursor(f) == pytest.approx(200 - 6 - 50)  # the default padding is 6


def test_kept_flowables_are_the_groups_own_list_and_its_frame_is_known_while_it_splits():
    seen = []

    class Recording(KeepTogether):
        def split(self, aW, aH):
            seen.append(rlcompat.frame_of(self))
            return super().split(aW, aH)

    a, b = Spacer(10, 60), Spacer(10, 60)
    group = Recording([a, b])
    assert rlcompat.kept_flowables(group) == [a, b] and rlcompat.frame_of(group) is None
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=(300, 300))
    doc.build([Spacer(10, 50), group])
    assert seen and all(isinstance(f, Frame) for f in seen)


def test_growing_a_groups_wrapped_height_makes_it_split():
    group = KeepTogether([Paragraph("a", BODY), Paragraph("b", BODY)])  # two lines, 30 pt
    group.canv = Canvas(io.BytesIO())
    group.wrap(300, 40)  # (split re-wraps unless it is given the last wrap's size)
    content = rlcompat.kept_flowables(group)
    assert group.split(300, 40) == content  # fits: the flowables as they are
    rlcompat.grow_wrapped_height(group, 50)
    parts = group.split(300, 40)  # now too tall for the room: a break first
    assert len(parts) == len(content) + 1 and parts[0] not in content


def test_doc_of_a_canvas_and_a_deferred_save():
    seen = []
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pageTemplates=[PageTemplate("p", [frame()], onPage=lambda c, d: seen.append(rlcompat.doc_of(c)))],
    )
    rlcompat.defer_save(doc)
    doc.build([Paragraph("x", BODY)])
    assert seen == [doc] and buffer.getvalue() == b""  # not saved
    doc.canv.save()
    assert buffer.getvalue().startswith(b"%PDF")


def layout_error(story) -> str:
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=(300, 300))
    with pytest.raises(LayoutError) as raised:
        doc.build(story)
    return str(raised.value)


def test_layout_error_facts_of_a_flowable_too_large_for_any_page():
    message = layout_error([Spacer(10, 500)])
    facts = rlcompat.layout_error_facts(message)
    assert (facts.kind, facts.height, facts.room, facts.row) == ("Spacer", 500, 144, None)
    assert explain_layout_error(message) == (
        "this block is 500 pt tall but a page holds 144 pt: shorten it or split it into smaller parts"
    )


def test_layout_error_facts_of_a_table_row_taller_than_a_page():
    message = layout_error([Table([["x"], ["y"]], rowHeights=[20, 500], repeatRows=1)])
    assert rlcompat.layout_error_facts(message).row == 500
    assert explain_layout_error(message).startswith("a row of this table is 500 pt tall")


def test_layout_error_facts_of_a_flowable_that_never_progresses():
    from handbook.layout.loopguard import MAX_REPEATS, LoopGuard

    guard, f = LoopGuard(), frame()
    with pytest.raises(LayoutError) as raised:
        for _ in range(MAX_REPEATS + 1):
            guard.step(3, f, 5)
    facts = rlcompat.layout_error_facts(str(raised.value))
    assert facts.no_progress and facts.height is None
    assert explain_layout_error(str(raised.value)).startswith("this block can never be placed on a page")


# --- flowables, canvases and destinations ------------------------------------------------------


def test_clear_keep_with_next_overrides_the_style():
    style = BODY.clone("kept", keepWithNext=1)
    paragraph = Paragraph("a", style)
    assert paragraph.getKeepWithNext()
    rlcompat.clear_keep_with_next(paragraph)
    assert not paragraph.getKeepWithNext() and style.keepWithNext == 1


def test_has_broken_lines_after_a_wrap_only():
    paragraph = Paragraph("a few words to break", BODY)
    assert not rlcompat.has_broken_lines(paragraph)
    paragraph.wrap(40, 100)
    assert rlcompat.has_broken_lines(paragraph)


class LinkLinesParagraph(Paragraph):
    """Records what reportlab reports through on_link_lines, and the single-fragment links."""

    def beginText(self, x, y):
        tx = self.canv.beginText(x, y)
        rlcompat.on_link_lines(tx, lambda link, what: self.events.append((link, what)))
        self.events += [(link, "single") for link in rlcompat.single_fragment_links(self)]
        return tx


def link_events(markup: str, width: float) -> list:
    paragraph = LinkLinesParagraph(markup, BODY)
    paragraph.events = []
    paragraph.wrap(width, 1000)
    canvas = Canvas(io.BytesIO())
    paragraph.drawOn(canvas, 0, 0)
    return paragraph.events


def test_a_link_over_several_lines_reports_its_start_and_end_with_one_object():
    events = link_events('Some words and <a href="#there">a link that runs over several lines</a> after.', 60)
    starts = [link for link, what in events if what == "start"]
    ends = [link for link, what in events if what == "end"]
    assert starts and ends and starts[0][1] == "#there"
    assert all(link is starts[0] for link, _ in events), "one object for every line of one link"
    assert len(starts) > 1, "each line of the link reports its start"


def test_a_single_fragment_paragraph_names_its_links_without_line_events():
    events = link_events('<a href="#there">all of it is one link</a>', 400)
    assert [(link[1], what) for link, what in events] == [("#there", "single")]


def test_undefined_destinations_lead_to_the_current_page(tmp_path):
    from pdffacts import links

    def canvas_linking_nowhere(path):
        canvas = Canvas(str(path))
        canvas.showPage()  # the link is on the second page
        canvas.linkAbsolute("x", "nowhere", (0, 0, 10, 10))
        return canvas

    unresolved = canvas_linking_nowhere(tmp_path / "a.pdf")
    unresolved.showPage()
    with pytest.raises(ValueError):
        unresolved.save()  # reportlab refuses a link to a destination no page defined
    canvas = canvas_linking_nowhere(tmp_path / "b.pdf")
    rlcompat.point_undefined_destinations(canvas, rlcompat.current_page_ref(canvas))
    canvas.showPage()
    canvas.save()
    assert [(link["page"], link["dest_page"]) for link in links(tmp_path / "b.pdf")] == [(1, 1)]


# --- TrueType faces and shaping ------------------------------------------------------------------


def registered_copy(name: str, family: str = "serif"):
    """A TrueType font of the default theme registered afresh under `name` (changes to it touch
    no face the rest of the suite uses)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from handbook.theme import font_file, load_theme

    theme = load_theme("default")
    # reportlab registers one font object per face: a second name for a face registered before
    # would be that font (changes to it would touch the suite's), and the first name registered
    # for a face is what its later names get (a build's 'serif' would be drawn as 'rlcompat-serif',
    # a face the font seed does not name, in every later test of this process). So the copy is
    # registered with reportlab's table of faces emptied, and the table is put back.
    faces = dict(pdfmetrics._dynFaceNames)
    pdfmetrics._dynFaceNames.clear()
    try:
        pdfmetrics.registerFont(TTFont(name, str(font_file(theme.fonts[family], "regular", theme.source))))
    finally:
        pdfmetrics._dynFaceNames.clear()
        pdfmetrics._dynFaceNames.update(faces)
    return pdfmetrics.getFont(name)


def test_a_faces_code_points_glyphs_and_advances():
    from reportlab.pdfbase import pdfmetrics

    font = registered_copy("rlcompat-serif")
    codes = set(rlcompat.font_code_points("rlcompat-serif"))
    assert ord("A") in codes and 0x0915 not in codes  # Latin, no Devanagari
    assert isinstance(rlcompat.glyph_of(font, ord("A")), int) and rlcompat.glyph_of(font, 0x0915) is None
    assert rlcompat.advance_of(font, ord("A")) == pdfmetrics.stringWidth("A", "rlcompat-serif", 1000)


def test_an_added_glyph_code_draws_that_glyph_at_that_advance(tmp_path):
    from reportlab.pdfbase import pdfmetrics

    font = registered_copy("rlcompat-alias")
    code = 0xF0000
    rlcompat.add_glyph_code(font, code, rlcompat.glyph_of(font, ord("A")), 777)
    assert code in set(rlcompat.font_code_points("rlcompat-alias"))
    assert pdfmetrics.stringWidth(chr(code), "rlcompat-alias", 10) == pytest.approx(7.77)
    canvas = Canvas(str(tmp_path / "a.pdf"))
    canvas.setFont("rlcompat-alias", 10)
    canvas.drawString(10, 10, chr(code))
    canvas.save()
    assert rlcompat.advance_of(font, code) == 777


def test_face_name_is_what_the_embedded_subset_is_named_after(tmp_path):
    from pdffacts import fonts

    font = registered_copy("rlcompat-named")
    canvas = Canvas(str(tmp_path / "a.pdf"))
    canvas.setFont("rlcompat-named", 10)
    canvas.drawString(10, 10, "x")
    canvas.save()
    embedded = fonts(tmp_path / "a.pdf")  # (and the canvas's initial Helvetica)
    assert embedded[rlcompat.face_name(font).decode()] and "rlcompat-named" not in embedded


def test_reportlab_shapes_a_word_into_glyphs_that_can_be_rebuilt():
    registered_copy("rlcompat-deva", "devanagari")
    fragment = rlcompat.text_fragment("rlcompat-deva", 10)
    assert (fragment.fontName, fragment.fontSize) == ("rlcompat-deva", 10)
    word = [20.0, (fragment, "क्षेत्र")]
    assert not rlcompat.is_shaped_word(word)
    shaped = rlcompat.reportlab_shape(word)
    assert rlcompat.is_shaped_word(shaped) and isinstance(shaped[1][1], rlcompat.ShapedStr)
    glyphs = rlcompat.shaped_glyphs(shaped[1][1])
    assert len(glyphs) == len(shaped[1][1]) < len("क्षेत्र")  # conjuncts: fewer glyphs than characters
    assert [g.cluster for g in glyphs] == sorted(g.cluster for g in glyphs) and glyphs[0].x_advance > 0
    assert rlcompat.with_width(glyphs[0], 1).width == 1 and glyphs[0].width != 1
    rebuilt = rlcompat.shaped_str(str(shaped[1][1]), glyphs)
    assert rebuilt == shaped[1][1] and rlcompat.shaped_glyphs(rebuilt) == glyphs
    again = rlcompat.as_shaped_word(word, list(shaped))
    assert rlcompat.is_shaped_word(again) and list(again) == list(shaped)


def test_is_inline_object_tells_anchors_and_images_from_text():
    frags = Paragraph('a<a name="here"/>b', BODY).frags
    assert [rlcompat.is_inline_object(frag) for frag in frags] == [False, True, False]


def test_the_word_shaper_is_what_paragraphs_call():
    from handbook.layout import scripts

    seen = []

    def recording(word, features=None):
        seen.append(word)
        return scripts.shape_word(word, features)

    registered_copy("rlcompat-shaped")  # reportlab shapes only paragraphs that ask, in a TrueType face
    shaping = BODY.clone("shaping", shaping=1, fontName="rlcompat-shaped")
    rlcompat.use_word_shaper(recording)
    try:
        with rlcompat.handbook_reportlab():
            Paragraph("two words", shaping).wrap(300, 100)
    finally:
        rlcompat.use_word_shaper(scripts.shape_word)
    assert len(seen) == 2


def test_the_to_unicode_map_maker_is_what_subsets_are_embedded_with(tmp_path):
    from handbook.layout import scripts

    seen = []

    def recording(font_name, subset):
        seen.append((font_name, list(subset)))
        return scripts.to_unicode_cmap(font_name, subset)

    registered_copy("rlcompat-cmap")
    canvas = Canvas(str(tmp_path / "a.pdf"))
    canvas.setFont("rlcompat-cmap", 10)
    canvas.drawString(10, 10, "AB")
    rlcompat.use_to_unicode_cmap(recording)
    try:
        with rlcompat.handbook_reportlab():
            canvas.save()
    finally:
        rlcompat.use_to_unicode_cmap(scripts.to_unicode_cmap)
    assert len(seen) == 1 and {ord("A"), ord("B")} <= set(seen[0][1])


def test_with_bfchar_lines_replaces_the_entries_and_keeps_the_rest():
    cmap = rlcompat.reportlab_to_unicode_cmap("AAAAAA+X", [0x41, 0x42])
    assert "<00> <0041>" in cmap
    replaced = rlcompat.with_bfchar_lines(cmap, ["<00> <0915>", "<01> <0916>"])
    assert "<00> <0041>" not in replaced and "<00> <0915>\n<01> <0916>\nendbfchar" in replaced
    assert replaced.replace("<00> <0915>\n<01> <0916>", "<00> <0041>\n<01> <0042>") == cmap


# --- recorded pages (layout/replay.py, layout/fontseed.py) -----------------------------------


def test_page_code_is_what_the_page_stream_is_made_of():
    canvas = Canvas(io.BytesIO())
    canvas.rect(10, 10, 50, 50)
    rlcompat.page_code(canvas).append("% replayed")
    assert rlcompat.page_code(canvas)[-1] == "% replayed"
    canvas.showPage()
    assert rlcompat.page_code(canvas) == []  # a new page starts empty
    assert rlcompat.pdf_document(canvas) is canvas._doc


def test_absolute_rect_and_graphics_state_and_page_resources():
    canvas = Canvas(io.BytesIO(), pagesize=(200, 300))
    assert rlcompat.absolute_rect(canvas, None, False) == (0, 0, 200, 300)
    canvas.translate(10, 20)
    assert rlcompat.absolute_rect(canvas, (0, 0, 5, 5), True) == (10, 20, 15, 25)
    before = rlcompat.graphics_state(canvas)
    canvas.saveState()
    canvas.setFillColorRGB(1, 0, 0)
    assert rlcompat.graphics_state(canvas) != before
    canvas.restoreState()
    assert rlcompat.graphics_state(canvas) == before
    canvas.setFillAlpha(0.5)
    assert rlcompat.graphics_state(canvas) != before  # transparency: an ExtGState resource
    assert not rlcompat.page_uses_resources(canvas)
    canvas.doForm("someform")
    assert rlcompat.page_uses_resources(canvas)


def test_flowables_on_page_is_the_empty_page_guards_count():
    doc = BaseDocTemplate(io.BytesIO(), pageTemplates=[PageTemplate("p", [frame()])])
    seen = []

    class Probe(Spacer):
        def draw(self):
            seen.append(rlcompat.flowables_on_page(doc))

    doc.build([Spacer(1, 1), Probe(1, 1)])
    assert seen == [1]  # counted once placed: the probe is the second
    rlcompat.count_flowables_on_page(doc, 5)
    assert rlcompat.flowables_on_page(doc) == 5


def test_subset_font_codes_and_internal_names(tmp_path):
    from reportlab.pdfbase import pdfmetrics

    from handbook.theme import load_theme

    font = registered_copy("RlcompatProbe", load_theme("default").text.body.font)
    assert rlcompat.is_subset_font(font) and not rlcompat.is_subset_font(pdfmetrics.getFont("Helvetica"))
    canvas = Canvas(io.BytesIO())
    document = rlcompat.pdf_document(canvas)
    assert rlcompat.next_font_code(font, document) is None
    font.splitString("\u00e9", document)
    first = rlcompat.next_font_code(font, document)
    font.splitString("\u00e9abc", document)  # known and ASCII characters: no new code
    assert rlcompat.next_font_code(font, document) == first
    font.splitString("\u00f1", document)
    assert rlcompat.next_font_code(font, document) == first + 1
    named = dict(rlcompat.font_names(document))
    canvas.setFont("RlcompatProbe", 10)
    canvas.drawString(10, 10, "x")  # named when first drawn
    new = set(rlcompat.font_names(document).items()) - set(named.items())
    assert len(new) == 1 and next(iter(new))[1].startswith("/F")


def test_a_subset_fonts_internal_name_takes_the_prefix_given_before_it_is_drawn(default_fonts):
    from reportlab.pdfbase import pdfmetrics

    from handbook.layout.fonts import font_name

    body = pdfmetrics.getFont(font_name(default_fonts.text.body.font, False, False))
    canvas = Canvas(io.BytesIO(), initialFontName=body.fontName)
    document = rlcompat.pdf_document(canvas)
    rlcompat.name_font_with(body, document, "Mark")
    canvas.setFont(body.fontName, 10)
    canvas.drawString(10, 10, "x")
    assert rlcompat.font_names(document) == {body.fontName: "/Mark1"}
    assert f"/Mark1{rlcompat.SUBSET_SEPARATOR}0 10 Tf" in "\n".join(rlcompat.page_code(canvas))
    assert rlcompat.font_resource_name(body, document) == "Mark1"
    with pytest.raises(ValueError):  # named already: a prefix now would change nothing
        rlcompat.name_font_with(body, document, "Other")
    helvetica = pdfmetrics.getFont("Helvetica")
    assert rlcompat.font_resource_name(helvetica, document) == "F2"  # named now, as drawing does


_coordinate = st.one_of(
    st.integers(-2000, 2000),
    st.floats(-2000, 2000, allow_nan=False, allow_subnormal=False),
    st.sampled_from([0.0, -0.0, 1.0, 1e-7, 70.86614]),
)
_link = st.fixed_dictionaries(
    {
        "rect": st.tuples(_coordinate, _coordinate, _coordinate, _coordinate),
        "dest": st.integers(0, 3),
        "contents": st.sampled_from(["", "", "note (1)"]),
        "thickness": st.sampled_from([0, 1, 0.5]),
        "color": st.sampled_from([None, colors.blue, colors.Color(0.1, 0.25, 1 / 3)]),
        "dash": st.sampled_from([None, None, [2, 1]]),
        "border": st.sampled_from([None, None, "[0 0 0]"]),
        "page": st.integers(0, 2),
    }
)


def _links_pdf(links: list[dict], faster: bool, replayed: list | None = None) -> bytes:
    """`replayed`: add each link as a recorded chapter's replay does (rlcompat.replay_link),
    appending to the list whether it took the shortcut."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    if faster:
        rlcompat.write_links_faster(canvas)
    kinds = [("XYZ", 0, 700.5, 0), ("XYZ", 12, -0.0, 1.5), ("Fit",), ("XYZ", 0, 300, None)]
    for page in range(3):
        for index, kind in enumerate(kinds):
            if (page + index) % 3 == 0:
                if kind[0] == "Fit":
                    canvas.bookmarkPage(f"d{index}", fit="Fit")
                else:
                    canvas.bookmarkPage(f"d{index}", fit="XYZ", left=kind[1], top=kind[2], zoom=kind[3])
        for link in (link for link in links if link["page"] == page):
            extra = {"Border": link["border"]} if link["border"] else {}
            if replayed is not None:
                arguments = (link["thickness"], link["color"], link["dash"])
                took = rlcompat.replay_link(
                    canvas,
                    link["contents"],
                    f"d{link['dest']}",
                    link["rect"],
                    1,
                    None,
                    0,
                    *arguments,
                    tuple(extra.items()),
                )
                replayed.append(took)
                if took:
                    continue
            canvas.linkRect(
                link["contents"],
                f"d{link['dest']}",
                link["rect"],
                relative=0,
                thickness=link["thickness"],
                color=link["color"],
                dashArray=link["dash"],
                **extra,
            )
        canvas.drawString(10, 10, f"page {page}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@given(st.lists(_link, max_size=30))
@settings(max_examples=60, deadline=None)
def test_links_written_faster_are_the_bytes_reportlab_writes(links):
    faster = _links_pdf(links, faster=True)
    assert faster == _links_pdf(links, faster=False)
    assert faster.count(b"/Subtype /Link") == len(links)


def test_links_written_faster_take_the_fast_path_for_the_books_links():
    """The common shape (what the book's acronym and question links are) is written by the fast
    path, not handed back to reportlab: otherwise the test above proves nothing about it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    rlcompat.write_links_faster(canvas)
    canvas.bookmarkHorizontal("there", 0, 500.25)
    canvas.linkRect("", "there", (70.86614, 700, 538.5827, 712.5), relative=0, thickness=0)
    canvas.linkRect("", "there", (1, 2, 3, 4), relative=0, thickness=0, color=colors.blue)
    canvas.showPage()
    document = rlcompat.pdf_document(canvas)
    annotations = [a for a in document.idToObject.values() if type(a).__name__ == "_FastLinkAnnotation"]
    assert len(annotations) == 2
    formatted = [rlcompat._link_bytes(a, document) for a in annotations]
    assert all(f is not None for f in formatted)
    assert b"/Rect [ 70.86614 700 538.5827 712.5 ]" in formatted[0] + formatted[1]
    assert b"/C [ 0 0 1 ]" in formatted[0] + formatted[1]


@given(st.lists(_link, max_size=30))
@settings(max_examples=60, deadline=None)
def test_replayed_links_are_the_bytes_reportlab_writes(links):
    replayed: list = []
    assert _links_pdf(links, faster=True, replayed=replayed) == _links_pdf(links, faster=False)
    in_page_order = sorted(links, key=lambda link: link["page"])
    plain = [not link["contents"] and not link["border"] and link["dash"] is None for link in in_page_order]
    assert replayed == plain, "the book's shape takes the shortcut, any other is left to linkRect"


def test_replayed_links_need_the_faster_writer_and_are_written_by_reportlab_when_encrypted():
    plain = ("", "there", (1, 2, 3, 4.5), 1, None, 0, 0, None, None, ())  # linkRect's arguments
    canvas = Canvas(io.BytesIO(), invariant=1)
    assert not rlcompat.replay_link(canvas, *plain)  # reportlab's own writing asked for
    assert not rlcompat.replay_link(canvas, "note", *plain[1:]), "contents: reportlab's path"
    faster = Canvas(io.BytesIO(), invariant=1)
    rlcompat.write_links_faster(faster)
    assert not rlcompat.replay_link(faster, *plain[:5], 1, *plain[6:]), (
        "a relative rectangle: reportlab's path"
    )

    def written(encrypt: bool) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1, encrypt="secret" if encrypt else None)
        rlcompat.write_links_faster(canvas)
        canvas.bookmarkHorizontal("there", 0, 500.25)
        assert rlcompat.replay_link(canvas, *plain)
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def reportlab(encrypt: bool) -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1, encrypt="secret" if encrypt else None)
        canvas.bookmarkHorizontal("there", 0, 500.25)
        canvas.linkRect("", "there", (1, 2, 3, 4.5), relative=0, thickness=0)
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    assert written(False) == reportlab(False)
    assert b"/Rect [ 1 2 3 4.5 ]" in written(False)
    assert written(True) == reportlab(True)


def test_markup_colours_are_converted_once_to_the_colour_reportlab_makes():
    from reportlab.platypus import paraparser

    assert paraparser._linkAttrMap["color"][1] is not rlcompat.markup_colour  # outside a build
    with rlcompat.handbook_reportlab():
        assert paraparser._linkAttrMap["color"][1] is rlcompat.markup_colour
        assert paraparser._fontAttrMap["color"][1] is rlcompat.markup_colour
        frags = Paragraph(
            'a <a href="#x" color="#1f4e79">link</a> and <font color="navy">text</font>', BODY
        ).frags
    assert paraparser._linkAttrMap["color"][1] is paraparser.toColor  # put back
    first = rlcompat.markup_colour("#1f4e79")
    assert first == colors.toColor("#1f4e79") and rlcompat.markup_colour("#1f4e79") is first
    assert rlcompat.markup_colour("navy") == colors.navy
    with pytest.raises(ValueError):
        rlcompat.markup_colour("not a colour")
    assert [f.textColor for f in frags] == [BODY.textColor, first, BODY.textColor, colors.navy]


_UNREGISTERED: list = []


def _private_face():
    """A TrueType font of the default theme, never registered (pdfmetrics hands a second
    registration of a face the first font object: add_glyph_code would reach the suite's own),
    with a face and subset state of its own."""
    import copy
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTFont

    from handbook.theme import font_file, load_theme

    if not _UNREGISTERED:
        theme = load_theme("default")
        _UNREGISTERED.append(
            TTFont("rlcompat-private", str(font_file(theme.fonts["serif"], "regular", theme.source)))
        )
    font = copy.copy(_UNREGISTERED[0])
    font.face = copy.copy(font.face)
    font.face.charToGlyph = dict(font.face.charToGlyph)
    font.face.charWidths = dict(font.face.charWidths)
    font.state = WeakKeyDictionary()
    return font


_split_text = st.lists(st.text(alphabet="ab\u00e9\u00a0 .\u0915\U0001f600", max_size=8), max_size=12)


def _splits(split, before: list, after: list) -> tuple:
    """Each string's split by `split` (a splitString), the face given a glyph for the emoji
    it lacks between `before` and `after` (as layout/scripts.py gives shaped glyphs codes),
    and the subset codes assigned in the end."""
    font = _private_face()
    document = rlcompat.pdf_document(Canvas(io.BytesIO()))
    out = [split(font, value, document) for value in before]
    rlcompat.add_glyph_code(font, 0x1F600, rlcompat.glyph_of(font, ord("a")), 500)
    out += [split(font, value, document) for value in after]
    state = font.state.get(document)
    if state is None:  # nothing split
        return out, None
    return out, dict(state.assignments), [list(subset) for subset in state.subsets], state.nextCode


@given(_split_text, _split_text)
@settings(max_examples=40, deadline=None)
def test_strings_split_once_are_split_as_reportlab_splits_them(before, after):
    from reportlab.pdfbase import ttfonts

    with rlcompat.handbook_reportlab():
        remembered = ttfonts.TTFont.splitString
    assert remembered is not rlcompat.reportlab_split_string
    twice = before + before  # the second time from memory
    assert _splits(remembered, twice, after + twice) == _splits(
        rlcompat.reportlab_split_string, twice, after + twice
    )


def test_a_string_split_before_is_not_split_again_unless_the_face_lacked_a_character():
    font = _private_face()
    document = rlcompat.pdf_document(Canvas(io.BytesIO()))
    with rlcompat.handbook_reportlab():
        first = font.splitString("abc \u00e9", document)
        memo = font.state[document].handbook_splits
        assert memo["abc \u00e9"] == tuple(first)
        assert font.splitString("abc \u00e9", document) == first
        lacking = font.splitString("a\U0001f600", document)
    assert lacking[-1][1][-1:] == b"\x00" and "a\U0001f600" not in memo


def test_a_pages_annotations_are_listed_as_reportlab_lists_them():
    """The page's /Annots array, written directly (rlcompat._FastReferenceArray), against
    PDFArray's own bytes: more than ten links, so its line breaks are there too."""
    from reportlab.pdfbase import pdfdoc

    canvas = Canvas(io.BytesIO(), invariant=1)
    rlcompat.write_links_faster(canvas)
    canvas.bookmarkHorizontal("there", 0, 500.25)
    for index in range(23):
        canvas.linkRect("", "there", (index, 2, 3, 4), relative=0, thickness=0)
    canvas.showPage()
    canvas.showPage()  # no links: no array at all
    document = rlcompat.pdf_document(canvas)
    pages = [page for page in document.idToObject.values() if type(page) is pdfdoc.PDFPage]
    assert type(pages[0].Annots).__name__ == "_FastReferenceArray" and not pages[1].Annots
    assert pages[0].Annots.format(document) == pdfdoc.PDFArray(pages[0].Annots.sequence).format(document)
    assert pages[0].Annots.format(document).count(b"\n ") == 2


def _outcome(function, value):
    try:
        return function(value)
    except Exception as exc:  # the same failure, too
        return type(exc)


@given(st.text(max_size=70), st.booleans())
@settings(max_examples=200, deadline=None)
def test_pdf_text_and_names_encoded_once_are_reportlabs(value, twice):
    """Short text and names from the table (rlcompat.encode_pdf_text_once), long ones and
    what reportlab cannot encode (control characters, most of Unicode) as reportlab does."""
    from reportlab.pdfbase import pdfdoc

    with rlcompat.handbook_reportlab():
        assert pdfdoc.pdfdocEnc is not rlcompat.reportlab_pdfdoc_enc
        for _ in range(2 if twice else 1):  # the second time from the table
            assert _outcome(pdfdoc.pdfdocEnc, value) == _outcome(rlcompat.reportlab_pdfdoc_enc, value)
            assert _outcome(pdfdoc.PDFName, value) == _outcome(rlcompat.reportlab_pdf_name, value)
        assert pdfdoc.pdfdocEnc(b"bytes") == b"bytes"
    assert pdfdoc.pdfdocEnc is rlcompat.reportlab_pdfdoc_enc


def test_a_dictionary_written_with_names_and_text_encoded_once_is_reportlabs():
    from reportlab.pdfbase import pdfdoc

    document = pdfdoc.PDFDocument(invariant=1)
    entries = {"Type": pdfdoc.PDFName("Annot"), "Odd Key#1": 1.5, "T": pdfdoc.PDFString("caf\u00e9")}
    with rlcompat.handbook_reportlab():
        once = pdfdoc.PDFDictionary(dict(entries)).format(document)
    assert once == pdfdoc.PDFDictionary(dict(entries)).format(document)
    assert b"/Odd#20Key#231 1.5" in once


def test_resource_dictionaries_written_once_are_reportlabs():
    """The common shape (the fonts, a ProcSet) from the document's table, any other as
    reportlab writes it; each against PDFResourceDictionary's own bytes."""
    from reportlab.pdfbase import pdfdoc

    document = pdfdoc.PDFDocument(invariant=1)

    def resources(xobject: bool, procs: bool):
        made = pdfdoc.PDFResourceDictionary()
        made.basicFonts()
        if procs:
            made.allProcs()
        if xobject:
            made.XObject = {"FormXob.x": pdfdoc.PDFObjectReference(pdfdoc.BasicFonts)}
        return made

    with rlcompat.handbook_reportlab():
        for xobject, procs in [(False, True), (False, False), (True, True), (False, True)]:
            made = resources(xobject, procs)
            assert made.format(document) == rlcompat.reportlab_resources_format(made, document)
        assert len(document.handbook_resources) == 2, "the two plain shapes, each remembered once"
        assert b"/XObject" in resources(True, True).format(document)


# -- fragments compared: handbook's sameFrag answers as rl_accel's C one does ------------------

_frag_value = st.sampled_from(["missing", None, 0, 10, 10.0, "Body", colors.black, colors.Color(0, 0, 0), []])
_FRAG_NAMES = rlcompat._FRAG_STYLE_NAMES + ("cbDefn", "lineBreak")


def _frag_of(values: dict, plain: bool):
    """A paragraph's fragment (ParaFrag, the fast path), or another ABag (the general one)."""
    from reportlab.lib.abag import ABag
    from reportlab.platypus.paraparser import ParaFrag

    return (ParaFrag if plain else ABag)(
        **{name: value for name, value in values.items() if value != "missing"}
    )


@given(
    st.fixed_dictionaries({name: _frag_value for name in _FRAG_NAMES}),
    st.fixed_dictionaries({name: _frag_value for name in _FRAG_NAMES}),
    st.booleans(),
    st.tuples(st.booleans(), st.booleans()),
)
@settings(max_examples=300, deadline=None)
def test_same_frag_answers_as_reportlabs(first, second, one_object, plain):
    from _rl_accel import sameFrag

    f = _frag_of(first, plain[0])
    g = f if one_object else _frag_of(second, plain[1])
    assert rlcompat._same_frag(f, g) is sameFrag(f, g)


def test_same_frag_is_what_paragraphs_call_inside_a_build_only():
    from reportlab.platypus import paragraph as rl_paragraph

    before = rl_paragraph.sameFrag
    with rlcompat.handbook_reportlab():
        assert rl_paragraph.sameFrag is rlcompat._same_frag
    assert rl_paragraph.sameFrag is before


# -- words' hyphenation points, remembered -------------------------------------------------------


def test_word_heads_remembered_are_the_heads_worked_out():
    from handbook.layout.typography import hyphenator

    hyphenate = hyphenator("en_GB")
    words = ["partnership", "infrastructure", "Indo-Pacific", "supply-chain", "soft\u00adware", "QUAD", "of"]
    rlcompat._WORD_HEADS.clear()
    for word in words:
        width = _width(word)
        worked_out = tuple(rlcompat._measured_heads(word, "Helvetica", 10.5, hyphenate, width))
        first = rlcompat._word_heads(word, "Helvetica", 10.5, hyphenate, width)
        again = rlcompat._word_heads(word, "Helvetica", 10.5, hyphenate, width)
        assert first == worked_out and again is first
    assert rlcompat._word_heads("partnership", "Helvetica", 10.5, None, _width("partnership")) == ()
    assert len(rlcompat._measured_heads("infrastructure", "Helvetica", 10.5, hyphenate, 1.0)) >= 2
    private = "part\U000f0001nership"
    rlcompat._word_heads(private, "Helvetica", 10.5, hyphenate, 50.0)
    assert not any(key[0] == private for key in rlcompat._WORD_HEADS), "private codes' widths may change"


def _width(text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, "Helvetica", 10.5)


def test_widths_remembered_are_reportlabs_for_the_font_registered_now():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import paragraph as rl_paragraph

    regular, bold = _two_faces()
    pdfmetrics.registerFont(TTFont("RlcompatWidths", regular))
    rlcompat._WIDTHS.clear()
    for text in (" ", "partnership", "Indo\u2013Pacific", "\u0928\u092e\u0938\u094d\u0924\u0947", ""):
        first = rlcompat._string_width_once(text, "RlcompatWidths", 10.5)
        assert first == pdfmetrics.stringWidth(text, "RlcompatWidths", 10.5)
        assert rlcompat._string_width_once(text, "RlcompatWidths", 10.5) == first
    assert ("partnership", "RlcompatWidths", 10.5, "utf8") in rlcompat._WIDTHS
    narrow = rlcompat._string_width_once("partnership", "RlcompatWidths", 10.5)
    pdfmetrics._fonts.pop("RlcompatWidths")  # another file registered under the same name
    pdfmetrics.registerFont(TTFont("RlcompatWidths", bold))
    wide = rlcompat._string_width_once("partnership", "RlcompatWidths", 10.5)
    assert wide == pdfmetrics.stringWidth("partnership", "RlcompatWidths", 10.5) and wide != narrow
    before = rl_paragraph.stringWidth
    with rlcompat.handbook_reportlab():
        assert rl_paragraph.stringWidth is rlcompat._string_width_once
    assert rl_paragraph.stringWidth is before is pdfmetrics.stringWidth


def _two_faces() -> tuple[str, str]:
    """The files of the default theme's body regular and bold faces."""
    from handbook.theme import font_file
    from handbook.theme.load import load_theme

    theme = load_theme("default")
    spec = theme.fonts[theme.text.body.font]
    return str(font_file(spec, "regular", theme.source)), str(font_file(spec, "bold", theme.source))
