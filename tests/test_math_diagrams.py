"""Issue 28: formulas and Mermaid diagrams drawn on the page (fixtures in tests/fixtures/math
and tests/fixtures/diagrams)."""

from __future__ import annotations

import re
import zlib
from itertools import combinations
from pathlib import Path

import pdfplumber
import pytest

from conftest import BuiltBook
from handbook.options import BuildOptions
from handbook.pipeline import build

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def math_book(tmp_path_factory) -> BuiltBook:
    output = tmp_path_factory.mktemp("math") / "book.pdf"
    return BuiltBook(output, build(FIXTURES / "math", output, BuildOptions()), FIXTURES / "math")


@pytest.fixture(scope="module")
def diagram_book(tmp_path_factory) -> BuiltBook:
    output = tmp_path_factory.mktemp("diagrams") / "book.pdf"
    return BuiltBook(output, build(FIXTURES / "diagrams", output, BuildOptions()), FIXTURES / "diagrams")


def _non_code_text(path: Path) -> str:
    """The PDF's text outside the code face (IBM Plex Mono)."""
    with pdfplumber.open(path) as pdf:
        return "".join(c["text"] for page in pdf.pages for c in page.chars if "Mono" not in c["fontname"])


def _streams(path: Path) -> list[bytes]:
    data = path.read_bytes()
    out = []
    for found in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            out.append(zlib.decompress(found.group(1)))
        except zlib.error:
            continue
    return out


def _actual_text_spans(path: Path) -> list[tuple[str, bytes]]:
    """(ActualText, the drawing code inside its span) for every marked formula."""
    spans = []
    for stream in _streams(path):
        for found in re.finditer(rb"/Span <</ActualText <FEFF([0-9A-F]*)>>> BDC(.*?)EMC", stream, re.DOTALL):
            spans.append((bytes.fromhex(found.group(1).decode()).decode("utf-16-be"), found.group(2)))
    return spans


def test_formulas_leave_no_tex_in_the_text(math_book):
    formulas = re.findall(r"\$[^$\n]+\$|\\\[|```math", (FIXTURES / "math/01-formulas.md").read_text())
    assert len(formulas) >= 40
    text = _non_code_text(math_book.path)
    assert "Science and Aptitude Formulas" in text
    assert not re.search(r"\\[A-Za-z]+", text), re.findall(r".{20}\\[A-Za-z]+.{10}", text)
    chapter_one = text[: text.index("Prices and Shells", text.index("Science and Aptitude Formulas") + 40)]
    assert "$" not in chapter_one.split("Contents")[-1]
    # set as text where the formula is plain characters
    for plain in ("27°C", "H₂O", "H₂SO₄", "α + β + γ = 180°", "A ⇌ B", "GDP = C + I + G + (X - M)"):
        assert plain in text


def test_each_display_formula_is_drawn_with_its_source_as_actual_text(math_book):
    source = (FIXTURES / "math/01-formulas.md").read_text()
    displays = [
        m.strip()
        for m in re.findall(r"\$\$\n(.*?)\n\$\$|\\\[(.*?)\\\]|```math\n(.*?)\n```", source, re.DOTALL)
        for m in m
        if m
    ]
    assert len(displays) == 5
    spans = dict(_actual_text_spans(math_book.path))
    for latex in displays:
        drawn = spans.get(latex)
        assert drawn is not None, latex
        # outlines: curves filled, inside the span
        assert drawn.count(b" c\n") + drawn.count(b" c ") > 3 and re.search(rb"\bf\*?\s", drawn), latex


def test_inline_formulas_grow_a_line_by_at_most_a_fifth(default_fonts):
    from types import SimpleNamespace

    from handbook.layout.inline import markup
    from handbook.layout.paragraph import Paragraph
    from handbook.layout.styles import paragraph_style
    from handbook.model import Math, Text

    ctx = SimpleNamespace(theme=default_fonts)
    style = paragraph_style(default_fonts, "body")
    for latex in (
        r"\frac{\Delta Q / Q}{\Delta P / P}",
        r"\sqrt{2}",
        r"\sum_{i=1}^{n} x_i",
        r"x^2",
        r"\begin{pmatrix}a&b\\c&d\end{pmatrix}",
    ):
        inlines = [
            Text("The value "),
            Math(latex),
            Text(" is used in the text that runs on over a line or two. " * 3),
        ]
        paragraph = Paragraph(markup(inlines, ctx), style)
        paragraph.wrap(300, 1000)
        heights = [line.ascent - line.descent for line in paragraph.blPara.lines]
        assert max(heights) <= style.leading * 1.2 + 0.01, (latex, heights)
        assert max(heights) > 0


def test_prices_and_shell_snippets_print_unchanged(math_book):
    text = math_book.flat_text
    assert "A ticket costs $5 and a meal $10; together $15, or $ 20 with a tip." in text
    assert "$2.5 trillion to $3" in text
    for line in ("echo $HOME", "export PATH=$PATH:/usr/local/bin", "cost=$((5 + 10))", "echo $USER"):
        assert line in text


def test_unsupported_math_command_prints_source_with_one_warning_per_chapter(make_book):
    book = make_book(
        {
            "01-a.md": "# A\n\nFirst $\\foo{x}$ and $\\bar{y} + \\baz$ then\n\n$$\n\\qux{z}\n$$\n",
            "02-b.md": "# B\n\nAgain $\\foo{x}$.\n",
            "03-c.md": "# C\n\nA fraction of one part, $\\frac{1}$, and $x_$.\n",
        }
    )
    warnings = [d for d in book.result.diagnostics.items if d.code == "math-unsupported"]
    assert [(Path(d.path).name, d.line) for d in warnings] == [("01-a.md", 3), ("02-b.md", 3), ("03-c.md", 3)]
    assert (
        "'\\foo'" in warnings[0].message
        and "cannot be drawn (an incomplete frac in it)" in warnings[2].message
    )
    assert "$\\frac{1}$" in book.text
    assert "$\\foo{x}$" in book.text and "\\qux{z}" in book.text


def test_every_label_is_in_the_text_and_inside_the_text_block(diagram_book):
    from handbook.model.diagrams import Flowchart
    from handbook.parse.mermaid import component_code, diagram_block

    source = (FIXTURES / "diagrams/01-flowcharts.md").read_text() + (
        FIXTURES / "diagrams/02-timelines.md"
    ).read_text()
    fences = re.findall(r"```mermaid\n(.*?)```", source, re.DOTALL)
    fences.append(component_code(re.search(r"<MermaidDirect.*?/>", source, re.DOTALL).group(0)))
    labels, charts = [], 0
    for code in fences:
        blocks = diagram_block(code, "mermaid", None or _loc(), _Quiet())
        chart = getattr(blocks[0], "chart", None)
        if chart is None:
            continue
        charts += 1
        if isinstance(chart, Flowchart):
            labels += [n.label for n in chart.nodes] + [e.label for e in chart.edges if e.label]
            labels += [g.title for g in chart.subgraphs]
        else:
            labels += [chart.title] + [p.period for s in chart.sections for p in s.periods]
            labels += [e for s in chart.sections for p in s.periods for e in p.events]
    assert charts == 14  # 10 flowcharts, the genealogy again from the site component, 3 timelines
    text = " ".join(diagram_book.flat_text.split())
    words = set(text.split())
    for label in labels:
        for word in label.split():
            assert word in words or word in text, (label, word)
    with pdfplumber.open(diagram_book.path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                assert 40 <= char["x0"] and char["x1"] <= page.width - 40, char["text"]
                assert 20 <= char["top"] and char["bottom"] <= page.height - 20


def test_no_two_nodes_or_labels_overlap(default_fonts):
    from handbook.layout.diagram import place_flowchart
    from handbook.layout.mindmap import LabelFonts
    from handbook.layout.mindmap_labels import LabelMeasurer
    from handbook.parse.mermaid import diagram_block

    fonts = LabelFonts(default_fonts)
    source = (FIXTURES / "diagrams/01-flowcharts.md").read_text()
    checked = 0
    for code in re.findall(r"```mermaid\n(.*?)```", source, re.DOTALL):
        blocks = diagram_block(code, "mermaid", _loc(), _Quiet())
        if not hasattr(blocks[0], "chart"):
            continue
        placed = place_flowchart(blocks[0].chart, LabelMeasurer(fonts.measure), 8.5)
        for a, b in combinations(placed.boxes, 2):
            ax0, ay0, ax1, ay1 = a.bounds()
            bx0, by0, bx1, by1 = b.bounds()
            assert ax1 <= bx0 + 0.01 or bx1 <= ax0 + 0.01 or ay1 <= by0 + 0.01 or by1 <= ay0 + 0.01, (
                a.key,
                b.key,
            )
        for box in placed.boxes:
            assert all(line.width <= box.w + 0.01 for line in box.lines)
        assert len(placed.boxes) >= len(blocks[0].chart.nodes)
        checked += 1
    assert checked == 10


def test_unsupported_diagram_kinds_warn_once_per_chapter(diagram_book, make_book):
    warnings = [d for d in diagram_book.result.diagnostics.items if d.code == "diagram-not-drawn"]
    assert len(warnings) == 1 and "sequenceDiagram" in warnings[0].message
    assert "Alice->>Bob: Hello" in diagram_book.text and "@startuml" in diagram_book.text
    book = make_book(
        {"01-a.md": "# A\n\n```mermaid\ngantt\n  title G\n```\n\n```kroki-plantuml\nA -> B\n```\n"}
    )
    assert [d.code for d in book.result.diagnostics.items].count("diagram-not-drawn") == 1


def _loc():
    from handbook.model import Location

    return Location(Path("x.md"), 1)


class _Quiet:
    items: list = []

    def warning(self, *args, code, **kwargs):
        assert code == "diagram-not-drawn", args  # the fixture's diagrams all read cleanly


def _overlap(a, b, slack: float = 0.3) -> bool:
    return (
        a["x0"] + slack < b["x1"]
        and b["x0"] + slack < a["x1"]
        and a["top"] + slack < b["bottom"]
        and b["top"] + slack < a["bottom"]
    )


def test_drawn_nodes_and_labels_do_not_overlap_and_labels_sit_in_their_boxes(diagram_book, default_fonts):
    """On the PDF: node outlines (shapes stroked in the accent colour) and edge-label
    backgrounds never overlap; upright words never overlap; each word of a diagram page that
    is in a box is wholly inside it."""
    from handbook.layout.styles import color

    accent = color(default_fonts.mindmap.palette[0])
    accent_rgb = tuple(round(v, 3) for v in (accent.red, accent.green, accent.blue))
    pages_with_nodes = 0
    with pdfplumber.open(diagram_book.path) as pdf:
        for page in pdf.pages:
            shapes = [
                s
                for s in page.rects + page.curves
                if (s.get("stroke") and tuple(round(v, 3) for v in s["stroking_color"] or ()) == accent_rgb)
                or (
                    s.get("fill")
                    and not s.get("stroke")
                    and s["non_stroking_color"] in ((1, 1, 1), (1.0, 1.0, 1.0))
                )
            ]
            if not shapes:
                continue
            pages_with_nodes += 1
            for a, b in combinations(shapes, 2):
                assert not _overlap(a, b), (page.page_number, a["x0"], a["top"], b["x0"], b["top"])
            words = [w for w in page.extract_words() if w["upright"]]
            for a, b in combinations(words, 2):
                assert not _overlap(a, b), (page.page_number, a["text"], b["text"])
            for word in words:
                holders = [s for s in shapes if _overlap(word, s)]
                for shape in holders:
                    assert shape["x0"] - 0.5 <= word["x0"] and word["x1"] <= shape["x1"] + 0.5, word["text"]
    assert pages_with_nodes >= 5


def _charts():
    from hypothesis import strategies as st

    from handbook.model.diagrams import FlowEdge, Flowchart, FlowNode, SHAPES, Subgraph

    # Labels of words, one long unbroken word (an address, a chemical name), or none at all.
    words = st.one_of(
        st.text(alphabet="abcdefghij अआक", min_size=1, max_size=30),
        st.text(alphabet="abcdefghijklmnop", min_size=20, max_size=80),
        st.sampled_from(["", " "]),
    )

    @st.composite
    def chart(draw):
        count = draw(st.integers(1, 14))
        nodes = [FlowNode(f"n{i}", draw(words), draw(st.sampled_from(SHAPES))) for i in range(count)]
        # self-loops (a -> a) and repeated edges included
        pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)), max_size=20))
        edges = [
            FlowEdge(
                f"n{a}",
                f"n{b}",
                draw(
                    st.sampled_from(
                        ["", "yes", "a longer edge label", "an edge label long enough to wrap twice"]
                    )
                ),
                draw(st.sampled_from(["arrow", "open", "dotted", "thick"])),
            )
            for a, b in pairs
        ]
        subgraphs = []
        for k in range(draw(st.integers(0, 3))):
            inside = draw(st.lists(st.integers(0, count - 1), max_size=4, unique=True))
            if inside:
                title = draw(st.sampled_from(["Group", "A longer group title", ""]))
                subgraphs.append(Subgraph(f"s{k}", title, [f"n{i}" for i in inside]))
        return Flowchart(draw(st.sampled_from(["TB", "BT", "LR", "RL"])), nodes, edges, subgraphs)

    return chart()


@pytest.mark.parametrize("compact", [False, True])
def test_placed_flowcharts_never_overlap(compact):
    from hypothesis import given, settings

    from handbook.layout.diagram import place_flowchart
    from handbook.layout.mindmap_labels import LabelMeasurer

    measurer = LabelMeasurer(lambda text, face, size: len(text) * size * 0.55)

    @settings(max_examples=40, deadline=None)
    @given(_charts())
    def check(chart):
        placed = place_flowchart(chart, measurer, 8.5, *((48.0, 6.0) if compact else ()))
        for a, b in combinations(placed.boxes, 2):
            ax0, ay0, ax1, ay1 = a.bounds()
            bx0, by0, bx1, by1 = b.bounds()
            assert ax1 <= bx0 + 0.01 or bx1 <= ax0 + 0.01 or ay1 <= by0 + 0.01 or by1 <= ay0 + 0.01
        for box in placed.boxes:
            x0, y0, x1, y1 = box.bounds()
            assert -0.01 <= x0 and x1 <= placed.width + 0.01 and -0.01 <= y0 and y1 <= placed.height + 0.01
        for edge in placed.edges:
            assert all(
                -0.01 <= x <= placed.width + 0.01 and -0.01 <= y <= placed.height + 0.01
                for x, y in edge.points
            )

    check()


def test_mermaid_reads_labels_written_inside_edges_and_odd_shapes():
    from handbook.parse.mermaid import diagram_block

    code = (
        "graph TB\n  a>Flag]-- goes<br/>on --> b(Round<br>box)\n  c{Choice $\\alpha$} -.**no**.-> b\n"
        "  c==>d([Done]);  e((Ring)) --- a\n  classDef x fill:#f96;\n  class a x\n"
    )
    chart = diagram_block(code, "mermaid", _loc(), _Quiet())[0].chart
    shapes = {n.id: (n.label, n.shape) for n in chart.nodes}
    assert shapes == {
        "a": ("Flag", "rect"),
        "b": ("Round\nbox", "round"),
        "c": ("Choice α", "rhombus"),
        "d": ("Done", "stadium"),
        "e": ("Ring", "circle"),
    }
    assert [(e.source, e.target, e.label, e.line, e.arrow) for e in chart.edges] == [
        ("a", "b", "goes\non", "arrow", True),
        ("c", "b", "no", "dotted", True),
        ("c", "d", "", "thick", True),
        ("e", "a", "", "open", False),
    ]
