"""Small books of known shape for page tests: chapters of N paragraphs, headings, lists, tables.

Every paragraph begins with a marker word `Pn` (chapter-wide counter) so a test can tell,
from extracted text alone, where a paragraph starts and which lines continue one.
"""

from __future__ import annotations

SENTENCES = [
    "India and Japan raised their ties to a Special Strategic and Global Partnership in 2014.",
    "Shinzo Abe spoke of the Confluence of the Two Seas to the Indian Parliament in 2007.",
    "The 2+2 dialogue brings the foreign and defence ministers of both countries to one table.",
    "Dharma Guardian and JIMEX are exercises the two armed forces hold together.",
    "The logistics agreement of 2020 lets each military draw on the other's supplies.",
    "The high-speed rail line from Mumbai to Ahmedabad is built with Japanese loans.",
    "Land acquisition and permits have slowed the bullet train and worried investors.",
    "Trade between the two remains modest, and Indian exports to Japan lag behind imports.",
    "The Free and Open Indo-Pacific vision of Japan sits well with the SAGAR doctrine of India.",
    "Both governments want supply chains for semiconductors that do not run through one country.",
    "An action plan aims at half a million people moving between the two workforces.",
    "Japan is a close ally of the United States, while India guards its strategic autonomy.",
]


def paragraph(number: int, sentences: int) -> str:
    start = number * 5
    body = " ".join(SENTENCES[(start + i) % len(SENTENCES)] for i in range(sentences))
    return f"P{number} {body}"


def chapter(title: str, paragraph_sizes: list[int], headings_every: int = 0) -> str:
    """A chapter whose paragraphs have the given numbers of sentences; a `## Section k`
    heading before every `headings_every`-th paragraph (0: none)."""
    parts = [f"---\ntitle: {title}\n---\n"]
    for index, size in enumerate(paragraph_sizes):
        if headings_every and index % headings_every == 0:
            parts.append(f"## Section {index // headings_every + 1}\n")
        parts.append(paragraph(index + 1, size) + "\n")
    return "\n".join(parts)


def book(
    chapter_sizes: list[list[int]], headings_every: int = 0, extra: dict | None = None
) -> dict[str, str]:
    """Sources for make_book: one chapter per list of paragraph sizes, titled 'Topic N'."""
    files = {"book.yaml": "title: India and Japan\nsubtitle: A small test handbook\n"}
    for number, sizes in enumerate(chapter_sizes, start=1):
        files[f"{number:02d}-topic.md"] = chapter(f"Topic {number}", sizes, headings_every)
    files.update(extra or {})
    return files
