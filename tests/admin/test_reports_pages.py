"""The dashboards as pages: the scenario's numbers (worked out by hand in
`tests/analytics/scenario.py`), filters, CSV links, roles, and visitors' text shown only
as text — in the page and in the SVG charts."""

import csv
import html
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.admin.helpers import error_summary, member_signed_in, text_of
from tests.admin.test_access import FORBIDDEN, as_who
from tests.admin.test_security_headers import assert_secure
from tests.analytics.scenario import D1, D2, World, build, event, ingest
from tests.delivery_factories import publish, step
from tests.factories import make_app, make_guide
from tests.security.corpus import payloads
from wegwijs.admin import i18n
from wegwijs.admin.dashboards import Numbers
from wegwijs.admin.pages import TEMPLATES_DIR
from wegwijs.analytics.rollups import fold_query
from wegwijs.apps.models import App
from wegwijs.auth.models import Role
from wegwijs.content.models import Step

RANGE = {"start": D1.isoformat(), "end": D2.isoformat()}
PAGES = ["", "/walkthroughs", "/walkthrough", "/search", "/feedback", "/health"]


@pytest.fixture
def world(session: Session, engine: Engine) -> World:
    return build(session, engine, make_app(session))


def url(world: World | App, page: str) -> str:
    app = world.app if isinstance(world, World) else world
    if page == "/walkthrough":
        assert isinstance(world, World)
        page = f"/walkthroughs/{world.walkthrough.id}"
    return f"/admin/apps/{app.key}/reports{page}"


def show(client: TestClient, address: str, **params: Any) -> str:
    response = client.get(address, params={**RANGE, **params})
    assert response.status_code == 200, response.text
    return response.text


# -- reading pages ----------------------------------------------------------------------------


def rows(page: str, table_id: str) -> list[list[str]]:
    """The body rows of a table, each cell as its text."""
    match = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S)
    assert match, f"no table {table_id}"
    body = match.group(1).split("<tbody>", 1)[1]
    return [
        [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]
        for cells in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in body.split("<tr")[1:]
        )
    ]


def stats(page: str) -> dict[str, str]:
    """Headline numbers: label → value (the first of each label)."""
    found: dict[str, str] = {}
    for label, value in re.findall(
        r'<dt>([^<]*)</dt>\s*<dd><span class="stat-value">([^<]*)</span>', page
    ):
        found.setdefault(html.unescape(label), html.unescape(value))
    return found


def csv_links(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'<a href="([^"]+\.csv\?[^"]*)"', page)]


class Elements(HTMLParser):
    """Every element as parsed by a browser-like parser, and the text between them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


# What the dashboards are built from; anything else in a page came from somewhere else.
OUR_TAGS = set(
    "html head meta title link script body a header div details summary span ul ol li form "
    "input button nav main h1 h2 h3 p dl dt dd section figure figcaption table caption thead "
    "tbody tr th td time label select option datalist code blockquote strong "
    "svg desc g text rect line polyline circle".split()
)
SVG_TAGS = {"svg", "title", "desc", "g", "text", "rect", "line", "polyline", "circle"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


def assert_only_our_markup(page: str) -> Elements:
    """No element or attribute a visitor's text could have added: only the tags the
    dashboards use, no event handlers, no inline style, no script but our own files, links
    that stay on this server."""
    parsed = Elements(page)
    for tag, attrs in parsed.found:
        assert tag in OUR_TAGS, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name not in {"style", "srcdoc", "formaction", "http-equiv"}, (tag, name)
            if name in URL_ATTRIBUTES:
                assert value is not None and value.startswith(("/", "#")), (tag, name, value)
                assert not value.startswith("//"), value
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/admin/static/"), attrs
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        tree = ET.fromstring(svg)  # well-formed XML, not only HTML
        tags = {element.tag.split("}")[-1] for element in tree.iter()}
        assert tags <= SVG_TAGS, tags
        assert all(
            not name.startswith("on") and name != "style"
            for element in tree.iter()
            for name in element.attrib
        )
    return parsed


# -- the numbers ------------------------------------------------------------------------------


def test_overview_shows_the_scenario(client: TestClient, session: Session, world: World) -> None:
    member_signed_in(client, session, world.app, Role.analyst)
    page = show(client, url(world, ""))
    assert stats(page) == {"Views": "8", "Unique users": "6", "Help panel opened": "3"}
    assert rows(page, "days") == [["2026-11-10", "4", "4", "2"], ["2026-11-11", "4", "4", "1"]]
    assert rows(page, "content") == [
        ["Declaratie indienen", "Walkthrough", "5", "4"],
        ["Nieuw formulier", "Announcement", "2", "2"],
        ["Kostenplaats", "Tip", "1", "1"],
    ]
    assert rows(page, "announcements") == [["Nieuw formulier", "2", "1 (50%)", "0"]]
    assert rows(page, "custom-events") == [["report exported", "3", "2"]]
    # The chart's text alternative says what it shows.
    desc = re.search(r'<desc id="chart-days-desc">([^<]*)</desc>', page)
    assert desc and "8 views by 6 unique users" in desc.group(1)
    assert 'role="img" aria-labelledby="chart-days-title" aria-describedby="chart-days-desc"' in (
        page
    )
    # The most consulted walkthrough links to its funnel, keeping the period.
    detail = f"{url(world, '/walkthrough')}?start=2026-11-10&amp;end=2026-11-11"
    assert f'href="{detail}"' in page
    assert_secure(client.get(url(world, ""), params=RANGE))


def test_walkthrough_funnel_shows_where_users_get_stuck(
    client: TestClient, session: Session, world: World
) -> None:
    member_signed_in(client, session, world.app, Role.analyst)
    listed = show(client, url(world, "/walkthroughs"))
    assert rows(listed, "walkthroughs") == [["Declaratie indienen", "4", "3", "75%", "3 min"]]

    page = show(client, url(world, "/walkthrough"))
    assert stats(page) == {
        "Started": "4",
        "Completed": "3",
        "Completion rate": "75%",
        "Median time to complete": "3 min",
        "Closed at step 1": "0%",
    }
    # Version 2 (s1, s3) first, then version 1 with dave closing it at step 1.
    assert rows(page, "funnel-2") == [
        ["1. Stap", "s1", "1", "0", "0%", "0"],
        ["2. Stap", "s3", "1", "0", "0%", "0"],
    ]
    assert rows(page, "funnel-1") == [
        ["1. Stap Biggest drop", "s1", "3", "1", "33%", "1"],
        ["2. Stap", "s2", "2", "0", "0%", "1"],
        ["3. Stap", "s3", "2", "0", "0%", "0"],
    ]
    assert text_of(page).count("Where users get stuck:") == 1
    assert "step 1, “Stap”. Of the 3 people who saw it, 1 (33%) did not go on." in text_of(page)
    version_one = page.split('id="version-1"', 1)[1]
    for label, value in [("Median time to complete", "3 min 30 s"), ("Closed at step 1", "33%")]:
        assert stats(version_one)[label] == value
    assert "1 of 3 who started" in text_of(version_one)
    # In the chart the stuck step's bar is drawn in the alert colour and says so in words.
    bars = re.findall(r'<g class="(chart-bar[^"]*)"><title>([^<]*)</title>', page)
    assert [title for tone, title in bars if "alert" in tone] == [
        "1. Stap: 3 · 1 dropped · Biggest drop"
    ]

    # On the first day only, bob got stuck at step 2.
    first_day = show(client, url(world, "/walkthrough"), end=D1.isoformat())
    assert [row[0] for row in rows(first_day, "funnel-1")] == [
        "1. Stap",
        "2. Stap Biggest drop",
        "3. Stap",
    ]
    assert 'id="funnel-2"' not in first_day


def test_search_feedback_and_health_pages(
    client: TestClient, session: Session, world: World
) -> None:
    member_signed_in(client, session, world.app, Role.analyst)
    search = show(client, url(world, "/search"))
    assert stats(search) == {"Searches": "3", "Without results": "2"}
    assert rows(search, "no-results") == [["declaratie", "2", "2", "2"]]
    assert rows(search, "top-queries") == [
        ["declaratie", "2", "2", "2"],
        ["reiskosten", "1", "0", "1"],
    ]
    assert "Missing help: searches without results" in text_of(search)
    assert re.search(r"<text class=\"chart-label\"[^>]*>declaratie</text>", search)

    feedback = show(client, url(world, "/feedback"))
    assert rows(feedback, "feedback") == [["Declaratie indienen", "1", "1", "50%", "2"]]
    comments = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split())
        for item in re.findall(r'<li class="comment">(.*?)</li>', feedback, re.S)
    ]
    assert comments == [
        "Helpful Declaratie indienen · Version 2 · nl · 2026-11-11 11:04 "
        "<img src=x onerror=alert(1)>",
        "Not helpful Declaratie indienen · Version 1 · en · 2026-11-11 09:06 "
        '=HYPERLINK("http://evil.example")',
    ]
    assert "&lt;img src=x onerror=alert(1)&gt;" in feedback

    health = show(client, url(world, "/health"))
    assert stats(health) == {"Elements not found": "1", "Broken steps": "1"}
    assert rows(health, "missing-days") == [["2026-11-10", "0"], ["2026-11-11", "1"]]
    (row,) = rows(health, "broken-elements")
    # The query string (a token) never reaches the report; the hash route does.
    assert row[:6] == [
        "Declaratie indienen · Version 2",
        "s3",
        "https://host.example.com/claims/7#/edit",
        "1",
        "1",
        "2026-11-11",
    ]


def test_a_broken_step_links_to_the_editor_to_re_pick_its_element(
    client: TestClient, session: Session, engine: Engine
) -> None:
    app = make_app(session)
    guide = make_guide(session, app, steps=2)
    stable_ids = session.exec(
        select(Step.stable_id).where(Step.guide_id == guide.id).order_by(Step.position)  # type: ignore[arg-type]
    ).all()
    page_url = "https://host.example.com/claims/new"
    fields = {"guide_id": guide.id, "version": 1, "url": page_url}
    missing = [
        event("element_missing", "2026-11-11T09:00:00", step_id=stable_ids[1], **fields),
        event("element_missing", "2026-11-11T09:01:00", step_id="gone-since", **fields),
    ]
    ingest(engine, app, missing, visitor="browser-anna", user="anna")
    member_signed_in(client, session, app, Role.author)
    page = show(client, url(app, "/health"))
    editor = f"/admin/apps/{app.key}/guides/{guide.id}"
    step_id = stable_ids[1]
    assert f'href="{editor}?step={step_id}#step-{step_id}"' in page
    assert f'href="{editor}">Open the guide' in page  # the step is gone: the guide itself
    assert text_of(page).count("Re-pick the element") == 1


# -- filters ----------------------------------------------------------------------------------


def test_filters_change_the_numbers(client: TestClient, session: Session, world: World) -> None:
    member_signed_in(client, session, world.app, Role.analyst)
    overview = url(world, "")
    # role=approver: anna and carla (whose role is a list holding approver).
    approvers = show(client, overview, trait="role", trait_value="approver")
    assert stats(approvers) == {"Views": "4", "Unique users": "2", "Help panel opened": "0"}
    assert "Filters apply." in text_of(approvers)
    english = show(client, overview, locale="en")
    assert stats(english) == {"Views": "2", "Unique users": "1", "Help panel opened": "1"}
    second = show(client, overview, guide=world.walkthrough.id, version=2)
    assert stats(second)["Views"] == "1"
    assert rows(second, "content") == [["Declaratie indienen", "Walkthrough", "1", "1"]]
    assert stats(show(client, overview, start=D2.isoformat()))["Views"] == "4"

    # The form shows the filters applied, and the links keep them.
    assert 'value="approver"' in approvers and 'value="role"' in approvers
    assert "trait=role&amp;trait_value=approver" in approvers
    for link in csv_links(approvers):
        assert "trait=role&trait_value=approver" in link

    listed = show(client, url(world, "/walkthroughs"), trait="role", trait_value="approver")
    assert rows(listed, "walkthroughs") == [["Declaratie indienen", "2", "2", "100%", "2 min 30 s"]]
    only_two = show(client, url(world, "/walkthrough"), version=2)
    assert 'id="funnel-2"' in only_two and 'id="funnel-1"' not in only_two
    clerks = show(client, url(world, "/search"), trait="role", trait_value="clerk")
    assert rows(clerks, "top-queries") == [
        ["declaratie", "1", "1", "1"],
        ["reiskosten", "1", "0", "1"],
    ]
    nothing = show(client, url(world, "/feedback"), locale="de")
    assert "No feedback in this period." in text_of(nothing)


def test_the_default_period_is_the_last_30_days(
    client: TestClient, session: Session, world: World
) -> None:
    member_signed_in(client, session, world.app, Role.analyst)
    page = client.get(url(world, ""))
    assert page.status_code == 200
    start = re.search(r'id="field-start" name="start" type="date" value="([^"]+)"', page.text)
    end = re.search(r'id="field-end" name="end" type="date" value="([^"]+)"', page.text)
    assert start and end
    assert len(rows(page.text, "days")) == 30
    assert rows(page.text, "days")[-1][0] == end.group(1)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "2026-11-12", "end": "2026-11-10"}, "start", "must not be after"),
        ({"start": "2024-01-01", "end": "2026-11-10"}, "start", "at most 731 days"),
        ({"start": "2999-01-01"}, "start", "must not be after"),
        ({"start": "2000-01-01"}, "start", "at most 731 days"),
        ({"start": "31-12-2026"}, "start", "Enter a day such as"),
        ({"end": "1999-12-31"}, "end", "Enter a day such as"),
        ({"trait": "role"}, "trait_value", "both the trait and its value"),
        ({"trait_value": "approver"}, "trait", "both the trait and its value"),
        ({"trait": "role name", "trait_value": "x"}, "trait", "A trait name has"),
        ({"locale": "Dutch"}, "locale", "language code"),
        ({"version": "abc"}, "version", "whole number"),
        ({"version": "-1"}, "version", "from 0 to"),
        ({"guide": "x"}, "guide", "whole number"),
        ({"guide": "999999"}, "guide", "no such guide in this app"),
    ],
)
def test_a_filter_that_is_not_valid_is_named_and_left_out(
    client: TestClient,
    session: Session,
    world: World,
    params: dict[str, str],
    field: str,
    message: str,
) -> None:
    member_signed_in(client, session, world.app, Role.analyst)
    response = client.get(url(world, ""), params=params)
    assert response.status_code == 422
    (problem,) = error_summary(response.text)
    assert message.lower() in problem.lower()
    assert f'href="#field-{field.replace("_", "-")}"' in response.text
    assert stats(response.text)["Views"]  # the report for the rest is still shown
    assert_only_our_markup(response.text)


def test_csv_links_download_the_tables_shown(
    client: TestClient, session: Session, world: World
) -> None:
    member_signed_in(client, session, world.app, Role.analyst)
    expected = {
        "": ["days", "content", "announcements", "custom-events"],
        "/walkthroughs": ["walkthroughs"],
        "/walkthrough": ["funnel"],
        "/search": ["searches-without-results", "searches"],
        "/feedback": ["feedback", "comments"],
        "/health": ["health", "broken-elements"],
    }
    for page_name, tables in expected.items():
        links = csv_links(show(client, url(world, page_name), locale="nl"))
        prefix = f"/api/v1/apps/{world.app.key}/reports/"
        assert [link.removeprefix(prefix).split(".csv")[0] for link in links] == tables
        for link in links:
            response = client.get(link)
            assert response.status_code == 200, (link, response.text)
            assert response.headers["content-type"] == "text/csv; charset=utf-8"
            assert "start=2026-11-10&end=2026-11-11" in link and "locale=nl" in link
    funnel = csv_links(show(client, url(world, "/walkthrough")))[0]
    assert f"guide={world.walkthrough.id}" in funnel
    table = list(csv.reader(io.StringIO(client.get(funnel).content.decode("utf-8-sig"))))
    assert [row[2] for row in table[1:]] == ["s1", "s3", "s1", "s2", "s3"]


def test_pages_in_dutch(client: TestClient, session: Session, world: World) -> None:
    member_signed_in(client, session, world.app, Role.analyst)
    dutch = {"Accept-Language": "nl"}
    overview = client.get(url(world, ""), params=RANGE, headers=dutch).text
    assert '<html lang="nl">' in overview
    assert stats(overview) == {
        "Weergaven": "8",
        "Unieke gebruikers": "6",
        "Hulppaneel geopend": "3",
    }
    assert "Meest geraadpleegd" in text_of(overview) and "Rapportages" in text_of(overview)
    funnel = client.get(url(world, "/walkthrough"), params=RANGE, headers=dutch).text
    assert "Waar gebruikers vastlopen:" in text_of(funnel)
    assert "Grootste uitval" in text_of(funnel)
    search = client.get(url(world, "/search"), params=RANGE, headers=dutch).text
    assert "Ontbrekende hulp" in text_of(search)
    # 1.234 in Dutch, 1,234 in English.
    assert Numbers("nl").count(1234) == "1.234" and Numbers("en").count(1234) == "1,234"


def test_numbers_in_words() -> None:
    english, dutch = Numbers("en"), Numbers("nl")
    assert [english.share(x) for x in (None, 0, 0.001, 0.3333, 1)] == [
        "—",
        "0%",
        "<1%",
        "33%",
        "100%",
    ]
    assert [english.duration(s) for s in (None, 4.4, 60, 210, 3725)] == [
        "—",
        "4 s",
        "1 min",
        "3 min 30 s",
        "1 h 2 min",
    ]
    assert dutch.duration(3725) == "1 u 2 min"
    assert (english.day(D1), dutch.day(D1)) == ("10 Nov", "10 nov")


# -- who may read -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "author", "analyst", "owner", "other app", "signed out"])
def test_every_member_reads_the_dashboards(
    client: TestClient, session: Session, world: World, who: str
) -> None:
    as_who(client, session, world.app, who)
    for page_name in PAGES:
        response = client.get(url(world, page_name), params=RANGE, follow_redirects=False)
        if who == "signed out":
            assert response.status_code == 303
            assert response.headers["location"].startswith("/admin/sign-in?next=")
        elif who == "other app":
            assert response.status_code == 403, page_name
            assert FORBIDDEN in text_of(response.text)
        else:
            assert response.status_code == 200, (who, page_name)
            assert_secure(response)
            assert f'href="/admin/apps/{world.app.key}/reports"' in response.text  # the nav
    if who == "analyst":
        # Only walkthroughs have a funnel; other apps' guides are not found here.
        assert client.get(url(world, f"/walkthroughs/{world.tip.id}")).status_code == 404
        assert client.get(url(world, "/walkthroughs/99999")).status_code == 404


# -- visitors' text ---------------------------------------------------------------------------


def test_hostile_visitor_text_is_shown_as_text(
    client: TestClient, session: Session, engine: Engine
) -> None:
    """Every payload of the XSS corpus as a search query, a comment, a custom event's name,
    a page URL, a step id and a trait; the walkthrough's own step title and the guide's
    name (author content) are hostile too."""
    app = make_app(session)
    # PostgreSQL refuses NUL in text; ingest does not strip it yet (see the report), so that
    # one payload is left out here.
    hostile = [payload for payload in payloads() if "\x00" not in payload]
    walkthrough = publish(
        session,
        app,
        name=hostile[0],
        steps=[step("s1", texts={"en": (hostile[2], "x")}), step("s2")],
    )
    at = "2026-11-11T10:00:00"
    fields = {"guide_id": walkthrough.id, "version": 1}
    for number, payload in enumerate(hostile):
        events = [
            event("search_performed", at, props={"query": payload, "results": 0}),
            event("feedback_given", at, props={"helpful": False, "comment": payload}, **fields),
            event("element_missing", at, step_id=payload[:64], url=payload, **fields),
            event("step_viewed", at, step_id=payload[:64], **fields),
        ]
        if len(payload) <= 100:
            events.append(event("custom", at, custom_name=payload))
        ingest(
            engine,
            app,
            events,
            visitor=f"browser-{number:04d}",
            user=f"user-{number}",
            locale="en",
            traits={"role": payload[:200]},
        )
    member_signed_in(client, session, app, Role.analyst)
    pages = {}
    for page_name in ["", "/walkthroughs", f"/walkthroughs/{walkthrough.id}", "/search"]:
        pages[page_name] = show(client, url(app, page_name))
    pages["/feedback"] = show(client, url(app, "/feedback"))
    pages["/health"] = show(client, url(app, "/health"))
    texts = {name: assert_only_our_markup(page).text for name, page in pages.items()}
    assert hostile[0] in texts[""] and hostile[2] in texts[f"/walkthroughs/{walkthrough.id}"]

    # Each list shows visitors' text exactly as they sent it (as the roll-ups keep it).
    queries = {fold_query(payload) for payload in hostile}
    search = pages["/search"]
    for table in ("no-results", "top-queries"):
        shown = [row[0] for row in rows(search, table)]
        assert len(shown) == 50 and set(shown) <= {" ".join(q.split()) for q in queries}
    chart = ET.fromstring(re.findall(r"<svg.*?</svg>", search, re.S)[0])
    titles = [element.text for element in chart.iter("{http://www.w3.org/2000/svg}title")]
    assert len(titles) == 1 + 10
    assert all(title and title.rsplit(": ", 1)[0] in queries for title in titles[1:])
    comments = [
        html.unescape(text)
        for text in re.findall(r'<blockquote class="visitor-text">(.*?)</blockquote>',
                               pages["/feedback"], re.S)
    ]  # fmt: skip
    assert len(comments) == 100 and set(comments) <= {payload.strip() for payload in hostile}
    custom = [row[0] for row in rows(pages[""], "custom-events")]
    assert len(custom) == 20 and set(custom) <= set(hostile)
    broken = [row[2] for row in rows(pages["/health"], "broken-elements")]
    assert len(broken) == 100

    # A hostile trait value typed into the filter: escaped in the form, and still counted.
    for payload in hostile:
        page = show(client, url(app, ""), trait="role", trait_value=payload[:200])
        parsed = assert_only_our_markup(page)
        (value,) = [a["value"] for _, a in parsed.found if a.get("id") == "field-trait-value"]
        assert value == payload[:200].strip()
        assert stats(page)["Unique users"] != "0", payload


def test_every_key_the_dashboards_use_exists() -> None:
    used = set()
    sources = [*(TEMPLATES_DIR / "reports").glob("*.html"), TEMPLATES_DIR / "app_home.html"]
    admin = Path(i18n.__file__).parent
    sources += [admin / "dashboards.py", admin / "routes" / "reports.py"]
    for source in sources:
        text = source.read_text()
        used |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", text))
        used |= set(re.findall(r"""["']((?:reports|home|nav)\.[a-z0-9_.]+)["']""", text))
    used = {key for key in used if not key.endswith((".", ".css", ".html"))}
    missing = sorted(key for key in used if key not in i18n.MESSAGES)
    assert not missing, missing
    assert "nav.reports" in i18n.MESSAGES
