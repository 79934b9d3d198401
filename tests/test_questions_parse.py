"""Practice questions in front matter: validation messages, default options, inline text."""

from __future__ import annotations

import textwrap

import pytest

from conftest import relative, write_sources
from png import png_bytes
from handbook.errors import Diagnostics
from handbook.model import (
    CodeSpan,
    DescriptiveQuestion,
    Emphasis,
    HowManyQuestion,
    MatchQuestion,
    MultipleChoice,
    StatementsQuestion,
    Text,
    plain_text,
)
from handbook.parse import parse_book
from handbook.pipeline import check
from handbook.sources import load_sources


def chapter(questions_yaml: str) -> str:
    """A chapter whose front matter holds `questions_yaml` (the list under 'questions:')."""
    body = textwrap.indent(textwrap.dedent(questions_yaml).strip("\n"), "  ")
    return f"---\ntitle: India and Japan\nquestions:\n{body}\n---\n\nBody text.\n"


FIRST_QUESTION_LINE = 4  # line of the first '- type:' in chapter()'s output


def messages(tmp_path, questions_yaml: str) -> list[str]:
    folder = tmp_path / "src"
    folder.mkdir(exist_ok=True)
    (folder / "01-a.md").write_text(chapter(questions_yaml), encoding="utf-8")
    return relative(check(folder).sorted(), folder, "src/")


def questions(tmp_path, questions_yaml: str) -> list:
    folder = write_sources(tmp_path / "parsed", {"01-a.md": chapter(questions_yaml)})
    diagnostics = Diagnostics()
    book = parse_book(load_sources(folder, diagnostics), diagnostics)
    assert not diagnostics.items, [d.format() for d in diagnostics.items]
    return book.chapters[0].questions


def texts(runs) -> list[str]:
    return [plain_text(run) for run in runs]


# --- validation -------------------------------------------------------------------------


def test_unknown_type_lists_the_known_ones_and_suggests(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: multiple-choice
          question: Which year?
        """,
    )
    assert found == [
        f"src/01-a.md:{FIRST_QUESTION_LINE}: error: unknown question type 'multiple-choice'; "
        "known types: mcq, statements, how-many, match, descriptive"
    ]


def test_unknown_type_near_a_known_one_gets_did_you_mean(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: statement
          question: Consider
        """,
    )
    assert "(did you mean 'statements'?)" in found[0]


def test_missing_type(tmp_path):
    found = messages(
        tmp_path,
        """
        - question: Which year?
        """,
    )
    assert found == [
        f"src/01-a.md:{FIRST_QUESTION_LINE}: error: question 1 has no 'type': add one of "
        "mcq, statements, how-many, match, descriptive"
    ]


@pytest.mark.parametrize(
    "kind, fields, missing",
    [
        ("mcq", "options: [a, b]\n  answer: a", "question"),
        ("mcq", "question: Q?\n  answer: a", "options"),
        ("mcq", "question: Q?\n  options: [x, y]", "answer"),
        ("statements", "question: Consider\n  answer: a", "statements"),
        ("match", "question: Match\n  options: [x, y]\n  answer: a", "pairs"),
        ("descriptive", "question: Discuss.\n  words: 250", "marks"),
        ("descriptive", "question: Discuss.\n  marks: 15", "words"),
    ],
)
def test_missing_field(tmp_path, kind, fields, missing):
    found = messages(tmp_path, f"- type: {kind}\n  {fields}\n")
    assert (
        f"src/01-a.md:{FIRST_QUESTION_LINE}: error: missing required key '{missing}' in {kind} question 1"
        in found
    )


def test_answer_not_among_the_options(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: mcq
          question: Which year?
          options: ["2007", "2014", "2020", "2022"]
          answer: e
        """,
    )
    assert found == [
        f"src/01-a.md:{FIRST_QUESTION_LINE + 3}: error: answer 'e' is not among the options: "
        "there are 4, (a) to (d)"
    ]


def test_answer_written_as_the_option_text_is_told_its_letter(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: mcq
          question: Which year?
          options: ["2007", "2014"]
          answer: "2014"
        """,
    )
    assert len(found) == 1
    assert (
        "'answer' must be the letter of the correct option, (a) or (b), not '2014': write its letter, 'b'"
        in found[0]
    )


def test_default_options_bound_the_answer_too(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: statements
          question: Consider
          statements: [One, Two]
          answer: e
        """,
    )
    assert "answer 'e' is not among the options: there are 4, (a) to (d)" in found[0]


def test_duplicate_options(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: mcq
          question: Which year?
          options:
            - "2014"
            - Tokyo
            - "  tokyo "
          answer: a
        """,
    )
    assert found == [
        f"src/01-a.md:{FIRST_QUESTION_LINE + 5}: error: options (b) and (c) are the same: 'tokyo'"
    ]


def test_more_than_three_statements_need_options(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: statements
          question: Consider
          statements: [One, Two, Three, Four]
          answer: a
        """,
    )
    assert found == [
        f"src/01-a.md:{FIRST_QUESTION_LINE + 2}: error: a statements question with 4 statements "
        "needs 'options': the default options exist for two or three statements"
    ]


def test_four_statements_with_options_are_fine(tmp_path):
    (question,) = questions(
        tmp_path,
        """
        - type: statements
          question: Consider
          statements: [One, Two, Three, Four]
          options: [1 and 2 only, 3 and 4 only, "1, 2 and 3 only", "1, 2, 3 and 4"]
          answer: d
        """,
    )
    assert question.answer == 3 and len(question.statements) == 4


# Each field's wrong values (as written in YAML, and as the message shows them), by what the
# message asks for instead.
WRONG_NUMBERS = {
    "marks": {"0": "a positive whole number", "-5": "a positive whole number", "'15'": "a whole number"},
    "words": {"2.5": "a whole number", "0": "a positive whole number"},
}


@pytest.mark.parametrize(
    "field, value", [(field, value) for field, values in WRONG_NUMBERS.items() for value in values]
)
def test_marks_and_words_must_be_positive_whole_numbers(tmp_path, field, value):
    problem = f"'{field}' must be {WRONG_NUMBERS[field][value]}, not {value}"
    values = {"marks": "15", "words": "250", field: value}
    found = messages(
        tmp_path,
        f"""
        - type: descriptive
          question: Discuss.
          marks: {values["marks"]}
          words: {values["words"]}
        """,
    )
    line = FIRST_QUESTION_LINE + (2 if field == "marks" else 3)
    assert found == [f"src/01-a.md:{line}: error: {problem}"]


@pytest.mark.parametrize(
    "yaml_text, problem",
    [
        ("- type: mcq\n  question: [a, b]\n  options: [x, y]\n  answer: a", "'question' must be text"),
        ("- type: mcq\n  question: Q\n  options: just one\n  answer: a", "'options' must be a list"),
        ("- type: mcq\n  question: Q\n  options: [x, {a: b}]\n  answer: a", "'options' item 2 must be text"),
        ("- type: mcq\n  question: Q\n  options: [Yes, No]\n  answer: a", "put the text in quotes"),
        (
            "- type: mcq\n  question: Q\n  options: [x]\n  answer: a",
            "'options' must list 2 to 6 options, not 1",
        ),
        (
            "- type: mcq\n  question: Q\n  options: [x, y]\n  answer: 2",
            "'answer' must be the letter of the correct option",
        ),
        (
            "- type: mcq\n  question: Q\n  options: [x, y]\n  answer: a\n  shuffle: sometimes",
            "'shuffle' must be true or false",
        ),
        (
            "- type: match\n  question: Q\n  pairs: [[a, b], [c]]\n  options: [x, y]\n  answer: a",
            "'pairs' item 2 must be two texts",
        ),
        (
            "- type: match\n  question: Q\n  pairs: [[a, b]]\n  options: [x, y]\n  answer: a",
            "'pairs' must list 2 to 10 pairs, not 1",
        ),
        (
            "- type: statements\n  question: Q\n  statements: [One]\n  answer: a",
            "needs at least two statements",
        ),
        (
            "- type: statements\n  question: Q\n  statements: [One, Two]\n  explain: [a]\n  answer: a",
            "'explain' has 1 notes for 2 statements",
        ),
        ("- type: how-many\n  question: Q\n  answer: a", "needs either 'statements' or 'pairs'"),
        (
            "- type: how-many\n  question: Q\n  statements: [a, b, c, d, e]\n  answer: a",
            "with 5 items needs 'options'",
        ),
        ('- type: mcq\n  question: "  "\n  options: [x, y]\n  answer: a', "'question' is empty"),
        ("- just text", "question 1 must be a mapping"),
    ],
)
def test_wrong_types(tmp_path, yaml_text, problem):
    found = messages(tmp_path, yaml_text)
    assert any(problem in line and ": error: " in line for line in found), found


def test_questions_must_be_a_list(tmp_path):
    folder = write_sources(tmp_path / "src", {"01-a.md": "---\ntitle: T\nquestions: none yet\n---\nText.\n"})
    found = relative(check(folder).items, folder, "src/")
    assert found == [
        "src/01-a.md:3: error: 'questions' must be a list of questions, each starting with "
        "'- type: ...', not 'none yet'"
    ]


def test_unknown_key_is_a_warning_with_a_suggestion(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: mcq
          question: Q
          options: [x, y]
          answer: a
          explanaton: typo
        """,
    )
    assert found == [
        f"src/01-a.md:{FIRST_QUESTION_LINE + 4}: warning: unknown key 'explanaton' in mcq "
        "question 1 (did you mean 'explanation'?)"
    ]


def test_every_problem_is_reported_in_one_run(tmp_path):
    found = messages(
        tmp_path,
        """
        - type: mcqq
        - type: mcq
          question: Q
          options: [x, x]
          answer: a
        - type: statements
          question: Q
          statements: [a, b, c, d]
          answer: a
        - type: descriptive
          question: Discuss.
          marks: 0
          words: 150
        - type: mcq
          question: Q
          options: [x, y]
          answer: f
        """,
    )
    assert [line.split(": error: ")[1].split(" ")[0:2] for line in found] == [
        ["unknown", "question"],
        ["options", "(a)"],
        ["a", "statements"],
        ["'marks'", "must"],
        ["answer", "'f'"],
    ]
    assert [int(line.split(":")[1]) for line in found] == [4, 7, 11, 15, 20]


# --- defaults -----------------------------------------------------------------------------


def test_default_options_and_lead_outs(tmp_path):
    two, three, how_many, how_many_two, how_many_four, pairs = questions(
        tmp_path,
        """
        - {type: statements, question: Consider, statements: [One, Two], answer: c}
        - {type: statements, question: Consider, statements: [One, Two, Three], answer: d}
        - {type: how-many, question: Consider, statements: [One, Two, Three], answer: b}
        - {type: how-many, question: Consider, statements: [One, Two], answer: b}
        - {type: how-many, question: Consider, statements: [One, Two, Three, Four], answer: d}
        - {type: how-many, question: Consider, pairs: [[a, b], [c, d], [e, f]], answer: a}
        """,
    )
    assert texts(two.options) == ["1 only", "2 only", "Both 1 and 2", "Neither 1 nor 2"]
    assert plain_text(two.ask) == "Which of the statements given above is/are correct?"
    assert texts(three.options) == ["1 and 2 only", "2 and 3 only", "1 and 3 only", "1, 2 and 3"]
    assert texts(how_many.options) == ["Only one", "Only two", "All three", "None"]
    assert plain_text(how_many.ask) == "How many of the above statements are correct?"
    assert texts(how_many_two.options) == ["Only one", "Both", "None"]
    assert texts(how_many_four.options) == ["Only one", "Only two", "Only three", "All four"]
    assert plain_text(pairs.ask) == "How many of the pairs given above are correctly matched?"
    assert [(plain_text(p.left), plain_text(p.right)) for p in pairs.pairs] == [
        ("a", "b"),
        ("c", "d"),
        ("e", "f"),
    ]


def test_an_authored_ask_replaces_the_default(tmp_path):
    (question,) = questions(
        tmp_path,
        """
        - type: statements
          question: Consider
          statements: [One, Two]
          ask: Which of the statements given above is/are *not* correct?
          answer: a
        """,
    )
    assert plain_text(question.ask) == "Which of the statements given above is/are not correct?"


# --- the model ----------------------------------------------------------------------------


def test_types_numbers_answers_and_locations(tmp_path):
    found = questions(
        tmp_path,
        """
        - {type: mcq, question: Q, options: [x, y], answer: B}
        - {type: statements, question: Q, statements: [a, b], answer: "(c)"}
        - {type: how-many, question: Q, statements: [a, b, c], answer: a}
        - {type: match, question: Q, pairs: [{FOIP: Japan}, {SAGAR: India}], options: [A-1 B-2, A-2 B-1], answer: a}
        - {type: descriptive, question: Discuss., marks: 15, words: 250}
        """,
    )
    assert [type(q) for q in found] == [
        MultipleChoice,
        StatementsQuestion,
        HowManyQuestion,
        MatchQuestion,
        DescriptiveQuestion,
    ]
    assert [q.number for q in found] == [1, 2, 3, 4, 5]
    assert [q.loc.line for q in found] == [4, 5, 6, 7, 8]
    assert [q.answer_letter for q in found[:4]] == ["b", "c", "a", "a"]
    assert (found[4].marks, found[4].words) == (15, 250)


def test_inline_markdown_in_every_text_field_and_inline_runs(tmp_path):
    (mcq, statements, descriptive) = questions(
        tmp_path,
        """
        - type: mcq
          question: Which *one* is right?
          options: ["`QUAD`", plain]
          answer: a
          explanation: Because *QUAD*.
        - type: statements
          question: Consider
          statements: ["*One*", Two]
          answer: a
          explain: ["`yes`", "no *indeed*"]
        - type: descriptive
          question: Discuss `ACSA`.
          marks: 10
          words: 150
          points: ["*first*", second]
        """,
    )
    assert isinstance(mcq.question[1], Emphasis)
    assert isinstance(mcq.options[0][0], CodeSpan) and mcq.options[0][0].text == "QUAD"
    assert isinstance(statements.statements[0][0], Emphasis)
    assert isinstance(statements.notes[0][0], CodeSpan)
    assert isinstance(descriptive.points[0][0], Emphasis)
    runs = mcq.inline_runs()
    assert any(run is mcq.options[0] for run in runs) and any(run is mcq.explanation for run in runs)
    assert not any(run is mcq.explanation for run in mcq.inline_runs(answers=False))
    assert any(run is statements.notes[1] for run in statements.inline_runs())
    assert texts(descriptive.inline_runs()) == ["Discuss ACSA.", "first", "second"]
    # The lists are the question's own: rewriting one in place changes the question.
    descriptive.inline_runs()[0][:] = [Text("Rewritten")]
    assert plain_text(descriptive.question) == "Rewritten"


def test_an_image_in_a_question_is_an_error_at_its_line(tmp_path):
    folder = write_sources(
        tmp_path / "src",
        {
            "map.png": png_bytes(4, 4),
            "01-a.md": chapter("""
            - type: mcq
              question: Which port is marked on ![the map](map.png)?
              options: [Chennai, Kochi]
              answer: a
            """),
        },
    )
    found = relative(check(folder).items, folder, "src/")
    assert found == [f"src/01-a.md:{FIRST_QUESTION_LINE + 1}: error: images cannot be used in questions"]
