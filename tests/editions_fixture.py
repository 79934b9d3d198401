"""A small book to cut into editions and tests: three chapters of two papers and months, each
with its own acronym and nine objective questions whose right option is unique text."""

from __future__ import annotations

CHAPTERS = [  # (file, title, paper, date, tags, acronym, expansion)
    (
        "01-quad.md",
        "Quad Summit",
        "GS2",
        "2025-09-14",
        ["japan", "quad"],
        "QUAD",
        "Quadrilateral Security Dialogue",
    ),
    ("02-budget.md", "Union Budget", "GS3", "2025-10-05", ["economy"], "GDP", "Gross Domestic Product"),
    (
        "03-acsa.md",
        "Logistics Pact",
        "GS2",
        "2025-10-20",
        ["japan", "defence"],
        "ACSA",
        "Acquisition and Cross-Servicing Agreement",
    ),
]
PER_CHAPTER = 9


def right(chapter: int, number: int) -> str:
    return f"Right{chapter}x{number}"


def question_yaml(chapter: int, number: int) -> str:
    wrong = [f"Wrong{chapter}x{number}y{k}" for k in range(3)]
    options = wrong[: number % 4] + [right(chapter, number)] + wrong[number % 4 :]
    return (
        f'  - type: mcq\n    question: "Which is right for Q{chapter}x{number}?"\n'
        f"    options: [{', '.join(options)}]\n    answer: {'abcd'[number % 4]}\n"
        f'    explanation: "The answer is ({"abcd"[number % 4]}) for Q{chapter}x{number}."\n'
    )


def book_files(descriptive: bool = False, extra_book: str = "") -> dict[str, str]:
    files = {"book.yaml": "title: Cuts\ndate: 2025-10-31\n" + extra_book}
    glossary = []
    for index, (name, title, paper, date, tags, acronym, expansion) in enumerate(CHAPTERS, start=1):
        glossary.append(f"{acronym}: {expansion}")
        questions = "".join(question_yaml(index, n) for n in range(1, PER_CHAPTER + 1))
        if descriptive:
            questions += (
                f'  - type: descriptive\n    question: "Discuss topic {index}."\n'
                f"    marks: 10\n    words: 150\n"
            )
        files[name] = (
            f"---\ntitle: {title}\npaper: {paper}\ntopic: Topic {paper}\ndate: {date}\n"
            f"tags: [{', '.join(tags)}]\norder: {index}\nquestions:\n{questions}---\n"
            f"The {acronym} matters in {title.lower()}. The {acronym} again.\n"
        )
    files["glossary.yaml"] = "\n".join(glossary) + "\n"
    return files
