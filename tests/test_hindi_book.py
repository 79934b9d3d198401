"""A Hindi edition that is Hindi wherever the book speaks (issue 29): per-language book.yaml
values, the PDF's metadata and /Lang, Hindi paper and topic names, bookmarks, untranslated
chapters keeping their own labels, and the glossary in Devanagari dictionary order."""

from __future__ import annotations

import random

import pytest
from pypdf import PdfReader

from conftest import missing
from handbook import collation, translations
from pdffacts import outline


@pytest.fixture
def hindi(sample_book):
    return sample_book(language="hi")


def test_the_hindi_sample_speaks_hindi_on_cover_contents_heads_meta_and_glossary(hindi):
    pages = hindi.raw_pages
    cover = pages[0]
    assert missing(cover, ["भारत और जापान", "बदलते हिंद-प्रशांत में एक विशेष रणनीतिक", "समसामयिकी डेस्क"]) == []
    assert "India and Japan" not in cover and "Current Affairs Desk" not in cover
    assert "प्रथम संस्करण, अक्टूबर 2025" in pages[1]
    assert pages[2].startswith("विषय-सूची")
    # the running head of left-hand pages is the book's title, in Hindi, on every even folio
    heads = [text.strip().splitlines()[-2] for text in pages[5:17:2] if text.strip()]
    assert heads and all(head == "भारत और जापान" for head in heads), heads
    text = "\n".join(pages)
    assert "सामान्य अध्ययन प्रश्नपत्र-II · अंतर्राष्ट्रीय संबंध · 27 अक्टूबर 2025" in text  # meta line
    assert "GS2 ·" not in text and "International Relations ·" not in text
    assert "संक्षिप्त रूपों की शब्दावली" in text and "Glossary of Acronyms" not in text


def test_pdf_metadata_and_lang_follow_the_edition(hindi, sample_book):
    reader = PdfReader(str(hindi.path))
    assert reader.metadata.title == "भारत और जापान"
    assert reader.metadata.subject.startswith("बदलते हिंद-प्रशांत")
    assert reader.trailer["/Root"]["/Lang"] == "hi-IN"
    english = PdfReader(str(sample_book().path))
    assert english.metadata.title == "India and Japan"
    assert english.trailer["/Root"]["/Lang"] == "en-IN"


def test_bookmarks_of_the_hindi_edition_are_hindi(hindi):
    titles = [title for _, title, _ in outline(hindi.path)]
    assert titles[0] == "विषय-सूची"
    assert "1. जापान का नया सुरक्षा दृष्टिकोण और क्वाड (QUAD)" in titles
    assert "उत्तर कुंजी" in titles and "संक्षिप्त रूपों की शब्दावली" in titles
    assert "Contents" not in titles and "Answer Key" not in titles


def test_an_english_chapter_in_the_hindi_book_keeps_english_labels(hindi):
    text = "\n".join(hindi.raw_pages)
    start = text.index("अध्याय 3")
    english = text[start : text.index("उत्तर कुंजी", start)]
    assert missing(english, ["List I", "List II", "Practice Questions"]) == []
    assert "सूची-I" not in english and "अभ्यास प्रश्न" not in english
    key = text[text.index("उत्तर कुंजी", start) :]
    assert "Points to cover:" in key  # the English chapter's answers
    assert "उत्तर में शामिल किए जाने वाले बिंदु:" in key  # the Hindi chapter's
    untranslated = [d for d in hindi.result.diagnostics.items if d.code == "untranslated-chapters"]
    assert len(untranslated) == 1 and "03-challenges-way-forward.md" in untranslated[0].message


def test_per_language_values_and_the_english_stand_in(make_book):
    files = {
        "book.yaml": "title: {en: Neighbours, hi: पड़ोसी}\nsubtitle: {en: Notes}\npapers: {GS3: {en: Paper 3, hi: प्रश्नपत्र ३}}\n",
        "01-a.md": "---\ntitle: One\npaper: GS3\ntopic: Made-up Topic\n---\n\nText.\n",
        "01-a.hi.md": "---\ntitle: एक\n---\n\nपाठ।\n",
    }
    hindi = make_book(files, language="hi")
    text = "\n".join(hindi.pages)
    assert "पड़ोसी" in text and "Neighbours" not in text and "Notes" in text
    assert "प्रश्नपत्र ३ · Made-up Topic" in text  # book.yaml's name; an unknown topic as written
    warned = [d.format() for d in hindi.result.diagnostics.items if d.code == "untranslated-book-values"]
    assert len(warned) == 1 and "subtitle" in warned[0] and "book.yaml:1:" in warned[0]
    english = make_book(files)
    assert "Neighbours" in english.text and "Paper 3 · Made-up Topic" in english.text


def _three_chapters(policy: str) -> dict:
    return {
        "book.yaml": f"title: T\ntranslations: {{missing: {policy}}}\n",
        "01-a.md": "---\ntitle: One\n---\n\nEnglish one.\n",
        "01-a.hi.md": "---\ntitle: एक\n---\n\nपाठ।\n",
        "02-b.md": "---\ntitle: Two\n---\n\nEnglish two.\n",
    }


def test_untranslated_chapters_can_be_left_out(make_book):
    book = make_book(_three_chapters("skip"), language="hi")
    assert "पाठ" in book.text and "English two" not in book.text and "Two" not in book.text
    [note] = [d.format() for d in book.result.diagnostics.items if d.code == "untranslated-chapters"]
    assert "are left out: 02-b.md" in note and "warning" in note


def test_untranslated_chapters_can_be_an_error(make_book):
    from handbook.errors import BuildFailed

    with pytest.raises(BuildFailed) as failure:
        make_book(_three_chapters("error"), language="hi")
    [error] = [d.format() for d in failure.value.diagnostics.items if d.code == "untranslated-chapters"]
    assert "error" in error and "02-b.md" in error


def test_a_bad_translations_setting_is_a_message(make_book):
    from handbook.errors import BuildFailed

    files = {"book.yaml": "title: T\ntranslations: {missing: french}\n", "01-a.md": "# One\n\nText.\n"}
    with pytest.raises(BuildFailed) as failure:
        make_book(files, language="hi")
    found = [d.format() for d in failure.value.diagnostics.items]
    assert any(
        "book.yaml:2: error: 'translations.missing' must be one of english, skip, error" in f for f in found
    )


def test_built_in_names_are_only_the_settled_ones():
    theme = type("T", (), {"language": "hi", "translations": {}})()
    assert translations.display_name("paper", "GS-II", theme) == "सामान्य अध्ययन प्रश्नपत्र-II"
    assert translations.display_name("paper", "gs 4", theme) == "सामान्य अध्ययन प्रश्नपत्र-IV"
    assert translations.display_name("paper", "CSAT", theme) == "CSAT"  # an acronym stays Latin
    assert translations.display_name("topic", "international  relations", theme) == "अंतर्राष्ट्रीय संबंध"
    assert translations.display_name("topic", "Quantum Diplomacy", theme) == "Quantum Diplomacy"
    english = type("T", (), {"language": "", "translations": {}})()
    assert translations.display_name("paper", "GS2", english) == "GS2"


DICTIONARY = [
    "अ",
    "अंक",
    "अकड़",
    "आम",
    "इमली",
    "ईख",
    "उत्तर",
    "ऋषि",
    "एक",
    "ऐनक",
    "ओस",
    "औरत",
    "क",
    "कंठ",
    "कक्षा",
    "कमल",
    "का",
    "कि",
    "कौन",
    "क्या",
    "क्षमता",
    "ख़बर",
    "गाँव",
    "जमीन",
    "ज़मीन",
    "जाल",
    "ज्ञान",
    "डर",
    "तौल",
    "त्रिकोण",
    "पूर्व",
    "फ़सल",
    "संसद",
    "सबसे",
    "सांसद",
    "स्वर",
    "हम",
]


def test_hindi_words_sort_in_dictionary_order():
    shuffled = DICTIONARY[:]
    random.Random(29).shuffle(shuffled)
    assert sorted(shuffled, key=collation.hindi_key) == DICTIONARY
    assert collation.first_letter("ज़मीन") == "ज" and collation.first_letter("QUAD") == ""


def test_the_hindi_glossary_is_in_devanagari_order(hindi):
    pages = hindi.raw_pages
    start = next(i for i, text in enumerate(pages) if text.startswith("संक्षिप्त रूपों की शब्दावली"))
    glossary = "\n".join(pages[start:])
    lines = [line.strip() for line in glossary.splitlines()]
    # entries with a Hindi expansion: 'ACRONYM हिंदी विस्तार (English). ...' in varnamala order
    expansions = []
    for line in lines:
        head = line.split(" ", 1)
        if len(head) == 2 and head[0].isupper() and collation.first_letter(head[1]):
            expansions.append(head[1].split(" (")[0])
    assert len(expansions) >= 6
    assert expansions == sorted(expansions, key=collation.hindi_key)
    assert expansions[:2] == ["अधिग्रहण और पारस्परिक सेवा समझौता", "आधिकारिक विकास सहायता"]  # ACSA, ODA
    headings = [line for line in lines if len(line) == 1 and collation.first_letter(line)]
    assert headings == sorted(headings, key=collation.hindi_key) and headings[:3] == ["अ", "आ", "क"]
    # entries with no Hindi expansion follow, in Latin order
    assert glossary.index("चतुर्भुज सुरक्षा संवाद") < glossary.index("Fifth-generation mobile networks")


def test_a_hindi_book_sets_latin_in_the_devanagari_face_upright_and_larger(hindi, sample_book):
    import pdfplumber

    with pdfplumber.open(str(hindi.path)) as pdf:
        chars = [c for page in pdf.pages[4:8] for c in page.chars if c["text"].strip()]
    fonts = {c["fontname"].split("+")[-1] for c in chars}
    assert fonts <= {"Mukta-Regular", "Mukta-Bold"}, fonts  # digits, (GDP), quotes included
    latin = [c for c in chars if c["text"].isascii() and c["text"].isalnum()]
    assert len(latin) > 100
    body = [round(c["size"], 2) for c in chars if c["text"] == "ज"]
    assert max(set(body), key=body.count) == round(11 * 1.06, 2)  # the body (11 pt), scaled
    with pdfplumber.open(str(sample_book().path)) as pdf:
        english = {c["fontname"].split("+")[-1] for c in pdf.pages[5].chars}
    assert any(f.startswith("GentiumBookPlus") for f in english) and not any("Mukta" in f for f in english)


def test_the_syllabus_index_of_a_hindi_book_lists_topics_in_dictionary_order(make_book):
    files = {
        f"0{n}-{slug}.md": f"---\ntitle: {slug}\npaper: GS2\ntopic: {topic}\n---\n\nText.\n"
        for n, (slug, topic) in enumerate(
            [("a", "Polity"), ("b", "International Relations"), ("c", "Governance"), ("d", "Social Justice")],
            1,
        )
    }
    book = make_book({"book.yaml": "title: T\nlanguage: hi\n", **files})
    index = book.text[book.text.rindex("पाठ्यक्रम अनुक्रमणिका") :]
    shown = ["अंतर्राष्ट्रीय संबंध", "राजव्यवस्था", "शासन", "सामाजिक न्याय"]  # अ, र, श, स
    assert [index.index(name) for name in shown] == sorted(index.index(name) for name in shown)
