"""The lesson format: reading, clear refusals, answers checked against the engine."""

from __future__ import annotations

import json
import math
import os

import pytest
import sympy

from engine.lessons import (
    FORMAT,
    LessonError,
    check_answer,
    compute,
    is_lesson_text,
    lesson_text,
    lesson_to_dict,
    load_lesson,
    merged_state,
    parse_lesson,
    read_number,
    run_until_state,
)


def lesson(*steps: dict, **top) -> str:
    document = {"format": FORMAT, "version": 1, "title": "T", "steps": list(steps)} | top
    return json.dumps(document)


POWER = {"title": "Power rule", "text": "$d/dx\\,x^5$", "tab": "derivatives",
         "state": {"formula": "x^5"},
         "question": {"kind": "number", "prompt": "f′(2)?",
                      "compute": {"derivative": "x^5", "at": 2}, "why": "5·2⁴ = 80"}}


def test_a_lesson_reads_into_steps() -> None:
    read = parse_lesson(lesson(POWER, {"title": "Run", "tab": "network",
                                       "run_until": {"epochs": 50}}))
    assert read.title == "T"
    assert [s.title for s in read.steps] == ["Power rule", "Run"]
    assert read.steps[0].question.compute == {"derivative": "x^5", "at": 2}
    assert read.steps[1].run_until == ("epochs", 50)


x, y = sympy.symbols("x y")


@pytest.mark.parametrize(("spec", "exact"), [
    ({"derivative": "x^5", "at": 2}, sympy.diff(x**5, x).subs(x, 2)),
    ({"derivative": "(x^4+2)cos x", "at": 1},
     sympy.diff((x**4 + 2) * sympy.cos(x), x).subs(x, 1)),
    ({"partial": "x^4 y", "wrt": "x", "at": [1, 2]}, sympy.diff(x**4 * y, x).subs({x: 1, y: 2})),
    ({"partial": "x^4 y", "wrt": "y", "at": [1, 2]}, sympy.diff(x**4 * y, y).subs({x: 1, y: 2})),
    ({"partial": "2x^2 + 4y", "wrt": "x", "at": [1, 0]}, 4),
    ({"value": "1/(1+e^(-b x))", "at": 0.5, "parameters": {"b": 2}}, 1 / (1 + sympy.exp(-1))),
])
def test_computations_match_sympy(spec: dict, exact: sympy.Expr) -> None:
    assert compute(spec) == pytest.approx(float(exact), rel=1e-12)


def test_discriminant_is_rt_minus_s_squared_by_finite_differences() -> None:
    def f(a: float, b: float) -> float:
        return a**3 - 3 * a * b + b**3

    h, (a, b) = 1e-4, (1.0, 1.0)
    r = (f(a + h, b) - 2 * f(a, b) + f(a - h, b)) / h**2
    t = (f(a, b + h) - 2 * f(a, b) + f(a, b - h)) / h**2
    s = (f(a + h, b + h) - f(a + h, b - h) - f(a - h, b + h) + f(a - h, b - h)) / (4 * h * h)
    assert compute({"discriminant": "x^3 - 3x y + y^3", "at": [1, 1]}) == \
        pytest.approx(r * t - s * s, abs=1e-4)


def test_number_answers_right_wrong_and_unreadable() -> None:
    question = parse_lesson(lesson(POWER)).steps[0].question
    assert check_answer(question, "80").correct
    assert check_answer(question, " 80.001 ").correct  # within the default tolerance
    wrong = check_answer(question, "40")
    assert not wrong.correct and "80" in wrong.message and "5·2⁴ = 80" in wrong.message
    unreadable = check_answer(question, "eighty")
    assert not unreadable.correct and "not a number" in unreadable.message


def test_choice_answers() -> None:
    step = dict(POWER, question={"kind": "choice", "prompt": "Which?", "choices": ["a", "b"],
                                 "answer": 1, "why": "because"})
    question = parse_lesson(lesson(step)).steps[0].question
    assert check_answer(question, 1).correct
    verdict = check_answer(question, 0)
    assert not verdict.correct and "“b”" in verdict.message and "because" in verdict.message


@pytest.mark.parametrize(("text", "value"), [
    ("80", 80.0), ("−0.25", -0.25), ("-0.25", -0.25), ("1e3", 1000.0), ("0,5", 0.5),
    ("16/3", 16 / 3), ("abc", None), ("1/0", None), ("2+2", None), ("", None),
])
def test_read_number(text: str, value: float | None) -> None:
    assert read_number(text) == (None if value is None else pytest.approx(value))


@pytest.mark.parametrize(("change", "words"), [
    ({"format": "gradient-lab-session"}, "not a Gradient Lab lesson"),
    ({"version": 9}, "newer Gradient Lab"),
    ({"version": "1"}, "no valid format version"),
    ({"steps": []}, "has no steps"),
    ({"title": ""}, "'title' must be some text"),
])
def test_document_faults_are_named(change: dict, words: str) -> None:
    with pytest.raises(LessonError, match=words):
        parse_lesson(lesson(POWER, **change), "x.json")


@pytest.mark.parametrize(("step", "words"), [
    ({"title": "S", "tab": "maths"}, "tab must be one of"),
    ({"title": "S", "state": {"formula": "x"}}, "gives a state but no tab"),
    ({"title": "S", "tab": "network", "run_until": {"steps": 5}}, "needs the descent tab"),
    ({"title": "S", "tab": "network", "run_until": {"epochs": 0}}, "whole number"),
    ({"title": "S", "tab": "network", "run_until": {"epochs": 5, "starts": 1}},
     "starts must be a whole number from 2"),
    ({"title": "S", "tab": "network", "run_until": {"epochs": 5, "starts": 501}},
     "starts must be a whole number from 2"),
    ({"title": "S", "tab": "descent", "run_until": {"steps": 5, "starts": 3}}, "goes with epochs"),
    ({"title": "S", "tab": "network", "run_until": {"starts": 3}}, "run_until must be"),
    ({"title": "S", "tab": "network", "run_until": {"epochs": 5, "seeds": 3}},
     "run_until must be"),
    ({"title": "S", "lock": "formula"}, "list of control names"),
    ({"title": "S", "colour": 1}, "unknown entries: colour"),
    ({"title": "S", "question": {"kind": "essay", "prompt": "?"}}, "\"number\" or \"choice\""),
    ({"title": "S", "question": {"kind": "choice", "prompt": "?", "choices": ["a", "b"],
                                 "answer": 2}}, "index"),
    ({"title": "S", "question": {"kind": "number", "prompt": "?"}}, "either \"answer\""),
    ({"title": "S", "question": {"kind": "number", "prompt": "?",
                                 "compute": {"derivative": "x^^5", "at": 1}}}, "derivative of"),
    ({"title": "S", "question": {"kind": "number", "prompt": "?",
                                 "compute": {"eval": "__import__('os')", "at": 1}}},
     "must name one of"),
    ({"title": "S", "question": {"kind": "number", "prompt": "?",
                                 "compute": {"derivative": "1/x", "at": 0}}}, "not defined"),
])
def test_step_faults_name_the_step(step: dict, words: str) -> None:
    with pytest.raises(LessonError, match=words) as caught:
        parse_lesson(lesson(step), "x.json")
    assert "x.json, step 1" in str(caught.value)


def test_damaged_json_and_constants_are_refused() -> None:
    with pytest.raises(LessonError, match="damaged"):
        parse_lesson("{", "x.json")
    with pytest.raises(LessonError, match="NaN is not allowed"):
        parse_lesson(lesson(POWER).replace("2}", "NaN}"), "x.json")


def test_files_are_untrusted_input(tmp_path) -> None:
    path = tmp_path / "l.json"
    path.write_text(lesson(POWER), encoding="utf-8-sig")
    assert load_lesson(path).steps[0].title == "Power rule"
    with pytest.raises(LessonError, match="does not exist"):
        load_lesson(tmp_path / "missing.json")
    with pytest.raises(LessonError, match="folder"):
        load_lesson(tmp_path)
    (tmp_path / "big.json").write_bytes(b" " * (3 * 2**20))
    with pytest.raises(LessonError, match="limit"):
        load_lesson(tmp_path / "big.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\x00\xfe")
    with pytest.raises(LessonError, match="not UTF-8"):
        load_lesson(tmp_path / "bin.json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.json")
        with pytest.raises(LessonError, match="FIFO"):
            load_lesson(tmp_path / "pipe.json")


def test_lesson_and_session_are_told_apart() -> None:
    assert is_lesson_text(lesson(POWER))
    assert not is_lesson_text('{"format": "gradient-lab-session", "version": 1, "tabs": {}}')


def test_state_merge_keeps_what_the_step_does_not_give() -> None:
    current = {"formula": "x", "x_range": [-3, 3], "nested": {"a": 1, "b": 2}}
    merged = merged_state("derivatives", current, {"formula": "x^5", "nested": {"b": 5}})
    assert merged == {"formula": "x^5", "x_range": [-3, 3], "nested": {"a": 1, "b": 5}}
    assert current["nested"] == {"a": 1, "b": 2}  # the tab's own state is not changed


def test_a_network_step_without_weights_starts_fresh() -> None:
    current = {"settings": {"seed": 0, "layers": [2, 4, 1]}, "weights": [[[1.0]]],
               "biases": [[0.0]], "loss_history": {"epochs": [1], "train": [0.5]}}
    merged = merged_state("network", current, {"settings": {"layers": [2, 2, 1]}})
    assert merged["weights"] is None and merged["loss_history"]["epochs"] == []
    assert merged["settings"] == {"seed": 0, "layers": [2, 2, 1]}


def test_a_many_starts_run_until_reads_and_writes_back() -> None:
    read = parse_lesson(lesson({"title": "Many", "tab": "network",
                                "run_until": {"epochs": 1000, "starts": 20}},
                               {"title": "One", "tab": "network", "run_until": {"epochs": 9}}))
    many, one = read.steps
    assert (many.run_until, many.starts) == (("epochs", 1000), 20)
    assert (one.run_until, one.starts) == (("epochs", 9), 1)
    assert run_until_state(many) == {"settings": {"max_epochs": 1000}}
    assert parse_lesson(lesson_text(read)) == read
    assert "starts" not in lesson_to_dict(read)["steps"][1]["run_until"]


def test_run_until_sets_the_run_stop() -> None:
    read = parse_lesson(lesson({"title": "A", "tab": "network", "run_until": {"epochs": 7}},
                               {"title": "B", "tab": "descent", "run_until": {"steps": 9}}))
    assert run_until_state(read.steps[0]) == {"settings": {"max_epochs": 7}}
    assert run_until_state(read.steps[1]) == {"max_steps": 9}


def test_written_lessons_read_back_the_same() -> None:
    read = parse_lesson(lesson(POWER, {"title": "Run", "tab": "network", "lock": ["a"],
                                       "run_until": {"epochs": 50}}))
    assert parse_lesson(lesson_text(read)) == read
    assert math.isclose(compute(read.steps[0].question.compute), 80.0)


def test_reveal_needs_a_question_and_round_trips() -> None:
    with pytest.raises(LessonError, match="reveal shows controls once the question"):
        parse_lesson(lesson({"title": "S", "tab": "derivatives", "reveal": ["secant_table"]}))
    read = parse_lesson(lesson(dict(POWER, reveal=["tangent_label", "secant_table"])))
    assert read.steps[0].reveal == ("tangent_label", "secant_table")
    assert parse_lesson(lesson_text(read)) == read
