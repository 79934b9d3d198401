"""A deterministic corpus of N realistic chapters in the documented source format.

Each chapter has front matter (title, subtitle, paper, topic, date, tags, acronyms, six
practice questions in the exam formats), about 1,500 words of body text with headings,
nested lists, a table, a block quote, acronyms and a ```mindmap block. A glossary.yaml
defines every acronym the text uses, so `handbook check` finds nothing to complain about.

The same chapters are also returned as plain data (`ChapterText`) so that the floor build
(bench.floor) sets exactly the same words without going through handbook.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SEED = 20251027
BODY_WORDS = 1500

GLOSSARY = {
    "QUAD": "Quadrilateral Security Dialogue",
    "FOIP": "Free and Open Indo-Pacific",
    "ACSA": "Acquisition and Cross-Servicing Agreement",
    "SCRI": "Supply Chain Resilience Initiative",
    "ODA": "Official Development Assistance",
    "JICA": "Japan International Cooperation Agency",
    "CEPA": "Comprehensive Economic Partnership Agreement",
    "ASEAN": "Association of Southeast Asian Nations",
    "HADR": "Humanitarian Assistance and Disaster Relief",
    "UNCLOS": "United Nations Convention on the Law of the Sea",
    "SAGAR": "Security and Growth for All in the Region",
    "AOIP": "ASEAN Outlook on the Indo-Pacific",
    "JIMEX": "Japan-India Maritime Exercise",
}
IGNORED = ["II"]  # "List II" in match questions is not an acronym
CHAPTER_ACRONYM = ("MAHSR", "Mumbai-Ahmedabad High Speed Rail")

# Acronyms are about as frequent as in the sample handbook (3 uses per 100 words): each use
# is a link and a page record, so their density matters to the build time.
SUBJECTS = [
    "India",
    "Japan",
    "The partnership",
    "New Delhi",
    "Tokyo",
    "The QUAD",
    "The summit",
    "The joint statement",
    "Each government",
    "The Indo-Pacific vision",
    "JICA",
    "The logistics pact",
    "The maritime dialogue",
    "The investment target",
    "The supply-chain initiative",
    "Bilateral trade",
    "The annual summit",
    "The defence dialogue",
    "The coast guard",
    "Private investment",
]
VERBS = [
    "has expanded",
    "strengthens",
    "links",
    "reaffirms",
    "depends on",
    "builds on",
    "underlines",
    "draws attention to",
    "commits both sides to",
    "broadens",
    "rests on",
    "has deepened",
    "set out",
    "reviewed",
    "points towards",
    "supports",
]
OBJECTS = [
    "cooperation on semiconductors and critical minerals",
    "the rules-based maritime order",
    "freedom of navigation under UNCLOS",
    "concessional ODA loans for metro rail",
    "the special strategic and global partnership",
    "connectivity in the north-east",
    "skills exchange for young professionals",
    "joint exercises at sea",
    "resilient supply chains across the region",
    "clean energy and green hydrogen",
    "the high-speed rail corridor",
    "relief operations after cyclones",
    "the centrality of South-East Asia",
    "reciprocal access to logistics",
    "digital public infrastructure",
    "a target of five trillion yen in investment",
    "the SAGAR doctrine in the Indian Ocean",
    "an upgrade of the CEPA",
    "industrial corridors and special economic zones",
    "cooperation in outer space",
]
CLAUSES = [
    "while both capitals watch the balance of power closely",
    "which examiners often ask about in the mains paper",
    "as the 2014 upgrade of ties had promised",
    "despite slow progress on land acquisition",
    "in line with the shared principles",
    "because supply chains had proved fragile",
    "after a decade of steady engagement",
    "with funding from Japanese lenders",
    "so that smaller littoral states gain capacity",
    "although trade remains below its potential",
]
HEADINGS = [
    "Background",
    "Strategic Convergence",
    "Economic Engagement",
    "Defence and Security",
    "Connectivity Projects",
    "Technology Partnership",
    "People-to-People Ties",
    "Regional Architecture",
    "Challenges",
    "Way Forward",
]
TOPICS = ["International Relations", "Economy", "Security", "Science and Technology"]
PAPERS = ["GS2", "GS3"]


@dataclass
class Block:
    """One block of body text, as plain data: kind is heading2, heading3, para, list,
    table, quote or mindmap; `data` is its text (inline markup of `*`, `**` and `` ` ``),
    a nested list [(text, children)], or table rows."""

    kind: str
    data: object


@dataclass
class ChapterText:
    title: str
    subtitle: str
    blocks: list[Block] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)


class Writer:
    """Sentences and paragraphs from a seeded random source."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = 0

    def sentence(self) -> str:
        rng = self.rng
        parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
        if rng.random() < 0.55:
            parts.append(rng.choice(CLAUSES))
        text = " ".join(parts)
        roll = rng.random()
        if roll < 0.12:
            text = _mark(text, parts[2].split()[-1], "*")
        elif roll < 0.18:
            text = _mark(text, parts[2].split()[0], "**")
        elif roll < 0.2:
            text += " (see `Article 9`)"
        self.words += len(text.split())
        return text + "."

    def paragraph(self, sentences: tuple[int, int] = (3, 7)) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def phrase(self) -> str:
        return self.rng.choice(OBJECTS)


def _mark(text: str, word: str, marker: str) -> str:
    """Emphasise the first whole-word occurrence of `word`."""
    return re.sub(rf"\b{re.escape(word)}\b", f"{marker}{word}{marker}", text, count=1)


def make_chapter(index: int) -> ChapterText:
    rng = random.Random(SEED * 1000 + index)
    writer = Writer(rng)
    title = f"India and Japan: {rng.choice(HEADINGS)}, Unit {index}"
    chapter = ChapterText(title=title, subtitle=f"Notes for revision, unit {index}")
    blocks = chapter.blocks
    blocks.append(
        Block("para", f"The {CHAPTER_ACRONYM[0]} project appears in this unit. " + writer.paragraph())
    )
    headings = rng.sample(HEADINGS, 5)
    for number, heading in enumerate(headings):
        blocks.append(Block("heading2", heading))
        for _ in range(2):
            blocks.append(Block("para", writer.paragraph()))
        if number == 1:
            blocks.append(Block("list", nested_list(writer)))
        if number == 2:
            blocks.append(Block("table", table(writer)))
        if number == 3:
            blocks.append(Block("quote", writer.paragraph((2, 3))))
            blocks.append(Block("heading3", "Key Facts"))
            blocks.append(Block("list", nested_list(writer)))
    while writer.words < BODY_WORDS - 60:
        blocks.append(Block("para", writer.paragraph()))
    blocks.append(Block("heading2", "Summary"))
    blocks.append(Block("para", "Terms to revise: " + ", ".join(sorted(GLOSSARY)) + "."))
    blocks.append(Block("mindmap", (rng.choice(HEADINGS), [(h, [(writer.phrase(), [])]) for h in headings])))
    chapter.questions = questions(writer, index)
    return chapter


def nested_list(writer: Writer) -> list:
    rng = writer.rng
    return [
        (writer.sentence(), [(writer.phrase(), []) for _ in range(rng.randint(0, 3))])
        for _ in range(rng.randint(3, 5))
    ]


def table(writer: Writer) -> list[list[str]]:
    rows = [["Year", "Agreement", "Significance"]]
    for year in writer.rng.sample(range(2000, 2025), 4):
        rows.append([str(year), writer.phrase().capitalize(), writer.sentence()])
    return rows


def questions(writer: Writer, index: int) -> list[dict]:
    """Six questions in the formats of the questions feature (mcq, statements, how-many,
    match, two descriptive)."""
    s = writer.sentence
    return [
        {
            "type": "mcq",
            "question": f"Which of the following best describes {writer.phrase()}?",
            "options": writer.rng.sample(OBJECTS, 4),
            "answer": "b",
            "explanation": s(),
        },  # distinct
        {
            "type": "statements",
            "question": "Consider the following statements:",
            "statements": [s(), s()],
            "answer": "c",
            "explain": [s(), s()],
        },
        {
            "type": "how-many",
            "question": "Consider the following statements:",
            "statements": [s(), s(), s()],
            "answer": "b",
            "explanation": s(),
        },
        {
            "type": "match",
            "question": "Match List I with List II:",
            "pairs": [
                ["Malabar", "Naval exercise"],
                ["JIMEX", "Bilateral maritime exercise"],
                ["Dharma Guardian", "Army exercise"],
                ["Shinyuu Maitri", "Air force exercise"],
            ],
            "options": [
                "A-1, B-2, C-3, D-4",
                "A-2, B-1, C-3, D-4",
                "A-1, B-2, C-4, D-3",
                "A-2, B-1, C-4, D-3",
            ],
            "answer": "a",
            "explanation": s(),
        },
        {
            "type": "descriptive",
            "question": f"Examine {writer.phrase()} in unit {index}.",
            "marks": 15,
            "words": 250,
            "points": [s(), s(), s()],
        },
        {
            "type": "descriptive",
            "question": f"Discuss {writer.phrase()}.",
            "marks": 10,
            "words": 150,
            "points": [s(), s()],
        },
    ]


# --- Markdown ---------------------------------------------------------------


def chapter_markdown(chapter: ChapterText, index: int) -> str:
    front = {
        "title": chapter.title,
        "subtitle": chapter.subtitle,
        "paper": PAPERS[index % len(PAPERS)],
        "topic": TOPICS[index % len(TOPICS)],
        "date": f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}",
        "tags": ["japan", "indo-pacific"],
        "acronyms": {CHAPTER_ACRONYM[0]: CHAPTER_ACRONYM[1]},
        "questions": chapter.questions,
    }
    out = ["---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=100).rstrip(), "---", ""]
    for block in chapter.blocks:
        out.extend(block_markdown(block))
        out.append("")
    return "\n".join(out)


def block_markdown(block: Block) -> list[str]:
    if block.kind == "heading2":
        return [f"## {block.data}"]
    if block.kind == "heading3":
        return [f"### {block.data}"]
    if block.kind == "para":
        return [block.data]
    if block.kind == "quote":
        return [f"> {block.data}"]
    if block.kind == "list":
        return list_markdown(block.data, 0)
    if block.kind == "table":
        header, *rows = block.data
        return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)] + [
            "| " + " | ".join(row) + " |" for row in rows
        ]
    if block.kind == "mindmap":
        return ["```mindmap"] + list_markdown([block.data], 0, numbered=False) + ["```"]
    raise ValueError(block.kind)


def list_markdown(items: list, depth: int, numbered: bool = True) -> list[str]:
    """Bullets, with numbered sub-lists when `numbered`."""
    lines = []
    for number, (item, children) in enumerate(items, start=1):
        marker = f"{number}." if depth % 2 and numbered else "-"
        lines.append("   " * depth + f"{marker} {item}")
        lines.extend(list_markdown(children, depth + 1, numbered))
    return lines


def write_corpus(folder: Path, chapters: int) -> list[ChapterText]:
    """Write book.yaml, glossary.yaml and `chapters` chapter files; return the chapters' text."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [make_chapter(index) for index in range(1, chapters + 1)]
    book = {
        "title": "India–Japan Relations: A Revision Handbook",
        "subtitle": f"{chapters} units",
        "author": "Benchmark corpus",
        "date": "2025",
        "ignore_acronyms": IGNORED,
    }
    (folder / "book.yaml").write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    (folder / "glossary.yaml").write_text(yaml.safe_dump(GLOSSARY, sort_keys=True), encoding="utf-8")
    for index, chapter in enumerate(texts, start=1):
        path = folder / f"{index:04d}-unit.md"
        path.write_text(chapter_markdown(chapter, index), encoding="utf-8")
    return texts
