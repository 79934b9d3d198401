"""SVG from a source folder, made safe to draw: `sanitised_svg(data)` returns a new SVG document
(UTF-8) holding only what handbook knows how to draw, or raises SvgRefused saying why.

svglib, which draws SVG, would follow references to other files (`<image>`, `<use href=
"other.svg#x">`), look fonts up by running the fc-match program or open `font-family` as a
font file path, and expand `<use>` without limit. So nothing from the file reaches it directly:
the file is decoded whatever its encoding (UTF-8, UTF-16, UTF-32, or a declared one), parsed
with expat (no DOCTYPE, so no entities), and written out again from an allow-list of elements,
attributes and style properties:
- references only to `#id`s of the same file (`href`, `url(#id)`); anything else refuses it;
- no font families: every text is drawn in the theme's fonts (layout/images.py maps svglib's
  standard Helvetica onto them), so svglib never looks a font up;
- at most MAX_ELEMENTS elements once every `<use>` is expanded, nesting at most MAX_DEPTH;
- every number at most MAX_COORDINATE in size, and finite.
"""

from __future__ import annotations

import codecs
import math
import re
from dataclasses import dataclass, field
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

MAX_SVG_BYTES = 5_000_000
MAX_ELEMENTS = 20_000  # after <use> expansion; a detailed diagram has a few thousand
MAX_DEPTH = 64
MAX_COORDINATE = 1_000_000  # points: 350 metres; a page is 842

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SEPARATOR = "\x01"

# Elements svglib draws (or needs to draw others); any other element of the SVG namespace or of
# no namespace is left out with what it holds (metadata, filters, editors' own elements).
ELEMENTS = frozenset(
    "svg g defs symbol use title desc rect circle ellipse line polyline polygon path text tspan "
    "linearGradient radialGradient stop clipPath style switch a".split()
)
# Elements whose only purpose is to bring something in from outside, or to run something: an
# SVG that has them is refused rather than drawn without them.
REFUSED_ELEMENTS = {
    "image": "names an image file",
    "script": "holds a script",
    "foreignObject": "embeds other documents (foreignObject)",
    "feImage": "names an image file",
    "font-face": "names font files",
    "font-face-uri": "names font files",
    "iframe": "embeds other documents",
}
PRESENTATION = frozenset(
    "fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin "
    "stroke-dasharray stroke-dashoffset stroke-miterlimit opacity font-size font-weight font-style "
    "text-anchor dominant-baseline alignment-baseline baseline-shift visibility display "
    "stop-color stop-opacity clip-path clip-rule color letter-spacing word-spacing "
    "text-decoration white-space".split()
)
GEOMETRY = frozenset(
    "x y x1 y1 x2 y2 cx cy r rx ry fx fy width height viewBox d points transform dx dy "
    "offset gradientTransform rotate".split()
)
OTHER_ATTRIBUTES = frozenset(
    "id class style version preserveAspectRatio gradientUnits spreadMethod clipPathUnits "
    "xml:space href".split()
)
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
NOT_A_NUMBER = re.compile(r"(?i)\b(?:inf|infinity|nan)\b")
URL = re.compile(r"url\(\s*(['\"]?)(.{0,300}?)\1\s*\)", re.I | re.S)
LOCAL_ID = re.compile(r"#[A-Za-z_][\w.:-]{0,200}\Z")
DECLARATION = re.compile(rb"""\A<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")


class SvgRefused(ValueError):
    """The SVG cannot be drawn safely; the message says why (for the user), `line` where."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class _Element:
    name: str
    attributes: dict[str, str]
    line: int
    children: list = field(default_factory=list)  # _Element or str (text)


def sanitised_svg(data: bytes) -> bytes:
    """The SVG rewritten from the allow-list (UTF-8), or SvgRefused."""
    if len(data) > MAX_SVG_BYTES:
        raise SvgRefused(f"is larger than {MAX_SVG_BYTES // 1_000_000} MB: simplify it or save it as PNG")
    root = _parse(_decoded(data))
    if root is None or root.name != "svg":
        raise SvgRefused("is not an SVG drawing (its outermost element is not <svg>)")
    ids: dict[str, _Element] = {}
    _collect_ids(root, ids)
    _count(root, ids)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + _written(root, top=True)).encode("utf-8")


def _decoded(data: bytes) -> str:
    """The text of the file, whatever its encoding: a byte-order mark, else the XML
    declaration's encoding, else UTF-8. Checking the bytes before decoding would miss a UTF-16
    `<use href=...>`."""
    for mark, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(mark):
            data, declared = data[len(mark) :], encoding
            break
    else:
        if data[:4] == b"<\0?\0" or data[:2] == b"<\0":
            declared = "utf-16-le"
        elif data[:4] == b"\0<\0?" or data[:2] == b"\0<":
            declared = "utf-16-be"
        else:
            found = DECLARATION.match(data.lstrip()[:200])
            declared = found.group(1).decode("ascii") if found else "utf-8"
    try:
        codecs.lookup(declared)
        text = data.decode(declared)
    except (LookupError, UnicodeDecodeError) as exc:
        raise SvgRefused(f"cannot be read as text in its encoding ({declared}): {exc}") from exc
    # The declaration is dropped: expat reads the decoded text as UTF-8.
    return re.sub(r"\A\s*<\?xml[^>]*\?>", "", text, count=1)


def _parse(text: str) -> _Element | None:
    parser = expat.ParserCreate(namespace_separator=SEPARATOR)
    stack: list[_Element] = []
    top: list[_Element] = []
    skipped = [0]  # depth inside an element left out

    def refuse_doctype(*_):
        raise SvgRefused(
            "has a DOCTYPE (entities could name other files or grow without bound); remove it",
            parser.CurrentLineNumber,
        )

    def start(name, attributes):
        line = parser.CurrentLineNumber
        if len(stack) + skipped[0] >= MAX_DEPTH:
            raise SvgRefused(f"nests elements more than {MAX_DEPTH} deep", line)
        local = _local(name)
        if local in REFUSED_ELEMENTS:
            raise SvgRefused(
                f"{REFUSED_ELEMENTS[local]} (<{local}>): the book draws only what the SVG holds", line
            )
        if skipped[0] or local is None or local not in ELEMENTS:
            skipped[0] += 1
            return
        if local == "a":  # a link inside the drawing: drawn as a group, the link left out
            local, attributes = "g", {k: v for k, v in attributes.items() if not k.endswith("href")}
        element = _Element(local, _attributes(local, attributes, line), line)
        if stack:
            stack[-1].children.append(element)
        else:
            top.append(element)
        stack.append(element)

    def end(_name):
        if skipped[0]:
            skipped[0] -= 1
        else:
            stack.pop()

    def characters(data):
        if stack and not skipped[0]:
            stack[-1].children.append(data)

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.ProcessingInstructionHandler = lambda target, data: None  # <?xml-stylesheet?>: dropped
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise SvgRefused(f"is not well-formed XML ({expat.ErrorString(exc.code)})", exc.lineno) from exc
    return top[0] if top else None


def _local(name: str) -> str | None:
    """An element's name when it belongs to SVG (or to no namespace), else None."""
    namespace, _, local = name.rpartition(SEPARATOR)
    return local if namespace in ("", SVG_NS) else None


def _attributes(element: str, attributes: dict, line: int) -> dict[str, str]:
    kept: dict[str, str] = {}
    for name, value in attributes.items():
        namespace, _, local = name.rpartition(SEPARATOR)
        if namespace == XLINK_NS and local == "href" or namespace == "" and local == "href":
            if not LOCAL_ID.match(value.strip()):
                raise SvgRefused(f"refers to something outside itself (href={shown_value(value)})", line)
            kept["href"] = value.strip()
            continue
        if namespace == XML_NS and local == "space":
            local = "xml:space"
        elif namespace:
            continue  # an editor's own attribute (inkscape:label, sodipodi:...)
        if local == "style":
            kept["style"] = _style(value, line)
        elif local in GEOMETRY:
            kept[local] = _bounded(local, value, line)
        elif local in PRESENTATION:
            kept[local] = _presentation(local, value, line)
        elif local in OTHER_ATTRIBUTES:
            kept[local] = value
        # font-family, font, on*, and everything else: left out
    return kept


def shown_value(value: str) -> str:
    return repr(value[:60] + ("..." if len(value) > 60 else ""))


def _bounded(name: str, value: str, line: int) -> str:
    if NOT_A_NUMBER.search(value):
        raise SvgRefused(f"has a number that is not finite ({name}={shown_value(value)})", line)
    for number in NUMBER.findall(value):
        amount = float(number)
        if not math.isfinite(amount) or abs(amount) > MAX_COORDINATE:
            raise SvgRefused(
                f"has a number too large to draw ({name}={shown_value(number)}; at most {MAX_COORDINATE:,})",
                line,
            )
    return value


def _presentation(name: str, value: str, line: int) -> str:
    for _quote, target in URL.findall(value):
        if not LOCAL_ID.match(target.strip()):
            raise SvgRefused(f"refers to something outside itself ({name}={shown_value(value)})", line)
    if "url(" in value.lower() and not URL.search(value):
        raise SvgRefused(f"has a reference that cannot be read ({name}={shown_value(value)})", line)
    return _bounded(name, value, line)


def _style(value: str, line: int) -> str:
    """A style attribute with only presentation properties (no font-family: theme fonts)."""
    kept = []
    for declaration in value.split(";"):
        prop, colon, setting = declaration.partition(":")
        prop = prop.strip().lower()
        if colon and prop in PRESENTATION:
            kept.append(f"{prop}:{_presentation(prop, setting.strip(), line)}")
    return ";".join(kept)


def _stylesheet(text: str, line: int) -> str:
    """A <style> sheet rebuilt from plain rules `selectors { declarations }` with presentation
    properties only: no @import, @font-face, font families or outside url()s."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    if "@" in text or "\\" in text:
        raise SvgRefused("has a style sheet with @-rules or escapes (@import, @font-face); remove them", line)
    rules = []
    for rule in text.split("}"):
        selectors, brace, body = rule.partition("{")
        if not brace or "<" in selectors:
            continue
        rules.append(f"{selectors.strip()} {{{_style(body, line)}}}")
    return "\n".join(rules)


def _collect_ids(element: _Element, ids: dict[str, _Element]) -> None:
    pending = [element]
    while pending:
        current = pending.pop()
        if "id" in current.attributes:
            ids.setdefault(current.attributes["id"], current)
        pending.extend(child for child in current.children if isinstance(child, _Element))


def _count(root: _Element, ids: dict[str, _Element]) -> int:
    """The number of elements svglib would draw with every <use> expanded: refused above
    MAX_ELEMENTS, or when a <use> leads back to itself."""
    # By id, safe: every element is held by the tree under `root` for the whole call.
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(element: _Element, depth: int = 0) -> int:
        key = id(element)
        if depth > 4 * MAX_DEPTH:
            raise SvgRefused("has <use> copies nested too deep", element.line)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise SvgRefused("has a <use> that refers to itself (directly or through others)", element.line)
        visiting.add(key)
        total = 1
        for child in element.children:
            if isinstance(child, _Element):
                total += size(child, depth + 1)
        if element.name == "use" and "href" in element.attributes:
            target = ids.get(element.attributes["href"][1:])
            if target is not None:
                total += size(target, depth + 1)
        visiting.discard(key)
        if total > MAX_ELEMENTS:
            raise SvgRefused(
                f"draws more than {MAX_ELEMENTS:,} shapes once its <use> copies are expanded: "
                "simplify it or save it as PNG",
                element.line,
            )
        sizes[key] = total
        return total

    return size(root)  # depth at most MAX_DEPTH per chain of uses: recursion stays bounded


def _written(element: _Element, top: bool = False) -> str:
    attributes = dict(element.attributes)
    if top:
        attributes["xmlns"] = SVG_NS
        attributes["xmlns:xlink"] = XLINK_NS
    parts = []
    for name, value in attributes.items():
        written = "xlink:href" if name == "href" else name
        parts.append(f" {written}={quoteattr(value)}")
    if element.name == "style":
        sheet = "".join(child for child in element.children if isinstance(child, str))
        inner = [escape(_stylesheet(sheet, element.line))]
    else:
        inner = [escape(child) if isinstance(child, str) else _written(child) for child in element.children]
    return f"<{element.name}{''.join(parts)}>{''.join(inner)}</{element.name}>"
