"""Fuzzing the whole build with generated sources: a PDF or reported errors, never a crash.

Sources are drawn from a grammar of what editors really write (headings, nested lists and
quotes, code fences, tables with ragged rows, links, images that exist or do not or lead
out of the folder, raw HTML and reportlab-looking markup, footnotes, mind-map fences, odd
Unicode) and front matter whose values have the wrong types or is not YAML at all.

The normal suite runs a few examples; `make fuzz` runs many (HANDBOOK_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from handbook.errors import BuildFailed
from handbook.pipeline import build
from png import png_bytes

pytestmark = pytest.mark.slow  # whole builds of random sources: `make test-all` (and `make fuzz`)

EXAMPLES = int(os.environ.get("HANDBOOK_FUZZ_EXAMPLES", "12"))


def mostly(usual, unusual, percent=80):
    """`usual` in about `percent` of draws, else `unusual` (so most examples reach the layout)."""
    return st.tuples(st.integers(0, 99), usual, unusual).map(lambda t: t[1] if t[0] < percent else t[2])


# --- inline ----------------------------------------------------------------------------

odd_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
words = st.sampled_from(
    [
        "India",
        "Japan",
        "Quad",
        "2+2",
        "ODA",
        "Shinkansen",
        "x",
        "a_b",
        "very" * 30,
        "https://example.com/" + "path/" * 30,
        "ψ",
        "ആ",
        "☃",
        "\u200b",
        "\u00ad",
        "e\u0301",
        "\t",
        "\\",
        "*",
        "_",
        "`",
        "|",
        "#",
    ]
)
markup = st.sampled_from(
    [
        "<b>bold</b>",
        "<font color=red>x</font>",
        "<para>p</para>",
        "<onDraw name=x label=y/>",
        "&nbsp;",
        "&amp;",
        "&bogus;",
        "&#0;",
        "<a href='javascript:x'>l</a>",
        "<img src=x>",
        "<br/>",
        "</i>",
        "<!-- c -->",
        "<super>2</super>",
        "<seq id=x/>",
        "%(x)s",
        "{0}",
    ]
)
link_target = st.sampled_from(
    [
        "https://mea.gov.in",
        "#anchor",
        "",
        "mailto:a@b.c",
        "javascript:1",
        "<>",
        "../x.md",
        "a b",
        'http://x/"quote"',
    ]
)
image_path = st.sampled_from(
    ["map.png"] * 40
    + [
        "missing.png",
        "a%00b.png",
        "x" * 300 + ".png",
        "../outside.png",
        "/etc/passwd",
        "http://example.com/x.png",
        "notes.txt",
        "sub/../map.png",
        "link.png",
        "",
    ]
)


# Long tokens (issue 12): one "word" of thousands of one or two characters, which fed the
# backtracking of patterns run over the text (URLs, acronyms) and the line breaker.
long_token = st.tuples(
    st.sampled_from(["a", "A", "@", ".", "-", "/", "a@", "A-", "ह", "x:"]), st.integers(500, 30_000)
).map(lambda p: p[0] * (p[1] // len(p[0])))


def inline(depth=2):
    base = st.one_of(words, odd_text, markup, mostly(words, long_token, 90))
    if depth == 0:
        return base
    inner = inline(depth - 1)
    return st.one_of(
        base,
        base,
        base,
        inner.map(lambda t: f"*{t}*"),
        inner.map(lambda t: f"**{t}**"),
        inner.map(lambda t: f"~~{t}~~"),
        inner.map(lambda t: f"`{t}`"),
        st.tuples(inner, link_target).map(lambda p: f"[{p[0]}]({p[1]})"),
        st.tuples(inner, image_path).map(lambda p: f"![{p[0]}]({p[1]})"),
        st.integers(1, 3).map(lambda n: f"[^{n}]"),
        link_target.map(lambda u: f"<{u}>"),
    )


line = st.lists(inline(), min_size=1, max_size=6).map(" ".join)

# --- blocks ----------------------------------------------------------------------------


def nested_list(draw_depth: int):
    item = st.tuples(st.integers(0, draw_depth), st.sampled_from(["- ", "* ", "1. ", "3) "]), line)
    return st.lists(item, min_size=1, max_size=8).map(
        lambda items: "\n".join("  " * level * 2 + marker + text for level, marker, text in items)
    )


def table():
    cells = st.lists(line.map(lambda t: t.replace("|", "/")), min_size=0, max_size=5)
    return st.tuples(cells, st.lists(cells, max_size=4), st.sampled_from(["---", ":--", ":-:", "--:"])).map(
        lambda p: "\n".join(
            ["| " + " | ".join(p[0] or ["h"]) + " |", "|" + "|".join([p[2]] * max(len(p[0]), 1)) + "|"]
            + ["| " + " | ".join(row) + " |" for row in p[1]]
        )
    )


block = st.one_of(
    line,
    line,
    line,
    st.tuples(st.integers(1, 7), line).map(lambda p: "#" * p[0] + " " + p[1]),
    nested_list(4),
    st.tuples(st.integers(1, 12), line).map(lambda p: "> " * p[0] + p[1]),
    st.tuples(st.sampled_from(["", "python", "yaml"]), st.lists(odd_text, max_size=4), st.booleans()).map(
        lambda p: f"```{p[0]}\n" + "\n".join(p[1]) + ("\n```" if p[2] else "")
    ),
    mostly(
        st.lists(words, min_size=1, max_size=5).map(
            lambda ls: "```mindmap\n- Japan\n" + "".join(f"  - {w}\n    - {w}\n" for w in ls) + "```"
        ),
        nested_list(3).map(lambda text: f"```mindmap\n{text}\n```"),
    ),
    st.lists(odd_text, min_size=1, max_size=3).map(lambda ls: "\n".join("    " + x for x in ls)),
    table(),
    st.sampled_from(
        [
            "---",
            "***",
            "<div>\n<b>raw</b>\n</div>",
            "<table><tr><td>x</td></tr></table>",
            "<?php echo 1; ?>",
            "[ref]: https://example.com",
            "[^1]: A note with *stress*.",
            "[^2]:\n    - a list in a note",
            "Term\n===",
            "- [ ] task",
            ">",
            "-",
            "1.",
            "|",
            "```",
        ]
    ),
)

# A long paragraph (issue 12): many words in one paragraph, laid out in units (layout.units).
long_paragraph = st.tuples(st.lists(words, min_size=1, max_size=5), st.integers(2_000, 12_000)).map(
    lambda p: " ".join(p[0][i % len(p[0])] for i in range(p[1]))
)
block = st.one_of(block, mostly(line, long_paragraph, 85))
body = st.lists(block, max_size=10).map("\n\n".join)

# --- front matter and book.yaml ---------------------------------------------------------

scalar = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
)
value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
chapter_key = st.sampled_from(
    [
        "title",
        "subtitle",
        "paper",
        "topic",
        "date",
        "tags",
        "order",
        "mindmap",
        "acronyms",
        "questions",
        "titel",
        "tag",
        "Title",
    ]
)
good_front = st.fixed_dictionaries({"title": line.map(lambda t: t.replace("\n", " "))})
front_data = st.one_of(
    good_front,
    st.dictionaries(chapter_key, value, max_size=6),
    st.tuples(good_front, st.dictionaries(chapter_key, value, max_size=4)).map(lambda p: {**p[0], **p[1]}),
)
broken_yaml = st.sampled_from(
    [
        "title: [unclosed",
        "title: a\n\tb: tab",
        "title: !!python/object/apply:os.system ['echo x']",
        "- a list",
        "just text",
        "title: &a [*a]",
        "date: 2025-13-45",
        ": nokey",
        "title: x\ntitle: y",
        "? [a]\n: b",
        'title: "unterminated',
        "title: a\x1fb",
        "tags: " + "[" * 3000,
        "<<: {title: merged}",
        "title: x\r\npaper: y",
    ]
)


# YAML with anchors and aliases (issue 12): shared values, merge keys, aliases of aliases up
# to a billion laughs, an alias inside its own anchor, and aliases where a string belongs.
def laughs(depth: int, key: str) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, depth + 1)]
    return "\n".join(lines) + f"\n{key}: *l{depth}"


aliased_yaml = st.one_of(
    st.tuples(st.integers(1, 9), chapter_key).map(lambda p: "title: T\n" + laughs(*p)),
    st.tuples(st.integers(1, 4), chapter_key).map(lambda p: laughs(*p).replace(f"{p[1]}: ", "title: ")),
    chapter_key.map(lambda k: f"title: &t Japan\nsubtitle: *t\n{k}: &x [*t, *t]\npaper: *x"),
    chapter_key.map(lambda k: f"base: &b {{title: Japan, paper: GS2}}\n{k}:\n  <<: *b\n  extra: 1"),
    chapter_key.map(lambda k: f"title: T\n{k}: &a [1, *a]"),
    st.integers(1, 2000).map(
        lambda n: "title: T\nw: &w " + "word " * 50 + "\ntags: [" + ", ".join(["*w"] * n) + "]"
    ),
    chapter_key.map(
        lambda k: f"title: T\nq: &q {{type: mcq}}\nquestions: [*q, *q, {{<<: *q, question: x}}]\n{k}: *q"
    ),
)


def render_front(data) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return "title: fallback"


# Mostly readable front matter, so that most examples get as far as the layout.


front = mostly(
    good_front.map(render_front),
    st.one_of(front_data.map(render_front), broken_yaml, aliased_yaml, st.just(None), st.just("UNCLOSED")),
)


def chapter_text(front_text, body_text) -> str:
    if front_text is None:
        return body_text
    if front_text == "UNCLOSED":
        return "---\ntitle: x\n" + body_text
    return (
        f"---\n{front_text}---\n{body_text}"
        if front_text.endswith("\n")
        else f"---\n{front_text}\n---\n{body_text}"
    )


chapter = st.tuples(front, body).map(lambda p: chapter_text(*p))
book_yaml = mostly(
    st.none(),
    st.one_of(
        st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "subtitle",
                    "style",
                    "answers",
                    "chapters",
                    "author",
                    "date",
                    "all_acronyms",
                    "titel",
                ]
            ),
            value,
            max_size=4,
        ).map(render_front),
        broken_yaml,
        aliased_yaml,
    ),
)
encoding = mostly(st.just("utf-8"), st.sampled_from(["utf-8-sig", "latin-1", "utf-16"]), 90)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 50,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(chapters=st.lists(st.tuples(chapter, encoding), min_size=1, max_size=3), book=book_yaml)
def test_any_sources_give_a_pdf_or_reported_errors(chapters, book):
    with tempfile.TemporaryDirectory() as temp:
        folder, output = Path(temp) / "src", Path(temp) / "out" / "book.pdf"
        folder.mkdir()
        (folder / "map.png").write_bytes(png_bytes(40, 30))
        (folder / "notes.txt").write_text("not an image")
        (Path(temp) / "outside.png").write_bytes(png_bytes(4, 4))
        (folder / "link.png").symlink_to(Path(temp) / "outside.png")
        for number, (text, codec) in enumerate(chapters, start=1):
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                data = text.encode("utf-8")
            (folder / f"{number:02d}.md").write_bytes(data)
        if book is not None:
            (folder / "book.yaml").write_text(book, encoding="utf-8")
        try:
            result = build(folder, output)
        except BuildFailed as failed:
            event("reported errors")
            event("first error: " + re.sub(r"'.*?'|\d+", "_", failed.diagnostics.errors[0].message)[:60])
            assert failed.diagnostics.errors, "BuildFailed without an error to show"
            assert all(d.message for d in failed.diagnostics.items)
            assert all(len(d.message) < 2_100 for d in failed.diagnostics.items)  # values truncated
            assert not output.exists()
        else:
            event("built a PDF")
            assert len(PdfReader(str(output)).pages) == result.pages > 0
        assert [p.name for p in output.parent.glob("*")] in ([], ["book.pdf"])  # no temp files left
