"""Register a theme's TrueType families with reportlab (once per process per file).

Each face is registered by name at once and read from its file when first used
(rlcompat.register_truetype_font): a preview draws a few of a theme's twelve faces, and reading
one is some 20 ms. A book's build reads every face before it draws (the font seed asks each
one which characters it has), so the book's bytes are what they were with every face read up
front: the same fonts, registered in the same order, under the same names."""

from __future__ import annotations

from reportlab.lib.fonts import addMapping
from handbook.layout import scripts
from handbook.layout.rlcompat import register_truetype_font
from handbook.theme import Theme, font_file

WEIGHTS = {
    "regular": (False, False),
    "bold": (True, False),
    "italic": (False, True),
    "bold_italic": (True, True),
}
_registered: dict[str, str] = {}  # reportlab name -> the font file registered under it
_chains_of: list = [None, {}]  # the theme last registered and its fallback chains (its files)


def font_name(family: str, bold: bool, italic: bool) -> str:
    """The reportlab name of one face of a registered family."""
    suffix = {(0, 0): "", (1, 0): "-Bold", (0, 1): "-Italic", (1, 1): "-BoldItalic"}[(int(bold), int(italic))]
    return f"{family}{suffix}"


def register_fonts(theme: Theme, faces: set | None = None) -> None:
    """Make each theme family usable by name ('serif', 'serif-Bold', ...) and in <b>/<i> markup.
    `faces`: only these (family, bold, italic) — the glyph check, which also runs on a build
    that stops with errors, needs two faces, not twelve.

    Names are the theme's family names, not its files: a theme that calls another file 'serif'
    registers that file over the earlier one, so the last theme registered in a process wins.
    """
    # Fallback families (Devanagari, symbols) are registered when a character needs them.
    fallbacks = {name for chain in theme.fallback.values() for name in chain} - set(theme.fallback)
    # A build registers twice (the glyph check, then the layout): the chains of a theme whose
    # fonts are all in installed packages are found once (a font file beside a theme is
    # checked through the gate every time).
    if _chains_of[0] is not theme:
        chains = scripts.chains_for(theme, font_file)
        if all(family.package for family in theme.fonts.values()):
            _chains_of[:] = [theme, chains]
    else:
        chains = _chains_of[1]
    scripts.configure(chains, theme.emoji)
    for family, spec in theme.fonts.items():
        if family in fallbacks:
            continue
        for weight, (bold, italic) in WEIGHTS.items():
            if faces is not None and (family, bold, italic) not in faces:
                continue
            path = font_file(spec, weight, theme.source)  # type: ignore[arg-type]  # loaded themes have one
            if path is None:  # no longer usable since the theme was checked: never a path 'None'
                continue
            name = font_name(family, bold, italic)
            if _registered.get(name) == str(path):
                continue
            # subfontIndex 0; reportlab embeds a subset of each TrueType font it uses.
            register_truetype_font(name, str(path))
            _registered[name] = str(path)
            addMapping(family, bold, italic, name)
