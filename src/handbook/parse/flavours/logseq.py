"""Logseq graphs: an outliner's Markdown, read as the app shows it.

A Logseq graph (a folder with `logseq/config.edn`) keeps its notes in `pages/` and its daily
notes in `journals/`; every line of a note is a block (`- text`), nested by indentation. What
the app writes besides plain Markdown, and what becomes of it here (line for line, so that
messages keep their line numbers):

- a page's name is its file's name, a namespace's `/` written `___` (or `%2F`): `Book___Kafka.md`
  is "Book/Kafka"; a journal `2025_07_29.md` is "Jul 29th, 2025", the name Logseq links it by;
  `title::` among the page's properties names it instead;
- properties (`key:: value`): the page's (its first lines) are the app's, like a site's front
  matter (left out, said once for the book); a block's own are printed as "key: value" on a
  line of their own, except the app's bookkeeping (`id::`, `collapsed::`, the flashcards'
  schedule, ...), which is left out;
- `TODO` / `DOING` / `LATER` / `NOW` / `WAITING` blocks are task-list items (`DONE` checked),
  their `[#A]` priorities, `SCHEDULED:` / `DEADLINE:` lines and `:LOGBOOK:` drawers left out;
- `#+BEGIN_NOTE` (TIP, IMPORTANT, WARNING, CAUTION, PINNED, QUOTE) ... `#+END_NOTE` are boxes,
  `#+BEGIN_QUERY` is a query (left out with the query warning, parse.notes);
- `{{embed [[page]]}}` puts the page in place (as Obsidian's `![[page]]`); `{{video url}}`
  and its kin print the address as a link;
- `((block-id))` is the text of the block with that `id::` on the same page; a reference to a
  block on another page, which a book cannot look up, is left out with a warning.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote

# `key:: value` as Logseq writes a property (a page's may sit in a first `- ` block).
PROPERTY = re.compile(r"^([ \t]*)(- )?([A-Za-z][\w.-]*)::(?:[ \t](.*))?$")
# Properties the app keeps for itself: nothing a reader of the page ever sees.
HIDDEN = {
    "id",
    "collapsed",
    "heading",
    "background-color",
    "background-image",
    "template",
    "template-including-parent",
    "ls-type",
    "created-at",
    "updated-at",
    "public",
    "exclude-from-graph-view",
    "filters",
}
HIDDEN_PREFIXES = ("card-", "hl-", "query-", "logseq.")
# A block's task marker and priority ("- TODO [#A] call the embassy"): the words printed, the
# marker not.
TASK_MARKERS = (
    "TODO",
    "DOING",
    "DONE",
    "LATER",
    "NOW",
    "WAITING",
    "WAIT",
    "IN-PROGRESS",
    "CANCELED",
    "CANCELLED",
)
TASK = re.compile(rf"^([ \t]*- )({'|'.join(TASK_MARKERS)})(?: \[#[ABC]\])?(?: |$)")
# A task's dates, on a line of their own: the app's planning, not the note's text.
PLANNING = re.compile(r"^[ \t]*(SCHEDULED|DEADLINE): <[^>\n]*>[ \t]*$")
# Drawers the app writes into a block (its clock log, its properties), left out whole.
DRAWER_START = re.compile(r"^[ \t]*(?:- )?:(LOGBOOK|PROPERTIES):[ \t]*$")
DRAWER_END = re.compile(r"^[ \t]*:END:[ \t]*$")
BEGIN = re.compile(r"^([ \t]*(?:- )?)#\+(BEGIN|END)_([A-Z]+)\b.*$", re.IGNORECASE)
BOX_KINDS = {"note", "tip", "important", "warning", "caution", "pinned", "quote", "example"}
FENCE = re.compile(r"^[ \t]*(?:- )?(`{3,}|~{3,})")
LINK_MACRO = re.compile(r"\{\{(?:video|youtube|vimeo|tweet|twitter|pdf|bilibili) +([^\s{}]+) *\}\}")
QUERY_MACRO = re.compile(r"\{\{(query|cards|namespace|function)\b[^{}\n]*\}\}")
CLOZE_MACRO = re.compile(r"\{\{cloze ([^{}\n]*)\}\}")
HEADING_BLOCK = re.compile(r"^- (#{1,6} )")
EMBED_MACRO = re.compile(r"\{\{embed +\[\[([^\[\]\n]+)\]\] *\}\}")
BLOCK_REF = re.compile(r"\[([^\[\]\n]*)\]\(\(\(([0-9a-f-]{36})\)\)\)|\(\(([0-9a-f-]{36})\)\)")
JOURNAL = re.compile(r"^(\d{4})_(\d{2})_(\d{2})$")
EMPTY_BLOCK = re.compile(r"^[ \t]*-[ \t]*$")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _hidden(key: str) -> bool:
    key = key.lower()
    return key in HIDDEN or key.startswith(HIDDEN_PREFIXES)


def page_title(path: Path) -> str:
    """The page's name as Logseq shows and links it (see the module's docstring)."""
    stem = path.stem
    journal = JOURNAL.match(stem)
    if journal and path.parent.name == "journals":
        year, month, day = (int(part) for part in journal.groups())
        try:
            date(year, month, day)
        except ValueError:
            return stem
        suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{MONTHS[month - 1]} {day}{suffix}, {year}"
    return unquote(stem.replace("___", "/")).strip() or stem


def page_properties(body: str) -> tuple[dict[str, tuple[str, int]], int]:
    """The page's properties {key: (value, line offset)} and how many lines they take: the
    `key:: value` lines the page opens with (in a first `- ` block too)."""
    found: dict[str, tuple[str, int]] = {}
    lines = body.split("\n")
    count = 0
    for index, line in enumerate(lines):
        match = PROPERTY.match(line)
        if match is None or (match.group(1) and not found) or (match.group(2) and found):
            break
        found.setdefault(match.group(3).lower(), ((match.group(4) or "").strip(), index))
        count = index + 1
    return found, count


def prepare(body: str, report) -> str:
    """The page as Markdown the parser reads (same lines). `report(line offset, kind, what)` is
    told of what is left out that the reader would miss: "ref", a reference to another page's
    block; "query", a query the app runs."""
    lines = body.split("\n")
    _, page_lines = page_properties(body)
    blocks = _blocks_by_id(lines)
    fence = ""
    in_drawer = under_heading = False
    for index, line in enumerate(lines):
        if index < page_lines:
            lines[index] = _left_out(line)
            continue
        if line[:1] not in ("\t", " ", ""):
            under_heading = bool(HEADING_BLOCK.match(line))
            if under_heading:  # a heading block at the top: the page's own heading,
                line = lines[index] = line[2:]  # its children the section's text
        elif under_heading:
            line = lines[index] = (
                line[1:] if line.startswith("\t") else line[2:] if line.startswith("  ") else line
            )
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if in_drawer or DRAWER_START.match(line):
            in_drawer = not DRAWER_END.match(line)
            lines[index] = _left_out(line)
            continue
        lines[index] = _block_line(line, lines, index, blocks, report)
    return "\n".join(lines)


def _block_line(line: str, lines: list[str], index: int, blocks: dict, report) -> str:
    if PLANNING.match(line):
        return _left_out(line)
    if EMPTY_BLOCK.match(line):
        return ""  # an empty block: the app's place to type the next one
    prop = PROPERTY.match(line)
    if prop and prop.group(2):  # a block of properties alone: the bullet stays, for its children
        indent, key, value = prop.group(1), prop.group(3), (prop.group(4) or "").strip()
        return f"{indent}- " + (f"%%{key}:: {value}%%" if _hidden(key) else f"{key}: {value}")
    if prop:
        if _hidden(prop.group(3)):
            return _left_out(line)
        # Shown by the app under its block: a line of its own (a hard break before it).
        before = lines[index - 1].strip() if index else ""
        if before and not before.endswith(("%%", "\\")) and not before.lstrip("- ").startswith("#"):
            lines[index - 1] = lines[index - 1].rstrip() + "\\"
        return f"{prop.group(1)}{prop.group(3)}: {(prop.group(4) or '').strip()}"
    begin = BEGIN.match(line)
    if begin:
        lead, edge, kind = begin.group(1), begin.group(2).upper(), begin.group(3).lower()
        if kind == "query":
            return lead + ("```query" if edge == "BEGIN" else "```")
        if kind in BOX_KINDS:
            return lead + (f"::: {kind}" if edge == "BEGIN" else ":::")
        return lead  # SRC, EXAMPLE, ...: their lines are printed as text
    task = TASK.match(line)
    if task:
        done = task.group(2) == "DONE"
        rest = line[task.end() :]
        if task.group(2).startswith("CANCEL") and rest.strip():
            rest = f"~~{rest.strip()}~~"
        line = f"{task.group(1)}[{'x' if done else ' '}] {rest}"
    if "{{" in line:
        line = QUERY_MACRO.sub(lambda m: report(index, "query", m.group(1)) or "", line)
        line = CLOZE_MACRO.sub(lambda m: f"=={m.group(1).strip()}==", line)
        line = LINK_MACRO.sub(lambda m: f"<{m.group(1)}>", line)
        line = EMBED_MACRO.sub(lambda m: f"![[{m.group(1)}]]", line)
    if "((" in line:
        line = BLOCK_REF.sub(lambda m: _reference(m, index, blocks, report), line)
    return line


def _left_out(line: str) -> str:
    """A line the reader never sees, kept as an Obsidian comment (left out by its rule)."""
    text = line.strip()
    if not text:
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return f"{indent}%%{text.lstrip('- ') if text.startswith('- ') else text}%%"


def _blocks_by_id(lines: list[str]) -> dict[str, str]:
    """{id: the first line of the block that carries `id:: id`} for the page's blocks."""
    found: dict[str, str] = {}
    block = ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("- "):
            block = stripped[2:]
        prop = PROPERTY.match(line)
        if prop and prop.group(3).lower() == "id" and prop.group(4):
            found[prop.group(4).strip().lower()] = re.sub(r"^#+\s+", "", block).strip()
    return found


def _reference(match: re.Match, index: int, blocks: dict, report) -> str:
    label, ident = match.group(1), (match.group(2) or match.group(3)).lower()
    if label is not None and label.strip():
        return label  # `[text](((id)))`: the author's words for the reference
    text = blocks.get(ident)
    if text:
        return text
    report(index, "ref", f"(({ident}))")
    return ""
