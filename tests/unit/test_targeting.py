"""Targeting details beyond rules and audiences."""

from wegwijs.delivery.targeting import Targeting


def test_child_combinator_selectors_are_allowed() -> None:
    assert Targeting(element="form#claim-form > button").element == "form#claim-form > button"
