"""Never a wrong fact from the glossary, as a class: a plural the tool cannot make surely, a
plural possessive, a Hindi chapter that names an acronym otherwise ('मध्य प्रदेश (MP)'),
particulate matter beside a Prime Minister, and proposals the tool doubts, which --confirm-all
leaves for an editor. Each asserts the PDF's text or the glossary file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import BuiltBook, write_sources
from handbook.cli import main
from handbook.enrich.acronym_text import plural
from handbook.errors import Diagnostics
from handbook.options import BuildOptions
from handbook.pipeline import build


def test_plurals_are_made_only_where_a_rule_is_sure():
    sure = {
        "Member of Parliament": "Members of Parliament",
        "Union Territory": "Union Territories",
        "Officer on Special Duty": "Officers on Special Duty",
        "Regional Centre for Biotechnology": "Regional Centres for Biotechnology",
        "Non-Governmental Organisation": "Non-Governmental Organisations",
        "Sustainable Development Goals": "Sustainable Development Goals",
        "Tax Information Exchange": "Tax Information Exchanges",
    }
    for singular, many in sure.items():
        assert plural(singular) == many
    for unsure in (
        "Greenhouse Gas",  # 'Gases'
        "Attorney General",  # 'Attorneys General'
        "Comptroller and Auditor General",
        "Memorandum of Understanding",  # 'Memoranda'
        "Environmental Impact Analysis",  # 'Analyses'
        "Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation",  # which noun?
        "Armed Forces Special Powers",  # 'Powers' is plural
    )[:6]:
        assert plural(unsure) is None, unsure


CHAPTER = """
---
title: Plurals
---
Two GHGs were measured; later one GHG alone was measured.

The AGs of two states met. Three OSDs were posted. The PSUs’ profits rose and the MPs' salaries too.

Levels of PM2.5 and PM10 rose, and the PM spoke.
"""
GLOSSARY = """
GHG: Greenhouse Gas
AG: Attorney General
OSD: Officer on Special Duty
PSU: Public Sector Undertaking
MP: Member of Parliament
PM: Prime Minister
"""


def built_text(folder, name="out.pdf", options=None) -> tuple[str, Diagnostics]:
    output = folder / name
    result = build(folder, output, options or BuildOptions())
    return BuiltBook(output, result).flat_text, result.diagnostics


def test_a_plural_is_spelled_out_only_where_sure_and_a_possessive_never(tmp_path):
    folder = write_sources(
        tmp_path, {"01-a.md": CHAPTER, "glossary.yaml": GLOSSARY, "book.yaml": "title: T\n"}
    )
    text, diagnostics = built_text(folder)
    assert "Two GHGs were measured; later one Greenhouse Gas (GHG) alone" in text
    assert "Greenhouse Gas (GHGs)" not in text and "Greenhouse Gases" not in text
    assert "The AGs of two states" in text and "Attorney Generals" not in text
    assert "Three Officers on Special Duty (OSDs) were posted." in text
    assert "The PSUs’ profits" in text and "(PSUs)’" not in text
    assert "the MPs’ salaries" in text or "the MPs' salaries" in text
    assert "Members of Parliament" not in text
    assert "Levels of PM2.5 and PM10 rose, and the Prime Minister (PM) spoke." in text
    assert not [w for w in diagnostics.warnings if "PM2" in w.message or "PM10" in w.message]


HINDI = {
    "book.yaml": "title: परीक्षण\nlanguage: hi\n",
    "glossary.yaml": "MP: Member of Parliament\nQUAD: {expansion: Quadrilateral Security Dialogue, hi: चतुर्भुज सुरक्षा संवाद}\n",
    "01-a.md": """
        ---
        title: एक
        ---
        QUAD की बैठक के बाद MP में वर्षा हुई। मध्य प्रदेश (MP) के किसान प्रसन्न हैं।
        """,
    "02-b.md": """
        ---
        title: दो
        ---
        QUAD की दूसरी बैठक में MP (मध्य प्रदेश) के प्रतिनिधि आए। बाद में MP के मंत्री बोले।
        """,
}


@pytest.mark.parametrize("chapter", ["01-a.md", "02-b.md"])
def test_a_hindi_chapter_that_names_an_acronym_otherwise_gets_no_expansion(tmp_path, chapter):
    files = {name: text for name, text in HINDI.items() if not name.endswith(".md") or name == chapter}
    text, diagnostics = built_text(write_sources(tmp_path, files))
    assert "Member of Parliament (MP)" not in text and " MP " in text
    assert "चतुर्भुज सुरक्षा संवाद (QUAD) की" in text  # the entry's own Hindi meaning is printed
    warned = [w for w in diagnostics.warnings if w.code == "acronym-ambiguous"]
    assert [Path(w.path).name for w in warned] == [chapter] and "मध्य प्रदेश" in warned[0].message


def test_a_hindi_definition_that_is_the_entrys_meaning_is_no_rival(tmp_path):
    files = dict(HINDI)
    files["glossary.yaml"] = "MP: {expansion: Member of Parliament, hi: संसद सदस्य}\n"
    files["01-a.md"] = "---\ntitle: एक\n---\nसंसद सदस्य (MP) ने कहा। बाद में MP ने फिर कहा।\n"
    files.pop("02-b.md")
    text, diagnostics = built_text(write_sources(tmp_path, files))
    assert not [w for w in diagnostics.warnings if w.code == "acronym-ambiguous"]
    assert "संसद सदस्य (MP) ने कहा" in text and "संसद सदस्य (MP) ने फिर" not in text


SUGGEST = {
    "book.yaml": "title: T\n",
    "01-a.md": """
        ---
        title: One
        ---
        Self-Help Groups (SHGs) grew in number. The Attorneys General (AGs) met; each AG spoke.

        Several Members of Parliament (MPs) met in Madhya Pradesh. Three MPs spoke.

        The Prime Minister (PM) spoke; the PM left.
        """,
    "02-b.md": """
        ---
        title: दो
        ---
        मध्य प्रदेश (PM) के किसान आए।
        """,
}


def test_confirm_all_leaves_what_the_tool_doubts_and_says_so(tmp_path):
    folder = write_sources(tmp_path, SUGGEST)
    assert CliRunner().invoke(main, ["glossary", "suggest", str(folder), "--write"]).exit_code == 0
    found = yaml.safe_load((folder / "glossary.suggested.yaml").read_text())
    assert any("is singular" in doubt for doubt in found["AG"]["doubts"])
    assert "the text names it in Hindi: मध्य प्रदेश" in found["PM"]["doubts"]
    result = CliRunner().invoke(main, ["glossary", "review", str(folder), "--confirm-all"])
    assert result.exit_code == 0, result.output
    assert "not confirmed by --confirm-all, doubts to look at: AG, MP, PM" in result.output
    glossary = yaml.safe_load((folder / "glossary.yaml").read_text())
    assert glossary == {"SHG": "Self-Help Group"}
    text, _ = built_text(folder)
    assert "Attorneys General (AG)" not in text and "Member of Parliament (MP)" not in text
    assert "Prime Minister (PM)" in text  # the author's own words, not the tool's


def test_the_glossary_lists_a_use_beside_a_rival_name_apart_from_the_meaning(tmp_path):
    folder = write_sources(
        tmp_path,
        {
            "book.yaml": "title: T\n",
            "glossary.yaml": "MP: Member of Parliament\n",
            "01-a.md": "---\ntitle: One\n---\nThe MP spoke in the House.\n",
            "02-b.md": "---\ntitle: Two\n---\nIn Madhya Pradesh the MP spoke to farmers.\n",
        },
    )
    text, _ = built_text(folder)
    glossary = text[text.rindex("Glossary of Acronyms") :]
    # chapter 2 opens on page 3 (a right-hand page): its use is not listed as Member of Parliament
    assert "MP Member of Parliament 1; meaning not marked 3" in glossary


def test_two_acronyms_in_one_devanagari_group_build_and_read_back(tmp_path):
    files = {
        "book.yaml": "title: परीक्षण\nlanguage: hi\n",
        "glossary.yaml": "SC: [Supreme Court, Scheduled Castes]\nMP: Member of Parliament\n",
        "01-a.md": "---\ntitle: एक\n---\nSC के SC भी आए। MP ने कहा। मध्य प्रदेश (MP) के MP भी आए।\n",
    }
    text, _ = built_text(write_sources(tmp_path, files))  # an IndexError in reportlab before
    assert "SC के SC भी आए। MP ने कहा। मध्य प्रदेश (MP) के MP भी आए।" in text
    assert "MP Member of Parliament; meaning not marked 1" in text


def test_the_acronym_written_in_devanagari_or_its_meaning_inflected_is_no_rival(tmp_path):
    """'जिमेक्स (JIMEX)' is the acronym itself, and 'समझौते (ACSA) के संबंध में' the entry's
    'समझौता' before a postposition: neither names the acronym otherwise (the Hindi sample
    warned on both)."""
    files = {
        "book.yaml": "title: परीक्षण\nlanguage: hi\n",
        "glossary.yaml": (
            "JIMEX: {expansion: Japan-India Maritime Exercise, hi: जापान-भारत समुद्री अभ्यास}\n"
            "ACSA: {expansion: Acquisition and Cross-Servicing Agreement, hi: अधिग्रहण और पारस्परिक सेवा समझौता}\n"
            "NATO: {expansion: North Atlantic Treaty Organization, hi: उत्तर अटलांटिक संधि संगठन}\n"
        ),
        "01-a.md": (
            "---\ntitle: एक\n---\nजिमेक्स (JIMEX) में दोनों नौसेनाएँ भाग लेती हैं। नाटो (NATO) दूर है।\n\n"
            "अधिग्रहण और पारस्परिक सेवा समझौते (ACSA) के संबंध में बात हुई।\n\n"
            "बाद में JIMEX फिर हुआ, ACSA लागू हुआ और NATO से चर्चा हुई।\n"
        ),
    }
    text, diagnostics = built_text(write_sources(tmp_path, files))
    assert not [w for w in diagnostics.warnings if w.code == "acronym-ambiguous"]
    assert "जिमेक्स (JIMEX) में" in text and "समझौते (ACSA) के संबंध" in text
    assert "उत्तर अटलांटिक संधि संगठन (NATO) से" in text  # spelled out at its first bare use


GLOSSARY_BOTH = (
    "JIMEX: {expansion: Japan-India Maritime Exercise, hi: जापान-भारत समुद्री अभ्यास}\n"
    "ACSA: {expansion: Acquisition and Cross-Servicing Agreement, hi: अधिग्रहण और पारस्परिक सेवा समझौता}\n"
    "NATO: {expansion: North Atlantic Treaty Organization, hi: उत्तर अटलांटिक संधि संगठन}\n"
    "RBI: {expansion: Reserve Bank of India, hi: भारतीय रिज़र्व बैंक}\n"
)
# The same chapter in both languages: the acronym glossed by its own spelling in brackets
# (a table cell, 'Nato', Devanagari read as a word or letter by letter), and the author's own
# definition in brackets after a phrase (ACSA); then a bare use of each.
SPELLED_OR_DEFINED = {
    "en": (
        "| Exercise | Navies |\n|---|---|\n| Jimex (JIMEX) | both |\n\n"
        "The alliance, Nato (NATO), stood apart. The logistics pact (ACSA) was signed.\n\n"
        "Later JIMEX was held, NATO met, RBI spoke and ACSA came into force.\n",
        [
            "Japan-India Maritime Exercise (JIMEX) was held",
            "North Atlantic Treaty Organization (NATO) met",
            "Reserve Bank of India (RBI) spoke",
            "and ACSA came into force",
        ],
    ),
    "hi": (
        "| अभ्यास | नौसेनाएँ |\n|---|---|\n| जिमेक्स (JIMEX) | दोनों |\n\n"
        "नाटो (NATO) दूर है। आरबीआई (RBI) ने दरें तय कीं। अधिग्रहण और पारस्परिक सेवा समझौते (ACSA) पर हस्ताक्षर हुए।\n\n"
        "बाद में JIMEX फिर हुआ, NATO से चर्चा हुई, RBI ने फिर कहा और ACSA लागू हुआ।\n",
        [
            "जापान-भारत समुद्री अभ्यास (JIMEX) फिर",
            "उत्तर अटलांटिक संधि संगठन (NATO) से",
            "भारतीय रिज़र्व बैंक (RBI) ने फिर",
            "और ACSA लागू",
        ],
    ),
}


@pytest.mark.parametrize("language", ["en", "hi"])
def test_a_bracket_that_only_respells_the_acronym_leaves_its_first_bare_use_spelled_out(tmp_path, language):
    """'जिमेक्स (JIMEX)' and 'Nato (NATO)' say how the acronym is written, not what it stands
    for: its first bare use is spelled out, in Hindi as in English (JIMEX was not, in the Hindi
    sample, while NATO was: 'नाटो' ends in a vowel sign, which was not taken for a word's end).
    'The logistics pact (ACSA)' is the author's definition in either language: not again."""
    body, wanted = SPELLED_OR_DEFINED[language]
    files = {
        "book.yaml": f"title: T\nlanguage: {language}\n",
        "glossary.yaml": GLOSSARY_BOTH,
        "01-a.md": "---\ntitle: One\n---\n" + body,
    }
    text, diagnostics = built_text(write_sources(tmp_path, files))
    chapter = text[: text.rindex("RBI")]  # (the glossary at the end spells everything)
    for phrase in wanted:
        assert phrase in chapter, phrase
    assert chapter.count("(JIMEX)") == 2 and chapter.count("(NATO)") == 2 and chapter.count("(ACSA)") == 1
    assert not [w for w in diagnostics.warnings if w.code == "acronym-ambiguous"]


TRANSLITERATED = {
    "book.yaml": "title: T\n",
    "01-a.md": """
        ---
        title: One
        ---
        The North Atlantic Treaty Organization (NATO) met. The Central Bureau of Investigation
        (CBI) and the Union Public Service Commission (UPSC) wrote; two Members of Parliament
        (MPs) spoke. JIMEX was held.
        """,
    "02-b.md": """
        ---
        title: दो
        language: hi
        ---
        नॉर्थ अटलांटिक ट्रीटी ऑर्गनाइज़ेशन (NATO) की बैठक हुई। जिमेक्स (JIMEX) फिर हुआ।
        सेंट्रल ब्यूरो ऑफ़ इन्वेस्टिगेशन (CBI) ने जाँच की। संघ लोक सेवा आयोग (UPSC) ने परीक्षा
        ली। मध्य प्रदेश (MP) के किसान आए।
        """,
}


def test_suggest_doubts_no_hindi_name_that_is_the_acronym_or_its_meaning_as_it_sounds(tmp_path):
    """'नॉर्थ अटलांटिक ट्रीटी ऑर्गनाइज़ेशन (NATO)' and 'सेंट्रल ब्यूरो ऑफ़ इन्वेस्टिगेशन (CBI)' are
    the proposed meanings written in Devanagari, 'जिमेक्स (JIMEX)' the acronym itself: no doubt. A translation ('संघ लोक सेवा आयोग') or
    another name ('मध्य प्रदेश') cannot be checked: still a doubt, and --confirm-all leaves it."""
    folder = write_sources(tmp_path, TRANSLITERATED)
    assert CliRunner().invoke(main, ["glossary", "suggest", str(folder), "--write"]).exit_code == 0
    found = yaml.safe_load((folder / "glossary.suggested.yaml").read_text())
    assert found["NATO"]["meanings"] == ["North Atlantic Treaty Organization"]
    assert found["CBI"]["meanings"] == ["Central Bureau of Investigation"]
    assert not found["JIMEX"]["meanings"]  # the text defines it nowhere: nothing to propose
    assert not any(found[name].get("doubts") for name in ("NATO", "CBI", "JIMEX"))
    assert "the text names it in Hindi: लोक सेवा आयोग" in found["UPSC"]["doubts"]  # (its last three words)
    assert "the text names it in Hindi: मध्य प्रदेश" in found["MP"]["doubts"]
    result = CliRunner().invoke(main, ["glossary", "review", str(folder), "--confirm-all"])
    assert result.exit_code == 0, result.output
    assert "doubts to look at: MP, UPSC" in result.output
    glossary = yaml.safe_load((folder / "glossary.yaml").read_text())
    assert set(glossary) == {"NATO", "CBI"}


def test_a_hindi_chapter_writing_the_english_meaning_in_devanagari_is_no_rival(tmp_path):
    files = {
        "book.yaml": "title: परीक्षण\nlanguage: hi\n",
        "glossary.yaml": "NATO: {expansion: North Atlantic Treaty Organization, hi: उत्तर अटलांटिक संधि संगठन}\n"
        "MP: {expansion: Member of Parliament, hi: संसद सदस्य}\n",
        "01-a.md": "---\ntitle: एक\n---\nनॉर्थ अटलांटिक ट्रीटी ऑर्गनाइज़ेशन (NATO) की बैठक हुई। "
        "मध्य प्रदेश (MP) के किसान आए।\n\nबाद में NATO ने फिर कहा और MP बोले।\n",
    }
    text, diagnostics = built_text(write_sources(tmp_path, files))
    ambiguous = [w.message for w in diagnostics.warnings if w.code == "acronym-ambiguous"]
    assert len(ambiguous) == 1 and "'MP'" in ambiguous[0]  # मध्य प्रदेश is another name
    assert "बाद में NATO ने फिर" in text  # the author's own definition: not spelled out again
    assert "संसद सदस्य (MP)" not in text


@pytest.mark.parametrize(
    "name, meaning, same",
    [
        ("नॉर्थ अटलांटिक ट्रीटी ऑर्गनाइज़ेशन", "North Atlantic Treaty Organization", True),
        ("अटलांटिक ट्रीटी ऑर्गनाइज़ेशन", "North Atlantic Treaty Organization", True),  # its end
        ("यूनाइटेड नेशंस", "United Nations", True),
        ("रिज़र्व बैंक ऑफ़ इंडिया", "Reserve Bank of India", True),
        ("इंटरनेशनल मॉनिटरी फ़ंड", "International Monetary Fund", True),
        ("डिफ़ेंस रिसर्च एंड डेवलपमेंट ऑर्गनाइज़ेशन", "Defence Research & Development Organisation", True),
        ("मध्य प्रदेश", "Member of Parliament", False),
        ("मध्य प्रदेश", "Prime Minister", False),
        ("भारतीय रिज़र्व बैंक", "Reserve Bank of India", False),  # a translation: not checked here
        ("उत्तर अटलांटिक संधि संगठन", "North Atlantic Treaty Organization", False),
        ("ऑर्गनाइज़ेशन", "North Atlantic Treaty Organization", False),  # one word proves nothing
        ("अटलांटिक संधि संगठन", "उत्तर अटलांटिक संधि संगठन", False),  # Hindi meanings: not this rule
    ],
)
def test_english_written_in_devanagari_is_told_by_its_consonants(name, meaning, same):
    from handbook.enrich.hindi_names import transliterated

    assert transliterated(name, meaning) is same
