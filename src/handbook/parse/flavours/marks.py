"""Inline marks of the note-taking tools, read from the text the parser leaves:

- `==highlight==` (Obsidian, MkDocs' pymdownx.mark) -> a highlight (Styled 'mark');
- `%%comment%%` (Obsidian) and ` ^block-id` at the end of a paragraph (Obsidian) -> dropped;
- `:material-school:`-style icon shortcodes (MkDocs Material) -> the emoji where one is known,
  else nothing, one warning per chapter;
- `{ .class #id key=value }` attribute lists (MkDocs' attr_list) -> dropped (they style HTML);
- `{{ macro() }}` / `{% tag %}` template macros (mkdocs-macros, Jinja) -> dropped, one warning.

A mark the chapter's flavour does not know prints as its text, with one warning per chapter
naming the syntax and its lines (`report`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.model import CodeSpan, Styled, Text
from handbook.parse import flavours as fl

ANY = re.compile(
    r"\}\Z|==|%%|\^[\w-]+\s*\Z|:(?:material|fontawesome|octicons|simple)-[\w-]+:|\{[{%]|\{:?\s*[.#\w-]+[=\s}]"
)
BLOCK_ID = re.compile(r"\s\^[A-Za-z0-9-]+\s*\Z|\A\^[A-Za-z0-9-]+\s*\Z")
ICON = re.compile(r":((?:material|fontawesome|octicons|simple)-[\w-]+):")
# `{ .lg .middle }`, `{: #id }`, `{ data-correct }`, `{ width="300" }`: only classes, ids and
# key=value pairs (anything else in braces is text).
_ATTR = r"""[.#]?[\w-]+(?:=(?:"[^"]*"|'[^']*'|[^\s}"']+))?"""
# The first item is a class, an id, a data- attribute or key=value: `{placeholder}` is text.
_FIRST = r"""(?:[.#][\w-]+|data-[\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}"']+))"""
ATTR_LIST = re.compile(r"\s?\{:?[ \t]*" + _FIRST + r"(?:[ \t]+" + _ATTR + r")*[ \t]*\}")

# Material / FontAwesome / Octicons names -> the emoji the book's emoji font draws. Where the
# meaning is not plain, nothing is printed (a wrong picture is worse than none).
ICON_EMOJI = {
    "school": "\U0001f3eb",
    "book": "\U0001f4d6",
    "book-open": "\U0001f4d6",
    "book-open-variant": "\U0001f4d6",
    "bookshelf": "\U0001f4da",
    "books": "\U0001f4da",
    "library": "\U0001f4da",
    "notebook": "\U0001f4d3",
    "pencil": "\u270f\ufe0f",
    "lightbulb": "\U0001f4a1",
    "lightbulb-on": "\U0001f4a1",
    "star": "\u2b50",
    "check": "\u2714\ufe0f",
    "check-bold": "\u2714\ufe0f",
    "close": "\u274c",
    "alert": "\u26a0\ufe0f",
    "information": "\u2139\ufe0f",
    "calendar": "\U0001f4c5",
    "clock": "\U0001f552",
    "clock-outline": "\U0001f552",
    "earth": "\U0001f30d",
    "globe": "\U0001f310",
    "map": "\U0001f5fa\ufe0f",
    "flag": "\U0001f6a9",
    "home": "\U0001f3e0",
    "account": "\U0001f464",
    "account-group": "\U0001f465",
    "scale-balance": "\u2696\ufe0f",
    "bank": "\U0001f3e6",
    "currency-inr": "\u20b9",
    "chart-line": "\U0001f4c8",
    "chart-bar": "\U0001f4ca",
    "flask": "\u2697\ufe0f",
    "atom": "\u269b\ufe0f",
    "heart": "\u2764\ufe0f",
    "fire": "\U0001f525",
    "rocket": "\U0001f680",
    "rocket-launch": "\U0001f680",
    "target": "\U0001f3af",
    "trophy": "\U0001f3c6",
    "lock": "\U0001f512",
    "key": "\U0001f511",
    "email": "\U0001f4e7",
    "phone": "\U0001f4de",
    "link": "\U0001f517",
    "download": "\u2b07\ufe0f",
    "file-document": "\U0001f4c4",
    "newspaper": "\U0001f4f0",
    "help-circle": "\u2753",
    "question": "\u2753",
    "lightning-bolt": "\u26a1",
    "leaf": "\U0001f343",
    "water": "\U0001f4a7",
    "weather-sunny": "\u2600\ufe0f",
    "tree": "\U0001f333",
    "train": "\U0001f686",
    "airplane": "\u2708\ufe0f",
    "ship-wheel": "\u2638\ufe0f",
    "music": "\U0001f3b5",
    "camera": "\U0001f4f7",
}


ROLE = re.compile(r"\{([\w:-]+)\}\Z")
ROLE_TARGET = re.compile(r"\s*<[^<>]*>\s*\Z")
ROLE_STYLES = {
    "sub": "subscript",
    "subscript": "subscript",
    "sup": "superscript",
    "superscript": "superscript",
    "kbd": "kbd",
}
ROLE_CODE = {"code", "literal", "command", "file", "samp", "eq"}


def _roles(items: list, ctx, line) -> list:
    """MyST roles, {name}`content`: the text a reader should see (a reference's title, an
    abbreviation with its expansion, a sub- or superscript, a formula)."""
    if not any(isinstance(item, Text) and item.text.endswith("}") for item in items):
        return items
    out: list = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        found = ROLE.search(item.text) if isinstance(item, Text) and item.text.endswith("}") else None
        if found is None or not isinstance(following, CodeSpan):
            out.append(item)
            continue
        if not ctx.flavour.knows(fl.DIRECTIVE):
            _note(ctx, "role", line, known=False)
        out.append(Text(item.text[: found.start()]))
        name = found.group(1).split(":")[-1].lower()
        content = following.text
        if name == "math":  # {math}`x^2`: a formula, as $x^2$ is
            from handbook.parse.math import inline_math

            items[index + 1] = inline_math(content, False, ctx.diagnostics, ctx.source.path, line)
            continue
        if name in ROLE_CODE:
            continue  # the code span itself follows, as code
        shown = ROLE_TARGET.sub("", content) or content  # `Title <target>` -> Title
        items[index + 1] = Styled(ROLE_STYLES[name], [Text(shown)]) if name in ROLE_STYLES else Text(shown)
    return [item for item in out if not (isinstance(item, Text) and not item.text)]


def is_marked(text: str) -> bool:
    return ANY.search(text) is not None


def apply(out: list, ctx, line) -> list:
    """The inline nodes `out` with the marks read; problems remembered in `ctx.marks_found`."""
    if not any(isinstance(item, Text) and is_marked(item.text) for item in out):
        return out
    flavour = ctx.flavour
    result: list = []
    for item in out:
        if not isinstance(item, Text) or not is_marked(item.text):
            result.append(item)
            continue
        text = item.text
        if "%%" in text:
            text, found = _without_spans(text, "%%", "%%")
            if found:
                _note(ctx, fl.COMMENT, line, known=flavour.knows(fl.COMMENT))
        if "{{" in text or "{%" in text:
            text, found = _without_spans(text, "{{", "}}")
            text, found_tags = _without_spans(text, "{%", "%}")
            if found or found_tags:
                _note(ctx, "macro", line, known=False)
        if ":" in text and ICON.search(text):
            text = ICON.sub(lambda m: _icon(m.group(1), ctx, line), text)
        if "{" in text and ATTR_LIST.search(text):
            if not flavour.knows(fl.ATTR_LIST):
                _note(ctx, fl.ATTR_LIST, line, known=False)
            text = ATTR_LIST.sub("", text)
        result.append(Text(text))
    result = _highlights(result, ctx, line)
    return _block_id(_roles(result, ctx, line), ctx, line)


def _without_spans(text: str, opening: str, closing: str) -> tuple[str, bool]:
    """`text` without its `opening`...`closing` spans (comments, macros), found by one scan
    (a pattern would try every unclosed opening to the end: quadratic on hostile text)."""
    out: list[str] = []
    position, found = 0, False
    while True:
        start = text.find(opening, position)
        end = text.find(closing, start + len(opening)) if start >= 0 else -1
        if start < 0 or end < 0:
            break
        out.append(text[position:start])
        position, found = end + len(closing), True
    return "".join(out) + text[position:], found


def _note(ctx, syntax: str, line, known: bool) -> None:
    if not known:
        ctx.unknown_syntax.append((syntax, line))


def _icon(name: str, ctx, line) -> str:
    ctx.unknown_syntax.append(("icon", line))
    family, _, icon = name.partition("-")
    icon = (
        re.sub(r"-(outline|variant|circle|box|bold|solid|regular|sharp|\d+)$", "", icon)
        if icon not in ICON_EMOJI
        else icon
    )
    return ICON_EMOJI.get(icon, "")


def _highlights(items: list, ctx, line) -> list:
    """`==text==`, also around formatting (`==**bold** text==`): a '==' opens when text follows
    it and closes when text precedes it (so `a == b` stays as written)."""
    if not any(isinstance(item, Text) and "==" in item.text for item in items):
        return items
    known = ctx.flavour.knows(fl.HIGHLIGHT)
    pieces: list = []  # inline nodes and _Marker('==') with where it may open or close
    for item in items:
        if not (isinstance(item, Text) and "==" in item.text):
            pieces.append(item)
            continue
        text, position = item.text, 0
        for found in re.finditer(r"=={1}(?!=)", text):
            start, end = found.start(), found.end()
            if start and text[start - 1] == "=":
                continue
            before = text[start - 1] if start else ("x" if pieces else " ")
            after = text[end] if end < len(text) else "x"
            pieces.append(Text(text[position:start]))
            pieces.append(_Marker("==", opens=not after.isspace(), closes=not before.isspace()))
            position = end
        pieces.append(Text(text[position:]))
    out: list = []
    open_at = None
    for piece in pieces:
        if isinstance(piece, _Marker):
            if open_at is not None and piece.closes and len(out) > open_at + 1:
                inside = out[open_at + 1 :]
                del out[open_at:]
                out.extend([Styled("mark", inside)] if known else inside)
                _note(ctx, fl.HIGHLIGHT, line, known)
                open_at = None
                continue
            if piece.opens:
                if open_at is not None:
                    out[open_at] = Text("==")
                open_at = len(out)
        out.append(piece)
    final = [Text("==") if isinstance(p, _Marker) else p for p in out]
    return [p for p in final if not (isinstance(p, Text) and not p.text)]


@dataclass
class _Marker(Text):
    """A '==' that may open or close a highlight."""

    opens: bool = False
    closes: bool = False


def _block_id(items: list, ctx, line) -> list:
    """` ^abc123` closing a paragraph or list item: Obsidian's block id, dropped."""
    if items and isinstance(items[-1], Text) and "^" in items[-1].text:
        found = BLOCK_ID.search(items[-1].text)
        if found:
            _note(ctx, fl.BLOCK_ID, line, ctx.flavour.knows(fl.BLOCK_ID))
            items[-1] = Text(items[-1].text[: found.start()])
            if not items[-1].text:
                items.pop()
    return items


NAMES = {
    fl.HIGHLIGHT: "'==highlight==' marks",
    fl.COMMENT: "'%%comments%%'",
    fl.BLOCK_ID: "'^block-id' labels",
    fl.ATTR_LIST: "'{ .class }' attribute lists",
    "icon": "':material-...:'",
    "macro": "'{{ ... }}' / '{% ... %}'",
    "fence": "fenced blocks",
    "container": "containers",
    "role": "'{role}`text`' roles",
}


def report(ctx) -> None:
    """One warning per chapter for syntax read as text, one for icons, one for macros."""
    found = ctx.unknown_syntax
    if not found:
        return
    unknown = [(s, line) for s, line in found if s not in ("icon", "macro")]
    icons = [(s, line) for s, line in found if s == "icon"]
    macros = [(s, line) for s, line in found if s == "macro"]
    _warn_listing(
        ctx,
        unknown,
        f"not part of {ctx.flavour.label} (flavour '{ctx.flavour.name}'), printed as text: ",
        code="syntax-not-in-flavour",
    )
    _warn_listing(
        ctx,
        icons,
        "icon shortcodes printed as the emoji where one is known, else left out: ",
        code="icon-shortcode",
    )
    _warn_listing(
        ctx, macros, "template macros left out (a site fills them in; paper cannot): ", code="macro-dropped"
    )


def _warn_listing(ctx, found: list, message: str, code: str) -> None:
    """One warning, at the first of `found` ((syntax, line) pairs), listing them all; none when
    nothing was found."""
    if found:
        ctx.diagnostics.warning(ctx.source.path, found[0][1], message + _listing(found), code=code)


def _listing(found: list) -> str:
    by_syntax: dict[str, list] = {}
    for syntax, line in found:
        lines = by_syntax.setdefault(syntax, [])
        if line is not None and line not in lines:
            lines.append(line)
    parts = []
    for syntax, lines in by_syntax.items():
        shown = ", ".join(map(str, lines[:8])) + (", ..." if len(lines) > 8 else "")
        where = f" (line{'s' if len(lines) > 1 else ''} {shown})" if lines else ""
        parts.append(NAMES.get(syntax, syntax) + where)
    return "; ".join(parts)
