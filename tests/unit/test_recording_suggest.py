"""What recorded steps become: URL rules with ids generalised, triggers, suggested texts."""

import pytest

from wegwijs.delivery.url_rules import compile_url_rule
from wegwijs.recording.suggest import (
    generalise_path,
    sample_url_for,
    short_label,
    suggested_text,
    url_rule_for,
)


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("/claims", "/claims"),
        ("/claims/1234/edit", "/claims/:id/edit"),
        ("/claims/1234/lines/7", "/claims/:id/lines/:id2"),
        ("/orders/3f2a8c1e-9b7d-4c6e-8a5f-1d2e3f4a5b6c", "/orders/:id"),
        ("/commits/9fceb02d0ae598e95dc970b74767f19372d61af8", "/commits/:id"),
        ("/files/a1b2c3d4e5f6g7h8", "/files/:id"),
        ("/reports/2026-11-24", "/reports/:id"),
        ("/settings/2fa", "/settings/2fa"),
        ("/users/edit/profile", "/users/edit/profile"),
        ("/", "/"),
        ("/claims/", "/claims/"),
    ],
)
def test_ids_become_parameters(path: str, rule: str) -> None:
    assert generalise_path(path) == rule


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("https://app.example.com/claims/12/edit?tab=2#notes", "/claims/:id/edit"),
        ("https://app.example.com/app#/orders/42?x=1", "/app#/orders/:id"),
        ("https://app.example.com/app#!/orders/42", "/app#!/orders/:id"),
        ("https://app.example.com", "/"),
    ],
)
def test_url_rule_of_the_recorded_page(url: str, rule: str) -> None:
    assert url_rule_for(url) == rule
    assert compile_url_rule(rule).matches(url)


def test_sample_url_loses_denied_parameters_only() -> None:
    url = "https://app.example.com/claims?email=a%40b.nl&tab=2"
    assert sample_url_for(url, ["email"]) == "https://app.example.com/claims?tab=2"
    assert sample_url_for(url, []) == url


@pytest.mark.parametrize(
    ("action", "label", "locale", "title", "body"),
    [
        ("click", "Opslaan", "nl", "Klik op Opslaan", "Klik op **Opslaan**."),
        ("input", "Bedrag", "nl", "Vul Bedrag in", "Vul **Bedrag** in."),
        ("click", "Save", "en", "Click Save", "Click **Save**."),
        ("select", "Cost centre", "en-GB", "Choose Cost centre", "Choose **Cost centre**."),
        ("click", "Opslaan", "de", "Click Opslaan", "Click **Opslaan**."),
        ("click", "  ", "nl", "Klik hier", "Klik hier."),
        ("input", "", "en", "Fill in this field", ""),
        (
            "click",
            "*bold* [link](x)",
            "en",
            "Click *bold* [link](x)",
            r"Click **\*bold\* \[link\](x)**.",
        ),
    ],
)
def test_suggested_texts(action, label, locale, title, body) -> None:
    assert suggested_text(action, label, locale) == (title, body)


def test_long_labels_are_cut_at_a_word() -> None:
    label = "Submit this expense claim for approval by your manager and the finance department"
    cut = short_label(label)
    assert len(cut) <= 60 and cut.endswith("…") and " " in cut
    assert label.startswith(cut[:-1])
