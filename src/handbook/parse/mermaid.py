"""Mermaid diagrams -> model.diagrams (Flowchart, Timeline); other diagram kinds stay code.

The project reads the two kinds notes use most, with no browser: `flowchart`/`graph` (TD, TB,
BT, LR, RL; node shapes rectangle, round, stadium, rhombus, circle, the others drawn as
rectangles; edge labels; `-->`, `---`, `-.->`, `==>`; subgraphs; `classDef`, `class`, `style`,
`click` and `linkStyle` ignored, as they only restyle) and `timeline` (title, sections,
periods with events). Anything else (sequence, gantt, class diagrams, PlantUML, kroki-*)
prints as code with one warning per chapter naming the kind. A line the reader cannot follow
makes the whole diagram print as code with a message naming the line: a half-drawn diagram
would say something its author did not.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from handbook.errors import display_path
from handbook.model import CodeBlock, Diagram, Location
from handbook.parse.math import as_plain
from handbook.model.diagrams import (
    FlowEdge,
    Flowchart,
    FlowNode,
    Subgraph,
    Timeline,
    TimelinePeriod,
    TimelineSection,
)

# Fences that hold diagrams in some other language (kroki-plantuml, kroki-mermaid, ...).
OTHER_FENCES: tuple[str, ...] = (
    "plantuml",
    "puml",
    "graphviz",
    "dot",
    "d2",
    "ditaa",
    "nomnoml",
    "vega",
    "vegalite",
    # Obsidian plugins that draw from a fence: graphs of functions (Desmos), TikZ, charts.
    "desmos-graph",
    "tikz",
    "chart",
    "functionplot",
)


def is_diagram_fence(language: str) -> bool:
    return language == "mermaid" or language in OTHER_FENCES or language.startswith("kroki-")


def diagram_block(code: str, language: str, loc: Location, diagnostics) -> list:
    """The block a diagram fence (or a site component's code) becomes: a Diagram, or its
    source as code with a warning."""
    if language.startswith("kroki-"):
        language = language[len("kroki-") :]
    if language != "mermaid":
        warn_not_drawn(language, loc, diagnostics)
        return [CodeBlock(code.rstrip("\n"), loc, language)]
    kind, lines = _kind(code)
    reader = READERS.get(kind)
    if reader is None:
        warn_not_drawn(f"mermaid {kind or '(empty)'}", loc, diagnostics)
        return [CodeBlock(code.rstrip("\n"), loc, "mermaid")]
    problems: list[tuple[int, str]] = []
    chart = reader(lines, problems)
    for offset, message in problems:
        diagnostics.warning(
            loc.path,
            (loc.line or 0) + offset + 1 if loc.line else None,
            f"{message}; the diagram is printed as code (see docs/format.md, Diagrams)",
            code="diagram-syntax",
        )
    if problems or chart is None:
        return [CodeBlock(code.rstrip("\n"), loc, "mermaid")]
    return [Diagram(chart, loc, code)]


_COMPONENT = re.compile(
    r"<[A-Za-z][\w.-]*\s[^>]*?\bcode\s*=\s*(?:\"([^\"]*)\"|'([^']*)')[^>]*>\s*$", re.DOTALL
)


def component_code(raw: str) -> str | None:
    """The Mermaid code of a site component written as a paragraph of its own
    (`<MermaidDirect code="flowchart TD …" />`, the attribute over several lines), or None."""
    raw = raw.strip()
    found = _COMPONENT.match(raw) if raw.startswith("<") and "code" in raw else None
    if not found:
        return None
    code = html.unescape(found.group(1) if found.group(1) is not None else found.group(2))
    words = code.split()
    return code if words and words[0] in READERS else None


def warn_not_drawn(kind: str, loc: Location, diagnostics) -> None:
    """One warning per chapter, naming the first kind met."""
    shown = display_path(loc.path)
    if any(d.code == "diagram-not-drawn" and d.path == shown for d in diagnostics.items):
        return
    diagnostics.warning(
        loc.path,
        loc.line,
        f"{kind} diagrams are not drawn (only Mermaid flowcharts and timelines are): the "
        "diagram's source is printed as code (draw it as an image, a flowchart, or a ```mindmap```)",
        code="diagram-not-drawn",
    )


def _kind(code: str) -> tuple[str, list[tuple[int, str]]]:
    """The diagram's kind (its first word) and its other lines as (offset from the fence's
    first line, text), comments and blank lines left out."""
    lines = [(i, line.strip()) for i, line in enumerate(code.split("\n"))]
    lines = _quoted_lines_joined([(i, text) for i, text in lines if text and not text.startswith("%%")])
    if lines and lines[0][1] == "---":  # front matter (title:, config:) before the kind
        end = next((k for k in range(1, len(lines)) if lines[k][1] == "---"), len(lines) - 1)
        lines = lines[end + 1 :]
    if not lines:
        return "", []
    first = lines[0][1].split()
    kind = first[0]
    rest = [(lines[0][0], " ".join(first[1:]))] + lines[1:]
    return kind, rest


MAX_QUOTED_LINES = 20


def _quoted_lines_joined(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A quoted label written over several lines (`A -->|"one` / `two"| B`) is one statement,
    its lines broken where the author broke them. A quote that does not close within
    MAX_QUOTED_LINES lines is left as it stands (and reported where it cannot be read)."""
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        offset, text = lines[index]
        end = index
        while text.count('"') % 2 and end + 1 < len(lines) and end - index < MAX_QUOTED_LINES:
            end += 1
            text += "<br>" + lines[end][1]
        if text.count('"') % 2:  # never closed: each line as written
            out.append(lines[index])
            index += 1
            continue
        out.append((offset, text))
        index = end + 1
    return out


# --- flowcharts -------------------------------------------------------------------------

DIRECTIONS = {"TD": "TB", "TB": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
IGNORED = ("classDef", "class", "style", "linkStyle", "click", "direction", "accTitle", "accDescr")
# Opening bracket -> (closing bracket, shape); longer openers first.
SHAPE_BRACKETS = [
    ("(((", ")))", "circle"),
    ("((", "))", "circle"),
    ("([", "])", "stadium"),
    ("[[", "]]", "rect"),
    ("[(", ")]", "rect"),
    ("[/", "/]", "rect"),
    ("[\\", "\\]", "rect"),
    ("[/", "\\]", "rect"),
    ("[\\", "/]", "rect"),
    ("{{", "}}", "rhombus"),
    ("[", "]", "rect"),
    ("(", ")", "round"),
    ("{", "}", "rhombus"),
    (">", "]", "rect"),
]
_ID = re.compile(r"[\w\u0900-\u0DFF]+")
# An edge: a plain operator with an optional |label|, or a label written inside the operator
# (`-- yes -->`, `--**yes**-->`: the label starts with no character an operator goes on with).
_EDGE = re.compile(
    r"\s*(?:"
    r"(?P<open>--|-\.|==)\s*(?P<inner>[^|>=.\s-][^|]*?)\s*(?P<close>-{2,}>|\.-+>|={2,}>|-{3,}|\.-+|={3,})"
    r"|(?P<op><?(?:-{2,}>|-{3,}|-\.+->|-\.+-|={2,}>|={3,}|~{3,}|--[ox]))(?:\s*\|(?P<label>[^|]*)\|)?"
    r")\s*"
)


@dataclass
class _Reading:
    nodes: dict[str, FlowNode] = field(default_factory=dict)
    edges: list[FlowEdge] = field(default_factory=list)
    subgraphs: list[Subgraph] = field(default_factory=list)
    open_subgraphs: list[Subgraph] = field(default_factory=list)

    def node(self, ident: str, label: str | None, shape: str | None) -> str:
        found = self.nodes.get(ident)
        if found is None:
            found = self.nodes[ident] = FlowNode(ident, ident)
            if self.open_subgraphs:
                self.open_subgraphs[-1].nodes.append(ident)
        if label is not None:
            found.label = label
        if shape is not None:
            found.shape = shape
        return ident


def read_flowchart(lines: list[tuple[int, str]], problems: list) -> Flowchart | None:
    first_offset, first = lines[0] if lines else (0, "")
    head = _statements(first) or ["TB"]  # "graph TD; A-->B" on one line
    direction = DIRECTIONS.get(head[0].upper()) if head[0].upper() in DIRECTIONS else None
    statements = [(first_offset, s) for s in head[1:]]
    if direction is None:  # no direction: top to bottom, as Mermaid does
        direction, statements = "TB", [(first_offset, s) for s in head]
    reading = _Reading()
    for offset, statement in statements + [(o, s) for o, text in lines[1:] for s in _statements(text)]:
        message = _statement(statement, reading)
        if message:
            problems.append((offset, message))
    if reading.open_subgraphs:
        problems.append((lines[-1][0], f"subgraph '{reading.open_subgraphs[-1].title}' has no 'end'"))
    if not reading.nodes:
        problems.append((lines[0][0], "the flowchart has no nodes"))
    return Flowchart(direction, list(reading.nodes.values()), reading.edges, reading.subgraphs)


def _statements(line: str) -> list[str]:
    """A line's statements (';' separates them, outside quotes and brackets)."""
    out, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "[({":
            depth += 1
        elif not quoted and char in "])}":
            depth = max(0, depth - 1)
        elif char == ";" and not quoted and depth == 0:
            out.append(line[start:index])
            start = index + 1
    out.append(line[start:])
    return [s.strip() for s in out if s.strip()]


def _statement(text: str, reading: _Reading) -> str:
    """Read one statement into `reading`; a message when it cannot be read."""
    word = text.split()[0]
    if word in IGNORED:
        return ""
    if word == "subgraph":
        ident, title = _subgraph_title(text[len("subgraph") :].strip())
        graph = Subgraph(ident, title)
        reading.subgraphs.append(graph)
        reading.open_subgraphs.append(graph)
        return ""
    if text == "end":
        if not reading.open_subgraphs:
            return "'end' without a 'subgraph'"
        reading.open_subgraphs.pop()
        return ""
    position = 0
    previous: list[str] = []
    pending = _Edge("", "arrow", True)  # the edge read before the current group of nodes
    while True:
        group, position, message = _node_group(text, position, reading)
        if message:
            return message
        if previous:
            for source in previous:
                for target in group:
                    reading.edges.append(FlowEdge(source, target, pending.label, pending.line, pending.arrow))
        if position >= len(text):
            return ""
        found = _EDGE.match(text, position)
        if not found:
            return f"cannot read '{text[position:].strip()}' in '{text}'"
        pending = _edge_of(found)
        previous, position = group, found.end()


@dataclass
class _Edge:
    label: str
    line: str
    arrow: bool


def _edge_of(found: re.Match) -> _Edge:
    op = found.group("op") or (found.group("open") + found.group("close"))
    label = _label(found.group("inner") or found.group("label") or "")
    if "." in op:
        line = "dotted"
    elif "=" in op:
        line = "thick"
    elif op.endswith(">") or op.endswith("o") or op.endswith("x"):
        line = "arrow"
    else:
        line = "open"
    return _Edge(label, line, op.endswith((">", "o", "x")))


def _node_group(text: str, position: int, reading: _Reading) -> tuple[list[str], int, str]:
    """Nodes joined by '&' at `position`: their ids, where reading stopped, or a message."""
    ids = []
    while True:
        while position < len(text) and text[position] == " ":
            position += 1
        found = _ID.match(text, position)
        if not found:
            return [], position, f"expected a node id at '{text[position:].strip()}' in '{text}'"
        ident, position = found.group(0), found.end()
        label = shape = None
        for opener, closer, kind in SHAPE_BRACKETS:
            if text.startswith(opener, position):
                body, end = _bracketed(text, position + len(opener), closer)
                if end < 0:
                    return [], position, f"node '{ident}': '{opener}' is not closed with '{closer}'"
                label, shape, position = _label(body), kind, end
                break
        if text.startswith(":::", position):  # a class: ignored, as classDef is
            found = _ID.match(text, position + 3)
            position = found.end() if found else position + 3
        ids.append(reading.node(ident, label, shape))
        rest = text[position:].lstrip()
        if rest.startswith("&"):
            position = len(text) - len(rest) + 1
            continue
        return ids, position, ""


def _bracketed(text: str, start: int, closer: str) -> tuple[str, int]:
    """The label from `start` to `closer` (a quoted label may hold the closer): (label, the
    index after the closer) or ("", -1)."""
    rest = text[start:]
    if rest.startswith('"'):
        end_quote = rest.find('"', 1)
        if end_quote > 0 and rest[end_quote + 1 :].startswith(closer):
            return rest[1:end_quote], start + end_quote + 1 + len(closer)
    end = text.find(closer, start)
    if end < 0:
        return "", -1
    return text[start:end], end + len(closer)


def _subgraph_title(text: str) -> tuple[str, str]:
    found = re.fullmatch(r"([\w\u0900-\u0DFF]+)\s*\[(.*)\]", text)
    if found:
        return found.group(1), _label(found.group(2))
    return text, _label(text)


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Math in a label (Obsidian draws it): set as text where it is plain characters ($$V \times W$$).
_LABEL_MATH = re.compile(r"\$\$([^$]+)\$\$|\$([^$\s][^$]*)\$")
_MARKUP = re.compile(r"</?(?:b|i|em|strong|u|small)>|\*\*|`", re.IGNORECASE)


def _label(text: str) -> str:
    """A label as printed: quotes off, <br> a line break, entities and simple markup read."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    text = _BREAK.sub("\n", text)
    text = _MARKUP.sub("", text)
    text = re.sub(r"#(\w+);", r"&\1;", text)  # Mermaid writes entities as #quot;
    text = _LABEL_MATH.sub(lambda found: as_plain(found.group(1) or found.group(2)) or found.group(0), text)
    return "\n".join(" ".join(part.split()) for part in html.unescape(text).split("\n")).strip()


# --- timelines --------------------------------------------------------------------------


def read_timeline(lines: list[tuple[int, str]], problems: list) -> Timeline | None:
    title = ""
    sections: list[TimelineSection] = [TimelineSection("")]
    for offset, line in lines[1:] if lines and not lines[0][1] else lines:
        if line.startswith("title ") or line == "title":
            title = _label(line[len("title") :])
        elif line.startswith("section ") or line == "section":
            sections.append(TimelineSection(_label(line[len("section") :])))
        elif line.startswith(":"):
            periods = sections[-1].periods
            if not periods:
                problems.append((offset, "an event line (': …') before any period"))
                continue
            periods[-1].events += [_label(e) for e in line[1:].split(" : ") if e.strip()]
        else:
            period, *events = line.split(" : ") if " : " in line else line.split(":")
            sections[-1].periods.append(
                TimelinePeriod(_label(period), [_label(e) for e in events if e.strip()])
            )
    sections = [s for s in sections if s.periods or s.title]
    if not any(s.periods for s in sections):
        problems.append((lines[0][0] if lines else 0, "the timeline has no periods"))
        return None
    return Timeline(title, sections)


READERS = {"flowchart": read_flowchart, "graph": read_flowchart, "timeline": read_timeline}
