"""Total-fit line breaking (Knuth and Plass, as TeX and Typst break paragraphs): the breaks of a
justified paragraph chosen all at once, so that no line is much looser than the others.

Pure arithmetic on widths, no reportlab: layout/rlcompat.py turns a paragraph's words into
`Word`s and the chosen lines back into reportlab's lines. A greedy breaker fills each line as
far as it goes and leaves the next one to cope with a long word; here every way of breaking
is weighed, and a hyphen is taken only where it pays for itself.

The cost of a line is TeX's: (line penalty + badness)^2, badness 100 * r^3 where r is how far
the word gaps stretch (or shrink) in units of what they may. A hyphen adds its penalty, a
second hyphenated line in a row more, a third is never allowed; the last line is ragged and
costs nothing, unless it is very short (one short word, or a sliver of the measure).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Callable, NamedTuple, Sequence

STRETCH = 1.0  # a word gap may grow by one space at badness 100 (TeX: half; reportlab cannot shrink much)
SHRINK = 0.5  # ... and shrink by half of one, never more (TeX: a third of a wider space)
TOLERANCE = (
    1.45  # the widest stretch a line is considered at (a gap of about half an em), unless nothing sets
)
LINE_PENALTY = 10
HYPHEN_DEMERITS = 200**2
CONSECUTIVE_HYPHEN_DEMERITS = 10_000  # a second hyphen in a row (a third is not allowed)
FINAL_HYPHEN_DEMERITS = 40_000  # a hyphen on the line before the last (its tail ends the paragraph)
SHORT_LAST_DEMERITS = (
    150_000  # a last line of one short word, or a sliver: worse than a hyphen and a loose line
)
SHORT_LAST_SHARE = 0.12  # of the measure: shorter is a sliver
SHORT_WORD = 0.18  # of the measure: a lone last word shorter than this is avoided
MAX_HYPHENS_IN_A_ROW = 2


class Word(NamedTuple):
    """What the breaker knows of one word: its width, the space before it when it follows
    another word on a line (0 where nothing separates them), and whether that space stretches.
    (A named tuple: a book's paragraphs make hundreds of thousands.)"""

    width: float
    gap: float


@dataclass(frozen=True)
class Line:
    """A chosen line: words [start, end) with the first one's tail only (from hyphen `tail`
    of word `start`, -1 for the whole word) and the head of word `end` (hyphen `head`,
    -1 for none); `natural` is its width with normal spaces."""

    start: int
    tail: int
    end: int
    head: int
    natural: float


def total_fit(
    words: Sequence[Word],
    widths: Sequence[float],
    hyphens: Callable[[int], Sequence[tuple[float, float]]],
    space: float,
) -> list[Line] | None:
    """The best lines for `words` set in lines of `widths` (the first line's, then every
    other's), or None when a word is wider than a line. `hyphens(k)`: the ways word k may be
    hyphenated, as (head width with its hyphen, tail width), longest head first. `space`: the
    normal word space, for the stretch and shrink of a gap."""
    if not words:
        return []
    for tolerance in (TOLERANCE, float("inf")):  # a second pass only where nothing else sets
        lines = _search(words, widths, hyphens, space, tolerance)
        if lines is not None:
            return lines
    return None


def _search(words, widths, hyphens, space, tolerance):
    # (The arithmetic is _line_cost's, written out in the loop and in the same order, so that
    # the demerits are the same to the last bit: a paragraph asks this for thousands of lines.)
    n = len(words)
    first_width, other_width = widths[0], widths[-1] if len(widths) > 1 else widths[0]
    word_widths = [word.width for word in words]
    word_gaps = [word.gap for word in words]
    shrink_space = SHRINK * space  # (SHRINK * space * gaps is (SHRINK * space) * gaps)
    # Above this many points a gap, a line is too loose for `tolerance` (a bound with room for
    # rounding: a line near it is weighed exactly).
    too_loose = tolerance * STRETCH * space * (1 + 1e-9) if space > 0 else float("inf")
    # A node: where a line starts, (word, tail) with tail -1 for the whole word, and how many
    # hyphenated lines end just before it. best[node] = (demerits, previous node, line as
    # Line's fields).
    start = (0, -1, 0)
    best: dict[tuple[int, int, int], tuple[float, tuple | None, tuple | None]] = {start: (0.0, None, None)}
    # Nodes in the order of the word they start at: every line that can end at a node starts
    # at an earlier word, so a node's demerits are final when it is taken.
    pending = [start]
    push, pop = heapq.heappush, heapq.heappop
    ends: list[tuple[float, int, tuple]] = []
    while pending:
        node = pop(pending)
        k, tail, run = node
        so_far = best[node][0]
        width = first_width if node == start else other_width
        limit = width + 1e-6
        natural = hyphens(k)[tail][1] if tail >= 0 else word_widths[k]
        stretchable = 0  # gaps on the line so far
        j = k + 1  # the line holds words k..j-1
        while True:
            if natural - shrink_space * stretchable > limit:
                if j == k + 1:  # one word wider than the line
                    return None
                break
            if j == n:  # the last line: ragged, free unless very short
                demerits = so_far + _last_line_cost(node, k, j, natural, width, words, run)
                ends.append((demerits, len(ends), (node, (k, tail, j, -1, natural))))
                break
            following_width = word_widths[j]
            following_gap = word_gaps[j]
            after = natural + following_gap + following_width
            stretch = width - natural
            # (reportlab keeps a zero-width word, a mark before the space, on the line before)
            if following_width > 0 and (stretchable == 0 or stretch <= too_loose * stretchable):
                cost = _line_cost(stretch, stretchable, space, tolerance)
                if cost is not None:
                    demerits = so_far + cost
                    target = (j, -1, 0)
                    known = best.get(target)
                    if known is None:
                        push(pending, target)
                        best[target] = (demerits, node, (k, tail, j, -1, natural))
                    elif demerits < known[0]:
                        best[target] = (demerits, node, (k, tail, j, -1, natural))
            if after - shrink_space * (stretchable + (1 if following_gap > 0 else 0)) > limit:
                # The next word overflows: end the line with its head, hyphenated.
                if run < MAX_HYPHENS_IN_A_ROW:
                    base = natural + following_gap
                    extra = 1 if following_gap > 0 else 0
                    for h, (head, _tail) in enumerate(hyphens(j)):
                        line_width = base + head
                        cost = _line_cost(width - line_width, stretchable + extra, space, tolerance)
                        if cost is None:
                            continue
                        cost += HYPHEN_DEMERITS + (CONSECUTIVE_HYPHEN_DEMERITS if run else 0)
                        _offer(
                            best, pending, (j, h, run + 1), so_far + cost, node, (k, tail, j, h, line_width)
                        )
                break
            natural = after
            stretchable += 1 if following_gap > 0 else 0
            j += 1
    if not ends:
        return None
    _, _, (end, last) = min(ends)
    lines: list[Line] = [Line(*last)]
    back: tuple | None = end
    while back is not None:
        _, previous, kept = best[back]
        if kept is not None:
            lines.append(Line(*kept))
        back = previous
    lines.reverse()
    return lines


def _offer(best, pending, node, demerits, previous, line) -> None:
    known = best.get(node)
    if known is None:
        heapq.heappush(pending, node)
        best[node] = (demerits, previous, line)
    elif demerits < known[0]:
        best[node] = (demerits, previous, line)


def _line_cost(stretch: float, gaps: int, space: float, tolerance: float) -> float | None:
    """Demerits of a justified line `stretch` short of the measure (negative: too long by
    that much) with `gaps` word gaps; None when it is looser than `tolerance` allows."""
    if gaps == 0 and stretch < -1e-6:  # too long, and nothing to shrink
        return None
    if gaps == 0:  # one word alone on a justified line: as loose as a line can be
        ratio = tolerance if stretch > 1e-6 else 0.0
        if tolerance == float("inf"):
            ratio = 10.0
        elif stretch > space:
            return None
    elif stretch >= 0:
        ratio = stretch / (gaps * STRETCH * space)
        if ratio > tolerance:
            return None
    else:
        ratio = -stretch / (gaps * SHRINK * space)
        if ratio > 1 + 1e-9:
            return None
    badness = 100 * ratio**3
    return (LINE_PENALTY + badness) ** 2


def _last_line_cost(node, k, j, natural, width, words, run) -> float:
    cost = float(LINE_PENALTY**2)
    if k == 0 and node[1] < 0:
        return cost  # a one-line paragraph
    one_word = j - k == 1
    if natural < SHORT_LAST_SHARE * width or (one_word and natural < SHORT_WORD * width):
        cost += SHORT_LAST_DEMERITS
    if run:
        cost += FINAL_HYPHEN_DEMERITS
    return cost


GOOD_ENOUGH = 0.6  # stretch: a greedy line whose gaps grow by at most 0.6 of a space needs no better


def first_fit_is_good(words: Sequence[Word], widths: Sequence[float], space: float) -> bool:
    """Whether filling each line as far as it goes (reportlab's own way, no hyphens) already
    sets `words` well: no line stretched by more than GOOD_ENOUGH spaces a gap, no very short
    last line. Most paragraphs are; they are left to reportlab and cost one pass, not two."""
    if not words:
        return True
    first_width, other_width = widths[0], widths[-1]
    width, natural, gaps, start = first_width, words[0].width, 0, 0
    for j in range(1, len(words)):
        word = words[j]
        after = natural + word.gap + word.width
        if after > width and word.width > 0:
            if gaps == 0 or (width - natural) > GOOD_ENOUGH * STRETCH * space * gaps:
                return False
            width, natural, gaps, start = other_width, word.width, 0, j
        else:
            natural = after
            gaps += 1 if word.gap > 0 else 0
    one_word = start == len(words) - 1
    lines_before = start > 0
    return not (
        lines_before and (natural < SHORT_LAST_SHARE * width or (one_word and natural < SHORT_WORD * width))
    )
