"""Flavours: the Markdown dialects of the tools teachers keep notes in (issue 25).

A flavour is data (`Flavour`): which syntaxes its parser knows, how a chapter's title is found,
where images are looked up, which site front-matter keys mean nothing on paper. `choose()` takes
book.yaml's `flavour:` or detects one from what the folder holds, and says once which it took.
The syntaxes' rules live beside this module (callouts, marks, tasks, obsidian); parse.markdown
registers them and asks `parser_for()` for the flavour's markdown-it parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from handbook.sources import sites

# Syntaxes a flavour may know (the names used in warnings and in `Flavour.syntaxes`).
ADMONITION = "admonition"  # MkDocs / Python-Markdown `!!! kind "Title"`, `??? kind`, `???+ kind`
BLOCKS = "pymdownx-blocks"  # `/// kind | Title` ... `///`
CONTAINER = "container"  # `::: kind Title` (VitePress), `:::kind[Title]`, `::: {.callout-kind}`
AD_FENCE = "ad-fence"  # Obsidian Admonition plugin: ```ad-note
DIRECTIVE = "directive"  # MyST ```{note} and :::{note}
HIGHLIGHT = "highlight"  # ==text==
COMMENT = "comment"  # %%text%%
BLOCK_ID = "block-id"  # text ^abc123
EMBED = "embed"  # ![[note]], ![[image.png]]
ICON = "icon"  # :material-school:
ATTR_LIST = "attr-list"  # { .class #id key=value }
DEFLIST = "deflist"  # term / : definition

# Keys blog engines put in notes' front matter (Hexo, Hugo, Jekyll), copied into every kind of
# site with the notes: the cover picture, the math switch, categories.
BLOG_KEYS = {"cover", "katex", "mathjax", "math", "categories", "comments", "top_img", "sticky", "permalink"}
SITE_KEYS = {  # front-matter keys each tool's sites use (printed nowhere; one summary line)
    "mkdocs": {"template", "hide", "icon", "status", "search", "tags", "social", "robots"},
    "obsidian": {"aliases", "cssclasses", "tags", "publish", "created", "updated"},
    "docusaurus": {"sidebar_position", "sidebar_label", "slug", "id", "hide_title"},
    "vitepress": {"layout", "hero", "features", "outline", "aside", "editLink"},
    "quarto": {
        "format",
        "execute",
        "author",
        "jupyter",
        "bibliography",
        "toc",
        "number-sections",
        "editor",
        "engine",
        "categories",
        "image",
        "draft",
        "date-modified",
        "code-fold",
    },
    "logseq": {"alias", "tags", "icon", "type", "title", "public", "filters", "created", "status"},
    "myst": {
        "kernelspec",
        "jupytext",
        "authors",
        "exports",
        "numbering",
        "abbreviations",
        "downloads",
        "license",
        "github",
        "subject",
        "venue",
        "thumbnail",
    },
}


@dataclass(frozen=True)
class Flavour:
    name: str
    label: str  # "Obsidian notes": what the build says it read
    syntaxes: frozenset = frozenset()
    title_from_file: bool = False  # Obsidian: a note's title is its file name
    images_anywhere: bool = False  # Obsidian: `![](x.png)` is found anywhere in the vault
    site_keys: frozenset = field(default_factory=frozenset)
    questions: bool = True  # task lists under a question become practice questions

    @property
    def is_site(self) -> bool:
        """Notes written for a site generator or a notes app (not plain Markdown)."""
        return self.name not in ("commonmark", "github")

    def knows(self, syntax: str) -> bool:
        return syntax in self.syntaxes


_COMMON = {CONTAINER}  # what every flavour has read since issue 14 (`:::` boxes, > [!NOTE])
FLAVOURS = {
    "commonmark": Flavour("commonmark", "CommonMark", frozenset(_COMMON)),
    "github": Flavour("github", "GitHub Markdown", frozenset(_COMMON)),
    "obsidian": Flavour(
        "obsidian",
        "Obsidian notes",
        frozenset(_COMMON | {AD_FENCE, HIGHLIGHT, COMMENT, BLOCK_ID, EMBED}),
        title_from_file=True,
        images_anywhere=True,
        site_keys=frozenset(SITE_KEYS["obsidian"] | BLOG_KEYS),
    ),
    "mkdocs": Flavour(
        "mkdocs",
        "MkDocs pages",
        frozenset(_COMMON | {ADMONITION, BLOCKS, HIGHLIGHT, ICON, ATTR_LIST, DEFLIST}),
        site_keys=frozenset(SITE_KEYS["mkdocs"] | BLOG_KEYS),
    ),
    "vitepress": Flavour(
        "vitepress",
        "VitePress pages",
        frozenset(_COMMON | {ATTR_LIST}),
        site_keys=frozenset(SITE_KEYS["vitepress"] | BLOG_KEYS),
    ),
    "docusaurus": Flavour(
        "docusaurus",
        "Docusaurus pages",
        frozenset(_COMMON),
        site_keys=frozenset(SITE_KEYS["docusaurus"] | BLOG_KEYS),
    ),
    "quarto": Flavour(
        "quarto",
        "Quarto documents",
        frozenset(_COMMON | {DEFLIST, ATTR_LIST}),
        site_keys=frozenset(SITE_KEYS["quarto"] | BLOG_KEYS),
    ),
    "logseq": Flavour(
        "logseq",
        "Logseq pages",
        frozenset(_COMMON | {HIGHLIGHT, COMMENT, EMBED}),
        title_from_file=True,
        site_keys=frozenset(SITE_KEYS["logseq"] | BLOG_KEYS),
    ),
    "myst": Flavour(
        "myst",
        "MyST documents",
        frozenset(_COMMON | {DIRECTIVE, DEFLIST, ATTR_LIST}),
        site_keys=frozenset(SITE_KEYS["myst"] | BLOG_KEYS),
    ),
}
DEFAULT = "github"

# Failing those (a `docs/` folder copied out of its site), a syntax only one tool writes.
SIGNS = {
    "mkdocs": {"\n!!! ": "'!!! ' admonitions", "\n??? ": "'??? ' admonitions", "\n/// ": "'/// ' blocks"},
    "obsidian": {
        "```ad-": "'```ad-' admonitions",
        "![[": "'![[...]]' embeds",
        "\n#flashcards": "'#flashcards' decks",  # the Spaced Repetition plugin's tag
    },
    "myst": {"```{": "'```{...}' directives", ":::{": "':::{...}' directives"},
    "quarto": {"{.callout-": "'{.callout-...}' boxes"},
    "logseq": {
        "\n  collapsed:: true": "'collapsed::' block properties",
        ":LOGBOOK:\n": "':LOGBOOK:' drawers",
    },
}


def detect(root: Path, chapters) -> tuple[str, str]:
    """(flavour name, why) from the folder's marker files, else from the chapters' text."""
    found = sites.tool_of(root)
    if found is not None:
        return found[0], f"{found[1]} found"
    for chapter in chapters:
        if chapter.tool_sign is None:
            chapter.tool_sign = tool_sign(chapter.body)
        if chapter.tool_sign:
            name, what = chapter.tool_sign
            return name, f"{what} found"
    return DEFAULT, ""


def tool_sign(body: str) -> tuple[str, ...]:
    """(flavour name, what) of the first of SIGNS in a chapter's body, () if none."""
    text = "\n" + body
    for name, signs in SIGNS.items():
        for sign, what in signs.items():
            if sign in text:
                return name, what
    return ()


def choose(settings_flavour: str, root: Path, chapters, diagnostics, where) -> Flavour:
    """book.yaml's `flavour:`, or the detected one, said once (a note, not a warning)."""
    if settings_flavour:
        return FLAVOURS[settings_flavour]
    name, why = detect(root, chapters)
    if why:
        diagnostics.warning(
            where,
            None,
            f"read as {FLAVOURS[name].label}: {why} (set 'flavour:' in book.yaml to choose)",
            code="flavour-detected",
        )
    return FLAVOURS[name]


@lru_cache(maxsize=None)
def parser_for(flavour: Flavour, max_nesting: int) -> MarkdownIt:
    """The flavour's markdown-it parser: CommonMark, GFM tables and strikethrough, footnotes and
    `:::` boxes for all; each flavour's own block syntaxes on top (its inline marks are read
    from the text afterwards, flavours.marks)."""
    from handbook.parse.flavours import callouts, cards

    # typographer + smartquotes: straight quotes in prose become ‘ ’ “ ” as a typesetter would
    # set them (never inside code); the other "replacements" ((c) -> ©, -- -> –) stay off,
    # because "(c)" is an answer option in exam questions.
    md = MarkdownIt("commonmark", {"maxNesting": max_nesting, "typographer": True})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.use(footnote_plugin)
    # `::: kind Title` ... `:::` boxes (VitePress, Docusaurus, Quarto, MyST): any word opens
    # one, the theme says what the kinds look like (parse.notes, layout.callouts).
    md.use(container_plugin, "callout", validate=lambda params, *args: bool(params.strip()))
    from handbook.parse import math

    math.use_math(md)  # $…$, \(…\), $$…$$, \[…\] (parse.math)
    cards.plugin(md)  # Spaced Repetition cards, in notes tagged as decks only (env["cards"])
    if flavour.knows(ADMONITION):
        md.use(admon_plugin)
    if flavour.knows(BLOCKS):
        callouts.blocks_plugin(md)
        callouts.tabs_plugin(md)
    if flavour.knows(DEFLIST):
        md.use(deflist_plugin)
    if flavour.knows(COMMENT):
        callouts.comments_plugin(md)
    if flavour.name == "docusaurus":
        md.disable("code")  # MDX has no indented code: indentation inside <details> is layout
    # Backslash escapes stay tokens of their own (text_special), so that an escaped bracket
    # is never read as part of a wiki link (`\[\[x\]\]` prints "[[x]]"): parse.markdown._escaped.
    md.disable("text_join")
    return md


def without_questions(flavour: Flavour) -> Flavour:
    """`questions: none` in book.yaml: task lists stay lists."""
    from dataclasses import replace

    return replace(flavour, questions=False)


def title_of_file(flavour: Flavour, path: Path) -> str:
    """A note's title from its file's name, as its app names it (Obsidian: the name itself;
    Logseq: namespaces and journal dates written out, parse.flavours.logseq)."""
    if flavour.name == "logseq":
        from handbook.parse.flavours import logseq

        return logseq.page_title(path)
    return path.stem


def page_properties(flavour: Flavour, body: str) -> dict:
    """A Logseq page's own properties ({key: (value, line offset)}); {} for other flavours."""
    if flavour.name != "logseq" or "::" not in body:
        return {}
    from handbook.parse.flavours import logseq

    return logseq.page_properties(body)[0]


def _app_keys(flavour: Flavour, chapter, ours) -> list[str]:
    """The site's front-matter keys of a chapter and, for Logseq, its page properties but its
    title (which names the chapter)."""
    keys = site_keys_of(flavour, chapter.front_matter, ours)
    return keys + [k for k in page_properties(flavour, chapter.body) if k != "title" and k not in keys]


def site_keys_of(flavour: Flavour, front, ours) -> list[str]:
    """The front-matter keys of a site flavour's chapter that are not ours and not a likely typo
    of ours (those keep their warning): read quietly, reported once (`report_site_keys`)."""
    if not front or not flavour.is_site:
        return []
    from handbook.errors import did_you_mean

    return [
        k
        for k in front
        if isinstance(k, str) and k not in ours and (k in flavour.site_keys or not did_you_mean(k, ours))
    ]


def report_site_keys(flavour: Flavour, chapters, ours, diagnostics) -> None:
    """One line for the site's own front-matter keys across the book, not one per key."""
    counts: dict[str, int] = {}
    first = None
    for chapter in chapters:
        keys = _app_keys(flavour, chapter, ours)
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        if keys and first is None:
            first = chapter
    if not counts or first is None:
        return
    listed = ", ".join(
        f"{key} ({n})" for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    )
    more = f" and {len(counts) - 12} more" if len(counts) > 12 else ""
    diagnostics.warning(
        first.path,
        first.front_matter_line or 1,
        f"front-matter keys of the {flavour.label.split()[0]} site left out in "
        f"{_chapters(sum(1 for c in chapters if _app_keys(flavour, c, ours)))} "
        f"(they mean nothing on paper): {listed}{more}",
        code="site-keys-ignored",
    )


def _chapters(count: int) -> str:
    return f"{count} chapter" + ("" if count == 1 else "s")


QUIZ_TAG = re.compile(r"^([ \t]*)<(/?)quiz>[ \t]*$", re.MULTILINE)


def prepare(body: str, flavour: Flavour, report=None) -> str:
    """The text as the flavour's parser reads it. MkDocs' quiz plugin writes `<quiz>` ...
    `</quiz>` around a question: read as a `::: quiz` box (same lines, same line numbers).
    A Logseq page's outliner syntax is read as the app shows it (parse.flavours.logseq);
    `report(line offset, what)` hears of block references it cannot follow."""
    if flavour.name == "logseq":
        from handbook.parse.flavours import logseq

        return logseq.prepare(body, report or (lambda line, what: None))
    if flavour.name == "mkdocs" and "<quiz>" in body:
        return QUIZ_TAG.sub(lambda m: m.group(1) + (":::" if m.group(2) else "::: quiz"), body)
    return body


MDX_ESM = re.compile(r"(import|export)\s+\S")
TAG_START = re.compile(r"[ \t]*</?[A-Za-z]")
FENCE_LINE = re.compile(r"[ \t]*(`{3,}|~{3,})")


def without_mdx_code(body: str, flavour: Flavour) -> tuple[str, list[int]]:
    """A Docusaurus page's `import Tabs from '@theme/Tabs';` and `export const ...` statements:
    the site's JavaScript, left out (blank lines in their place, so line numbers hold); their
    line offsets, for the warning that lists what was not printed. MDX reads a tag indented by
    four spaces or more as a tag (it has no indented code): such lines lose their indent."""
    if flavour.name != "docusaurus":
        return body, []
    lines = body.split("\n")
    dropped: list[int] = []
    fence, index = None, 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE_LINE.match(line)
        if opening and (
            fence is None or opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence)
        ):
            fence = None if fence is not None else opening.group(1)
        elif fence is None and _indent(line) >= 4 and TAG_START.match(line):
            lines[index] = line.lstrip()  # MDX: a tag indented to show nesting is still a tag
        elif fence is None and MDX_ESM.match(line) and (index == 0 or not lines[index - 1].strip()):
            dropped.append(index)
            end = index
            depth = line.count("{") + line.count("(") - line.count("}") - line.count(")")
            while (
                end + 1 < len(lines)
                and lines[end + 1].strip()
                and (depth > 0 or not _statement_ends(lines[end]))
            ):
                end += 1
                depth += (
                    lines[end].count("{")
                    + lines[end].count("(")
                    - lines[end].count("}")
                    - lines[end].count(")")
                )
            for blank in range(index, end + 1):
                lines[blank] = ""
            index = end
        index += 1
    return "\n".join(lines), dropped


def _indent(line: str) -> int:
    """Columns of indentation (a tab counts as four, as CommonMark counts it)."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _statement_ends(line: str) -> bool:
    text = line.rstrip()
    return text.endswith((";", "'", '"', "}", ")")) or " from " in text


def is_drawing(flavour: Flavour, front) -> bool:
    """An Obsidian Excalidraw file: a drawing's data in a Markdown file, not a note."""
    return flavour.name == "obsidian" and isinstance(front, dict) and "excalidraw-plugin" in front
