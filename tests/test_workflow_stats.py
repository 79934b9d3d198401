"""`handbook stats`: words, pages, questions by type and acronyms, checked against the PDF."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import write_sources
from handbook.cli import main
from handbook.model import AcronymDef, AcronymUse, Location, Paragraph, Text
from handbook.workflow.stats import find_acronyms
from pdffacts import page_texts

SENTENCE = "India and Japan signed the ACSA in 2020 to share supplies between their forces. "
LONG = "\n\n".join(SENTENCE * 6 for _ in range(40))  # several pages

FILES = {
    "book.yaml": "title: Stats\nignore_acronyms: [US]\n",
    "glossary.yaml": "ACSA: Acquisition and Cross-Servicing Agreement\nQUAD: Quadrilateral Security Dialogue\n",
    "01-long.md": f"---\ntitle: Long\norder: 1\n---\n{LONG}\n",
    "02-short.md": """---
title: Short
order: 2
questions:
  - {type: mcq, question: Q, options: [a, b], answer: a}
  - {type: mcq, question: Q, options: [a, b], answer: b}
  - {type: descriptive, question: Q, marks: 10, words: 150}
---
The QUADs met; the US and the ARF watched. `CODE` and [a link](https://example.com/NATO) do not count.
""",
}


def write(folder, files):
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_stats_match_the_built_pdf(tmp_path):
    source = write(tmp_path / "src", FILES)
    result = CliRunner().invoke(main, ["stats", "--format", "json", str(source)])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.stdout)
    long, short = numbers["chapters"]

    assert long["words"] == len(SENTENCE.split()) * 6 * 40
    assert short["words"] == 9 + 6  # "The QUADs met; ... watched." and "and a link do not count."
    assert long["questions"] == {} and short["questions"] == {"mcq": 2, "descriptive": 1}
    assert long["acronyms"] == ["ACSA"] and short["acronyms"] == ["QUAD"]
    assert short["undefined_acronyms"] == ["ARF"]  # US is ignored; CODE and NATO are not prose

    # Pages: from each chapter's opening page up to the next part, blank pages left out.
    built = tmp_path / "built.pdf"
    assert CliRunner().invoke(main, ["build", str(source), "-o", str(built)]).exit_code == 0
    texts = page_texts(built)
    first = next(i for i, t in enumerate(texts) if "Chapter 1" in t and "Long" in t)
    second = next(i for i, t in enumerate(texts) if "Chapter 2" in t and "Short" in t)
    assert long["pages"] == sum(1 for t in texts[first:second] if t.strip()) > 1
    back = next(
        (
            i
            for i, t in enumerate(texts)
            if i > second
            and any(part in t for part in ("Answer Key", "Glossary of Acronyms", "Syllabus Index"))
        ),
        len(texts),
    )
    assert short["pages"] == sum(1 for t in texts[second:back] if t.strip()) == 1

    total = numbers["total"]
    assert total["words"] == long["words"] + short["words"]
    assert total["pages"] == long["pages"] + short["pages"]
    assert total["pdf_pages"] == len(texts)
    assert total["questions"] == {"mcq": 2, "descriptive": 1}
    assert total["acronyms"] == ["ACSA", "QUAD"] and total["undefined_acronyms"] == ["ARF"]


def test_stats_table_lists_each_chapter_and_the_total(tmp_path):
    source = write(tmp_path, FILES)
    result = CliRunner().invoke(main, ["stats", str(source)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert lines[0].split() == [
        "#",
        "chapter",
        "words",
        "pages",
        "mcq",
        "stmt",
        "howmany",
        "match",
        "desc",
        "acronyms",
        "undef",
    ]
    assert lines[1].split()[:3] == ["1", "Long", "3,360"]
    assert lines[2].split()[:3] == ["2", "Short", "15"]
    assert lines[4].split()[:2] == ["total", "3,375"]
    assert "02-short.md: undefined acronyms: ARF" in result.stdout


def test_stats_of_broken_sources_reports_the_errors(tmp_path):
    source = write(tmp_path, {"01-a.md": "---\ntitle: A\norder: x\n---\nText.\n"})
    result = CliRunner().invoke(main, ["stats", str(source)])
    assert result.exit_code == 1
    assert "01-a.md:3: error: 'order' must be a whole number" in result.output


def test_acronyms_counted_from_text_or_from_the_glossary_steps_nodes():
    defined = {name: AcronymDef(name, "x", Location(None)) for name in ("R&D", "G20", "SCRI", "QUAD")}
    texts = ["R&D spending; the G20; SCRIs; QUAD-led talks; QUADRANT; India-ASEAN; Mr. Abe; II"]
    used, undefined = find_acronyms(texts, defined)
    assert used == {"R&D", "G20", "SCRI", "QUAD"}
    assert undefined == {"QUADRANT", "ASEAN"}  # II is a Roman numeral, as `check` says
    # After the glossary step, defined acronyms are nodes, not text: the answer is the same.
    used, _ = find_acronyms([AcronymUse("SCRI", "SCRIs"), "and then"], defined)
    assert used == {"SCRI"}


def test_stats_and_check_share_one_detector(tmp_path):
    """What `stats` lists as undefined is what `check` warns about, no more, no less."""
    from handbook.pipeline import check

    text = (
        "The ARF and UNCLOS; Part XIVA and LXVII; the 44TH; NO2 and SO2; 500 MW; DD Basu wrote; "
        "**NECESSARY EVIL**; India, 5G, G20, iPhone, McMahon; COVID-19 rules."
    )
    used, undefined = find_acronyms([text], {})
    assert undefined == {"ARF", "UNCLOS", "COVID-19"}
    write_sources(tmp_path, {"01-a.md": f"# A\n\n{text}\n"})
    warned = {d.message.split("'")[1] for d in check(tmp_path).warnings if d.code == "acronym-undefined"}
    assert warned == undefined


def test_paragraph_class_is_the_one_stats_walks():
    # Guards the walker against a renamed model class: a paragraph's text is counted.
    from handbook.model import Chapter, ChapterMeta
    from handbook.workflow.stats import chapter_texts

    chapter = Chapter(
        ChapterMeta("T", Location(None)), [Paragraph([Text("two words")], Location(None))], None
    )
    assert list(chapter_texts(chapter)) == ["two words"]


def test_the_last_chapter_ends_where_the_back_matter_begins(tmp_path, monkeypatch):
    """Back matter (glossary, answer key, index) is not counted as the last chapter's pages."""
    from reportlab.platypus import Paragraph as RLParagraph

    from handbook.layout import book as book_layout
    from handbook.layout.flowables import Anchor, AnchorInfo, StartPart
    from handbook.layout.styles import paragraph_style
    from handbook.pipeline import build
    from handbook.workflow.stats import chapter_pages

    def back_part(ctx):
        body = [RLParagraph("Back matter line.", paragraph_style(ctx.theme, "body")) for _ in range(200)]
        return "Glossary", "back-1", [StartPart("back"), Anchor(AnchorInfo("back-1", "Glossary"))] + body

    monkeypatch.setattr(book_layout, "BACK_MATTER", [back_part])
    source = write(tmp_path / "src", {"01-a.md": "---\ntitle: A\n---\nOne page of text.\n"})
    record = build(source, tmp_path / "out.pdf").record
    texts = page_texts(tmp_path / "out.pdf")
    back = next(i for i, t in enumerate(texts) if "Back matter line." in t) + 1  # physical page
    assert record.back_start == back and record.pages > back  # several pages of back matter
    assert chapter_pages(record, 1) == [1]
