"""Facts about the justified lines of a PDF's body text, read back from the PDF: how wide the
word gaps are, how many lines end in a hyphen, how long a line is in characters.

A line is the body face's characters (font name and size) sharing a baseline; a line is *full*
when it reaches the right edge of its column (the right edge most lines of the page reach) and
so is justified, not a paragraph's last line. A gap is a word space: where the distance between
two letters is wider than a letter space (an eighth of an em), or a space character drawn; the
gap after a list's or an option's label ("•", "2.", "(a)") is not a word gap.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import pdfplumber


@dataclass
class FullLine:
    page: int
    text: str
    widest_gap: float  # em
    right: float
    hyphenated: bool
    index: int  # the line's number among all the body lines of the PDF


@dataclass
class Spacing:
    lines: list[FullLine] = field(default_factory=list)

    @property
    def loose_share(self) -> float:  # lines with a gap wider than half an em
        return sum(line.widest_gap > 0.5 for line in self.lines) / len(self.lines)

    @property
    def p95(self) -> float:
        gaps = sorted(line.widest_gap for line in self.lines)
        return gaps[max(0, int(len(gaps) * 0.95) - 1)]

    @property
    def hyphen_share(self) -> float:
        return sum(line.hyphenated for line in self.lines) / len(self.lines)

    @property
    def longest_hyphen_run(self) -> int:
        run = longest = 0
        previous = None
        for line in self.lines:
            follows = previous is not None and line.index == previous + 1
            run = (run + 1 if follows else 1) if line.hyphenated else 0
            longest = max(longest, run)
            previous = line.index
        return longest

    @property
    def median_measure(self) -> float:
        return statistics.median(len(line.text) for line in self.lines)

    def summary(self) -> str:
        return (
            f"{len(self.lines)} full lines; loose {self.loose_share:.1%}; p95 {self.p95:.2f} em; "
            f"hyphenated {self.hyphen_share:.1%}, at most {self.longest_hyphen_run} in a row; "
            f"measure median {self.median_measure:.0f} chars"
        )


LABEL = re.compile(r"[•◦–▪]|\d{1,3}[.)]|\([a-z0-9]{1,3}\)")


OPTION = re.compile(r"\([a-d]\)")  # options set in a row, (a) ... (b) ...


def body_lines(path, font: str = "Gentium", size: float = 10.5) -> dict[int, list[list[dict]]]:
    """Per page, the lines (characters left to right) of the body face, with the characters of
    other faces and sizes set in them (a raised footnote mark, a bold word), so that a gap is only
    ever between two characters that are next to each other."""
    pages: dict[int, list[list[dict]]] = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            rows = defaultdict(list)
            others = []
            for char in page.chars:
                if font in char["fontname"] and abs(char["size"] - size) < 0.3:
                    rows[round(char["bottom"])].append(char)
                else:
                    others.append(char)
            for char in others:  # raised by less than 0.8 of the size (a superscript): in that line
                for bottom, chars in rows.items():
                    if -1.5 <= bottom - char["bottom"] <= size * 0.8 and chars[0]["x0"] - size < char["x0"]:
                        chars.append(char)
                        break
            pages[number] = [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items())]
    return pages


def spacing(path, font: str = "Gentium", size: float = 10.5) -> Spacing:
    found = Spacing()
    index = 0
    for number, lines in body_lines(path, font, size).items():
        index += 1  # a page break ends a run of hyphens only if the lines are not consecutive
        if len(lines) < 2:
            index += len(lines)
            continue
        rights = sorted(max(c["x1"] for c in line) for line in lines)
        right = rights[int(len(rights) * 0.9)] if len(rights) > 3 else rights[-1]
        for chars in lines:
            index += 1
            text = "".join(c["text"] for c in chars)
            if chars[-1]["x1"] < right - 1.0 or len(text) < 30:
                continue
            label = LABEL.match(text)
            if label:  # the label and the gap after it are not part of the justified text
                chars = chars[len(label.group(0)) :]
            gaps = [
                b["x0"] - a["x1"] for a, b in zip(chars, chars[1:]) if a["text"] != " " and b["text"] != " "
            ]
            gaps = [g / size for g in gaps if g > 0.12 * size]
            gaps += [
                (chars[i + 1]["x0"] - chars[i - 1]["x1"]) / size
                for i in range(1, len(chars) - 1)
                if chars[i]["text"] == " "
            ]
            if not gaps or max(gaps) > 2.5 or len(OPTION.findall(text)) > 1:  # columns: not justified text
                continue
            found.lines.append(
                FullLine(
                    number,
                    text.strip(),
                    max(gaps),
                    chars[-1]["x1"],
                    text.rstrip().endswith(("-", "\u00ad")),
                    index,
                )
            )
    return found
