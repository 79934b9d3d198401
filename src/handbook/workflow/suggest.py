"""`handbook glossary suggest` and `review`: proposals for glossary.yaml, which an editor confirms.

A suggestion is never a fact. `suggest --write` writes SOURCE/glossary.suggested.yaml, a file
no build reads; `review` shows each proposal with the sentence it came from and the other
names the text spells with the same initials, and moves what the editor confirms (or edits)
into glossary.yaml. `handbook check` names the proposals waiting in one line.

What is proposed, for each undefined acronym `handbook check` reports (the enrich step's one
detector, `book.undefined_acronyms`): the author's own definitions ("Union Public Service
Commission (UPSC)"), where the initials match the whole name as written (no leading words
dropped: "Bay of Bengal Initiative ...", not "Bengal Initiative ..."), none copied from an
abbreviated name ("Nat. Crime ..."), in the singular for a singular acronym, title case
cleaned; several different definitions give every meaning, marked ambiguous. Ordinary words
in capitals (AMBEDKAR beside "Ambedkar") are not proposed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import click

from handbook.errors import BuildFailed, Diagnostics, display_path
from handbook.options import BuildOptions

SUGGESTED_FILE = "glossary.suggested.yaml"
_MARK = "# written by 'handbook glossary suggest'"
# Plain YAML keys that need no quotes (and are not YAML 1.1 booleans or nulls).
_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9&\-]*\Z")
_YAML_WORDS = {"Y", "N", "YES", "NO", "ON", "OFF", "TRUE", "FALSE", "NULL"}
_SMALL = {"of", "and", "the", "for", "in", "on", "to", "a", "an", "at", "by", "with", "&"}
# Nouns whose plural is the name itself: 'United Nations', 'Scheduled Castes'.
_PLURAL_NAMES = set(
    """nations states affairs emirates islands castes tribes classes forces sciences studies
services rights resources works arts relations statistics economics politics physics news
series species means headquarters olympics games humanities communications goods""".split()
)
# Words that make a name a proper one: 'Reserve Bank of India', 'Non-Aligned Movement'.
_INSTITUTION = set(
    """act agency agreement alliance army assembly association authority bank board bureau
centre center commission committee conference convention corporation corridor council court
department dialogue exchange force forum fund group index initiative institute mission ministry
movement nations navy organisation organization parliament partnership party policy programme
program report scheme summit survey treaty union yojana abhiyan mantri pradesh station office
limited""".split()
)


@dataclass
class Suggestion:
    acronym: str
    meanings: list[str]  # proposed expansions, most used first; empty: the text defines none
    sources: list[str]  # 'file:line: the sentence' each meaning came from
    uses: int
    first: str  # file:line of the first use
    candidates: list[str] = field(default_factory=list)  # other names the text spells
    doubts: list[str] = field(default_factory=list)  # why to look twice
    article: str = ""
    proper: bool = True
    elsewhere: list[str] = field(default_factory=list)  # uses in files that define nothing

    @property
    def ambiguous(self) -> bool:
        return len(self.meanings) > 1


# --- finding suggestions --------------------------------------------------------------------


def suggestions(source: Path, options: BuildOptions) -> list[Suggestion]:
    """One suggestion per undefined acronym in SOURCE, most used first. Raises BuildFailed
    when the sources have errors."""
    from handbook.enrich.hindi_names import hindi_names, transliterated, written_in_devanagari
    from handbook.enrich.inline_runs import book_runs
    from handbook.model import plain_text
    from handbook.pipeline import prepare

    diagnostics = Diagnostics()
    prepared = prepare(source, options, diagnostics)
    if prepared is None:
        raise BuildFailed(diagnostics)
    book = prepared.book
    texts = []
    for chapter, run in book_runs(book, "end"):
        line = run.loc.line if run.loc and run.loc.line else None
        texts.append((display_path(chapter.path) + (f":{line}" if line else ""), plain_text(run.inlines)))
    for chapter in book.chapters:
        for text in (chapter.meta.title, chapter.meta.subtitle):
            if text:
                texts.append((display_path(chapter.path), text))
    everything = "\n".join(text for _, text in texts)
    vocabulary = set(re.findall(r"\b[A-Z]?[a-z]+\b", everything))
    phrases = _spelled_names(everything)
    named_in_hindi: dict[str, set[str]] = {}  # acronym -> the Hindi names beside it in brackets
    for acronym, name in hindi_names(everything):
        named_in_hindi.setdefault(acronym, set()).add(name)
    dropped = set(read_suggested(source)[1])
    out = []
    for token, places in sorted(book.undefined_acronyms.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if token in dropped or _ordinary(token, vocabulary):
            continue
        first = places[0]
        found = _suggestion(token, [(where, text) for where, text in texts if token in text], vocabulary)
        found.uses = len(places)
        found.first = display_path(first.path) + (f":{first.line}" if first.line else "")
        found.elsewhere = _used_elsewhere(token, found.sources, texts)
        found.candidates = _other_names(token, found.meanings, phrases)
        if found.candidates:
            found.doubts.append("the text also spells " + "; ".join(found.candidates))
        # No initials to compare: a Hindi name is a doubt for the editor ('मध्य प्रदेश (MP)'),
        # unless it is the acronym itself ('नाटो (NATO)') or the proposed meaning, written in
        # Devanagari as it sounds ('नॉर्थ अटलांटिक ट्रीटी ऑर्गनाइज़ेशन'); a translation stays one.
        in_hindi = sorted(
            name
            for name in named_in_hindi.get(token, ())
            if not written_in_devanagari(token, name)
            and not any(transliterated(name, meaning) for meaning in found.meanings)
        )
        if in_hindi:
            found.doubts.append("the text names it in Hindi: " + "; ".join(in_hindi))
        out.append(found)
    return out


def _used_elsewhere(token: str, sources: list[str], texts: list[tuple[str, str]]) -> list[str]:
    """Up to three uses, with their sentences, in files where no definition was found: where a
    meaning from another note may not be the one meant ('Acts, EIA, pollution' beside 'Energy
    Information Administration (EIA)'), for the editor to read before confirming."""
    defining = {source.split(":", 1)[0] for source in sources}
    word = re.compile(rf"(?<![A-Za-z0-9]){re.escape(token)}s?(?![A-Za-z0-9])")
    out = []
    for where, text in texts:
        if where.split(":", 1)[0] in defining:
            continue
        match = word.search(text)
        if match:
            out.append(f"{where}: {_sentence(text, match.start())}")
            if len(out) == 3:
                break
    return out


def _ordinary(token: str, vocabulary: set[str]) -> bool:
    """AMBEDKAR beside 'Ambedkar', ARMED beside 'armed': a word in capitals, not an acronym."""
    return (
        len(token) >= 5
        and token.isalpha()
        and (token.lower() in vocabulary or token.capitalize() in vocabulary)
    )


def _suggestion(token: str, texts: list[tuple[str, str]], vocabulary: set[str]) -> Suggestion:
    from handbook.enrich.acronym_text import letters, plural

    # meaning's key -> [(written, where, sentence, article, in lower case, the part the initials match)]
    found: dict[str, list] = {}
    doubts = []
    # 'a single GPU', 'each CSC', 'GPUs': the acronym names one thing (not 'DPSP', whose name
    # is plural: 'Directive Principles of State Policy')
    one = re.compile(
        rf"\b(?:[Aa]n?|[Oo]ne|[Ee]ach|[Ee]very|single|[Aa]nother|[Tt]his)\s+{re.escape(token)}\b|\b{re.escape(token)}s\b"
    )
    singular = any(one.search(text) for _, text in texts)
    for where, text in texts:
        for written, start, has_the, doubt in definitions_in_text(text, token):
            if re.search(r"\b[A-Za-z]{1,5}\.(?:\s|$)", written):
                doubts.append(f"not copied, abbreviated: '{written}' ({where})")
                continue
            cleaned = _singular(written) if singular else written
            part = (_singular(doubt) if singular else doubt) if doubt else ""
            found.setdefault(letters(cleaned), []).append(
                (cleaned, where, _sentence(text, start), has_the, cleaned == cleaned.lower(), part)
            )
            if cleaned != written:
                doubts.append(f"made singular from '{written}'")
            elif singular and plural(cleaned) is None:  # 'Attorneys General', 'Greenhouse Gas'
                doubts.append(f"the text uses {token} for one thing: check that '{written}' is singular")
    for key, items in list(found.items()):  # 'Make India Open Defecation Free' beside 'Open ...'
        if all(item[5] and letters(item[5]) in found for item in items):
            del found[key]
        else:
            doubts += [f"the initials match only '{i[5]}' of the name" for i in items if i[5]]
    ranked = sorted(found.values(), key=lambda items: -len(items))
    meanings, sources, article, proper = [], [], "", True
    for items in ranked:
        meaning, lower = _best_form([item[0] for item in items]), all(item[4] for item in items)
        if ranked[0] is items:
            proper = not lower and _proper(meaning, vocabulary)
            article = "the" if proper and (any(item[3] for item in items) or _takes_the(meaning)) else ""
        meanings.append(meaning)
        sources.append(f"{items[0][1]}: {items[0][2]}")
    if not proper and meanings:
        meanings[0] = _lower_common(meanings[0])
    elif meanings and _mixed_case(meanings[0]):  # 'unlawful activities Prevention Act'
        meanings[0] = _title(meanings[0])
    return Suggestion(token, meanings, sources, 0, "", doubts=doubts, article=article, proper=proper)


def definitions_in_text(text: str, acronym: str) -> list[tuple[str, int, bool, str]]:
    """(name as written, where it starts, 'the' before it, a doubt) for every definition of
    the acronym in `text`: 'Union Public Service Commission (UPSC)' and 'UPSC (Union Public
    Service Commission)'. The name is the whole run of capitalised words the author wrote
    before the brackets ('Bay of Bengal Initiative ...' for BIMSTEC, whose initials match
    from 'Bengal' on: then with a doubt for the editor)."""
    wanted = "".join(ch for ch in acronym.upper() if ch.isalpha())
    if not wanted or any(ch.isdigit() for ch in acronym):
        return []
    out = []
    for match in re.finditer(rf"\(\s*{re.escape(acronym)}(s?)\s*[),]", text):
        base = max(0, match.start() - 400)  # a name is short: never read the whole text back
        head = text[base : match.start()].rstrip()
        tokens = list(re.finditer(r"[^\s()]+", head))
        start = None
        for size in range(1, min(len(tokens), len(wanted) * 2 + 3) + 1):
            chosen = tokens[-size:]
            if chosen[0].group().casefold() in _SMALL:
                continue
            if fits(" ".join(t.group() for t in chosen), wanted):
                start = chosen[0].start()
                break
        if start is None:
            continue
        doubt = ""
        part = head[start:].strip(",;:")
        whole = _whole_name(head, start)
        # The name goes on before the matching words only when it starts with the acronym's
        # letter too ('Bay of Bengal ...', BIMSTEC), not 'Role of Krishi Vigyan Kendras (KVK)'.
        if (
            whole != start
            and head[whole : whole + 1].upper() == wanted[0]
            and not _sentence_opening(head, whole, start)
        ):
            if not fits(head[whole:], wanted):
                doubt = part  # the initials match only this part of the name
            start = whole
        article = bool(re.search(r"\b[Tt]he\s+\Z", head[max(0, start - 8) : start]))
        out.append((head[start:].strip(",;:"), base + start, article, doubt))
    for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(acronym)}s?\s*\(([^()]{{1,300}})\)", text):
        inner = match.group(1).strip().strip(",;:")
        if fits(inner, wanted):  # all of it: not '(Kalpakkam, 1971)'
            out.append((inner, match.start(1), False, ""))
    return out


def fits(name: str, wanted: str) -> bool:
    """Are `wanted`'s letters the initials of `name`'s words, in order? Each word gives its
    first letter, a small word ('of', 'the') may ('United Nations Convention on the Law Of the
    Sea', UNCLOS), and so may each later part of a hyphenated word ('Multi-Sectoral': M or MS)."""
    options: list[tuple[str, bool]] = []  # (letter, may be left out)
    for word in re.split(r"[\s,;:]+", name.strip()):
        if not word:
            continue
        parts = [p for p in re.split(r"[-\u2010\u2011\u2013/]", word) if p]
        small = word.casefold() in _SMALL
        for index, part in enumerate(parts):
            letter = part[0].upper()
            if not letter.isalnum():
                return False
            options.append((letter, small or index > 0))
    reachable = {0}  # how many letters of `wanted` can be made so far
    for letter, optional in options:
        after = {n + 1 for n in reachable if n < len(wanted) and wanted[n] == letter}
        reachable = after | reachable if optional else after
        if not reachable:
            return False
    return len(wanted) in reachable


_NAME_WORD = re.compile(r"(?:[A-Z][\w'’\-]*|of|for|and|the|on|in|&)\Z")


def _whole_name(head: str, start: int) -> int:
    """Where the name ending at head's end starts: capitalised words (and 'of', 'for', ...
    between them) before `start` belong to it."""
    position = start
    for match in reversed(list(re.finditer(r"\S+", head[:start]))):
        if not _NAME_WORD.match(match.group()) or head[match.end() : position].strip():
            break
        if match.group() == "the":  # 'created the National ...': an article, not a joint
            break
        position = match.start()
    # a name does not start with a small word: 'the Bay of ...' starts at 'Bay'
    while True:
        word = re.match(r"(\S+)\s+", head[position:start])
        if word and word.group(1) in _SMALL:
            position += word.end()
        else:
            return position


def _sentence_opening(head: str, whole: int, start: int) -> bool:
    """'Meanwhile Japan Coast Guard (JCG)': one capitalised word opening the sentence, not
    joined by 'of' or 'and', is no part of the name."""
    extra = head[whole:start].split()
    return len(extra) == 1 and bool(
        re.search(r"(?:\A|[.!?:]\s*)\Z", head[:whole].rstrip() + (" " if whole else ""))
    )


def _sentence(text: str, at: int) -> str:
    """The sentence around position `at`, at most 200 characters."""
    starts = [m.end() for m in re.finditer(r"[.!?]\s+", text[:at])]
    begin = starts[-1] if starts else 0
    end_match = re.search(r"[.!?](?:\s|$)", text[at:])
    end = at + end_match.end() if end_match else len(text)
    sentence = " ".join(text[begin:end].split())
    return sentence if len(sentence) <= 200 else sentence[:197] + "…"


def _singular(name: str) -> str:
    """'Central Processing Units (CPU)' -> 'Central Processing Unit': a singular acronym
    stands for one thing (not 'United Nations', 'Scheduled Castes': the plural is the name)."""
    from handbook.enrich.acronym_text import PREPOSITION

    found = PREPOSITION.search(name)  # 'Officers on Special Duty', 'Members of Parliament'
    head, sep, tail = (name[: found.start()], found[0], name[found.end() :]) if found else (name, "", "")
    words = head.split()
    if not words:
        return name
    last = words[-1]
    if (
        last.casefold() in _PLURAL_NAMES
        or not re.search(r"[a-z]s\Z", last)
        or re.search(r"(?:ss|us|is|[^e]as|os)\Z", last)
    ):
        return name  # ('gas', 'status', 'basis': no plural)
    if last.endswith("ies"):
        single = last[:-3] + "y"
    elif re.search(r"(?:ches|shes|sses|xes)\Z", last):
        single = last[:-2]
    else:
        single = last[:-1]
    return " ".join(words[:-1] + [single]) + sep + tail


def _best_form(forms: list[str]) -> str:
    """Of the ways the author wrote one name, the one in the cleanest title case; a name
    written in several cases ('unlawful activities Prevention Act') gets each word its capital."""

    def score(form: str) -> tuple:
        words = [w for w in form.split() if w.casefold() not in _SMALL]
        capitals = sum(w[:1].isupper() for w in words)
        mixed = 0 < capitals < len(words)
        return (mixed, form.isupper(), -forms.count(form))

    best = min(forms, key=score)
    return _title(best) if best.isupper() else best


def _mixed_case(name: str) -> bool:
    words = [w for w in name.split() if w.casefold() not in _SMALL and w[:1].isalpha()]
    capitals = sum(w[:1].isupper() for w in words)
    return 0 < capitals < len(words)


def _title(name: str) -> str:
    out = []
    for index, word in enumerate(name.split()):
        if index and word.casefold() in _SMALL:
            out.append(word.casefold())
        elif word.isupper() and len(word) <= 3 and not name.isupper():
            out.append(word)  # 'J&K', 'US'
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


# A body's name takes 'the' ('set up the Department of Atomic Energy'); a scheme's does not.
_BODIES = set(
    """act agency agreement association authority bank board bureau centre center commission
committee conference convention corporation council court department fund institute ministry
office organisation organization programme program station treaty""".split()
)
_PROPER_START = {
    "international",
    "national",
    "central",
    "indian",
    "asian",
    "world",
    "united",
    "union",
    "federal",
}


def _takes_the(name: str) -> bool:
    return any(word.casefold() in _BODIES for word in re.split(r"[\s\-]+", name))


def _proper(name: str, vocabulary: set[str]) -> bool:
    """A guess: a name with an institution's word, or a word the text never writes in lower
    case ('India', 'Madhya'), is a proper name; 'Central Processing Unit' is a common noun."""
    words = [w.strip(",;:()") for w in re.split(r"[\s\-]+", name) if w.casefold() not in _SMALL]
    if any(w.casefold() in _INSTITUTION for w in words) or (words and words[0].casefold() in _PROPER_START):
        return True
    return not all(w.lower() in vocabulary for w in words if w.isalpha())


def _lower_common(name: str) -> str:
    """'Central Processing Unit' -> 'central processing unit', 'Non-Performing Asset' ->
    'non-performing asset' (a word in capitals kept: 'DNA')."""

    def lower(part: str) -> str:
        return part if part.isupper() and len(part) > 1 else part[:1].lower() + part[1:]

    return " ".join("-".join(lower(part) for part in word.split("-")) for word in name.split())


def _spelled_names(text: str) -> Counter:
    """How often the text spells each stretch of capitalised words, by initials."""
    from handbook.enrich.acronym_text import name_phrases

    return Counter(name_phrases(text))


def _other_names(token: str, meanings: list[str], phrases: Counter) -> list[str]:
    """Names the text spells whose initials are the acronym's and which are none of the meanings
    found: 'Madhya Pradesh' beside 'Member of Parliament (MP)'. Once is enough: the build
    spells nothing out in a chapter with such a name, and the proposal says why."""
    from handbook.enrich.acronym_text import same_name

    out: list[str] = []
    for (initials, phrase), _ in phrases.most_common():
        if initials != token or any(same_name(phrase, m) for m in meanings + out):
            continue
        out.append(phrase)
        if len(out) == 3:
            break
    return out


# --- the suggested file ---------------------------------------------------------------------


def suggested_path(source: Path) -> Path:
    return Path(source) / SUGGESTED_FILE


def read_suggested(source: Path) -> tuple[dict[str, dict], list[str]]:
    """The proposals waiting in SOURCE/glossary.suggested.yaml and the acronyms dropped."""
    import yaml

    path = suggested_path(source)
    if not path.is_file() or Path(source).resolve() not in path.resolve().parents:
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}, []
    if not isinstance(data, dict):
        return {}, []
    dropped = data.pop("dropped", None) or []
    entries = {str(k): v for k, v in data.items() if isinstance(v, dict)}
    return entries, [str(d) for d in dropped if isinstance(d, (str, int))]


def write_suggested(source: Path, entries: dict[str, dict], dropped: list[str]) -> Path:
    """Write the proposals (the tool's own file: refused if someone else's is there)."""
    from handbook.output.atomic import write_atomically

    path = suggested_path(source)
    if path.exists():
        if Path(source).resolve() not in path.resolve().parents:
            raise click.ClickException(
                f"{display_path(path)} is a link outside the source folder; not writing to it"
            )
        if not path.read_text(encoding="utf-8", errors="replace").startswith(_MARK):
            raise click.ClickException(
                f"{display_path(path)} was not written by handbook; not writing over it"
            )
    lines = [
        f"{_MARK} on {dt.date.today().isoformat()}.",
        "# Proposals only: no build reads this file. Review them (confirm, edit or drop) with",
        f"#   handbook glossary review {display_path(source)}",
        "",
    ]
    for acronym, entry in entries.items():
        lines.append(f"{yaml_key(acronym)}:")
        for key in (
            "meanings",
            "article",
            "proper",
            "uses",
            "first",
            "sources",
            "elsewhere",
            "candidates",
            "doubts",
        ):
            value = entry.get(key)
            if value in (None, "", []) and key not in ("meanings",):
                continue
            lines.append(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    if dropped:
        lines.append(f"dropped: {json.dumps(sorted(set(dropped)), ensure_ascii=False)}")
    write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def as_entry(found: Suggestion) -> dict:
    return {
        "meanings": found.meanings,
        "article": found.article,
        "proper": found.proper if found.meanings else None,
        "uses": found.uses,
        "first": found.first,
        "sources": found.sources,
        "candidates": found.candidates,
        "doubts": found.doubts,
        "elsewhere": found.elsewhere if found.meanings else [],
    }


def yaml_key(token: str) -> str:
    if _PLAIN_KEY.match(token) and token.upper() not in _YAML_WORDS:
        return token
    return json.dumps(token, ensure_ascii=False)


def glossary_line(acronym: str, meanings: list[str], article: str = "", proper: bool = True) -> str:
    """The glossary.yaml line of a confirmed entry."""
    if len(meanings) > 1:
        return f"{yaml_key(acronym)}: {json.dumps(meanings, ensure_ascii=False)}"
    parts = [f"expansion: {json.dumps(meanings[0], ensure_ascii=False)}"]
    if article:
        parts.append(f"article: {article}")
    if not proper:
        parts.append("proper: false")
    if len(parts) == 1:
        return f"{yaml_key(acronym)}: {json.dumps(meanings[0], ensure_ascii=False)}"
    return f"{yaml_key(acronym)}: {{{', '.join(parts)}}}"


def append_to_glossary(source: Path, lines: list[str]) -> Path:
    """Append the lines to SOURCE/glossary.yaml (created if missing); existing text, and so
    every existing entry, is kept as it is."""
    from handbook.output.atomic import write_atomically

    path = Path(source) / "glossary.yaml"
    if path.exists() and Path(source).resolve() not in path.resolve().parents:
        raise click.ClickException(
            f"{display_path(path)} is a link to a file outside the source folder; not writing to it"
        )
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    head = f"# confirmed with 'handbook glossary review' on {dt.date.today().isoformat()}\n"
    write_atomically(path, (old + ("\n" if old else "") + head + "\n".join(lines) + "\n").encode("utf-8"))
    return path


# --- review ---------------------------------------------------------------------------------


def describe(acronym: str, entry: dict) -> str:
    """One proposal as an editor reads it: meanings, where they came from, other names, doubts."""
    meanings = entry.get("meanings") or []
    uses = entry.get("uses", 0)
    out = [f"{acronym}  ({uses} use{'s' * (uses != 1)}, first at {entry.get('first', '?')})"]
    if not meanings:
        out.append("  no definition found in the text: give one with --edit")
    for index, meaning in enumerate(meanings):
        label = f"  {index + 1}. " if len(meanings) > 1 else "  meaning: "
        out.append(label + meaning)
    if len(meanings) > 1:
        out.append("  ambiguous: the text defines it in several ways (confirming keeps every meaning)")
    for source in entry.get("sources") or []:
        out.append(f"  from: {source}")
    for use in entry.get("elsewhere") or []:
        out.append(f"  also used (no definition there): {use}")
    for name in entry.get("candidates") or []:
        out.append(f"  other candidate meaning: {name}")
    for doubt in entry.get("doubts") or []:
        out.append(f"  note: {doubt}")
    reading = []
    if entry.get("article"):
        reading.append(f"article: {entry['article']}")
    if entry.get("proper") is False:
        reading.append("a common noun (lower-case mid-sentence)")
    if reading:
        out.append("  reads: " + "; ".join(reading))
    return "\n".join(out)


PENDING = (
    "{} glossary proposal{} from 'handbook glossary suggest' await review ({} ambiguous, {} "
    "without a meaning): none is printed or spelled out until confirmed; run: handbook glossary review {}"
)


def fold_pending(diagnostics: Diagnostics, source: Path) -> Diagnostics:
    """The proposals waiting in glossary.suggested.yaml as one warning; their acronyms' own
    'undefined acronym' warnings are in it (a new diagnostics; the given one is unchanged)."""
    entries, _ = read_suggested(source)
    if not entries:
        return diagnostics
    out = Diagnostics()
    out.severities = diagnostics.severities
    for item in diagnostics.items:
        named = re.match(r"undefined acronym '(.+)'\Z", item.message)
        if not (item.code == "acronym-undefined" and named and named.group(1) in entries):
            out.items.append(item)
    ambiguous = sum(len(e.get("meanings") or []) > 1 for e in entries.values())
    empty = sum(not e.get("meanings") for e in entries.values())
    several = "s" if len(entries) != 1 else ""
    message = PENDING.format(len(entries), several, ambiguous, empty, display_path(source))
    out.warning(suggested_path(source), None, message, code="acronym-suggested")
    return out


def quiet_words(source: Path, options: BuildOptions) -> list[str]:
    """`check --verbose`: 'path:line: note: 'TRUE' is not taken for an acronym (the exam's
    wording)', one line per word, in the order of the book."""
    from handbook.pipeline import prepare

    diagnostics = Diagnostics()
    prepared = prepare(source, options, diagnostics)
    if prepared is None:
        raise BuildFailed(diagnostics)
    out = []
    for word, (why, place) in prepared.book.quiet_acronyms.items():
        where = display_path(place.path) + (f":{place.line}" if place.line else "")
        out.append(f"{where}: note: '{word}' is not taken for an acronym ({why})")
    return out
