"""Property tests of the pure mind-map geometry over random trees (1-60 topics, depth 1-5,
labels 1-80 characters), in an A4 and an A5 text block, with a stand-in for font metrics."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from conftest import examples
from hypothesis import strategies as st

from handbook.layout.mindmap_fit import fit_map, place_map
from handbook.layout.mindmap import map_metrics
from handbook.layout.mindmap_geometry import PlacedMap, Topic
from handbook.layout.mindmap_labels import Face, Run, label_text, wrap_label
from handbook.theme import load_theme

STYLE = load_theme("default").mindmap
METRICS = map_metrics(STYLE)  # the default theme's, as the layout computes them
# (map width, map height) inside the frame: A4 and A5 text blocks less the box's frame.
BOXES = [(448.0, 620.0), (300.0, 400.0)]
NARROW = set("iljt.,;:'|!()[]- ")
WIDE = set("mwMW@%")


def measure(text: str, face: Face, size: float) -> float:
    """Proportional stand-in metrics: narrow, wide and ordinary characters; bold is wider."""
    per_char = sum(0.28 if c in NARROW else 0.85 if c in WIDE else 0.52 for c in text)
    factor = 0.6 / 0.52 if face.code else 1.08 if face.bold else 1.0
    return per_char * size * factor


ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,–-/()'$%mwMW"
labels = st.text(alphabet=ALPHABET, min_size=1, max_size=80).filter(lambda s: s.strip())


@st.composite
def trees(draw) -> Topic:
    """A random tree: each new topic hangs under an earlier one no deeper than level 4."""
    count = draw(st.integers(1, 60))
    texts = [draw(labels) for _ in range(count)]
    faces = [
        draw(st.sampled_from([Face(), Face(italic=True), Face(bold=True), Face(code=True)]))
        for _ in range(count)
    ]
    depth, children = [0], {0: []}
    for index in range(1, count):
        parent = draw(st.sampled_from([i for i in range(index) if depth[i] < 4]))
        depth.append(depth[parent] + 1)
        children[parent].append(index)
        children[index] = []

    def build(index: int) -> Topic:
        return Topic((Run(texts[index], faces[index]),), tuple(build(c) for c in children[index]))

    return build(0)


def all_topics(topic: Topic):
    yield topic
    for child in topic.children:
        yield from all_topics(child)


def overlap(a, b) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def polyline(connector, steps: int = 24) -> list[tuple[float, float]]:
    if connector.kind == "elbow":
        return list(connector.points)
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = connector.points
    out = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
        out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def segment_enters(p, q, node, inset: float = 0.5) -> bool:
    """Does segment p-q pass through the node's rectangle (shrunk by `inset`)? Liang-Barsky."""
    x_min, x_max = node.x + inset, node.x + node.w - inset
    y_min, y_max = node.y + inset, node.y + node.h - inset
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - x_min), (dx, x_max - p[0]), (-dy, p[1] - y_min), (dy, y_max - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def endpoint_nodes(part: PlacedMap, connector):
    start, end = connector.points[0], connector.points[-1]

    def on_edge(node, point):
        x, y = point
        return (abs(x - node.x) < 1e-6 or abs(x - node.x - node.w) < 1e-6) and node.y <= y <= node.y + node.h

    return [n for n in part.nodes if on_edge(n, start) or on_edge(n, end)]


def check_part(part: PlacedMap, width: float, height: float) -> None:
    m = METRICS
    assert part.width <= width + 1e-6 and part.height <= height + 1e-6
    for node in part.nodes:
        # Inside the box.
        assert node.x >= -1e-6 and node.y >= -1e-6
        assert node.x + node.w <= part.width + 1e-6 and node.y + node.h <= part.height + 1e-6
        # The label fits its node, at or above the minimum size, lines not overlapping.
        assert node.size >= m.min_size - 1e-9
        assert node.line_height >= node.size
        for line in node.lines:
            assert line.width <= node.w - 2 * m.pad_x + 1e-6
        assert node.text_top <= node.y + node.h + 1e-6
        assert node.text_top - len(node.lines) * node.line_height >= node.y - 1e-6
    nodes = part.nodes
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            assert not overlap(a, b), (a, b)
    for connector in part.connectors:
        ends = endpoint_nodes(part, connector)
        points = polyline(connector)
        for node in nodes:
            if any(node is end for end in ends):
                continue
            for p, q in zip(points, points[1:]):
                assert not segment_enters(p, q, node), (connector, node)


@settings(max_examples=examples(60, fast=15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=trees(), box=st.sampled_from(BOXES))
def test_random_maps_fit_without_overlaps_or_crossings(tree, box):
    width, height = box
    parts = fit_map(tree, METRICS, measure, width, height)
    assert parts and [p.part for p in parts] == list(range(1, len(parts) + 1))
    for part in parts:
        check_part(part, width, height)
    # Nothing is lost: every topic's words are printed in some map.
    printed = {
        " ".join("".join(r.text for line in n.lines for r in line.runs).split()).replace(" ", "")
        for part in parts
        for n in part.nodes
    }
    for topic in all_topics(tree):
        assert label_text(topic.runs).replace(" ", "") in printed
    # A map split in parts only when the whole does not fit.
    if len(parts) > 1:
        assert place_map(tree, METRICS, measure, width, height) is None


@settings(max_examples=examples(25, fast=8), deadline=None)
@given(tree=trees(), box=st.sampled_from(BOXES))
def test_layout_is_deterministic(tree, box):
    assert fit_map(tree, METRICS, measure, *box) == fit_map(tree, METRICS, measure, *box)


@settings(max_examples=40, deadline=None)
@given(text=labels, size=st.floats(7, 12), width=st.floats(30, 200))
def test_wrapping_keeps_every_character_and_the_width(text, size, width):
    lines = wrap_label((Run(text),), size, width, measure)
    assert "".join(r.text for line in lines for r in line.runs).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        words = "".join(r.text for r in line.runs)
        # Over the width only when one character alone is wider.
        assert line.width <= width + 1e-6 or len(words) == 1


def test_branches_are_balanced_on_both_sides():
    leaf = Topic((Run("a leaf topic"),))
    tree = Topic((Run("centre"),), tuple(Topic((Run(f"branch {i}"),), (leaf, leaf)) for i in range(6)))
    (part,) = fit_map(tree, METRICS, measure, *BOXES[0])
    branches = [n for n in part.nodes if n.depth == 1]
    assert sum(n.side > 0 for n in branches) == 3 and sum(n.side < 0 for n in branches) == 3
    centre = next(n for n in part.nodes if n.depth == 0)
    assert all((n.x > centre.x) == (n.side > 0) for n in part.nodes if n.depth)
    # Each branch colours its own subtree.
    assert {n.branch for n in part.nodes if n.depth} == set(range(6))


def test_a_map_too_big_for_one_box_is_split_with_the_centre_repeated():
    long = "a long topic label that needs a few lines to print at any size"
    tree = Topic(
        (Run("centre"),),
        tuple(Topic((Run(f"branch {i}"),), tuple(Topic((Run(long),)) for _ in range(8))) for i in range(6)),
    )
    parts = fit_map(tree, METRICS, measure, *BOXES[1])
    assert len(parts) > 1
    for part in parts:
        centre = [n for n in part.nodes if n.depth == 0]
        assert len(centre) == 1 and "".join(r.text for r in centre[0].lines[0].runs) == "centre"
        assert all(n.size >= METRICS.min_size for n in part.nodes)
    # Colours follow the original branches across parts.
    assert sorted(n.branch for p in parts for n in p.nodes if n.depth == 1) == list(range(6))


def test_a_topic_whose_only_branch_is_split_off_is_still_drawn():
    # Found by the property test: a branch too big for any map with the centre became the
    # centre of its own maps, so a topic with only such branches was printed in no map.
    long = "a long topic label that needs a few lines to print at any size"
    middle = Topic((Run("middle"),), tuple(Topic((Run(f"{long} {i}"),)) for i in range(30)))
    tree = Topic((Run("centre"),), (Topic((Run("branch"),), (middle,)),))
    parts = fit_map(tree, METRICS, measure, *BOXES[1])
    drawn = [
        [(n.depth, "".join(r.text for line in n.lines for r in line.runs)) for n in p.nodes] for p in parts
    ]
    assert drawn[0] == [(0, "centre"), (1, "branch")] and parts[0].trail == ()
    assert drawn[1] == [(0, "branch"), (1, "middle")] and parts[1].trail == ("centre",)
    assert len(parts) > 2
    assert all(part.trail == ("centre", "branch") and part.nodes[0].depth == 0 for part in parts[2:])
    for part in parts:
        check_part(part, *BOXES[1])


def test_the_two_node_map():
    tree = Topic((Run("Quad"),), (Topic((Run("India, Japan, Australia and the United States"),)),))
    (part,) = fit_map(tree, METRICS, measure, *BOXES[0])
    centre, branch = part.nodes
    assert part.scale == 1.0 and centre.size == STYLE.root_size and branch.size == STYLE.branch_size
    assert branch.x >= centre.x + centre.w and len(part.connectors) == 1


def test_geometry_does_not_import_reportlab():
    code = "import sys, handbook.layout.mindmap_fit; sys.exit('reportlab' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("kind", ["curve", "elbow"])
def test_connectors_join_parent_and_child_edges(kind):
    from dataclasses import replace

    tree = Topic((Run("centre"),), tuple(Topic((Run(f"b{i}"),), (Topic((Run("leaf"),)),)) for i in range(3)))
    (part,) = fit_map(tree, replace(METRICS, connector=kind), measure, *BOXES[0])
    assert len(part.connectors) == 6 and all(c.kind == kind for c in part.connectors)
    for connector in part.connectors:
        assert len(endpoint_nodes(part, connector)) == 2


A5_STYLE = load_theme("a5-booklet").mindmap


def test_a5_labels_wrap_into_at_most_three_balanced_lines():
    """Issue 27: on A5, leaf labels were stacked 3-5 lines deep, a long line over a one-word
    one. Where the column has room, a label takes at most three lines, of about equal length."""
    leaves = (
        "Sanae Takaichi, first woman Prime Minister",
        "Confluence of the Two Seas (2007)",
        "UNCLOS, freedom of navigation",
        "Assertive on national security",
    )
    tree = Topic(
        (Run("Japan's new security outlook"),),
        (
            Topic((Run("New leadership"),), tuple(Topic((Run(text),)) for text in leaves[:2])),
            Topic((Run("Vision"),), tuple(Topic((Run(text),)) for text in leaves[2:])),
        ),
    )
    (part,) = fit_map(tree, map_metrics(A5_STYLE), measure, *BOXES[1])
    for node in part.nodes:
        widths = [line.width for line in node.lines]
        assert len(widths) <= 3, [r.text for line in node.lines for r in line.runs]
        if len(widths) > 1:  # balanced: no line much shorter than the widest but the last
            assert min(widths) >= 0.4 * max(widths), [r.text for line in node.lines for r in line.runs]


def test_a_balanced_label_keeps_a_hyphenated_compound_whole():
    """The centre भारत-जापान संबंध was balanced as "भारत-" over "जापान संबंध" (narrower than
    the compound): balancing breaks at a space when the compound fits on a line."""
    tree = Topic(
        (Run("Counterterrorism-AI use"),),
        tuple(Topic((Run(f"Security cooperation and exercises {i}"),)) for i in range(3)),
    )
    (part,) = fit_map(tree, METRICS, measure, *BOXES[1])
    centre = part.nodes[0]
    texts = ["".join(r.text for r in line.runs).strip() for line in centre.lines]
    assert texts == ["Counterterrorism-AI", "use"], texts
