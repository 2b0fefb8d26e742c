"""Acme Declaraties: the demo business app into which the Wegwijs widget is embedded.

It runs on its own origin (never mounted in the Wegwijs server) so that the widget's
cross-origin behaviour is exercised for real, and it sends a strict Content-Security-Policy
so that the widget is always tested the way a careful integrator would deploy it.

The lab switches (`/lab`, kept in cookies) make every page harder on the widget: a
nonce-based policy without any host allow-list, and a hostile global stylesheet.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

try:  # the Python SDK (./sdk) signs user ids; without it the tag carries no signature
    from wegwijs_sdk import script_tag
except ImportError:  # pragma: no cover - a server installed without the SDK
    script_tag = None

HERE = Path(__file__).resolve().parent
USER_COOKIE = "acme_user"
# The lab switches: which Content-Security-Policy, and whether the hostile stylesheet loads.
CSP_COOKIE = "acme_csp"
CSS_COOKIE = "acme_css"
CSP_MODES = ("strict", "nonce")
# A pretend next release of this app, in which a redesign renamed the dashboard's "New
# claim" button: what `wegwijs guides check` must catch before users do.
RELEASE_COOKIE = "acme_release"
RELEASE_MODES = ("current", "next")
CSS_MODES = ("plain", "hostile")
DEFAULT_LOCALE = "nl"
MAX_CLAIM_AMOUNT = Decimal("10000")


# --- translations --------------------------------------------------------------------------

LOCALES = ("nl", "en")
CATEGORIES = ("travel", "meals", "lodging", "equipment", "training")

# One line per phrase with both languages side by side, so neither can silently fall behind.
PHRASES: dict[str, tuple[str, str]] = {
    "skip_to_content": ("Naar de inhoud", "Skip to content"),
    "nav_label": ("Hoofdmenu", "Main menu"),
    "nav_dashboard": ("Dashboard", "Dashboard"),
    "nav_claims": ("Declaraties", "Expense claims"),
    "nav_orders": ("Bestellingen", "Orders"),
    "nav_reports": ("Rapportages", "Reports"),
    "sign_in": ("Aanmelden", "Sign in"),
    "sign_out": ("Afmelden", "Sign out"),
    "footer": ("Acme B.V. · demo-applicatie voor Wegwijs", "Acme B.V. · demo app for Wegwijs"),
    "role_approver": ("Beoordelaar", "Approver"),
    "role_employee": ("Medewerker", "Employee"),
    "role_admin": ("Beheerder", "Administrator"),
    "department_finance": ("Financiën", "Finance"),
    "department_sales": ("Verkoop", "Sales"),
    "department_it": ("ICT", "IT"),
    "signin_title": ("Aanmelden", "Sign in"),
    "signin_intro": ("Kies een voorbeeldgebruiker.", "Choose a sample user."),
    "welcome_user": ("Welkom, {name}", "Welcome, {name}"),
    "welcome_anonymous": ("Welkom bij Acme Declaraties", "Welcome to Acme Declaraties"),
    "anonymous_hint": ("Meld je aan om declaraties in te dienen.", "Sign in to submit claims."),
    "stats_label": ("Overzicht", "Overview"),
    "stat_waiting": ("wachten op goedkeuring", "awaiting approval"),
    "stat_mine": ("eigen declaraties", "of your claims"),
    "quick_actions": ("Snel aan de slag", "Quick actions"),
    "new_claim": ("Nieuwe declaratie", "New expense claim"),
    "dashboard_help_label": ("Uitleg over het dashboard", "About the dashboard"),
    "dashboard_help": (
        "Hier zie je wat er op je wacht en start je een nieuwe declaratie.",
        "See what is waiting for you and start a new claim.",
    ),
    "cards_title": ("Voor jou", "For you"),
    "policy_heading": ("Nieuw declaratiebeleid", "New expense policy"),
    "policy_text": (
        "Vanaf 1 april declareer je reiskosten binnen 30 dagen.",
        "From 1 April, travel costs must be claimed within 30 days.",
    ),
    "policy_action": ("Declaratie indienen", "Submit a claim"),
    "review": ("Beoordelen", "Review"),
    "category_travel": ("Reiskosten", "Travel"),
    "category_meals": ("Maaltijden", "Meals"),
    "category_lodging": ("Overnachting", "Lodging"),
    "category_equipment": ("Apparatuur", "Equipment"),
    "category_training": ("Opleiding", "Training"),
    "claim": ("Declaratie", "Claim"),
    "employee": ("Medewerker", "Employee"),
    "status": ("Status", "Status"),
    "status_submitted": ("Ingediend", "Submitted"),
    "status_approved": ("Goedgekeurd", "Approved"),
    "field_amount": ("Bedrag", "Amount"),
    "field_date": ("Datum", "Date"),
    "field_category": ("Categorie", "Category"),
    "field_description": ("Omschrijving", "Description"),
    "choose": ("Kies…", "Choose…"),
    "claim_help_label": ("Uitleg over de omschrijving", "About the description"),
    "claim_help": (
        "Noem het doel en, bij reiskosten, het traject.",
        "State the purpose and, for travel, the route.",
    ),
    "submit_claim": ("Declaratie indienen", "Submit claim"),
    "cancel": ("Annuleren", "Cancel"),
    "approve": ("Goedkeuren", "Approve"),
    "back_to_claims": ("Terug naar declaraties", "Back to claims"),
    "form_has_errors": ("Controleer de gemarkeerde velden.", "Please check the marked fields."),
    "error_amount_invalid": (
        "Vul een bedrag in, bijvoorbeeld 12,50.",
        "Enter an amount, for example 12.50.",
    ),
    "error_amount_range": (
        "Het bedrag moet tussen € 0,01 en € 10.000 liggen.",
        "The amount must be between €0.01 and €10,000.",
    ),
    "error_date_invalid": ("Vul een geldige datum in.", "Enter a valid date."),
    "error_date_future": (
        "De datum mag niet in de toekomst liggen.",
        "The date cannot be in the future.",
    ),
    "error_category": ("Kies een categorie.", "Choose a category."),
    "error_description": (
        "De omschrijving moet 3 tot 500 tekens lang zijn.",
        "The description must be 3 to 500 characters long.",
    ),
    "profile_title": ("Mijn profiel", "My profile"),
    "profile_saved": ("Je profiel is opgeslagen.", "Your profile has been saved."),
    "field_name": ("Naam", "Name"),
    "field_email": ("E-mailadres", "Email address"),
    "field_notify": ("Meldingen", "Notifications"),
    "notify_email": ("Per e-mail, direct", "By email, immediately"),
    "notify_weekly": ("Wekelijks overzicht", "Weekly digest"),
    "notify_never": ("Geen meldingen", "No notifications"),
    "field_locale": ("Taal", "Language"),
    "save": ("Opslaan", "Save"),
    "error_name": ("Vul je naam in.", "Enter your name."),
    "error_email": ("Vul een geldig e-mailadres in.", "Enter a valid email address."),
    "error_notify": ("Kies een geldige instelling.", "Choose a valid setting."),
    "total": ("Totaal", "Total"),
    "report_filter_title": ("Declaraties per periode", "Claims per period"),
    "date_from": ("Van", "From"),
    "date_to": ("Tot en met", "Up to and including"),
    "show_report": ("Toon rapport", "Show report"),
    "report_result": ("{count} declaratie(s) in deze periode.", "{count} claim(s) in this period."),
    "loading": ("Laden…", "Loading…"),
    "error_title": ("Er ging iets mis", "Something went wrong"),
    "error_404": ("Deze pagina bestaat niet.", "This page does not exist."),
    "error_other": ("Dat mag of kan hier niet.", "That is not possible here."),
    "export": ("Exporteren", "Export"),
    "export_title": ("Declaraties exporteren", "Export claims"),
    "export_format": ("Bestandsformaat", "File format"),
    "download": ("Downloaden", "Download"),
    "columns": ("Kolommen", "Columns"),
    "columns_title": ("Zichtbare kolommen", "Visible columns"),
    "cookie_bar": (
        "Deze demo bewaart alleen je keuzes in cookies.",
        "This demo only keeps your choices in cookies.",
    ),
    "lab_title": ("Lab: een lastige gastpagina", "Lab: a difficult host page"),
    "lab_intro": (
        "Deze schakelaars gelden voor elke pagina, tot je ze terugzet.",
        "These switches apply to every page until you reset them.",
    ),
    "lab_csp": ("Content-Security-Policy", "Content-Security-Policy"),
    "lab_csp_strict": (
        "Streng: alleen deze site en de hulpserver",
        "Strict: this site and the help server",
    ),
    "lab_csp_nonce": (
        "Nonce: alleen scripts met de nonce van het antwoord",
        "Nonce: only scripts with the response's nonce",
    ),
    "lab_css": ("Stylesheet", "Stylesheet"),
    "lab_css_plain": ("Gewoon", "Plain"),
    "lab_css_hostile": (
        "Vijandig: globale resets, z-index en overlays",
        "Hostile: global resets, z-index and overlays",
    ),
    "save_lab": ("Toepassen", "Apply"),
    "queue_title": ("Werkvoorraad", "Work queue"),
    "queue_intro": (
        "Binnenkomende declaraties, elke 200 ms bijgewerkt.",
        "Incoming claims, updated every 200 ms.",
    ),
}

TRANSLATIONS = {
    locale: {key: texts[index] for key, texts in PHRASES.items()}
    for index, locale in enumerate(LOCALES)
}


# --- in-memory data ----------------------------------------------------------------------


@dataclass
class User:
    """A sample employee; the profile form edits name, email, notifications and locale."""

    id: str
    name: str
    email: str
    role: str
    department: str
    locale: str
    notify: str = "email"

    @property
    def traits(self) -> dict[str, str]:
        """The attributes the widget's audience rules target."""
        return {"role": self.role, "department": self.department, "locale": self.locale}


@dataclass
class Claim:
    """An expense claim ("declaratie") submitted by an employee."""

    id: int
    owner_id: str
    amount: Decimal
    spent_on: date
    category: str
    description: str
    status: str = "submitted"


@dataclass(frozen=True)
class Order:
    """A customer order shown by the client-side-routed section under /app."""

    id: int
    customer: str
    status: str
    total: str
    placed_on: str


ORDERS = (
    Order(1001, "Bakkerij Smit", "open", "1240.00", "2025-03-03"),
    Order(1002, "Van Dijk Logistiek", "shipped", "89.95", "2025-03-05"),
    Order(1003, "Gemeente Utrecht", "open", "15400.00", "2025-03-10"),
    Order(1004, "Noorderlicht B.V.", "closed", "310.50", "2025-02-21"),
    Order(1005, "Jansen & Zn.", "shipped", "2475.00", "2025-03-12"),
)


def sample_users() -> dict[str, User]:
    """Fresh copies of the demo users, so one app's profile edits never leak into another."""
    users = [
        User("anna", "Anna de Vries", "anna@acme.example", "approver", "finance", "nl"),
        User("ben", "Ben Okafor", "ben@acme.example", "employee", "sales", "en"),
        User("chris", "Chris Bakker", "chris@acme.example", "admin", "it", "en"),
    ]
    return {user.id: user for user in users}


def sample_claims() -> dict[int, Claim]:
    """A few claims so the lists, the dashboard cards and the reports are never empty."""
    claims = [
        Claim(1, "ben", Decimal("42.80"), date(2025, 3, 4), "travel", "Train Utrecht-Zwolle"),
        Claim(2, "ben", Decimal("18.50"), date(2025, 3, 6), "meals", "Lunch with customer"),
        Claim(3, "chris", Decimal("249.00"), date(2025, 2, 27), "equipment", "USB-C docking"),
        Claim(
            4, "anna", Decimal("95.00"), date(2025, 2, 14), "training", "Workshop Excel", "approved"
        ),
    ]
    return {claim.id: claim for claim in claims}


@dataclass
class Store:
    """Everything the app remembers; one per app instance, gone when the process stops."""

    users: dict[str, User] = field(default_factory=sample_users)
    claims: dict[int, Claim] = field(default_factory=sample_claims)

    def add_claim(self, *, owner_id: str, values: ClaimInput) -> Claim:
        """Store a validated claim under the next free id."""
        claim_id = max(self.claims, default=0) + 1
        claim = Claim(
            claim_id, owner_id, values.amount, values.spent_on, values.category, values.description
        )
        self.claims[claim_id] = claim
        return claim


# --- validation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimInput:
    """The validated fields of the new-claim form."""

    amount: Decimal
    spent_on: date
    category: str
    description: str


def parse_amount(raw: str) -> Decimal | None:
    """Accept both "12,50" (Dutch) and "12.50"; None when it is not a number at all."""
    try:
        amount = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def parse_day(raw: str) -> date | None:
    """An ISO date as sent by <input type=date>; None when missing or malformed."""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def validate_claim(
    *, amount: str, spent_on: str, category: str, description: str
) -> tuple[ClaimInput | None, dict[str, str]]:
    """Check the claim form; errors map a field name to a translation key."""
    errors: dict[str, str] = {}
    parsed_amount = parse_amount(amount)
    if parsed_amount is None:
        errors["amount"] = "error_amount_invalid"
    elif not Decimal("0") < parsed_amount <= MAX_CLAIM_AMOUNT:
        errors["amount"] = "error_amount_range"
    elif parsed_amount != parsed_amount.quantize(Decimal("0.01")):
        errors["amount"] = "error_amount_invalid"  # no fractions of a cent
    parsed_day = parse_day(spent_on)
    if parsed_day is None:
        errors["date"] = "error_date_invalid"
    elif parsed_day > date.today():
        errors["date"] = "error_date_future"
    if category not in CATEGORIES:
        errors["category"] = "error_category"
    if not 3 <= len(description.strip()) <= 500:
        errors["description"] = "error_description"
    if errors or parsed_amount is None or parsed_day is None:
        return None, errors
    return ClaimInput(parsed_amount, parsed_day, category, description.strip()), {}


def validate_profile(*, name: str, email: str, notify: str, locale: str) -> dict[str, str]:
    """Check the profile form; errors map a field name to a translation key."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "error_name"
    local, _, domain = email.strip().partition("@")
    if not local or "." not in domain:
        errors["email"] = "error_email"
    if notify not in {"email", "weekly", "never"} or locale not in LOCALES:
        errors["notify"] = "error_notify"
    return errors


# --- request helpers -----------------------------------------------------------------------


def get_store(request: Request) -> Store:
    """The app instance's in-memory store."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def get_current_user(request: Request, store: StoreDep) -> User | None:
    """The signed-in sample user, from the cookie; None for anonymous visitors."""
    return store.users.get(request.cookies.get(USER_COOKIE, ""))


CurrentUser = Annotated[User | None, Depends(get_current_user)]


def lab_mode(cookies: dict[str, str], name: str, modes: tuple[str, ...]) -> str:
    """A lab switch's value from its cookie; the first mode when unset or unknown."""
    value = cookies.get(name, "")
    return value if value in modes else modes[0]


def page_context(request: Request) -> dict[str, Any]:
    """What every template needs: the user, their language, the widget's identity, the
    nonce of this response's policy and the lab switches."""
    user = get_current_user(request, get_store(request))
    locale = user.locale if user else DEFAULT_LOCALE
    # Anonymous visitors still tell the widget their locale so it can pick the language.
    traits = user.traits if user else {"locale": locale}
    return {
        "user": user,
        "locale": locale,
        "t": TRANSLATIONS[locale],
        "traits_json": json.dumps(traits, separators=(",", ":")),
        "csp_nonce": getattr(request.state, "csp_nonce", ""),
        "lab_csp": lab_mode(request.cookies, CSP_COOKIE, CSP_MODES),
        "lab_css": lab_mode(request.cookies, CSS_COOKIE, CSS_MODES),
        "lab_release": lab_mode(request.cookies, RELEASE_COOKIE, RELEASE_MODES),
        "widget_tag": request.app.state.widget.render(
            user_id=user.id if user else None,
            traits=traits,
            nonce=getattr(request.state, "csp_nonce", ""),
        ),
    }


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """Render a template from this app instance's environment."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context or {}, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    """A 303 so that a POST is followed by a GET (no resubmission on reload)."""
    return RedirectResponse(url, status_code=303)


def signin_redirect(request: Request) -> RedirectResponse:
    """Send an anonymous visitor to the sign-in page, coming back here afterwards."""
    query = urlencode({"next": request.url.path})
    return redirect(f"{request.app.url_path_for('signin')}?{query}")


def safe_next(url: str) -> str:
    """Only follow local paths after sign-in; browsers read "//x" and "/\\x" as other hosts."""
    return url if url.startswith("/") and not url.startswith(("//", "/\\")) else "/"


# --- pages ---------------------------------------------------------------------------------

router = APIRouter()


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness probe for the demo and the tests."""
    return {"status": "ok"}


@router.get("/signin")
def signin(
    request: Request, store: StoreDep, next_url: Annotated[str, Query(alias="next")] = "/"
) -> Response:
    """Pick one of the sample users; there are no passwords in the demo."""
    context = {"users": store.users.values(), "next": safe_next(next_url)}
    return render(request, "signin.html", context)


@router.post("/signin")
def signin_submit(
    store: StoreDep,
    user_id: Annotated[str, Form()] = "",
    next_url: Annotated[str, Form(alias="next")] = "/",
) -> Response:
    """Remember the chosen user in a cookie and go back to where the visitor was."""
    if user_id not in store.users:
        return redirect("/signin")
    response = redirect(safe_next(next_url))
    # Unsigned on purpose: it is a demo identity switcher, not authentication.
    response.set_cookie(USER_COOKIE, user_id, httponly=True, samesite="lax")
    return response


@router.api_route("/signout", methods=["GET", "POST"])
def signout() -> Response:
    """Forget the user and show the sign-in page again."""
    response = redirect("/signin")
    response.delete_cookie(USER_COOKIE)
    return response


@router.get("/")
def dashboard(request: Request, store: StoreDep, user: CurrentUser) -> Response:
    """Landing page: counters, quick actions and the approval cards (a custom element)."""
    mine = [c for c in store.claims.values() if user and c.owner_id == user.id]
    # Approvers see what they must review; everyone else sees their own pending claims.
    if user and user.role == "approver":
        waiting = [c for c in store.claims.values() if can_approve(user, c)]
    else:
        waiting = [c for c in mine if c.status == "submitted"]
    return render(request, "dashboard.html", {"waiting": waiting[:3], "mine": mine})


@router.get("/claims")
def claims_list(request: Request, store: StoreDep) -> Response:
    """All claims, newest first."""
    claims = sorted(store.claims.values(), key=lambda c: c.id, reverse=True)
    return render(request, "claims_list.html", {"claims": claims, "users": store.users})


def claim_form(request: Request, values: dict[str, str], errors: dict[str, str]) -> Response:
    """The new-claim form, empty or with the visitor's input and what is wrong with it.

    Always 200, like most server-rendered apps: Chromium logs a 4xx document as a console
    error, and the browser tests treat any console error as a broken host page.
    """
    context = {"values": values, "errors": errors, "categories": CATEGORIES}
    return render(request, "claim_form.html", context)


@router.get("/claims/new")
def claim_new(request: Request, user: CurrentUser) -> Response:
    """Show an empty claim form."""
    if user is None:
        return signin_redirect(request)
    empty = {"amount": "", "date": date.today().isoformat(), "category": "", "description": ""}
    return claim_form(request, empty, {})


@router.post("/claims/new")
def claim_create(
    request: Request,
    store: StoreDep,
    user: CurrentUser,
    amount: Annotated[str, Form()] = "",
    spent_on: Annotated[str, Form(alias="date")] = "",
    category: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    """Validate and store a claim, then show it; on bad input show the form with errors."""
    if user is None:
        return signin_redirect(request)
    values, errors = validate_claim(
        amount=amount, spent_on=spent_on, category=category, description=description
    )
    if values is None:
        raw = {"amount": amount, "date": spent_on, "category": category, "description": description}
        return claim_form(request, raw, errors)
    claim = store.add_claim(owner_id=user.id, values=values)
    return redirect(str(request.app.url_path_for("claim_detail", claim_id=claim.id)))


def find_claim(store: Store, claim_id: int) -> Claim:
    """The claim, or a 404 page."""
    claim = store.claims.get(claim_id)
    if claim is None:
        raise HTTPException(status_code=404)
    return claim


def can_approve(user: User | None, claim: Claim) -> bool:
    """Approvers approve other people's submitted claims (never their own)."""
    if user is None or user.role != "approver":
        return False
    return claim.status == "submitted" and claim.owner_id != user.id


@router.get("/claims/{claim_id}")
def claim_detail(request: Request, store: StoreDep, user: CurrentUser, claim_id: int) -> Response:
    """One claim, with an Approve button for approvers."""
    claim = find_claim(store, claim_id)
    context = {"claim": claim, "owner": store.users[claim.owner_id]}
    return render(request, "claim_detail.html", context | {"can_approve": can_approve(user, claim)})


@router.post("/claims/{claim_id}/approve")
def claim_approve(request: Request, store: StoreDep, user: CurrentUser, claim_id: int) -> Response:
    """Mark a claim approved."""
    claim = find_claim(store, claim_id)
    if not can_approve(user, claim):
        raise HTTPException(status_code=403)
    claim.status = "approved"
    return redirect(str(request.app.url_path_for("claim_detail", claim_id=claim.id)))


@router.get("/profile")
def profile(request: Request, user: CurrentUser, saved: bool = False) -> Response:
    """The signed-in user's settings."""
    if user is None:
        return signin_redirect(request)
    values = {"name": user.name, "email": user.email, "notify": user.notify, "locale": user.locale}
    return render(request, "profile.html", {"values": values, "errors": {}, "saved": saved})


@router.post("/profile")
def profile_save(
    request: Request,
    user: CurrentUser,
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    notify: Annotated[str, Form()] = "",
    locale: Annotated[str, Form()] = "",
) -> Response:
    """Save the settings; a changed locale changes the language of every page."""
    if user is None:
        return signin_redirect(request)
    values = {"name": name, "email": email, "notify": notify, "locale": locale}
    errors = validate_profile(**values)
    if errors:
        context = {"values": values, "errors": errors, "saved": False}
        return render(request, "profile.html", context)
    user.name, user.email, user.notify, user.locale = name.strip(), email.strip(), notify, locale
    return redirect(f"{request.app.url_path_for('profile')}?saved=true")


@router.get("/reports")
def reports(request: Request, store: StoreDep) -> Response:
    """Totals per category, plus the filter form that lives in a same-origin iframe."""
    totals = {category: Decimal("0") for category in CATEGORIES}
    for claim in store.claims.values():
        totals[claim.category] += claim.amount
    return render(request, "reports.html", {"totals": totals})


@router.get("/embedded/report-filter")
def report_filter(request: Request, store: StoreDep, start: str = "", end: str = "") -> Response:
    """The iframe's content: a date-range form that counts claims in the range."""
    count = None
    first, last = parse_day(start), parse_day(end)
    if first and last:
        count = sum(1 for c in store.claims.values() if first <= c.spent_on <= last)
    return render(request, "report_filter.html", {"start": start, "end": end, "count": count})


@router.get("/queue")
def queue(request: Request) -> Response:
    """A list that static/queue.js re-renders five times a second, like a live work queue:
    the benchmark's page of continuous DOM changes (bench/widget.py)."""
    return render(request, "queue.html")


@router.get("/lab")
def lab(request: Request) -> Response:
    """The lab switches: a nonce-based policy, a hostile stylesheet."""
    return render(request, "lab.html", {"csp_modes": CSP_MODES, "css_modes": CSS_MODES})


@router.post("/lab")
def lab_save(
    csp: Annotated[str, Form()] = CSP_MODES[0], css: Annotated[str, Form()] = CSS_MODES[0]
) -> Response:
    """Remember the switches in cookies, so that every page (and reload) uses them."""
    response = redirect("/lab")
    response.set_cookie(CSP_COOKIE, csp if csp in CSP_MODES else CSP_MODES[0], samesite="lax")
    response.set_cookie(CSS_COOKIE, css if css in CSS_MODES else CSS_MODES[0], samesite="lax")
    return response


@router.get("/app")
@router.get("/app/{route:path}")
def spa_shell(request: Request, route: str = "") -> Response:
    """One shell for every /app route: static/spa.js renders the view from the URL."""
    return render(request, "spa_shell.html")


@router.get("/api/orders")
def orders_api() -> list[dict[str, Any]]:
    """The orders the client-side-routed section shows."""
    return [asdict(order) for order in ORDERS]


# --- app assembly --------------------------------------------------------------------------


def content_security_policy(wegwijs_server: str, nonce: str | None = None) -> str:
    """A strict policy: no inline script anywhere, only this origin and the help server.

    With a `nonce` (the lab's "nonce" mode) it is stricter still: no host allow-list at all,
    only scripts and styles that carry this response's nonce, as Google's strict CSP
    recommends (without 'strict-dynamic', so whatever a script loads must carry the nonce).
    """
    if nonce is None:
        scripts = f"script-src 'self' {wegwijs_server}"
        styles = "style-src 'self' 'unsafe-inline'"
    else:
        scripts = f"script-src 'nonce-{nonce}'"
        styles = f"style-src 'self' 'nonce-{nonce}'"
    return "; ".join(
        [
            "default-src 'self'",
            scripts,
            f"connect-src 'self' {wegwijs_server}",
            styles,
            "img-src 'self' data: https:",
            "object-src 'none'",
            "frame-ancestors 'self'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


class SecurityHeaders:
    """Add the CSP (and friends) to every response, static files and errors included.

    Each request gets a fresh nonce (in `request.state.csp_nonce`, for the templates); the
    policy uses it when the lab's CSP switch is on "nonce".
    """

    def __init__(self, app: ASGIApp, *, wegwijs_server: str) -> None:
        self.app = app
        self.wegwijs_server = wegwijs_server
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        cookies = cookie_parser(Headers(scope=scope).get("cookie", ""))
        strict = lab_mode(cookies, CSP_COOKIE, CSP_MODES) == "strict"
        policy = content_security_policy(self.wegwijs_server, None if strict else nonce)
        headers = [(b"content-security-policy", policy.encode()), *self.headers]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


@jinja2.pass_context
def path_for(context: dict[str, Any], name: str, /, **params: Any) -> str:
    """A root-relative URL, so the app also works behind a proxy that changes the host."""
    return str(context["request"].app.url_path_for(name, **params))


@jinja2.pass_context
def money(context: dict[str, Any], amount: Decimal) -> str:
    """Euro amounts the way each locale writes them: € 1.234,50 or €1,234.50."""
    text = f"{amount:,.2f}"
    if context["locale"] == "nl":
        return "€ " + text.translate(str.maketrans(",.", ".,"))
    return "€" + text


@jinja2.pass_context
def day(context: dict[str, Any], value: date) -> str:
    """Dates as 14-02-2025 in Dutch and 2025-02-14 in English."""
    return value.strftime("%d-%m-%Y") if context["locale"] == "nl" else value.isoformat()


def build_templates(*, wegwijs_server: str, app_key: str) -> Jinja2Templates:
    """Templates with autoescaping and loud failures on typos in variable names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(path_for=path_for, wegwijs_server=wegwijs_server, app_key=app_key)
    env.filters.update(money=money, day=day)
    return Jinja2Templates(env=env, context_processors=[page_context])


@dataclass(frozen=True)
class WidgetTag:
    """The Wegwijs script tag, rendered the way a server-side integrator should: by the
    Python SDK's `script_tag`, which signs the user id with the identity secret."""

    server: str
    app_key: str
    identity_secret: str | None

    def render(self, *, user_id: str | None, traits: dict[str, str], nonce: str) -> Markup:
        if not self.app_key:
            return Markup("")
        if script_tag is None:
            return self._unsigned(user_id=user_id, traits=traits, nonce=nonce)
        tag = script_tag(
            self.app_key,
            self.server,
            user_id=user_id,
            traits=traits,
            secret=self.identity_secret,
            nonce=nonce or None,
        )
        return Markup(str(tag))

    def _unsigned(self, *, user_id: str | None, traits: dict[str, str], nonce: str) -> Markup:
        attributes = {
            "src": f"{self.server}/widget/wegwijs.js",
            "data-app-key": self.app_key,
            "data-server": self.server,
            "data-user-id": user_id,
            "data-user-traits": json.dumps(traits, separators=(",", ":")),
            "nonce": nonce or None,
        }
        shown = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items() if value)
        return Markup(f"<script async {shown}></script>")


def create_app(*, wegwijs_server: str, app_key: str, identity_secret: str | None = None) -> FastAPI:
    """Build the host app, embedding the widget from `wegwijs_server` with `app_key`.

    With `identity_secret` (the Wegwijs app's identity-verification secret, kept on this
    server only) every signed-in user's id is signed, as the app's settings require."""
    wegwijs_server = wegwijs_server.rstrip("/")
    app = FastAPI(title="Acme Declaraties", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = Store()
    app.state.widget = WidgetTag(wegwijs_server, app_key, identity_secret)
    app.state.templates = build_templates(wegwijs_server=wegwijs_server, app_key=app_key)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(HTTPException)
    async def error_page(request: Request, exc: HTTPException) -> Response:
        return render(request, "error.html", {"status_code": exc.status_code}, exc.status_code)

    app.add_middleware(SecurityHeaders, wegwijs_server=wegwijs_server)
    return app


app = create_app(
    wegwijs_server=os.environ.get("WEGWIJS_HOST_SERVER", "http://127.0.0.1:8000"),
    app_key=os.environ.get("WEGWIJS_HOST_APP_KEY", ""),
    identity_secret=os.environ.get("WEGWIJS_HOST_IDENTITY_SECRET") or None,
)
