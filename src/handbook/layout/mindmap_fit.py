"""Fitting a mind map to its box: the largest font that fits, or several maps.

`fit_map` tries font sizes from the style's down to the minimum, two-sided before one-sided,
and keeps the first layout that fits. When none does, the map is split into as few maps as
possible (runs of first-level branches, each with the centre repeated), at the largest size
that needs no more maps; a branch too big even alone becomes the centre of its own maps, the
labels above it kept as the map's `trail` (and when every branch is that big, the centre
first gets a map of its own with its branches as leaves, so its label is drawn). Pure: no reportlab.
"""

from __future__ import annotations

from dataclasses import replace

from handbook.layout.mindmap_geometry import (
    EPSILON,
    MAX_LABEL_LINES,
    MapMetrics,
    PlacedMap,
    Topic,
    layout_map,
)
from handbook.layout.mindmap_labels import LabelMeasurer, Measure, label_text

# Font sizes shrink in steps of this fraction of the style's.
FONT_STEP = 0.08
MODES = ("two-sided", "one-sided")
# How many sizes smaller a map may be set so that no label is stacked deeper than
# MAX_LABEL_LINES (two steps: 16 %, the A5 sample's first map squeezed onto a page's foot).
DEEP_LABEL_STEPS = 2


class MapTooLarge(ValueError):
    """A single topic does not fit the box even at the minimum size."""


def font_scales(m: MapMetrics) -> list[float]:
    """1, then smaller in FONT_STEP steps, ending where every size is the minimum."""
    largest = max(m.sizes)
    if largest <= m.min_size:
        return [1.0]
    scales, scale = [], 1.0
    while largest * scale > m.min_size + EPSILON:
        scales.append(scale)
        scale = round(scale - FONT_STEP, 6)
    return scales + [m.min_size / largest]


class _Fitter:
    """Finds the best single layout of a tree in a width x height box."""

    def __init__(self, m: MapMetrics, measure: Measure, width: float, height: float):
        self.m, self.width, self.height = m, width, height
        self.labels = LabelMeasurer(measure)
        self.scales = font_scales(m)

    def best(self, topic: Topic, branches, scales=None) -> PlacedMap | None:
        """The first layout that fits: largest font first, two-sided before one-sided unless
        the two-sided one stacks a label deeper than MAX_LABEL_LINES and the one-sided one,
        with wider columns, stacks it less deep (a narrow page: A5). A label still too deep
        for its column widens past it (the other columns give way), at this size or, when
        that does not fit, at up to DEEP_LABEL_STEPS sizes smaller; only then does a label
        keep four lines or more, at the largest size that fits."""
        modes = MODES if len(topic.children) > 1 else MODES[:1]
        deep: PlacedMap | None = None  # the first fitting layout, a label in it too deep
        steps = 0
        for scale in self.scales if scales is None else scales:
            fitting: list[PlacedMap] = []
            too_deep: list[str] = []  # the modes whose labels were too deep in their columns
            for grow in (False, True):
                for mode in too_deep if grow else modes:
                    placed = layout_map(topic, branches, self.m, scale, mode, self.labels, self.width, grow)
                    shallow = deepest_label(placed) <= MAX_LABEL_LINES
                    if self._fits(placed):
                        if shallow:
                            return placed
                        fitting.append(placed)
                    if not grow and not shallow:
                        too_deep.append(mode)  # (grown, a shallow layout is the same)
            if fitting and deep is None:
                deep = min(fitting, key=deepest_label)  # (the first of equals: two-sided)
            if deep is not None:
                steps += 1
                if steps > DEEP_LABEL_STEPS:
                    break
        return deep

    def _fits(self, placed: PlacedMap) -> bool:
        return placed.width <= self.width + EPSILON and placed.height <= self.height + EPSILON


def place_map(
    topic: Topic,
    m: MapMetrics,
    measure: Measure,
    width: float,
    height: float,
    branches: tuple[int, ...] | None = None,
) -> PlacedMap | None:
    """The whole tree as one map in width x height, at the largest size that fits; None if
    it does not fit even at the minimum size. `branches`: the colour of each first-level
    branch (default 0, 1, 2, ...)."""
    if branches is None:
        branches = tuple(range(len(topic.children)))
    return _Fitter(m, measure, width, height).best(topic, branches)


def fit_map(topic: Topic, m: MapMetrics, measure: Measure, width: float, height: float) -> list[PlacedMap]:
    """One map if the tree fits width x height at or above the minimum size, else several.

    Raises MapTooLarge when a single label cannot fit the box at all."""
    fitter = _Fitter(m, measure, width, height)
    parts = _split(topic, tuple(range(len(topic.children))), (), fitter)
    return [replace(p, part=i, parts=len(parts)) for i, p in enumerate(parts, start=1)]


def _split(
    topic: Topic, branches: tuple[int, ...], trail: tuple[str, ...], fitter: _Fitter
) -> list[PlacedMap]:
    whole = fitter.best(topic, branches)
    if whole is not None:
        return [replace(whole, trail=trail)]
    if not topic.children:
        raise MapTooLarge(
            f"the mind-map topic '{label_text(topic.runs)[:60]}' does not fit the "
            f"page even at the smallest size"
        )
    # As few maps as possible (packed at any size), then the largest size needing no more.
    packed = _pack(topic, branches, fitter, fitter.scales)
    assert packed is not None  # at all the scales, every branch fits or is left to split
    for scale in fitter.scales[:-1]:
        larger = _pack(topic, branches, fitter, [scale])
        if larger is not None and len(larger) <= len(packed):
            packed = larger
            break
    parts: list[PlacedMap] = []
    if not any(isinstance(item, PlacedMap) for item in packed):
        # Every branch went to maps of its own (always so for a one-branch map), so no map
        # would show this topic as a node: first a map of it with its branches as leaves.
        outline = Topic(topic.runs, tuple(Topic(child.runs) for child in topic.children))
        parts.extend(_split(outline, branches, trail, fitter))
    below = trail + (label_text(topic.runs),)
    for item in packed:
        if isinstance(item, PlacedMap):
            parts.append(replace(item, trail=trail))
        else:  # a branch too big for any map with the centre: the centre of its own maps
            child, branch = item
            parts.extend(_split(child, (branch,) * len(child.children), below, fitter))
    return parts


def _pack(topic: Topic, branches, fitter: _Fitter, scales) -> list | None:
    """Runs of consecutive branches, each run as large as fits one map (with the centre
    repeated) at one of `scales`. A branch that fits no map even alone is left as
    (branch topic, colour) to split further; None if one fits alone only at other scales."""
    items: list = []
    group: list[tuple[Topic, int]] = []
    placed: PlacedMap | None = None

    def attempt(members, sizes):
        return fitter.best(
            Topic(topic.runs, tuple(t for t, _ in members)), tuple(b for _, b in members), sizes
        )

    for member in zip(topic.children, branches):
        grown = attempt(group + [member], scales) if group else None
        if grown is not None:
            group, placed = group + [member], grown
            continue
        if placed is not None:
            items.append(placed)
        group, placed = [member], attempt([member], scales)
        if placed is None:
            if attempt([member], fitter.scales) is not None:
                return None
            items.append(member)
            group = []
    if placed is not None:
        items.append(placed)
    return items


def deepest_label(placed: PlacedMap) -> int:
    """The most lines any label of the map is wrapped into."""
    return max((len(node.lines) for node in placed.nodes), default=0)
