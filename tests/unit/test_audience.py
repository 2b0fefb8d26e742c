"""Audience rules: every operator, nesting, type mismatches, validation, index terms, summary."""

from typing import Any

import pytest

from wegwijs.content.summary import audience_summary
from wegwijs.delivery.audience import (
    MAX_CONDITIONS,
    Audience,
    AudienceError,
    compile_audience,
)


def one(trait: str, op: str, value: Any = None, *, with_value: bool = True) -> dict[str, Any]:
    condition: dict[str, Any] = {"trait": trait, "op": op}
    if with_value and op not in ("exists", "not_exists"):
        condition["value"] = value
    return {"all": [condition]}


def check(rule: dict[str, Any], traits: dict[str, Any]) -> bool:
    return compile_audience(rule).matches(traits)


@pytest.mark.parametrize(
    ("op", "value", "trait", "expected"),
    [
        ("eq", "approver", "approver", True),
        ("eq", "approver", "Approver", False),
        ("eq", "approver", "approver ", False),
        ("eq", "approver", None, False),
        ("eq", "approver", ["approver"], False),
        ("eq", "42", 42, False),
        ("eq", 42, "42", False),
        ("eq", 42, 42, True),
        ("eq", 42, 42.0, True),
        ("eq", True, True, True),
        ("eq", True, 1, False),
        ("eq", 1, True, False),
        ("eq", False, 0, False),
        ("eq", "", "", True),
        ("ne", "approver", "approver", False),
        ("ne", "approver", "clerk", True),
        ("ne", "approver", "APPROVER", True),
        ("ne", "approver", None, True),
        ("ne", "42", 42, True),
        ("in", ["finance", "hr"], "hr", True),
        ("in", ["finance", "hr"], "HR", False),
        ("in", ["finance", "hr"], "it", False),
        ("in", ["finance", "hr"], None, False),
        ("in", ["finance", "hr"], ["hr"], False),
        ("in", [1, 2, "3"], 2, True),
        ("in", [1, 2, "3"], 3, False),
        ("in", [1, 2, "3"], "3", True),
        ("in", [1, 2], True, False),
        ("in", [True], 1, False),
        ("in", [True], True, True),
        ("not_in", ["finance", "hr"], "it", True),
        ("not_in", ["finance", "hr"], "hr", False),
        ("not_in", ["finance", "hr"], None, True),
        ("contains", "fin", "finance", True),
        ("contains", "Fin", "finance", False),
        ("contains", "beta", ["alpha", "beta"], True),
        ("contains", "bet", ["alpha", "beta"], False),
        ("contains", 3, [1, 2, 3], True),
        ("contains", 3, [1, 2, "3"], False),
        ("contains", True, [1], False),
        ("contains", 3, "123", False),
        ("contains", "x", None, False),
        ("contains", "x", 5, False),
        ("contains", "x", {"x": 1}, False),
        ("gt", 10, 11, True),
        ("gt", 10, 10, False),
        ("gt", 10, 10.5, True),
        ("gte", 10, 10, True),
        ("gte", 10, 9.99, False),
        ("lt", 10, 9, True),
        ("lt", 10, 10, False),
        ("lte", 10, 10, True),
        ("lte", 10, 11, False),
        ("gt", 0.5, 1, True),
        ("gt", 10, "11", False),
        ("gt", 10, None, False),
        ("gt", 0, True, False),
        ("lt", 10, [1], False),
        ("lt", 10, float("nan"), False),
        ("before", "2024-05-01", "2024-04-30", True),
        ("before", "2024-05-01", "2024-05-01", False),
        ("before", "2024-05-01", "2024-05-01T23:59:59+02:00", False),
        ("before", "2024-05-01", "2024-04-30T23:59:59-05:00", True),
        ("after", "2024-05-01", "2024-05-02", True),
        ("after", "2024-05-01", "2024-05-01T10:00:00", False),
        ("after", "2024-05-01", "2024-05-02T00:00:00Z", True),
        ("before", "2024-05-01T12:00:00Z", "2024-05-01T11:59:59Z", True),
        ("before", "2024-05-01T12:00:00Z", "2024-05-01T13:30:00+02:00", True),
        ("before", "2024-05-01T12:00:00Z", "2024-05-01T12:30:00+00:00", False),
        ("before", "2024-05-01T12:00:00", "2024-05-01T11:00:00Z", True),
        ("before", "2024-05-01T12:00:00Z", "2024-05-01", True),
        ("after", "2024-05-01T12:00:00Z", "2024-05-01", False),
        ("after", "2024-05-01T12:00:00Z", "2024-05-02", True),
        ("before", "2024-05-01", "not a date", False),
        ("before", "2024-05-01", "2024-13-01", False),
        ("before", "2024-05-01", 20240430, False),
        ("before", "2024-05-01", None, False),
        ("after", "2024-05-01", "", False),
    ],
)
def test_operators(op: str, value: Any, trait: Any, expected: bool) -> None:
    assert check(one("t", op, value), {"t": trait}) is expected


@pytest.mark.parametrize(
    ("op", "traits", "expected"),
    [
        ("exists", {"t": "x"}, True),
        ("exists", {"t": ""}, True),
        ("exists", {"t": 0}, True),
        ("exists", {"t": False}, True),
        ("exists", {"t": None}, False),
        ("exists", {}, False),
        ("not_exists", {}, True),
        ("not_exists", {"t": None}, True),
        ("not_exists", {"t": "x"}, False),
    ],
)
def test_presence(op: str, traits: dict[str, Any], expected: bool) -> None:
    assert check(one("t", op), traits) is expected


@pytest.mark.parametrize("op", ["eq", "in", "contains", "gt", "before"])
def test_a_missing_trait_never_satisfies_a_positive_condition(op: str) -> None:
    value = {"eq": "x", "in": ["x"], "contains": "x", "gt": 0, "before": "2999-01-01"}[op]
    assert not check(one("t", op, value), {})
    assert not check(one("t", op, value), {"other": "x"})


@pytest.mark.parametrize(("op", "value"), [("ne", "x"), ("not_in", ["x"]), ("not_exists", None)])
def test_negative_conditions_hold_for_a_missing_trait(op: str, value: Any) -> None:
    """`ne`, `not_in` and `not_exists` are exactly the opposites of `eq`, `in` and `exists`."""
    assert check(one("t", op, value), {})
    assert check(one("t", op, value), {"other": "x"})


def test_trait_names_with_dots_and_dashes_are_flat_keys() -> None:
    rule = one("company.size-band", "eq", "large")
    assert check(rule, {"company.size-band": "large"})
    assert not check(rule, {"company": {"size-band": "large"}})


ROLE_APPROVER = {"trait": "role", "op": "eq", "value": "approver"}
DEPT_FINANCE_HR = {"trait": "department", "op": "in", "value": ["finance", "hr"]}
SENIOR = {"trait": "level", "op": "gte", "value": 5}


def test_all_needs_every_item_and_any_needs_one() -> None:
    every = {"all": [ROLE_APPROVER, DEPT_FINANCE_HR]}
    some = {"any": [ROLE_APPROVER, DEPT_FINANCE_HR]}
    both = {"role": "approver", "department": "hr"}
    role_only = {"role": "approver", "department": "it"}
    neither = {"role": "clerk", "department": "it"}
    assert check(every, both) and not check(every, role_only) and not check(every, neither)
    assert check(some, both) and check(some, role_only) and not check(some, neither)


def test_groups_nest_three_levels() -> None:
    rule = {
        "all": [
            ROLE_APPROVER,
            {"any": [DEPT_FINANCE_HR, {"all": [SENIOR, {"trait": "beta", "op": "exists"}]}]},
        ]
    }
    assert check(rule, {"role": "approver", "department": "hr"})
    assert check(rule, {"role": "approver", "department": "it", "level": 5, "beta": True})
    assert not check(rule, {"role": "approver", "department": "it", "level": 5})
    assert not check(rule, {"role": "approver", "department": "it", "level": 4, "beta": 1})
    assert not check(rule, {"role": "clerk", "department": "hr"})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({}, 'an audience is a group: {"all": [...]} or {"any": [...]}'),
        ([], "an audience is a group"),
        ("role=approver", "an audience is a group"),
        (ROLE_APPROVER, "put a condition in a group"),
        ({"all": []}, "the 'all' list is empty"),
        ({"any": []}, "the 'any' list is empty"),
        ({"all": [ROLE_APPROVER], "any": [ROLE_APPROVER]}, "exactly one of 'all' or 'any'"),
        ({"all": [ROLE_APPROVER], "none": []}, "none: Extra inputs are not permitted"),
        ({"all": ROLE_APPROVER}, "all: Input should be a valid list"),
        ({"all": ["role"]}, "all.0: each item must be a condition"),
        ({"all": [{"trait": "role", "op": "is", "value": "x"}]}, "all.0.op: Input should be"),
        ({"all": [{"op": "eq", "value": "x"}]}, "all.0.trait: Field required"),
        ({"all": [{"trait": "role", "value": "x"}]}, "all.0.op: Field required"),
        ({"all": [{"trait": "role", "op": "eq", "value": "x", "x": 1}]}, "all.0.x: Extra"),
        ({"all": [{"trait": "9lives", "op": "exists"}]}, "all.0.trait: a trait name"),
        ({"all": [{"trait": "a b", "op": "exists"}]}, "all.0.trait: a trait name"),
        ({"all": [{"trait": "a" * 65, "op": "exists"}]}, "all.0.trait: a trait name"),
        ({"all": [{"trait": "", "op": "exists"}]}, "all.0.trait: a trait name"),
        (one("t", "eq", None), "all.0: 'eq' needs a string, number or boolean value"),
        (one("t", "eq", ["a"]), "'eq' needs a string, number or boolean"),
        (one("t", "ne", {"a": 1}), "'ne' needs a string, number or boolean"),
        (one("t", "contains", None), "'contains' needs a string, number or boolean"),
        (one("t", "eq", float("inf")), "'eq' needs a string, number or boolean"),
        (one("t", "in", "finance"), "'in' needs a non-empty list"),
        (one("t", "in", []), "'in' needs a non-empty list"),
        (one("t", "not_in", [None]), "values of 'not_in' must be strings, numbers or booleans"),
        (one("t", "in", [[1]]), "values of 'in' must be"),
        (one("t", "in", list(range(101))), "'in' takes at most 100 values"),
        (one("t", "gt", "5"), "'gt' needs a number value"),
        (one("t", "lte", True), "'lte' needs a number value"),
        (one("t", "lt", float("nan")), "'lt' needs a number value"),
        (one("t", "before", "yesterday"), "'before' needs an ISO date or datetime"),
        (one("t", "after", 20240501), "'after' needs an ISO date"),
        (one("t", "after", "2024-02-30"), "'after' needs an ISO date"),
        ({"all": [{"trait": "t", "op": "exists", "value": 1}]}, "'exists' takes no value"),
        ({"all": [{"trait": "t", "op": "not_exists", "value": "x"}]}, "takes no value"),
    ],
)
def test_invalid_rules_are_refused_with_a_reason(rule: Any, message: str) -> None:
    with pytest.raises(AudienceError) as raised:
        compile_audience(rule)
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_nesting_deeper_than_three_levels_is_refused() -> None:
    three = {"all": [{"any": [{"all": [ROLE_APPROVER]}]}]}
    compile_audience(three)
    with pytest.raises(AudienceError, match="at most 3 levels"):
        compile_audience({"all": [{"any": [{"all": [{"any": [ROLE_APPROVER]}]}]}]})


def test_at_most_fifty_conditions_counting_nested_ones() -> None:
    compile_audience({"all": [ROLE_APPROVER] * MAX_CONDITIONS})
    nested = {"any": [{"all": [ROLE_APPROVER] * 25}, {"all": [ROLE_APPROVER] * 26}]}
    with pytest.raises(AudienceError, match="at most 50 conditions; this one has 51"):
        compile_audience(nested)


def test_in_accepts_exactly_one_hundred_values() -> None:
    assert check(one("t", "in", [str(n) for n in range(100)]), {"t": "99"})


@pytest.mark.parametrize(
    ("rule", "terms"),
    [
        ({"all": [ROLE_APPROVER]}, [("role", "approver")]),
        ({"all": [SENIOR, ROLE_APPROVER, DEPT_FINANCE_HR]}, [("role", "approver")]),
        ({"all": [DEPT_FINANCE_HR, ROLE_APPROVER]}, [("role", "approver")]),
        ({"all": [SENIOR, DEPT_FINANCE_HR]}, [("department", "finance"), ("department", "hr")]),
        (
            {"all": [one("a", "in", ["1", "2", "3"])["all"][0], DEPT_FINANCE_HR]},
            [("department", "finance"), ("department", "hr")],
        ),
        ({"all": [one("d", "in", ["x", "x", "y"])["all"][0]]}, [("d", "x"), ("d", "y")]),
        ({"any": [ROLE_APPROVER]}, []),
        ({"any": [ROLE_APPROVER, DEPT_FINANCE_HR]}, []),
        ({"all": [SENIOR]}, []),
        ({"all": [one("n", "eq", 5)["all"][0]]}, []),
        ({"all": [one("b", "eq", True)["all"][0]]}, []),
        ({"all": [one("m", "in", ["a", 1])["all"][0]]}, []),
        ({"all": [one("r", "ne", "x")["all"][0]]}, []),
        ({"all": [{"all": [ROLE_APPROVER]}]}, []),
    ],
)
def test_index_terms(rule: dict[str, Any], terms: list[tuple[str, str]]) -> None:
    audience = compile_audience(rule)
    assert audience.index_terms == terms
    for trait, value in terms:
        # An index may only file a guide under a pair a matching visitor must have.
        assert audience.matches({**SATISFYING, trait: value})
        assert not audience.matches({**SATISFYING, trait: value + "-other"})


SATISFYING = {"role": "approver", "department": "hr", "level": 9, "a": "1", "d": "x"}


def test_index_terms_are_a_copy() -> None:
    audience = compile_audience({"all": [ROLE_APPROVER]})
    audience.index_terms.clear()
    assert audience.index_terms == [("role", "approver")]


@pytest.mark.parametrize(
    ("rule", "summary"),
    [
        (
            {"all": [ROLE_APPROVER, DEPT_FINANCE_HR]},
            "users whose role is approver and whose department is one of finance, hr",
        ),
        (
            {"any": [ROLE_APPROVER, {"all": [SENIOR, {"trait": "beta", "op": "exists"}]}]},
            "users whose role is approver or (whose level is at least 5 and whose beta is set)",
        ),
        (one("r", "ne", "x"), "users whose r is not x"),
        (one("d", "not_in", ["a", "b"]), "users whose d is none of a, b"),
        (one("tags", "contains", "beta"), "users whose tags contains beta"),
        (one("t", "not_exists"), "users whose t is not set"),
        (one("n", "gt", 1.5), "users whose n is greater than 1.5"),
        (one("n", "lt", 3), "users whose n is less than 3"),
        (one("n", "lte", 3), "users whose n is at most 3"),
        (one("d", "before", "2024-05-01"), "users whose d is before 2024-05-01"),
        (one("d", "after", "2024-05-01"), "users whose d is after 2024-05-01"),
        (one("b", "eq", False), "users whose b is false"),
        (one("s", "eq", ""), 'users whose s is ""'),
    ],
)
def test_plain_summary(rule: dict[str, Any], summary: str) -> None:
    assert audience_summary(compile_audience(rule)) == f"to {summary}"


def test_plain_summary_without_rule() -> None:
    assert audience_summary(None) == "to all users"


def test_to_dict_is_canonical_and_round_trips() -> None:
    rule = {"any": [{"trait": "t", "op": "exists", "value": None}, ROLE_APPROVER]}
    audience = compile_audience(rule)
    assert audience.to_dict() == {"any": [{"trait": "t", "op": "exists"}, ROLE_APPROVER]}
    again = compile_audience(audience.to_dict())
    assert isinstance(again, Audience)
    assert again.to_dict() == audience.to_dict()
    assert compile_audience(audience.rule).to_dict() == audience.to_dict()
