"""The glossary of acronyms at the back: entries in alphabetical order, each with the pages
where the acronym is used, every page number a link to its page. In a Hindi book the entries
with a Hindi expansion come first, in dictionary (varnamala) order of the expansion, under
its first letter (क, ख, ...); the acronym stays in Latin at the head of its entry; entries
with no Hindi expansion follow in Latin order.

The pages come from the layout itself: each use in the text records its page as it is drawn
(`doc.record.acronym_folios`), and the entries are made (`Deferred`) only when the layout
reaches the glossary, after every chapter is placed.
"""

from __future__ import annotations

from collections import Counter

from handbook.collation import first_letter, hindi_key
from handbook.enrich.acronyms import used_acronyms
from handbook.layout.context import LayoutContext
from handbook.layout.flowables import Anchor, AnchorInfo, Deferred
from handbook.layout.headings import back_part_opening
from handbook.layout.inline import acronym_anchor, meaning_label, prose, text
from handbook.layout.pages import page_destination
from handbook.layout.paragraph import Paragraph as RLParagraph
from handbook.layout.styles import paragraph_style
from handbook.model import AcronymDef

GLOSSARY_ANCHOR = "glossary"


def glossary_part(ctx: LayoutContext):
    """The BACK_MATTER part: (title, anchor, flowables), or None when nothing is listed."""
    listed = listed_entries(ctx)
    if not listed:
        return None
    theme = ctx.theme
    title = theme.glossary.title
    flowables = back_part_opening(title, GLOSSARY_ANCHOR, ctx)
    flowables.append(Deferred(lambda doc: glossary_entries(listed, doc.record.acronym_folios, ctx)))
    return title, GLOSSARY_ANCHOR, flowables


def listed_entries(ctx: LayoutContext) -> list[AcronymDef]:
    """The acronyms the text uses, or every defined one when asked (option, book.yaml, theme)."""
    glossary = ctx.book.glossary
    if ctx.options.all_acronyms or ctx.book.settings.all_acronyms or ctx.theme.glossary.list_unused:
        chosen = list(glossary.values())
    else:
        used = used_acronyms(ctx.book)
        chosen = [entry for acronym, entry in glossary.items() if acronym in used]
    if ctx.theme.language == "hi":
        return sorted(chosen, key=hindi_order)
    return sorted(chosen, key=lambda entry: sort_key(entry.acronym))


def hindi_order(entry: AcronymDef) -> tuple:
    """Entries with a Hindi expansion first, by it in dictionary order; then the others."""
    if first_letter(entry.expansion):
        return 0, hindi_key(entry.expansion), sort_key(entry.acronym)
    return 1, (), sort_key(entry.acronym)


def sort_key(acronym: str) -> tuple[str, str]:
    """Alphabetical ignoring case and punctuation: 'R&D' sorts as 'rd', next to 'RBI'."""
    return "".join(ch for ch in acronym.casefold() if ch.isalnum()), acronym


def glossary_entries(listed: list[AcronymDef], folios: dict[str, list[int]], ctx: LayoutContext) -> list:
    theme, style = ctx.theme, ctx.theme.glossary
    # Entries are hung: the first line starts left of the rest by -first_line_indent.
    entry_style = paragraph_style(
        theme, "glossary_entry", indent=-theme.text.glossary_entry.first_line_indent
    )
    letter_style = paragraph_style(theme, "glossary_letter")
    out: list = []
    group = None
    hindi = theme.language == "hi"
    for entry in listed:
        letter = (hindi and first_letter(entry.expansion)) or letter_group(
            entry.acronym, style.digits_heading
        )
        if style.letter_headings and letter != group:
            group = letter
            heading = RLParagraph(text(group), letter_style)
            heading.keepWithNext = True
            out.append(heading)
        out.append(Anchor(AnchorInfo(acronym_anchor(entry.acronym))))
        out.append(RLParagraph(entry_markup(entry, folios, ctx), entry_style))
    return out


def letter_group(acronym: str, digits_heading: str) -> str:
    first = sort_key(acronym)[0][:1]
    return digits_heading if not first or first.isdigit() else first.upper()


def entry_markup(entry: AcronymDef, folios: dict[str, list[int]], ctx: LayoutContext) -> str:
    """'<b>QUAD</b> Quadrilateral Security Dialogue. Its note.  3, 7–9' as paragraph markup; an
    entry with several meanings lists each with its own pages ('1. Supreme Court  4; 2. ...'),
    then the pages of uses that no meaning was chosen for."""
    sep, color = text(ctx.theme.glossary.page_separator), ctx.theme.colors.link
    all_pages = folios.get(entry.acronym, [])  # every use's page, whichever meaning
    meanings = [m for m in entry.meanings if not entry.todo]
    unresolved = folios.get(meaning_label(entry.acronym, -1), [])
    if len(meanings) <= 1:
        out = f"<b>{text(entry.acronym)}</b>"
        if meanings:
            out += f"\u2002{prose(_capitalised(meanings[0].expansion))}"
            if entry.original:  # a translated book: the English expansion too
                out += f" ({prose(entry.original)})"
            out += f". {prose(meanings[0].note)}" if meanings[0].note else ""
        # A use beside another name with its initials ('Madhya Pradesh' for MP) may mean that
        # name: its page is not listed as the meaning's, but apart.
        listed = page_list(list((Counter(all_pages) - Counter(unresolved)).elements()), color)
        out += sep + listed if listed else ""
        if unresolved:
            out += f"; {text(ctx.theme.glossary.other_uses)}{sep}{page_list(unresolved, color)}"
        return out
    parts = []
    for index, meaning in enumerate(meanings):
        pages = folios.get(meaning_label(entry.acronym, index), [])
        part = f"{index + 1}. {prose(_capitalised(meaning.expansion))}" + (
            f". {prose(meaning.note)}" if meaning.note else ""
        )
        parts.append(part + (sep + page_list(pages, color) if pages else ""))
    out = f"<b>{text(entry.acronym)}</b>\u2002" + "; ".join(parts)
    if unresolved:
        out += f"; {text(ctx.theme.glossary.other_uses)}{sep}{page_list(unresolved, color)}"
    return out


def page_runs(folios: list[int]) -> list[tuple[int, int]]:
    """Sorted, deduplicated pages as (first, last) runs of consecutive pages."""
    runs: list[tuple[int, int]] = []
    for page in sorted(set(folios)):
        if runs and page == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], page)
        else:
            runs.append((page, page))
    return runs


def page_list(folios: list[int], link_color: str) -> str:
    """'3, 7–9, 12': runs of three or more pages as ranges, every number a link to its page."""

    def link(page: int) -> str:
        return f'<a href="#{page_destination(page)}" color="{link_color}">{page}</a>'

    parts = []
    for first, last in page_runs(folios):
        if last - first >= 2:
            parts.append(f"{link(first)}\u2013{link(last)}")
        else:
            parts.extend(link(page) for page in range(first, last + 1))
    return ", ".join(parts)


def _capitalised(expansion: str) -> str:
    """An entry starts with a capital, a common noun's too ('fifth-generation technology')."""
    return expansion[:1].upper() + expansion[1:]
