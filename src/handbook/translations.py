"""The book's own words in the book's language (issue 16): `language: hi` in book.yaml, a
chapter's front matter or `handbook build --lang hi`.

One table, keyed like the theme (`words.contents`, `questions.words.heading`, ...) plus the
exam's fixed question wordings (`ask.*`, `options.*`), month names and digits. A theme
overrides any entry with `translations: {hi: {words.contents: ...}}`. English is the theme
itself: its words are the English table.

Other stages call `word(key, language, theme)`; `localize(theme, language)` returns the theme
with every listed wording replaced, so layout code keeps reading `theme.words.contents`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

# Hindi as printed in Hindi-medium question papers (UPSC) and Hindi editions of study notes:
# first the theme's words (English is the theme itself), then the wordings below.
HINDI_THEME_WORDS = {
    "words.contents": "विषय-सूची",
    "words.chapter": "अध्याय",
    "words.footnotes": "टिप्पणियाँ",
    "glossary.title": "संक्षिप्त रूपों की शब्दावली",
    "syllabus_index.title": "पाठ्यक्रम अनुक्रमणिका",
    "syllabus_index.other_paper": "अन्य अध्याय",
    "syllabus_index.other_topic": "सामान्य",
    "mindmap.title_text": "माइंड मैप",
    "mindmap.part_text": "{title} (भाग {part}/{parts})",
    "questions.words.heading": "अभ्यास प्रश्न",
    "questions.words.answers": "उत्तर",
    "questions.words.answer_key": "उत्तर कुंजी",
    "questions.words.limits": "({marks} अंक, {words} शब्द)",
    "questions.words.list_one": "सूची-I",
    "questions.words.list_two": "सूची-II",
    "questions.words.points": "उत्तर में शामिल किए जाने वाले बिंदु:",
    # A practice test's cover and key (layout.exam_paper, layout.exam_key), as Hindi-medium
    # question papers word them.
    "test_paper.words.title": "अभ्यास परीक्षा",
    "test_paper.words.date": "दिनांक: {date}",
    "test_paper.words.time": "निर्धारित समय: {minutes} मिनट",
    "test_paper.words.marks": "अधिकतम अंक: {marks}",
    "test_paper.words.name": "अभ्यर्थी का नाम",
    "test_paper.words.roll": "अनुक्रमांक",
    "test_paper.words.instructions_heading": "अनुदेश",
    "test_paper.words.instructions": [
        "जब तक कहा न जाए, इस पुस्तिका को न खोलें।",
        "ऊपर दिए गए खानों में अपना नाम और अनुक्रमांक लिखें।",
    ],
    "test_paper.words.objective_instructions": [
        "खंड क में {count} वस्तुनिष्ठ प्रश्न हैं, प्रत्येक {each} अंक का। प्रत्येक प्रश्न का एक ही उत्तर "
        "अलग ओएमआर उत्तर पत्रक पर, काले या नीले बॉल-पॉइंट पेन से उसका गोला पूरा भरकर अंकित करें।",
        "ओएमआर उत्तर पत्रक पर भी अपना नाम और अनुक्रमांक लिखें और समय समाप्त होने पर उसे सौंप दें।",
    ],
    "test_paper.words.descriptive_instructions": [
        "वर्णनात्मक प्रश्नों के उत्तर प्रत्येक प्रश्न के नीचे दी गई पंक्तियों में, दी गई शब्द सीमा के भीतर लिखें।",
    ],
    "test_paper.words.objective": "खंड क: वस्तुनिष्ठ प्रश्न ({count} × {each} = {marks} अंक)",
    "test_paper.words.descriptive": "खंड ख: वर्णनात्मक प्रश्न ({marks} अंक)",
    "test_paper.words.key": "उत्तर कुंजी",
    "test_paper.words.key_summary": "सभी उत्तर एक नज़र में",
    "test_paper.words.source": "स्रोत: अध्याय {chapter}, {title} (प्रश्न {number})",
}

# The wordings that are not theme words, each as (English, Hindi), and a list of such pairs
# where the wording is a list: the exam's fixed question wordings and answer options, the months.
WORDINGS = {
    "continued": ("(continued)", "(जारी)"),
    "marks": ("marks", "अंक"),
    "words": ("words", "शब्द"),
    "lead.statements": ("Consider the following statements:", "निम्नलिखित कथनों पर विचार कीजिए:"),
    "lead.pairs": ("Consider the following pairs:", "निम्नलिखित युग्मों पर विचार कीजिए:"),
    "ask.statements": (
        "Which of the statements given above is/are correct?",
        "उपर्युक्त कथनों में से कौन-सा/से सही है/हैं?",
    ),
    "ask.how_many": ("How many of the above statements are correct?", "उपर्युक्त में से कितने कथन सही हैं?"),
    "ask.how_many_pairs": (
        "How many of the pairs given above are correctly matched?",
        "उपर्युक्त में से कितने युग्म सही सुमेलित हैं?",
    ),
    "options.statements.2": [
        ("1 only", "केवल 1"),
        ("2 only", "केवल 2"),
        ("Both 1 and 2", "1 और 2 दोनों"),
        ("Neither 1 nor 2", "न तो 1 और न ही 2"),
    ],
    "options.statements.3": [
        ("1 and 2 only", "केवल 1 और 2"),
        ("2 and 3 only", "केवल 2 और 3"),
        ("1 and 3 only", "केवल 1 और 3"),
        ("1, 2 and 3", "1, 2 और 3"),
    ],
    "options.how_many.2": [
        ("Only one", "केवल एक"),
        ("Both", "दोनों"),
        ("None", "कोई भी नहीं"),
    ],
    "options.how_many.3": [
        ("Only one", "केवल एक"),
        ("Only two", "केवल दो"),
        ("All three", "सभी तीन"),
        ("None", "कोई भी नहीं"),
    ],
    "options.how_many.4": [
        ("Only one", "केवल एक"),
        ("Only two", "केवल दो"),
        ("Only three", "केवल तीन"),
        ("All four", "सभी चार"),
    ],
    # A test's OMR sheet and paper (layout.omr_sheet, layout.exam_paper).
    "omr.heading": ("OMR Answer Sheet", "ओएमआर उत्तर पत्रक"),
    "omr.name": ("Name of the candidate", "अभ्यर्थी का नाम"),
    "omr.centre": ("Centre", "केंद्र"),
    "omr.serial": ("Test booklet serial no.", "परीक्षण पुस्तिका क्रम संख्या"),
    "omr.roll": ("Roll number", "अनुक्रमांक"),
    "omr.series": ("Test booklet series", "परीक्षण पुस्तिका सीरीज़"),
    "omr.candidate_sign": ("Signature of the candidate", "अभ्यर्थी के हस्ताक्षर"),
    "omr.invigilator_sign": ("Signature of the invigilator", "निरीक्षक के हस्ताक्षर"),
    "omr.right_way": ("Right way", "सही तरीका"),
    "omr.wrong_ways": ("Wrong ways", "गलत तरीके"),
    "omr.page": ("Sheet {page} of {pages}", "पत्रक {page}/{pages}"),
    "omr.rule.time": (
        "Time allowed: {minutes} minutes. Maximum marks: {marks}.",
        "निर्धारित समय: {minutes} मिनट। अधिकतम अंक: {marks}।",
    ),
    "omr.rule.marks": (
        "Each right answer gets {correct} marks.",
        "प्रत्येक सही उत्तर के लिए {correct} अंक।",
    ),
    "omr.rule.wrong": (
        "Each wrong answer loses {wrong} marks; a question left blank gets {blank}.",
        "प्रत्येक गलत उत्तर के लिए {wrong} अंक काटे जाएँगे; अनुत्तरित प्रश्न के लिए {blank}।",
    ),
    "omr.rule.pen": (
        "Use a black or blue ball-point pen. Shade one bubble per question completely.",
        "काले या नीले बॉल-पॉइंट पेन का प्रयोग करें। प्रत्येक प्रश्न का एक ही गोला पूरा भरें।",
    ),
    "omr.rule.twice": (
        "A question with two or more bubbles shaded counts as a wrong answer.",
        "जिस प्रश्न में दो या अधिक गोले भरे हों, उसे गलत उत्तर माना जाएगा।",
    ),
    "omr.rule.roll": (
        "Write your roll number in the boxes and shade each digit's bubble below it.",
        "अनुक्रमांक खानों में लिखें और प्रत्येक अंक के नीचे उसका गोला भरें।",
    ),
    "test.rough_work": ("Space for rough work", "कच्चे कार्य के लिए स्थान"),
    "test.examiner": ("For the examiner", "परीक्षक के लिए"),
    "test.marks_box": ("Marks", "अंक"),
    "test.series": ("Series", "सीरीज़"),
    "months": [
        ("January", "जनवरी"),
        ("February", "फ़रवरी"),
        ("March", "मार्च"),
        ("April", "अप्रैल"),
        ("May", "मई"),
        ("June", "जून"),
        ("July", "जुलाई"),
        ("August", "अगस्त"),
        ("September", "सितंबर"),
        ("October", "अक्टूबर"),
        ("November", "नवंबर"),
        ("December", "दिसंबर"),
    ],
}


def _column(index: int) -> dict:
    """One language's wordings from WORDINGS (0: English, 1: Hindi)."""
    return {
        key: [pair[index] for pair in value] if isinstance(value, list) else value[index]
        for key, value in WORDINGS.items()
    }


ENGLISH = _column(0)
HINDI = HINDI_THEME_WORDS | _column(1)

TABLES = {"hi": HINDI, "en": ENGLISH}
LANGUAGES = ("en", "hi")
DEFAULT_DIGITS = {"hi": "international"}  # Hindi papers print international numerals
DEVANAGARI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


def word(key: str, language: str = "", theme=None):
    """The wording `key` in `language`: the theme's override, else the built-in table, else
    the English (the theme's own word for theme keys). A bilingual paper's "hi+en" gives both,
    "हिन्दी / English" (a list: the first language's)."""
    language = language or "en"
    if "+" in language:
        first, second = (word(key, part, theme) for part in language.split("+", 1))
        return f"{first} / {second}" if isinstance(first, str) and first != second else first
    if theme is not None:
        override = (getattr(theme, "translations", None) or {}).get(language, {})
        if key in override:
            return override[key]
    table = TABLES.get(language, {})
    if key in table:
        return table[key]
    if theme is not None and "." in key and not key.startswith(("ask.", "options.", "lead.")):
        found = _theme_value(theme, key)
        if found is not None:
            return found
    return ENGLISH.get(key, key)


def localize(theme, language: str):
    """The theme with its wordings in `language` (and `theme.language` set): unchanged for
    English or an unknown language."""
    if language in ("", "en"):
        return theme
    keys = set(TABLES.get(language, {})) | set((theme.translations or {}).get(language, {}))
    english = dict((theme.translations or {}).get("en", {}))  # kept for `as_written`
    for key in sorted(keys):
        value = _theme_value(theme, key)
        if value is not None:
            english.setdefault(key, value)
            theme = _replace_path(theme, key.split("."), word(key, language, theme))
    translations = {**(theme.translations or {}), "en": english}
    theme = dataclasses.replace(theme, language=language, translations=translations)
    return hindi_typography(theme) if language == "hi" else theme


HINDI_FAMILY = "hindi"  # the family name a Hindi book's text is set in (a copy of theme.hindi.family)


def hindi_typography(theme):
    """The theme's text set as `theme.hindi` says: every style of a replaced family (serif,
    sans) in the Devanagari family's files, registered under their own name with the serif
    chain's other fallbacks (symbols, emoji), sizes and leading scaled."""
    spec = getattr(theme, "hindi", None)
    if spec is None or spec.family not in theme.fonts:
        return theme
    replaced = set(spec.replaces)
    chain: list[str] = next((theme.fallback[name] for name in spec.replaces if name in theme.fallback), [])
    fonts = {**theme.fonts, HINDI_FAMILY: theme.fonts[spec.family]}
    fallback = {**theme.fallback, HINDI_FAMILY: [name for name in chain if name != spec.family]}

    def restyled(node):
        if not dataclasses.is_dataclass(node) or isinstance(node, type):
            return node
        changes = {}
        for item in dataclasses.fields(node):
            value = getattr(node, item.name)
            if dataclasses.is_dataclass(value):
                new = restyled(value)
                if new is not value:
                    changes[item.name] = new
            elif isinstance(value, dict) and any(dataclasses.is_dataclass(v) for v in value.values()):
                new_map = {key: restyled(v) for key, v in value.items()}
                if any(new_map[key] is not value[key] for key in value):
                    changes[item.name] = new_map
        if getattr(node, "font", None) in replaced:
            changes["font"] = HINDI_FAMILY
            for name, scale in (("size", spec.size), ("leading", spec.leading)):
                value = getattr(node, name, None)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    changes[name] = type(value)(round(value * scale, 2))
        return dataclasses.replace(node, **changes) if changes else node

    theme = restyled(theme)
    return dataclasses.replace(theme, fonts=fonts, fallback=fallback)


def digits(text: str | int, theme) -> str:
    """Numerals as the theme's `digits` says (`devanagari`: ०१२...; default international)."""
    choice = getattr(theme, "digits", "") or DEFAULT_DIGITS.get(
        getattr(theme, "language", ""), "international"
    )
    return str(text).translate(DEVANAGARI_DIGITS) if choice == "devanagari" else str(text)


def long_date(value: dt.date, theme=None) -> str:
    """'27 October 2025', or '27 अक्टूबर 2025' in a Hindi book."""
    language = getattr(theme, "language", "") if theme is not None else ""
    months = word("months", language, theme)
    out = f"{value.day} {months[value.month - 1]} {value.year}"
    return digits(out, theme) if theme is not None else out


# ---- names of papers and topics (issue 29) ---------------------------------------------------
# The exam's papers and the syllabus's common topics as Hindi-medium papers and study notes
# print them. Only names whose Hindi is settled are listed: any other name is printed as the
# chapter gives it (book.yaml `papers:` / `topics:` give the rest). CSAT is an acronym and
# stays in Latin, as acronyms do in Hindi text.
HINDI_PAPERS = {
    "GS1": "सामान्य अध्ययन प्रश्नपत्र-I",
    "GS2": "सामान्य अध्ययन प्रश्नपत्र-II",
    "GS3": "सामान्य अध्ययन प्रश्नपत्र-III",
    "GS4": "सामान्य अध्ययन प्रश्नपत्र-IV",
    "ESSAY": "निबंध",
    "PRELIMS": "प्रारंभिक परीक्षा",
    "MAINS": "मुख्य परीक्षा",
}
HINDI_TOPICS = {
    "international relations": "अंतर्राष्ट्रीय संबंध",
    "polity": "राजव्यवस्था",
    "indian polity": "भारतीय राजव्यवस्था",
    "governance": "शासन",
    "constitution": "संविधान",
    "economy": "अर्थव्यवस्था",
    "indian economy": "भारतीय अर्थव्यवस्था",
    "agriculture": "कृषि",
    "environment": "पर्यावरण",
    "ecology": "पारिस्थितिकी",
    "geography": "भूगोल",
    "history": "इतिहास",
    "modern history": "आधुनिक इतिहास",
    "art and culture": "कला एवं संस्कृति",
    "society": "समाज",
    "social justice": "सामाजिक न्याय",
    "science and technology": "विज्ञान एवं प्रौद्योगिकी",
    "internal security": "आंतरिक सुरक्षा",
    "security": "सुरक्षा",
    "defence": "रक्षा",
    "disaster management": "आपदा प्रबंधन",
    "ethics": "नीतिशास्त्र",
    "current affairs": "समसामयिकी",
}
NAMES = {"hi": {"paper": HINDI_PAPERS, "topic": HINDI_TOPICS}}
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4"}


def _name_key(kind: str, name: str) -> str:
    """'GS-II', 'gs 2', 'GS2' -> 'GS2'; a topic by its letters, any case."""
    if kind == "topic":
        return " ".join(name.split()).casefold()
    key = re.sub(r"[\s_-]", "", name).upper()
    found = re.fullmatch(r"(GS|PAPER)(I{1,3}|IV|[1-4])", key)
    if found:
        return "GS" + _ROMAN.get(found.group(2), found.group(2))
    return key


def display_name(kind: str, name: str, theme=None) -> str:
    """How the book prints a chapter's `paper` (kind 'paper') or `topic` ('topic'): book.yaml's
    `papers:` / `topics:` name for it, else the built-in name in the book's language, else
    the name as written."""
    language = (getattr(theme, "language", "") if theme is not None else "") or "en"
    own = (getattr(theme, "translations", None) or {}).get(language, {})
    if f"{kind}.{name}" in own:
        return own[f"{kind}.{name}"]
    return NAMES.get(language, {}).get(kind, {}).get(_name_key(kind, name), name)


def with_display_names(theme, language: str, papers: dict, topics: dict):
    """The theme with book.yaml's printed names of papers and topics for `language`."""
    if not papers and not topics:
        return theme
    language = language or "en"
    table = dict((theme.translations or {}).get(language, {}))
    table.update({f"paper.{name}": shown for name, shown in papers.items()})
    table.update({f"topic.{name}": shown for name, shown in topics.items()})
    return dataclasses.replace(theme, translations={**(theme.translations or {}), language: table})


# ---- an untranslated chapter in another language's book ---------------------------------------
# The words a chapter prints inside itself: an English chapter of a Hindi book keeps them in
# English (List I, the answer wording). The chapter label and the book's own parts (contents,
# running heads) stay in the book's language.
_BOOK_LEVEL = ("words.contents", "words.chapter", "glossary.", "syllabus_index.")


def as_written(theme, language: str):
    """The theme a chapter written in `language` is set with, inside a book localized to
    `theme.language`: the words inside the chapter in the chapter's language (`localize` kept
    the theme's English ones); the theme itself when the two languages agree."""
    book = getattr(theme, "language", "") or "en"
    if not language or language == book:  # (no language: the book's)
        return theme
    own = theme.translations or {}
    keys = set(TABLES.get(book, {})) | set(TABLES.get(language, {})) | set(own.get(book, {}))
    for key in sorted(keys):
        if key.startswith(_BOOK_LEVEL) or _theme_value(theme, key) is None:
            continue
        theme = _replace_path(theme, key.split("."), word(key, language, theme))
    return dataclasses.replace(theme, language=language)


LANGUAGE_TAGS = {"en": "en-IN", "hi": "hi-IN"}  # the books are Indian: English as written in India


def language_tag(language: str) -> str:
    """The PDF's /Lang for a book in `language` ('hi' -> 'hi-IN'; English books: 'en-IN')."""
    return LANGUAGE_TAGS.get(language or "en", language)


def _theme_value(theme, key: str):
    """The theme's wording at `key`: a text, or a list of texts (instructions); else None."""
    node = theme
    for part in key.split("."):
        if not dataclasses.is_dataclass(node) or not hasattr(node, part):
            return None
        node = getattr(node, part)
    if isinstance(node, str) or isinstance(node, list) and all(isinstance(item, str) for item in node):
        return node
    return None


def bilingual(first, second):
    """A theme whose wordings are `first`'s and `second`'s side by side ("अनुदेश / Instructions";
    a list item by item), for a paper printed in two languages. The two are the same theme
    localised to each language (`localize`)."""
    keys = set(TABLES.get(first.language or "en", {})) | set(TABLES.get(second.language or "en", {}))
    theme = first
    for key in sorted(keys):
        one, two = _theme_value(first, key), _theme_value(second, key)
        if one is None or two is None or one == two:
            continue
        joined: list | str
        if isinstance(one, list) and isinstance(two, list) and len(one) == len(two):
            joined = [a if a == b else f"{a} / {b}" for a, b in zip(one, two)]
        elif isinstance(one, str) and isinstance(two, str):
            joined = f"{one} / {two}"
        else:
            continue
        theme = _replace_path(theme, key.split("."), joined)
    return dataclasses.replace(theme, language=f"{first.language}+{second.language or 'en'}")


def _replace_path(node, parts: list[str], value):
    if len(parts) == 1:
        return dataclasses.replace(node, **{parts[0]: value})
    child = getattr(node, parts[0])
    return dataclasses.replace(node, **{parts[0]: _replace_path(child, parts[1:], value)})
