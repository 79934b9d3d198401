"""--shuffle-seed: which options move, and the key follows its option."""

from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st

from handbook.enrich.questions import shuffle_options
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


def test_options_naming_other_options_keep_their_order():
    options = ["Tokyo", "Osaka", "Both (a) and (b)", "Neither (a) nor (b)"]
    for seed in range(20):
        question = mcq(options, 2)
        shuffle_options(question, random.Random(seed))
        assert texts(question) == options and question.answer == 2


def test_none_of_these_stays_in_its_place_while_the_rest_move():
    options = ["2007", "2014", "None of these", "2020"]
    orders = set()
    for seed in range(30):
        question = mcq(options, 1)
        shuffle_options(question, random.Random(seed))
        assert texts(question)[2] == "None of these" and texts(question)[question.answer] == "2014"
        orders.add(tuple(texts(question)))
    assert len(orders) == 6  # every order of the three others occurs


def test_statement_combinations_move_freely():
    options = ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"]
    moved_last = False
    for seed in range(30):
        question = StatementsQuestion(
            question=[Text("Consider")],
            loc=Location("x.md", 1),
            statements=[[Text("a")], [Text("b")]],
            ask=[Text("?")],
            options=[[Text(o)] for o in options],
            answer=2,
        )
        shuffle_options(question, random.Random(seed))
        assert texts(question)[question.answer] == "Both 1 and 2"
        moved_last = moved_last or texts(question)[3] != "Neither 1 nor 2"
    assert moved_last


def test_shuffle_false_keeps_the_authors_order_and_others_move(tmp_path):
    from conftest import write_sources
    from handbook.errors import Diagnostics
    from handbook.options import BuildOptions
    from handbook.pipeline import prepare

    options = '["2007", "2014", "2020", "2022", "2024"]'
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
        assert texts(fixed) == ["2007", "2014", "2020", "2022", "2024"] and fixed.answer == 1
        assert texts(free)[free.answer] == "2014"
        orders.add(tuple(texts(free)))
    assert len(orders) > 1
