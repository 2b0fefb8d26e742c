"""Targeting in plain Dutch and English, as the guide editor shows it."""

from datetime import UTC, datetime

import pytest

from wegwijs.content.summary import targeting_summary

APPROVERS = {"all": [{"trait": "role", "op": "eq", "value": "approver"}]}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "Shown once, to users whose role is approver, on /claims/*"),
        (
            "nl",
            "Eén keer getoond, aan gebruikers van wie role gelijk is aan approver, op /claims/*",
        ),
    ],
)
def test_the_issue_example(locale: str, expected: str) -> None:
    targeting = {"url_rules": ["/claims/*"], "audience": APPROVERS}
    assert targeting_summary(targeting=targeting, frequency="once", locale=locale) == expected


def test_every_part() -> None:
    targeting = {
        "url_rules": ["/claims/new", "/claims/:id/edit"],
        "audience": {
            "any": [
                {"trait": "department", "op": "in", "value": ["finance", "hr"]},
                {"all": [{"trait": "beta", "op": "eq", "value": True}]},
            ]
        },
        "element": "#claim-form",
    }
    summary = targeting_summary(
        targeting=targeting,
        frequency="until_completed",
        starts_at=datetime(2026, 12, 1, 7, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 31, 23, 0, tzinfo=UTC),
        timezone="Europe/Amsterdam",
        locale="nl",
    )
    assert summary == (
        "Getoond tot voltooid, aan gebruikers van wie department een van deze is: finance, hr"
        " of (van wie beta gelijk is aan waar), op /claims/new of /claims/:id/edit,"
        " als #claim-form op de pagina staat, vanaf 2026-12-01 08:00, tot 2027-01-01 00:00"
    )


def test_any_page_and_everyone() -> None:
    summary = targeting_summary(targeting={"url_rules": ["*"]}, frequency="always", locale="en-GB")
    assert summary == "Shown every time, to all users, on every page"
    assert targeting_summary(targeting={}, frequency="until_dismissed", locale="fr").startswith(
        "Shown until dismissed"
    )
