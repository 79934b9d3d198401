"""Mermaid diagrams as plain data (parse.mermaid makes them, layout.diagram draws them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

__all__ = ["FlowNode", "FlowEdge", "Subgraph", "Flowchart", "TimelinePeriod", "TimelineSection", "Timeline"]

SHAPES = ("rect", "round", "stadium", "rhombus", "circle")
LINES = ("arrow", "open", "dotted", "thick")  # -->, ---, -.->, ==>


@dataclass
class FlowNode:
    id: str
    label: str
    shape: str = "rect"  # one of SHAPES

    printed: ClassVar = ("label",)
    unprinted: ClassVar = ("id", "shape")


@dataclass
class FlowEdge:
    source: str  # node ids
    target: str
    label: str = ""
    line: str = "arrow"  # one of LINES
    arrow: bool = True

    printed: ClassVar = ("label",)
    unprinted: ClassVar = ("source", "target", "line")


@dataclass
class Subgraph:
    id: str
    title: str
    nodes: list[str] = field(default_factory=list)  # ids of the nodes declared inside

    printed: ClassVar = ("title",)
    unprinted: ClassVar = ("id",)


@dataclass
class Flowchart:
    direction: str  # TB, BT, LR, RL (TD is TB)
    nodes: list[FlowNode]
    edges: list[FlowEdge]
    subgraphs: list[Subgraph] = field(default_factory=list)

    unprinted: ClassVar = ("direction",)


@dataclass
class TimelinePeriod:
    period: str
    events: list[str] = field(default_factory=list)

    printed: ClassVar = ("period", "events")


@dataclass
class TimelineSection:
    title: str  # "" for periods before any section
    periods: list[TimelinePeriod] = field(default_factory=list)

    printed: ClassVar = ("title",)


@dataclass
class Timeline:
    title: str
    sections: list[TimelineSection]

    printed: ClassVar = ("title",)
