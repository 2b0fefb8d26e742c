"""The candidate index: exactly the guides a brute-force scan finds, with bounded work per call.

Also covers `Targeting` validation and `compile_targeting`, which the index is built from.
"""

import random
from typing import Any

import pytest
from pydantic import ValidationError

from wegwijs.delivery.audience import Audience
from wegwijs.delivery.index import GuideIndex
from wegwijs.delivery.targeting import CompiledTargeting, Targeting, compile_targeting
from wegwijs.delivery.url_rules import UrlRule, parse_page_url

HOSTS = ["app.example.com", "other.example.com"]
LOWER = ["new", "edit", "1", "22", "report.pdf", "settings"]


def brute_force(entries: list[tuple[int, CompiledTargeting]], url: str, traits: Any) -> list[int]:
    page = parse_page_url(url)
    return [
        key
        for key, targeting in entries
        if targeting.matches_url(page) and targeting.matches_audience(traits)
    ]


def targeting(
    url_rules: list[str] | None = None, audience: dict[str, Any] | None = None
) -> CompiledTargeting:
    return compile_targeting(Targeting(url_rules=url_rules or ["*"], audience=audience))


def eq(trait: str, value: Any) -> dict[str, Any]:
    return {"trait": trait, "op": "eq", "value": value}


# --- a randomised library of guides ---------------------------------------------------------


def random_rule(rng: random.Random, segments: list[str]) -> str:
    s, t = rng.choice(segments), rng.choice(LOWER)
    return rng.choice(
        [
            f"/{s}",
            f"/{s}/{t}",
            f"/{s}/**",
            f"/{s}/*/edit",
            f"/{s}/:id",
            f"/{s}/**/settings",
            f"/{s}/*.pdf",
            f"/{s}?status=open",
            f"/{s}/**?status=*",
            f"/{s}#notes",
            f"/{s}#/r/:id",
            f"{rng.choice(HOSTS)}/{s}/**",
            f"https://{rng.choice(HOSTS)}/{s}",
        ]
    )


def unkeyed_rule(rng: random.Random, segments: list[str]) -> str:
    """Mostly rules that start with a wildcard; the root page (a single bucket) as well."""
    s = rng.choice(segments)
    return rng.choice(
        ["/*/edit", "/**/settings", f"/:section/{s}", "?status=open", "#/r/**", "/*", "#notes", "/"]
    )


def random_audience(rng: random.Random, departments: list[str]) -> dict[str, Any] | None:
    department = rng.choice(departments)
    return rng.choice(
        [
            None,
            department_audience(rng, departments),
            {"all": [eq("role", rng.choice(["approver", "clerk"]))]},
            {"any": [eq("role", "approver"), eq("department", department)]},
            {"all": [{"trait": "level", "op": "lt", "value": 5}]},
            {
                "all": [
                    {"trait": "role", "op": "ne", "value": "clerk"},
                    eq("department", department),
                ]
            },
        ]
    )


def department_audience(rng: random.Random, departments: list[str]) -> dict[str, Any]:
    """An audience an index can file under the visitor's department."""
    return rng.choice(
        [
            {"all": [eq("department", rng.choice(departments))]},
            {
                "all": [
                    {"trait": "level", "op": "gte", "value": 3},
                    eq("department", rng.choice(departments)),
                ]
            },
            {
                "all": [
                    {"trait": "department", "op": "in", "value": rng.sample(departments, 2)},
                    {"trait": "role", "op": "exists"},
                ]
            },
        ]
    )


def random_library(
    rng: random.Random,
    count: int,
    *,
    segments: int,
    departments: int,
    wildcard_first: int,
    unfiled: int,
) -> list[tuple[int, CompiledTargeting]]:
    """`count` guides: `wildcard_first` with a rule starting with a wildcard, `unfiled` shown on
    any page to any kind of audience; of the rest, four in five bound to pages (any audience)
    and one in five on any page for a department."""
    segment_names = [f"s{n}" for n in range(segments)]
    department_names = [f"d{n}" for n in range(max(2, departments))]
    library = []
    for number in range(count):
        if number < wildcard_first:
            rules = [unkeyed_rule(rng, segment_names), random_rule(rng, segment_names)]
            audience = random_audience(rng, department_names)
        elif number < wildcard_first + unfiled:
            rules, audience = ["*"], random_audience(rng, department_names)
        elif rng.random() < 0.8:
            rules = [random_rule(rng, segment_names) for _ in range(rng.choice([1, 1, 2, 3]))]
            audience = random_audience(rng, department_names)
        else:
            rules, audience = ["*"], department_audience(rng, department_names)
        library.append(targeting(rules, audience))
    rng.shuffle(library)
    return [(1000 + number, compiled) for number, compiled in enumerate(library)]


def random_visit(rng: random.Random, segments: int, departments: int) -> tuple[str, dict[str, Any]]:
    path = "/".join(
        [f"s{rng.randrange(segments)}"] + rng.sample(LOWER, rng.choice([0, 0, 1, 1, 2, 3]))
    )
    if rng.random() < 0.05:
        path = ""
    url = f"https://{rng.choice(HOSTS)}/{path}"
    if rng.random() < 0.3:
        url += rng.choice(["?status=open", "?status=closed", "?page=2&status=open"])
    if rng.random() < 0.3:
        url += rng.choice(["#notes", "#/r/7", "#/r"])
    traits: dict[str, Any] = {}
    if rng.random() < 0.9:
        traits["department"] = f"d{rng.randrange(departments)}"
    if rng.random() < 0.8:
        traits["role"] = rng.choice(["approver", "clerk", "admin"])
    if rng.random() < 0.8:
        traits["level"] = rng.choice([1, 3, 4, 7, "5"])
    return url, traits


# --- correctness ------------------------------------------------------------------------------


def test_candidates_equal_a_brute_force_scan() -> None:
    rng = random.Random(20240501)
    entries = random_library(rng, 2000, segments=40, departments=12, wildcard_first=60, unfiled=200)
    index = GuideIndex(entries)
    assert len(index) == 2000
    hits = 0
    for _ in range(600):
        url, traits = random_visit(rng, segments=40, departments=12)
        expected = brute_force(entries, url, traits)
        assert index.candidates(url, traits) == expected, (url, traits)
        hits += len(expected)
    assert hits > 600 * 20  # the comparison is not between two empty lists


def test_a_guide_with_several_matching_rules_is_listed_once_in_entry_order() -> None:
    entries = [
        (7, targeting(["/claims/**", "/claims/new", "/*/new", "#/x"])),
        (3, targeting(["/claims/new"], {"all": [eq("role", "approver")]})),
        (9, targeting(["*", "/claims/new"])),
        (5, targeting(["*"], {"all": [{"trait": "role", "op": "in", "value": ["a", "approver"]}]})),
        (1, targeting(["/other"])),
    ]
    index = GuideIndex(entries)
    assert index.candidates("https://x.example/claims/new#/x", {"role": "approver"}) == [7, 3, 9, 5]
    assert index.candidates("https://x.example/claims/new", {"role": "clerk"}) == [7, 9]
    assert index.candidates("https://x.example/other", {}) == [9, 1]


def test_rejected_audience_is_not_retried_through_another_bucket() -> None:
    entries = [(1, targeting(["/claims/new", "/*/new"], {"all": [eq("role", "approver")]}))]
    index = GuideIndex(entries)
    assert index.candidates("/claims/new", {"role": "clerk"}) == []
    assert index.candidates("/claims/new", {"role": "approver"}) == [1]
    assert index.candidates("/orders/new", {"role": "approver"}) == [1]


def test_empty_index() -> None:
    assert GuideIndex([]).candidates("https://x.example/", {}) == []


def test_root_page_uses_the_root_bucket() -> None:
    index = GuideIndex([(1, targeting(["/"])), (2, targeting(["/home"]))])
    assert index.candidates("https://x.example", {}) == [1]
    assert index.candidates("https://x.example/", {}) == [1]
    assert index.candidates("https://x.example/home/", {}) == [2]


def test_audience_buckets_need_the_exact_string_trait() -> None:
    rule = {"all": [eq("department", "finance")]}
    index = GuideIndex([(1, targeting(["*"], rule))])
    assert index.candidates("/x", {"department": "finance"}) == [1]
    for other in ["Finance", ["finance"], None, 1]:
        assert index.candidates("/x", {"department": other}) == []
    assert index.candidates("/x", {}) == []


# --- bounded work -----------------------------------------------------------------------------


class Evaluations:
    """Counts URL rule and audience evaluations by wrapping both classes' `matches`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        for cls in (UrlRule, Audience):
            original = cls.matches

            def counted(self_: Any, *args: Any, _original: Any = original) -> bool:
                self.count += 1
                return bool(_original(self_, *args))

            monkeypatch.setattr(cls, "matches", counted)

    def per_call(self, index: GuideIndex, visits: list[tuple[str, dict[str, Any]]]) -> float:
        self.count = 0
        for url, traits in visits:
            index.candidates(url, traits)
        return self.count / len(visits)


@pytest.fixture
def evaluations(monkeypatch: pytest.MonkeyPatch) -> Evaluations:
    return Evaluations(monkeypatch)


def test_the_counter_sees_a_full_scan(evaluations: Evaluations) -> None:
    """The instrument works: a brute-force scan over 1,000 guides counts at least 1,000."""
    rng = random.Random(7)
    entries = random_library(rng, 1000, segments=50, departments=10, wildcard_first=10, unfiled=10)
    evaluations.count = 0
    brute_force(entries, "https://app.example.com/s1/new", {"department": "d1"})
    assert evaluations.count >= 1000


def test_work_per_call_does_not_grow_with_guides_that_cannot_match(
    evaluations: Evaluations,
) -> None:
    """100 → 10,000 guides with the same mix: as many guides per page and per department.

    The 20 wildcard-first and unfiled any-page guides are tested on every call, whatever the
    size; everything else is reached through its page's or its department's bucket.
    """
    measured = {}
    for count in (100, 1000, 10_000):
        rng = random.Random(11)
        segments, departments = count // 20, max(2, count // 100)
        library = random_library(
            rng, count, segments=segments, departments=departments, wildcard_first=10, unfiled=10
        )
        visits = [random_visit(rng, segments, departments) for _ in range(300)]
        measured[count] = evaluations.per_call(GuideIndex(library), visits)
    assert measured[10_000] < 1.5 * measured[100], measured
    assert measured[10_000] < 0.01 * 10_000, measured


def test_ten_thousand_guides_over_500_pages_and_100_departments(
    evaluations: Evaluations,
) -> None:
    rng = random.Random(3)
    library = random_library(
        rng, 10_000, segments=500, departments=100, wildcard_first=20, unfiled=20
    )
    visits = [random_visit(rng, 500, 100) for _ in range(300)]
    # ~8,000 page-bound guides over 500 first segments (~16 a page, some with two or three
    # rules), ~2,000 any-page guides filed over 100 departments, 40 tested on every call.
    per_call = evaluations.per_call(GuideIndex(library), visits)
    assert per_call < 200, per_call


# --- Targeting: validation and compiling ------------------------------------------------------


def test_targeting_defaults_to_every_page_and_everyone() -> None:
    compiled = compile_targeting(Targeting())
    assert compiled.url_rules[0].any_page
    assert compiled.audience is None and compiled.element is None
    assert compiled.any_page
    assert compiled.matches_url("https://x.example/anything")
    assert compiled.matches_audience({})
    assert compile_targeting({}).any_page


def test_targeting_compiles_rules_audience_and_element() -> None:
    compiled = compile_targeting(
        {
            "url_rules": [" /orders/:id ", "/claims/**"],
            "audience": {"all": [eq("role", "approver")]},
            "element": " #save ",
        }
    )
    assert [rule.text for rule in compiled.url_rules] == ["/orders/:id", "/claims/**"]
    assert compiled.matches_url("/claims/1") and not compiled.matches_url("/invoices")
    assert compiled.url_params("/orders/5") == {"id": "5"}
    assert compiled.url_params("/claims") == {}
    assert compiled.url_params("/invoices") is None
    assert compiled.matches_audience({"role": "approver"})
    assert not compiled.matches_audience({"role": "clerk"})
    assert compiled.matches("/orders/5", {"role": "approver"})
    assert not compiled.matches("/orders/5", {"role": "clerk"})
    assert compiled.element == "#save"
    assert not compiled.any_page


def test_targeting_stores_cleaned_rules_and_the_canonical_audience() -> None:
    stored = Targeting(
        url_rules=["  /claims/**  "],
        audience={"any": [{"trait": "beta", "op": "exists", "value": None}]},
        element="   ",
    ).model_dump()
    assert stored == {
        "url_rules": ["/claims/**"],
        "audience": {"any": [{"trait": "beta", "op": "exists"}]},
        "element": None,
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"url_rules": []}, "url_rules", "at least 1 item"),
        ({"url_rules": ["*"] * 21}, "url_rules", "at most 20 items"),
        ({"url_rules": ["/ok", "claims/new"]}, "url_rules", "URL rule 2 ('claims/new'): a path"),
        ({"url_rules": ["/orders/:"]}, "url_rules", "':' must be followed by a parameter name"),
        ({"url_rules": [""]}, "url_rules", "URL rule 1 (''): the rule is empty"),
        ({"audience": {"all": []}}, "audience", "audience: the 'all' list is empty"),
        ({"audience": {"all": [eq("role", None)]}}, "audience", "all.0: 'eq' needs a string"),
        ({"element": "<img src=x>"}, "element", "cannot contain '<', '{' or '}'"),
        ({"element": "a{color:red}"}, "element", "cannot contain"),
        ({"element": "a\nb"}, "element", "control characters"),
        ({"element": "a" * 501}, "element", "at most 500 characters"),
    ],
)
def test_invalid_targeting_names_the_field(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Targeting.model_validate(data)
    errors = raised.value.errors()
    assert errors[0]["loc"][0] == field
    assert message in errors[0]["msg"]
