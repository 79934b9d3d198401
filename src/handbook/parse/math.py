"""TeX math in chapters: `$…$`, `\\(…\\)` inline; `$$…$$`, `\\[…\\]` and ```` ```math ```` displayed.

mdit-py-plugins finds the formulas: dollarmath with its rules, so that prices stay text (an
opening `$` not followed by a space, a closing `$` not preceded by one nor followed by a digit:
"$5 and $10" is no formula), and texmath for the bracket forms. This module turns its tokens
into model.Math / model.MathBlock and decides, once per formula, two things the layout needs:

- whether the formula is plain characters in disguise (`27^\\circ` is "27°", `H_2O` is "H₂O",
  `\\alpha \\rightarrow \\beta` is "α → β"): such a formula is set as text in the body face, so
  it copies and searches as text;
- whether the renderer knows every command in it; an unknown one (`\\foo`) makes the formula
  print as source in the code face, with one warning per chapter naming the command and line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_block_dollar
from mdit_py_plugins.texmath import texmath_plugin

from handbook.errors import display_path
from handbook.model import Math, MathBlock


def use_math(md) -> None:
    """Teach a markdown-it parser the math delimiters."""
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    # A `$$` line right under a line of text opens a displayed formula, as the notes apps read
    # it (like a fence, it may interrupt a paragraph): read inline instead, a formula with a
    # blank line inside was cut at the blank line and printed as its source.
    md.block.ruler.at(
        "math_block", _interrupting(), {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.use(texmath_plugin, delimiters="brackets")
    md.inline.ruler.before("math_inline", "math_after_number", _math_after_number)


def _interrupting():
    """dollarmath's block rule, able to end a paragraph: asked in silent mode (does a block
    start here?) it would push its token all the same, so that answer leaves no trace."""
    rule = math_block_dollar(True, lambda label: re.sub(r"\s+", "-", label), True)

    def block(state, start: int, end: int, silent: bool) -> bool:
        if not silent:
            return rule(state, start, end, False)
        tokens, line = len(state.tokens), state.line
        found = rule(state, start, end, False)
        del state.tokens[tokens:]
        state.line = line
        return found

    return block


# A number's exponent, index or unit written as math right after it: `27$^\circ$C`,
# `1010$_2$`, `10$^{th}$`. Dollarmath never opens after a digit (so "5$ and 10$" stays text);
# a formula that starts with ^ or _ and holds no space cannot be a price.
_AFTER_NUMBER = re.compile(r"\$(\{?[_^][^$\s]{1,40})\$")


def _math_after_number(state, silent: bool) -> bool:
    if state.src[state.pos] != "$" or state.pos == 0 or not state.src[state.pos - 1].isdigit():
        return False
    found = _AFTER_NUMBER.match(state.src, state.pos)
    if found is None:
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content, token.markup = found.group(1), "$"
    state.pos = found.end()
    return True


def math_inline(node, ctx, display: bool = False) -> list:
    if not node.content.strip():
        return []  # `$$ $$` in a line: nothing to draw (the apps show nothing)
    return [inline_math(node.content, display, ctx.diagnostics, ctx.source.path, _line(node, ctx))]


def math_block(node, ctx) -> list:
    if not node.content.strip():
        return []  # an empty `$$` block, left to be filled in: nothing to draw, nothing lost
    return [display_math(node.content, ctx.loc(node), ctx.diagnostics)]


# Macros KaTeX and MathJax define (Docusaurus, VitePress, MkDocs and Obsidian sites render with
# them) that the renderer here does not know: written out in the commands it does know.
SITE_MACROS = {
    "R": r"\mathbb{R}",
    "N": r"\mathbb{N}",
    "Z": r"\mathbb{Z}",
    "reals": r"\mathbb{R}",
    "Reals": r"\mathbb{R}",
    "natnums": r"\mathbb{N}",
    "cnums": r"\mathbb{C}",
    "Complex": r"\mathbb{C}",
    "empty": r"\emptyset",
    "infin": r"\infty",
    "isin": r"\in",
    "sube": r"\subseteq",
    "newline": r"\\",
}
_SITE_MACRO = re.compile(r"\\(" + "|".join(sorted(SITE_MACROS, key=len, reverse=True)) + r")(?![A-Za-z])")


_TAG = re.compile(r"\\tag(\*?)\{([^{}]*)\}")


def with_tags_written_out(latex: str) -> str:
    r"""`\tag{1}` on the rows of an `align` (or anywhere but the formula's very end) as the
    number in brackets after its row: the renderer reads only one tag, closing the formula."""
    tags = list(_TAG.finditer(latex))
    if not tags or (len(tags) == 1 and tags[0].end() == len(latex.rstrip())):
        return latex
    return _TAG.sub(
        lambda m: r"\qquad\text{" + (m.group(2) if m.group(1) else f"({m.group(2)})") + "}", latex
    )


def with_site_macros(latex: str) -> str:
    r"""`\R^3` -> `\mathbb{R}^3`: a site's built-in macros in commands the renderer knows."""
    return _SITE_MACRO.sub(lambda found: SITE_MACROS[found.group(1)], latex) if "\\" in latex else latex


def with_alignment(latex: str) -> str:
    r"""Rows aligned at `&` with no environment around them, as Sphinx's and MyST's `math`
    directive takes them (it wraps them in `split`) and as notes write them between `$$`:
    read inside `aligned`. The renderer cannot read a bare `&` (the formula printed as its
    source)."""
    if "&" not in latex or "\\begin" in latex or "&" not in latex.replace("\\&", ""):
        return latex
    return "\\begin{aligned}" + latex + "\\end{aligned}"


# A row break right after another or after the environment's opening (its options included):
# an empty row (a blank line between a derivation's steps, or above its first).
_EMPTY_ROW = re.compile(r"(?:\\\\|\\begin\{[a-zA-Z*]{1,20}\}(?:\{[^{}\n]{0,40}\})?)(?=\s*\\\\)")


def with_empty_rows_filled(latex: str) -> str:
    r"""`a \\ \\ b`, `\begin{array}{c} \\ a`: the empty row gets a strut, the height of a row
    with text, as TeX gives it; the renderer drew an empty row some 10,000 pt tall (a page-high formula that
    stopped the build)."""
    return _EMPTY_ROW.sub(lambda found: found.group(0) + r" \mathstrut ", latex) if "\\\\" in latex else latex


def display_math(latex: str, loc, diagnostics) -> MathBlock:
    latex = with_empty_rows_filled(with_alignment(with_tags_written_out(with_site_macros(latex.strip()))))
    unsupported = unsupported_command(latex, display=True)
    if unsupported:
        warn_unsupported(unsupported, diagnostics, loc.path, loc.line)
    return MathBlock(latex, loc, unsupported)


def inline_math(latex: str, display: bool, diagnostics, path, line) -> Math:
    latex = with_empty_rows_filled(with_tags_written_out(with_site_macros(latex.strip())))
    text = "" if display else (as_plain(latex) or "")
    unsupported = "" if text else unsupported_command(latex, display)
    if unsupported:
        warn_unsupported(unsupported, diagnostics, path, line)
    return Math(latex, text, display, unsupported)


INLINE_RULES = {
    "math_inline": math_inline,
    "math_inline_double": lambda node, ctx: math_inline(node, ctx, display=True),
}
BLOCK_RULES = {"math_block": math_block, "math_block_label": math_block}


def _line(node, ctx) -> int | None:
    while node is not None and not node.map:
        node = node.parent
    return node.map[0] + ctx.source.body_first_line if node is not None else None


def warn_unsupported(command: str, diagnostics, path, line) -> None:
    """One warning per chapter (its first unknown command); question fields are parsed one by
    one, so the chapter's warnings are what says whether it has had one."""
    shown = display_path(path)
    if any(d.code == "math-unsupported" and d.path == shown for d in diagnostics.items):
        return
    what = (
        f"this formula cannot be drawn {command}"
        if command.startswith("(")
        else f"the math command '{command}' is not supported"
    )
    diagnostics.warning(
        path,
        line,
        f"{what}: the formula is printed as its source in the code face (later formulas of "
        "this chapter that cannot be drawn too); rewrite it with supported commands (see "
        "docs/format.md, Math)",
        code="math-unsupported",
    )


# --- which commands the renderer knows ----------------------------------------------------

_UNKNOWN = re.compile(r"<m[io][^>]*>(\\[A-Za-z]+)</m[io]>")


# Longer than any formula of a page of notes: past it, the formula prints as its source rather
# than hold the build up (a pasted 40x40 matrix).
MAX_FORMULA_CHARS = 4000


@lru_cache(maxsize=4096)
def unsupported_command(latex: str, display: bool = False) -> str:
    """The first command latex2mathml (ziamath's reader) does not know, or ""; a formula it
    cannot read at all, reads into something ziamath cannot draw (a fraction with one part),
    or ziamath stops on when drawing it, counts as unsupported too, named by what is wrong in
    parentheses."""
    from ziamath.tex import tex2mml  # only books with math pay for importing it

    from handbook.ziamath_compat import drawing_error

    if len(latex) > MAX_FORMULA_CHARS:
        return f"(it is longer than {MAX_FORMULA_CHARS} characters)"
    if not _braces_pair(latex):  # latex2mathml closes them where it likes: say so instead
        return "(its braces { } do not pair up)"
    try:
        mathml = tex2mml(latex)
    except Exception as error:  # latex2mathml raises bare exceptions on malformed input
        return f"(it cannot be read: {type(error).__name__})"
    found = _UNKNOWN.search(mathml)
    if found:
        return found.group(1)
    return _malformed(mathml) or drawing_error(latex, display)


_BRACE = re.compile(r"\\.|[{}]", re.DOTALL)


def _braces_pair(latex: str) -> bool:
    depth = 0
    for found in _BRACE.findall(latex):
        depth += {"{": 1, "}": -1}.get(found, 0)
        if depth < 0:
            return False
    return depth == 0


# MathML elements and how many children ziamath needs them to have (\frac{1} makes an
# <mfrac> of one, which latex2mathml allows and ziamath cannot draw).
_ARITY = {
    "mfrac": 2,
    "msub": 2,
    "msup": 2,
    "msubsup": 3,
    "mroot": 2,
    "munder": 2,
    "mover": 2,
    "munderover": 3,
}


def _malformed(mathml: str) -> str:
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError:
        return "(it cannot be read)"
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in _ARITY and len(element) != _ARITY[tag]:
            return f"(an incomplete {tag[1:]} in it)"
    return ""


# --- formulas that are plain characters --------------------------------------------------

SYMBOLS = {
    # Greek
    **{
        f"\\{name}": char
        for name, char in zip(
            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma "
            "tau upsilon phi chi psi omega".split(),
            "αβγδεζηθικλμνξπρστυφχψω",
        )
    },
    **{
        f"\\{name}": char
        for name, char in zip(
            "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(), "ΓΔΘΛΞΠΣΥΦΨΩ"
        )
    },
    "\\varepsilon": "ε",
    "\\vartheta": "ϑ",
    "\\varphi": "φ",
    # operators, relations, arrows
    "\\times": "×",
    "\\cdot": "·",
    "\\div": "÷",
    "\\pm": "±",
    "\\mp": "∓",
    "\\le": "≤",
    "\\leq": "≤",
    "\\ge": "≥",
    "\\geq": "≥",
    "\\neq": "≠",
    "\\ne": "≠",
    "\\approx": "≈",
    "\\sim": "∼",
    "\\equiv": "≡",
    "\\propto": "∝",
    "\\infty": "∞",
    "\\rightarrow": "→",
    "\\to": "→",
    "\\leftarrow": "←",
    "\\gets": "←",
    "\\Rightarrow": "⇒",
    "\\Leftarrow": "⇐",
    "\\leftrightarrow": "↔",
    "\\Leftrightarrow": "⇔",
    "\\uparrow": "↑",
    "\\downarrow": "↓",
    "\\rightleftharpoons": "⇌",
    "\\longrightarrow": "⟶",
    "\\degree": "°",
    "\\%": "%",
    "\\$": "$",
    "\\&": "&",
    "\\#": "#",
    "\\_": "_",
    "\\ldots": "…",
    "\\dots": "…",
    "\\cdots": "⋯",
    "\\prime": "′",
    "\\circ": "∘",
    "\\,": "\u2009",
    "\\;": " ",
    "\\ ": " ",
    "\\quad": "\u2003",
}
SUPERSCRIPTS = dict(zip("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ"))
SUBSCRIPTS = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"))
_PLAIN_CHARS = re.compile(r"[A-Za-z0-9 .,;:!?'+\-=<>()/|\[\]]")
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|\{|\}|\^|_|[^\\{}^_]")
_TEXT_COMMANDS = ("\\text", "\\mathrm", "\\textrm", "\\ce")


@lru_cache(maxsize=4096)
def as_plain(latex: str) -> str | None:
    """The formula in plain characters, when that says exactly the same; else None."""
    if not latex or len(latex) > 80:
        return None
    tokens = _TOKEN.findall(latex)
    try:
        out, rest = _plain(tokens, 0, False)
    except _NotPlain:
        return None
    if rest != len(tokens):
        return None
    text = " ".join(out.split()) if "\u2009" not in out else out.strip()
    return text or None


class _NotPlain(Exception):
    pass


def _plain(tokens: list[str], i: int, in_group: bool) -> tuple[str, int]:
    """Plain characters of tokens[i:] up to the end (or the closing brace of a group)."""
    out: list[str] = []
    while i < len(tokens):
        token = tokens[i]
        if token == "}":
            if not in_group:
                raise _NotPlain
            return "".join(out), i + 1
        if token in ("^", "_"):
            argument, i = _argument(tokens, i + 1)
            if token == "^" and argument in ("∘", "\\circ", "°"):
                out.append("°")
                continue
            table = SUPERSCRIPTS if token == "^" else SUBSCRIPTS
            if not argument or any(ch not in table for ch in argument):
                raise _NotPlain
            out.append("".join(table[ch] for ch in argument))
            continue
        if token in _TEXT_COMMANDS:
            if token == "\\ce":
                argument, i = _group_text(tokens, i + 1, chemical=True)
                out.append(_chemical(argument))
                continue
            argument, i = _group_text(tokens, i + 1)
            out.append(argument)
            continue
        if token == "{":
            inner, i = _plain(tokens, i + 1, True)
            out.append(inner)
            continue
        if token in SYMBOLS:
            out.append(SYMBOLS[token])
        elif _PLAIN_CHARS.fullmatch(token):
            out.append(token)
        else:
            raise _NotPlain
        i += 1
    if in_group:
        raise _NotPlain
    return "".join(out), i


def _argument(tokens: list[str], i: int) -> tuple[str, int]:
    """The argument of ^ or _: one character or command, or a braced group."""
    if i >= len(tokens):
        raise _NotPlain
    if tokens[i] == "{":
        return _plain(tokens, i + 1, True)
    token = tokens[i]
    if token == "\\circ":
        return "\\circ", i + 1
    if len(token) == 1 and token not in "{}^_":
        return token, i + 1
    raise _NotPlain


def _group_text(tokens: list[str], i: int, chemical: bool = False) -> tuple[str, int]:
    """The literal text of a braced group (\\text{...}): no commands inside."""
    if i >= len(tokens) or tokens[i] != "{":
        raise _NotPlain
    out: list[str] = []
    i += 1
    while i < len(tokens) and tokens[i] != "}":
        token = tokens[i]
        if token.startswith("\\"):
            if token not in SYMBOLS:
                raise _NotPlain
            token = SYMBOLS[token]
        elif token in ("{", "_") or (token == "^" and not chemical):
            raise _NotPlain
        out.append(token)
        i += 1
    if i >= len(tokens):
        raise _NotPlain
    return "".join(out), i + 1


_CHEMICAL = re.compile(
    r"<=>|->|<-|(?:(?<=[A-Za-z0-9)\]])\^|(?<=[A-Za-z)\]]))(\d*[+-])(?=\s|$)"
    r"|([A-Za-z)\]])(\d+)(?![+-](?:\s|$))"
)


def _chemical(formula: str) -> str:
    """mhchem's `\\ce{}` for the simple cases: counts after an element are subscripts, a
    trailing charge is superscript, arrows are arrows (H2SO4 -> H₂SO₄, Fe^3+ -> Fe³⁺)."""
    if re.search(r"[{}\\\\_]", formula):
        raise _NotPlain

    def one(found: re.Match) -> str:
        text = found.group(0)
        if text in ("<=>", "->", "<-"):
            return {"<=>": "⇌", "->": "→", "<-": "←"}[text]
        if found.group(1):
            return "".join(SUPERSCRIPTS[c] for c in found.group(1))
        return found.group(2) + "".join(SUBSCRIPTS[d] for d in found.group(3))

    return _CHEMICAL.sub(one, formula)
