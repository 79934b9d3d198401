"""`handbook glossary review`: an editor confirms, edits or drops what `glossary suggest` proposed.

Confirmed entries are appended to glossary.yaml (what the editor wrote there is kept as it
is) and leave glossary.suggested.yaml; dropped ones leave it too and are not proposed again.
"""

from __future__ import annotations

from pathlib import Path

import click

from handbook.errors import display_path
from handbook.workflow.suggest import (
    append_to_glossary,
    describe,
    glossary_line,
    read_suggested,
    write_suggested,
)


def review_suggestions(
    source: Path,
    confirmed: tuple[str, ...],
    confirm_all: bool,
    dropped: tuple[str, ...],
    edited: tuple[str, ...],
    interactive: bool,
) -> None:
    entries, gone = read_suggested(source)
    if not entries:
        click.echo(
            f"nothing to review: no proposals in {display_path(Path(source) / 'glossary.suggested.yaml')}"
        )
        return
    decisions: dict[str, list[str] | None] = {}  # acronym -> meanings to confirm, None: drop
    problems = []
    for acronym in dropped:
        decisions[acronym] = None
    for item in edited:
        acronym, sep, meaning = item.partition("=")
        meanings = [m.strip() for m in meaning.split(";") if m.strip()]
        if not sep or not meanings:
            problems.append(f"--edit {item!r}: write ACR=MEANING")
            continue
        decisions[acronym.strip()] = meanings
    unsure = sorted(a for a, e in entries.items() if e.get("meanings") and _doubted(e)) if confirm_all else []
    chosen = list(confirmed) + (
        [a for a, e in entries.items() if e.get("meanings") and a not in unsure] if confirm_all else []
    )
    if unsure:  # the tool is not sure of these: an editor confirms each by name, or edits it
        click.echo(f"not confirmed by --confirm-all, doubts to look at: {', '.join(unsure)} (--confirm ACR)")
    for acronym in chosen:
        if acronym in decisions:
            continue
        meanings = (entries.get(acronym) or {}).get("meanings") or []
        if acronym in entries and not meanings:
            problems.append(
                f"{acronym}: no meaning was found in the text; give one with --edit {acronym}=..."
            )
        elif acronym in entries:
            decisions[acronym] = list(meanings)
    unknown = sorted({a for a in list(decisions) + list(confirmed) if a not in entries})
    problems += [f"{a}: not among the proposals" for a in unknown]
    if not (confirmed or confirm_all or dropped or edited):
        if interactive:
            decisions = _ask(entries)
        else:
            click.echo("\n\n".join(describe(a, e) for a, e in entries.items()))
            click.echo(
                "\nconfirm, edit or drop with --confirm ACR, --edit ACR=MEANING, --drop ACR "
                "(or run this on a terminal to be asked about each)"
            )
            return
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    lines = []
    for acronym, decided in decisions.items():
        if acronym not in entries:
            continue
        entry = entries.pop(acronym)
        if decided is None:
            gone.append(acronym)
            continue
        same = decided == (entry.get("meanings") or [])
        lines.append(
            glossary_line(
                acronym,
                decided,
                entry.get("article", "") if same else "",
                entry.get("proper", True) is not False if same else True,
            )
        )
    if lines:
        path = append_to_glossary(source, lines)
        click.echo(f"added {len(lines)} entr{'y' if len(lines) == 1 else 'ies'} to {display_path(path)}")
    if decisions:
        write_suggested(source, entries, gone)
        click.echo(f"{len(entries)} proposal{'s' * (len(entries) != 1)} left to review")
    if problems:
        raise SystemExit(2)


def _ask(entries: dict[str, dict]) -> dict[str, list[str] | None]:
    """One question per proposal, on a terminal."""
    decisions: dict[str, list[str] | None] = {}
    for acronym, entry in entries.items():
        click.echo("\n" + describe(acronym, entry))
        meanings = entry.get("meanings") or []
        choices = ("c", "e", "d", "s", "q") if meanings else ("e", "d", "s", "q")
        answer = click.prompt(
            "  [c]onfirm, [e]dit, [d]rop, [s]kip, [q]uit" if meanings else "  [e]dit, [d]rop, [s]kip, [q]uit",
            type=click.Choice(choices),
            show_choices=False,
        )
        if answer == "q":
            break
        if answer == "c":
            decisions[acronym] = list(meanings)
        elif answer == "d":
            decisions[acronym] = None
        elif answer == "e":
            typed = click.prompt("  meaning (several: separate with ';')", default="; ".join(meanings))
            decisions[acronym] = [m.strip() for m in typed.split(";") if m.strip()] or None
    return decisions


def _doubted(entry: dict) -> bool:
    """A proposal with a doubt besides a plain singular ('the text also spells Madhya Pradesh',
    'the initials match only ...', 'check that ... is singular'): never confirmed wholesale."""
    return any(not doubt.startswith("made singular from") for doubt in entry.get("doubts") or [])
