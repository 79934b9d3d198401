"""--shuffle-seed and shuffled papers: which options move, where, and the key follows its option
(enrich.option_order)."""

from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st

from handbook.enrich.option_order import reorder_options as shuffle_options
from handbook.model import Location, MultipleChoice, StatementsQuestion, Text, plain_text


def mcq(options: list[str], answer: int) -> MultipleChoice:
    return MultipleChoice(
        question=[Text("Q")], loc=Location("x.md", 1), options=[[Text(o)] for o in options], answer=answer
    )


def texts(question) -> list[str]:
    return [plain_text(o) for o in question.options]


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(2, 6),
    answer_seed=st.integers(0, 5),
    seed=st.integers(0, 10_000),
    pinned_last=st.booleans(),
)
def test_the_answer_text_survives_and_above_style_options_stay(count, answer_seed, seed, pinned_last):
    options = [f"Option {n}" for n in range(count)]
    if pinned_last:
        options[-1] = "All of the above"
    question = mcq(options, answer_seed % count)
    correct = options[question.answer]
    shuffle_options(question, random.Random(seed))
    assert sorted(texts(question)) == sorted(options)
    assert texts(question)[question.answer] == correct
    if pinned_last:
        assert texts(question)[-1] == "All of the above"


def test_none_of_these_stays_in_its_place_while_the_rest_move():
    options = ["Tokyo", "Osaka", "None of these", "Kyoto"]
    orders = set()
    for seed in range(30):
        question = mcq(options, 1)
        shuffle_options(question, random.Random(seed))
        assert texts(question)[2] == "None of these" and texts(question)[question.answer] == "Osaka"
        orders.add(tuple(texts(question)))
    assert len(orders) == 6  # every order of the three others occurs


def statements_question(options: list[str], answer: int) -> StatementsQuestion:
    return StatementsQuestion(
        question=[Text("Consider")],
        loc=Location("x.md", 1),
        statements=[[Text("a")], [Text("b")], [Text("c")]],
        ask=[Text("?")],
        options=[[Text(o)] for o in options],
        answer=answer,
    )


# Orders that carry meaning, as the papers print them: never rearranged, under any seed.
MEANINGFUL = [
    ["Only one", "Only two", "All three", "None"],
    ["Only one pair", "Only two pairs", "All three pairs", "None of the pairs"],
    ["Only one statement", "Only two statements", "All four statements", "None of the statements"],
    ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"],
    ["1 and 2 only", "2 and 3 only", "1 and 3 only", "1, 2 and 3"],
    ["I only", "II only", "Both I and II", "Neither I nor II"],
    ["2 only", "Neither 1 nor 2", "1 only", "Both 1 and 2"],  # the author's order, odd or not
    ["A-2, B-1, C-3, D-4", "A-1, B-2, C-4, D-3", "A-3, B-4, C-1, D-2", "A-4, B-3, C-2, D-1"],
    ["2 1 3 4", "1 2 4 3", "3 4 1 2", "4 3 2 1"],
    ["Tokyo", "Osaka", "Both (a) and (b)", "Neither (a) nor (b)"],
    ["₹5 lakh", "₹50 lakh", "₹1 crore", "₹10 crore"],  # numbers in different units
    ["Only one", "Both", "None"],
    ["केवल 1", "केवल 2", "1 और 2 दोनों", "न तो 1 और न ही 2"],
    ["केवल एक", "केवल दो", "सभी तीन", "कोई भी नहीं"],
]


def test_options_whose_order_means_something_keep_it_under_every_seed():
    for options in MEANINGFUL:
        for seed in range(50):
            question = statements_question(options, 2)
            shuffle_options(question, random.Random(seed))
            assert texts(question) == options and question.answer == 2, (options, seed)


def test_numbers_and_years_stand_in_ascending_order_and_the_key_follows():
    cases = {
        ("2014", "2004", "2007", "2020"): ["2004", "2007", "2014", "2020"],
        ("50,000", "500,000", "100,000", "5,000,000"): ["50,000", "100,000", "500,000", "5,000,000"],
        ("5,00,000", "50,000", "1,00,000", "5,000"): ["5,000", "50,000", "1,00,000", "5,00,000"],
        ("1.5%", "0.5%", "3%", "2%"): ["0.5%", "1.5%", "2%", "3%"],
        ("₹300", "₹30", "₹3,000", "₹3"): ["₹3", "₹30", "₹300", "₹3,000"],
        ("1950", "1947", "None of these", "1935"): ["1935", "1947", "None of these", "1950"],
    }
    for options, ascending in cases.items():
        for seed in range(50):
            question = mcq(list(options), 0)
            shuffle_options(question, random.Random(seed))
            assert texts(question) == ascending
            assert texts(question)[question.answer] == options[0]


def test_a_bare_none_stays_put_and_words_move():
    orders = set()
    for seed in range(30):
        question = mcq(["Tokyo", "Osaka", "Kyoto", "None"], 0)
        shuffle_options(question, random.Random(seed))
        assert texts(question)[3] == "None" and texts(question)[question.answer] == "Tokyo"
        orders.add(tuple(texts(question)))
    assert len(orders) == 6


def test_shuffle_false_keeps_the_authors_order_and_others_move(tmp_path):
    from conftest import write_sources
    from handbook.errors import Diagnostics
    from handbook.options import BuildOptions
    from handbook.pipeline import prepare

    options = '["Kobe", "Osaka", "Kyoto", "Nara", "Sendai"]'
    folder = write_sources(
        tmp_path,
        {
            "01-a.md": f"""
        ---
        title: T
        questions:
          - {{type: mcq, question: Fixed, options: {options}, answer: b, shuffle: false}}
          - {{type: mcq, question: Free, options: {options}, answer: b}}
        ---
        Text.
        """
        },
    )
    orders = set()
    for seed in range(5):
        fixed, free = (
            prepare(folder, BuildOptions(shuffle_seed=seed), Diagnostics()).book.chapters[0].questions
        )
        assert texts(fixed) == ["Kobe", "Osaka", "Kyoto", "Nara", "Sendai"] and fixed.answer == 1
        assert texts(free)[free.answer] == "Osaka"
        orders.add(tuple(texts(free)))
    assert len(orders) > 1
