"""Typographic quotes wherever text is set (issue 27): a writer types straight quotes
(Japan's, "new") in the body, the front matter's questions, options and explanations, headings,
box titles, mind maps and tables; the book, its running heads, the practice paper and its key
print ’ ‘ “ ” in every one of them."""

from __future__ import annotations

import pdfplumber
import pytest

from conftest import write_sources
from handbook.practice import build_test

FILLER = "India's ties with Japan grew over many years of talks and trade. " * 12
CHAPTER = f"""---
title: Tokyo's "new" outlook
subtitle: Delhi's reading
questions:
  - type: mcq
    question: "Which of Japan's laws is called the 'peace' clause?"
    options: ["Article 9's clause", "Tokyo's \\"basic\\" law", "None of Japan's", "India's"]
    answer: a
    explanation: "Article 9's wording is the 'peace' clause; it's read that way."
  - type: statements
    question: "Consider Japan's statements:"
    statements:
      - "It's the world's third economy."
      - "Japan's navy is called a 'force'."
    answer: a
    explain:
      - "Correct. It's third."
      - "Incorrect. It's 'self-defence'."
    explanation: "Only 1 is right; that's (a)."
  - type: match
    question: "Match Japan's ideas:"
    pairs:
      - ["Abe's speech", "Delhi's parliament"]
      - ["Japan's 'FOIP'", "Tokyo's plan"]
    options: ["A-1, B-2", "A-2, B-1", "Both 'wrong'", "None's right"]
    answer: a
  - type: descriptive
    question: "Discuss Japan's 'normal country' debate."
    marks: 10
    words: 150
---

## Japan's "pacifist" past

Japan's text here, with "quotes" and it's.

::: tip Japan's "view"
It's a box.
:::

{(FILLER + chr(10) + chr(10)) * 10}

```mindmap
- Japan's outlook
  - Tokyo's "new" line
  - Delhi's view
```

| Japan's | "India" |
|---|---|
| it's | "yes" |
"""
FILES = {
    "book.yaml": "title: Japan's \"Quiet\" Rise\nsubtitle: India's view\n",
    "glossary.yaml": "FOIP: Free and Open Indo-Pacific\n",
    "01-quotes.md": CHAPTER,
}


def page_lines(path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    from handbook.options import BuildOptions
    from handbook.pipeline import build

    root = tmp_path_factory.mktemp("quotes")
    folder = write_sources(root / "src", FILES)
    build(folder, root / "book.pdf", BuildOptions())
    test = build_test(folder, root / "paper.pdf", count=3, seed=1)
    return {
        "book": page_lines(root / "book.pdf"),
        "paper": page_lines(test.paper),
        "key": page_lines(test.key),
    }


def test_no_straight_quote_is_printed(printed):
    for name, pages in printed.items():
        straight = [
            (name, number, line)
            for number, lines in enumerate(pages, 1)
            for line in lines
            if "'" in line or '"' in line
        ]
        assert not straight, straight[:5]


@pytest.mark.parametrize(
    "where, expected",
    [
        ("heading", "Japan’s “pacifist” past"),
        ("box title", "Japan’s “view”"),
        ("mind map", "Tokyo’s “new” line"),
        ("table", "it’s “yes”"),
        ("question", "Which of Japan’s laws is called the ‘peace’ clause?"),
        ("option", "Tokyo’s “basic” law"),
        ("statement", "Japan’s navy is called a ‘force’."),
        ("match", "Japan’s ‘FOIP’"),
        ("explanation", "it’s read that way."),
        ("per-statement note", "Incorrect. It’s ‘self-defence’."),
        ("descriptive", "Discuss Japan’s ‘normal country’ debate."),
    ],
)
def test_curly_quotes_in_the_book(printed, where, expected):
    assert any(expected in line for lines in printed["book"] for line in lines), where


def test_curly_quotes_in_running_heads_papers_and_keys(printed):
    heads = {lines[0] for lines in printed["book"][5:] if lines}
    assert "Tokyo’s “new” outlook" in heads and "Japan’s “Quiet” Rise" in heads, heads
    paper = "\n".join(line for lines in printed["paper"] for line in lines)
    assert "Which of Japan’s laws is called the ‘peace’ clause?" in paper
    assert "Tokyo’s “basic” law" in paper
    key = "\n".join(line for lines in printed["key"] for line in lines)
    assert "it’s read that way." in key.replace("\n", " ")
