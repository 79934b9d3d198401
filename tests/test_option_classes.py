"""Option orders as a class: every kind of option whose order or place means something, as the
civil-services papers print them in English and Hindi, keeps it under every seed, and the key
(and every "(c)" of an explanation) follows the options that do move. Our own fixture
questions, written in the papers' phrasings."""

from __future__ import annotations

import random
import re

import pytest

from conftest import write_sources
from handbook.enrich.option_order import order_is_meaningful, reletter_text, reorder_options
from handbook.model import Location, MultipleChoice, Text, plain_text
from handbook.practice import build_test
from pdffacts import page_texts

ASSERTION_REASON = [
    "Both A and R are true and R is the correct explanation of A",
    "Both A and R are true but R is not the correct explanation of A",
    "A is true but R is false",
    "A is false but R is true",
]
TWO_STATEMENTS = [
    "Both Statement-I and Statement-II are correct and Statement-II explains Statement-I",
    "Both Statement-I and Statement-II are correct but Statement-II does not explain Statement-I",
    "Statement-I is correct but Statement-II is incorrect",
    "Statement-I is incorrect but Statement-II is correct",
]

# Kept exactly as written, under every seed: the order is the meaning.
KEPT = {
    "assertion-reason": ASSERTION_REASON,
    "statement-I/II": TWO_STATEMENTS,
    "hindi statement-I/II": [
        "कथन-I और कथन-II दोनों सही हैं",
        "कथन-I सही है, कथन-II गलत है",
        "कथन-I गलत है",
        "दोनों गलत हैं",
    ],
    "items by letter": ["Only A", "Only B", "Both", "Neither"],
    "items by letter, after": ["A only", "B only", "Both A and B", "Neither A nor B"],
    "hindi letters": ["केवल क", "केवल ख", "क और ख दोनों", "न तो क न ही ख"],
    "options by their words": ["Tokyo", "Osaka", "Both Tokyo and Osaka", "Neither Tokyo nor Osaka"],
    "percent ranges": ["Less than 5%", "Between 5% and 10%", "Between 10% and 20%", "More than 20%"],
    "decades": ["1901-1910", "1911-1920", "1921-1930", "1931-1940"],
    "years with bounds": ["Before 1947", "1947", "1950", "After 1950"],
    "hindi bounds": ["5 से कम", "5 से 10 के बीच", "10 से 20 के बीच", "20 से अधिक"],
    "ordinals": ["First", "Second", "Third", "Fourth"],
    "hindi ordinals": ["पहला", "दूसरा", "तीसरा", "चौथा"],
    "roman match codes": ["A-III, B-I, C-II", "A-I, B-II, C-III", "A-II, B-III, C-I", "A-III, B-II, C-I"],
    "lower-case match codes": ["a-2, b-1, c-3", "a-1, b-2, c-3", "a-3, b-1, c-2", "a-2, b-3, c-1"],
    "numbers to letters": ["1-c, 2-a, 3-b", "1-a, 2-b, 3-c", "1-b, 2-c, 3-a", "1-c, 2-b, 3-a"],
    "roman code rows": ["II I III IV", "I II IV III", "III IV I II", "IV III II I"],
    "hindi match codes": ["क-2, ख-1, ग-3", "क-1, ख-2, ग-3", "क-3, ख-1, ग-2", "क-2, ख-3, ग-1"],
}

# Free to move, but this option stays where the author put it.
PINNED = {
    "उपर्युक्त सभी": ["दिल्ली", "मुंबई", "कोलकाता", "उपर्युक्त सभी"],
    "उपर्युक्त में से कोई नहीं": ["दिल्ली", "मुंबई", "कोलकाता", "उपर्युक्त में से कोई नहीं"],
    "इनमें से कोई नहीं": ["दिल्ली", "इनमें से कोई नहीं", "मुंबई", "कोलकाता"],
    "इनमें से सभी": ["इनमें से सभी", "दिल्ली", "मुंबई", "कोलकाता"],
    "Cannot be determined": ["Increase", "Decrease", "No change", "Cannot be determined"],
    "Data inadequate": ["Rises", "Falls", "Data inadequate", "Stays"],
}

# Neither kept nor pinned: these move (the rules keep only what means something).
FREE = [
    ["Tokyo", "Osaka", "Kyoto", "Nara"],
    ["A treaty", "A river", "A mountain", "A lake"],
    ["तकनीकी सहयोग", "विज्ञान", "कला", "खेल"],
    ["Article 14", "Article 19", "Article 21", "Article 32"],
]


def mcq(options: list[str], answer: int, explanation: str = "") -> MultipleChoice:
    return MultipleChoice(
        question=[Text("Q")],
        loc=Location("x.md", 1),
        options=[[Text(o)] for o in options],
        answer=answer,
        explanation=[Text(explanation)] if explanation else [],
    )


def texts(question) -> list[str]:
    return [plain_text(o) for o in question.options]


@pytest.mark.parametrize("kind", KEPT)
def test_orders_that_mean_something_are_kept_under_every_seed(kind):
    options = KEPT[kind]
    assert order_is_meaningful(options), kind
    for seed in range(40):
        question = mcq(options, 2)
        reorder_options(question, random.Random(seed))
        assert texts(question) == options and question.answer == 2, (kind, seed)


@pytest.mark.parametrize("pinned", PINNED)
def test_options_that_stand_for_the_rest_keep_their_place_and_the_rest_move(pinned):
    options = PINNED[pinned]
    place = options.index(pinned)
    orders = set()
    for seed in range(40):
        question = mcq(options, (place + 1) % 4)
        reorder_options(question, random.Random(seed))
        assert texts(question)[place] == pinned, seed
        assert texts(question)[question.answer] == options[(place + 1) % 4]
        orders.add(tuple(texts(question)))
    assert len(orders) == 6  # the three others take every order


@pytest.mark.parametrize("options", FREE)
def test_ordinary_options_still_move(options):
    assert order_is_meaningful(options) is None
    orders = {tuple(texts(_shuffled(options, seed))) for seed in range(30)}
    assert len(orders) > 6


def _shuffled(options, seed):
    question = mcq(options, 0)
    reorder_options(question, random.Random(seed))
    return question


def test_an_explanation_names_the_moved_option_but_never_rewrites_a_clause_of_the_law():
    letters = {"a": "c", "b": "a", "c": "b", "d": "d"}
    cases = {
        "Hence (a) is correct.": "Hence (c) is correct.",
        "Option (B) fails; so does option b and (C).": "Option (A) fails; so does option a and (B).",
        "Article 19(1)(a) guarantees it, so (a).": "Article 19(1)(a) guarantees it, so (c).",
        "Under clause (b) of Article 21 and Section 3(c).": "Under clause (b) of Article 21 and Section 3(c).",
        "अनुच्छेद (a) देखें; उत्तर (b)": "अनुच्छेद (a) देखें; उत्तर (a)",
        # letters listed after a word that names options, and Hindi papers' क-घ
        "Options b and d are wrong.": "Options a and d are wrong.",
        "options b, c and d": "options a, b and d",
        "Options a, c or d.": "Options c, b or d.",
        "The answer is c.": "The answer is b.",
        "Answer: a": "Answer: c",
        "option a is right": "option c is right",
        "अतः विकल्प c सही है।": "अतः विकल्प b सही है।",
        "अतः विकल्प ग सही है।": "अतः विकल्प ख सही है।",
        "(ख) और (ग) गलत हैं": "(क) और (ख) गलत हैं",
        "The answer is a matter of law.": "The answer is a matter of law.",  # the article
        "e.g. Kobe": "e.g. Kobe",
    }
    for before, after in cases.items():
        assert reletter_text(before, letters) == after, before


def test_the_key_and_the_explanation_follow_the_answer_text_under_every_seed():
    options = ["Kobe", "Sendai", "Nara", "Kyoto"]
    for seed in range(30):
        question = mcq(options, 1, "Sendai, so (b); Article 19(1)(b) is not about it.")
        reorder_options(question, random.Random(seed))
        letter = "abcd"[question.answer]
        assert texts(question)[question.answer] == "Sendai"
        assert plain_text(question.explanation) == f"Sendai, so ({letter}); Article 19(1)(b) is not about it."


# The same as printed papers: two series, each paper's order and its key read back from the PDFs.
PAPER = {"AR": (ASSERTION_REASON, 1), "S12": (TWO_STATEMENTS, 2), "HI": (PINNED["उपर्युक्त सभी"], 0)}
PAPER |= {"RANGE": (KEPT["percent ranges"], 3), "BOTH": (KEPT["options by their words"], 2)}
PAPER |= {"FREE": (FREE[0], 2)}


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("classes")
    questions = "".join(
        f'  - type: mcq\n    question: "Pattern {name} asks?"\n'
        f"    options: [{', '.join(repr(o) for o in options)}]\n    answer: {'abcd'[answer]}\n"
        f'    explanation: "So ({"abcd"[answer]}); see Article 19(1)(a)."\n'
        for name, (options, answer) in PAPER.items()
    )
    source = write_sources(
        folder / "src",
        {
            "book.yaml": "title: Classes\n",
            "01-classes.md": f"---\ntitle: Classes\nquestions:\n{questions}---\nText.\n",
        },
    )
    build_test(source, folder / "t.pdf", count=len(PAPER), seed=3, shuffle=True, series=2)
    return folder


def pdf_text(path) -> str:
    return "\n".join(page_texts(str(path)))


def printed(text: str, name: str, options: list[str]) -> list[str]:
    """The options printed after 'Pattern NAME asks?', in (a)-(d) order (compared without spaces:
    a long option wraps)."""
    after = re.sub(r"\s+", "", text[text.index(f"Pattern {name} asks?") :])
    found = []
    for letter in "abcd":
        rest = after[after.index(f"({letter})") + 3 :]
        found.append(max((o for o in options if rest.startswith(re.sub(r"\s+", "", o))), key=len))
    return found


@pytest.mark.parametrize("series", "AB")
def test_each_series_prints_the_kept_orders_and_its_key_points_at_the_same_text(papers, series):
    paper = pdf_text(papers / f"t-{series}.pdf")
    key = re.sub(r"\s+", " ", pdf_text(papers / f"t-{series}-key.pdf"))
    numbers = {m[2]: m[1] for m in re.finditer(r"(\d+)\.\s*Pattern (\w+) asks\?", paper)}
    assert sorted(numbers) == sorted(PAPER)
    for name, (options, answer) in PAPER.items():
        shown = printed(paper, name, options)
        assert sorted(shown) == sorted(options)
        if name in ("AR", "S12", "RANGE", "BOTH"):
            assert shown == options, (series, name)
        if name == "HI":
            assert shown[-1] == "उपर्युक्त सभी"
        letter = re.search(rf"(?<!\d){numbers[name]}\.\s*\(([a-d])\)", key)[1]
        assert shown["abcd".index(letter)] == options[answer], (series, name)
        assert f"So ({letter}); see Article 19(1)(a)." in key, (series, name)


@pytest.mark.parametrize(
    "explanation",
    [
        "Hence d.",
        "Only b and c are true, so Nara.",
        "Vitamin C is not the point.",
        "क और ख सही हैं।",
        "The first option is a port.",
        "The last two options are not in Japan.",
        "Option 3 is the old capital.",
        "अंतिम विकल्प सही है।",
        "विकल्प 3 सही है।",
    ],
)
def test_an_explanation_naming_an_option_unsurely_keeps_the_order(explanation):
    """A letter standing alone ('Hence d.', 'b and c'): an option, or a lettered item? An option
    by its place or number ('the first option', 'option 3'): no letter to rename. After a
    shuffle either would point at another option. The order is kept."""
    options = ["Kobe", "Sendai", "Nara", "Kyoto"]
    for seed in range(40):
        question = mcq(options, 2, explanation)
        reorder_options(question, random.Random(seed))
        assert texts(question) == options and plain_text(question.explanation) == explanation


SERIES_EXPLAINED = {
    "EN": (["Kobe", "Sendai", "Nara", "Kyoto"], 2, "Options b and d are wrong, so the answer is c."),
    "HI": (["दिल्ली", "मुंबई", "कोलकाता", "चेन्नई"], 0, "विकल्प ख और घ गलत हैं, अतः विकल्प क सही है।"),
}


def test_each_series_key_explains_with_the_letters_its_paper_prints(tmp_path):
    questions = "".join(
        f'  - type: mcq\n    question: "Pattern {name} asks?"\n'
        f"    options: [{', '.join(repr(o) for o in options)}]\n    answer: {'abcd'[answer]}\n"
        f'    explanation: "{explanation}"\n'
        for name, (options, answer, explanation) in SERIES_EXPLAINED.items()
    )
    source = write_sources(
        tmp_path / "src",
        {"book.yaml": "title: E\n", "01-e.md": f"---\ntitle: E\nquestions:\n{questions}---\nText.\n"},
    )
    build_test(source, tmp_path / "t.pdf", seed=5, shuffle=True, series=4)
    moved = set()
    for series in "ABCD":
        paper = pdf_text(tmp_path / f"t-{series}.pdf")
        key = re.sub(r"\s+", " ", pdf_text(tmp_path / f"t-{series}-key.pdf"))
        for name, (options, answer, _) in SERIES_EXPLAINED.items():
            shown = printed(paper, name, options)
            moved.add(tuple(shown))
            wrong = [shown.index(options[1]), shown.index(options[3])]
            if name == "EN":
                a, b = ("abcd"[i] for i in wrong)
                right = "abcd"[shown.index(options[answer])]
                assert f"Options {a} and {b} are wrong, so the answer is {right}." in key, series
            else:
                a, b = ("कखगघ"[i] for i in wrong)
                right = "कखगघ"[shown.index(options[answer])]
                assert f"विकल्प {a} और {b} गलत हैं, अतः विकल्प {right} सही है।" in key, series
    assert len(moved) > 4  # the options did move
