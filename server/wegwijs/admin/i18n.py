"""The admin pages in Dutch and English: one table of messages and one function to use it.

Every string a person reads on an admin page is a key in `MESSAGES` with both languages
side by side, so a missing translation is one glance (and one test) away. Placeholders use
`str.format` names: `translate("nl", "flash.member_saved", email="a@b.nl")`.
"""

from typing import Any

from starlette.requests import Request

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"
LANGUAGE_COOKIE = "wegwijs_lang"
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}


def translate(lang: str, key: str, **params: Any) -> str:
    """The message in `lang`; an unknown key is shown as itself, so it is noticed."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    try:
        return text.format(**params)
    except (KeyError, IndexError):  # a placeholder without its value: show the text as is
        return text


def has_message(key: str) -> bool:
    return key in MESSAGES


def other_language(lang: str) -> str:
    return "nl" if lang == "en" else "en"


def pick_language(request: Request) -> str:
    """The language chosen with the switch (a cookie), else the browser's preference."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return from_accept_language(request.headers.get("accept-language"))


def from_accept_language(header: str | None) -> str:
    """The supported language the browser prefers most (`nl-BE;q=0.9` counts as nl)."""
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for position, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        language = tag.strip().lower().split("-")[0]
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        # Equal weights keep the order the browser gave.
        q -= position * 1e-6
        if language in LANGUAGES and q > best_q:
            best, best_q = language, q
    return best


MESSAGES: dict[str, dict[str, str]] = {
    # -- layout and navigation
    "layout.skip": {"en": "Skip to content", "nl": "Naar de inhoud"},
    "layout.app_switcher": {"en": "Switch app", "nl": "Andere app kiezen"},
    "layout.choose_app": {"en": "Choose an app", "nl": "Kies een app"},
    "layout.all_apps": {"en": "All apps", "nl": "Alle apps"},
    "layout.account_menu": {"en": "Account", "nl": "Account"},
    "layout.language_switch.en": {"en": "English", "nl": "English"},
    "layout.language_switch.nl": {"en": "Nederlands", "nl": "Nederlands"},
    "nav.label": {"en": "{app}", "nl": "{app}"},
    "nav.home": {"en": "Overview", "nl": "Overzicht"},
    "nav.guides": {"en": "Guides", "nl": "Instructies"},
    "nav.reports": {"en": "Reports", "nl": "Rapportages"},
    "nav.settings": {"en": "Settings", "nl": "Instellingen"},
    "nav.members": {"en": "Members", "nl": "Leden"},
    "nav.tokens": {"en": "API tokens", "nl": "API-tokens"},
    "nav.password": {"en": "Change password", "nl": "Wachtwoord wijzigen"},
    "nav.sign_out": {"en": "Sign out", "nl": "Afmelden"},
    "role.admin": {"en": "Admin", "nl": "Beheerder"},
    "role.author": {"en": "Author", "nl": "Auteur"},
    "role.analyst": {"en": "Analyst", "nl": "Analist"},
    "status.draft": {"en": "Draft", "nl": "Concept"},
    "status.published": {"en": "Published", "nl": "Gepubliceerd"},
    "status.archived": {"en": "Archived", "nl": "Gearchiveerd"},
    "kind.walkthrough": {"en": "Walkthrough", "nl": "Stappenplan"},
    "kind.tip": {"en": "Tip", "nl": "Tip"},
    "kind.announcement": {"en": "Announcement", "nl": "Aankondiging"},
    "kind.checklist": {"en": "Checklist", "nl": "Checklist"},
    "copy.button": {"en": "Copy", "nl": "Kopiëren"},
    "copy.done": {"en": "Copied.", "nl": "Gekopieerd."},
    # -- forms
    "form.required": {"en": "required", "nl": "verplicht"},
    "form.error_summary": {"en": "There is a problem", "nl": "Er is iets niet goed"},
    "form.error_prefix": {"en": "Error:", "nl": "Fout:"},
    "error.required": {"en": "Fill in this field.", "nl": "Vul dit veld in."},
    "error.too_short": {
        "en": "Use at least {min} characters.",
        "nl": "Gebruik minstens {min} tekens.",
    },
    "error.too_long": {
        "en": "Use at most {max} characters.",
        "nl": "Gebruik hoogstens {max} tekens.",
    },
    "error.too_many": {"en": "That is too many.", "nl": "Dat zijn er te veel."},
    "error.whole_number": {"en": "Enter a whole number.", "nl": "Vul een geheel getal in."},
    "error.range": {
        "en": "Enter a number from {min} to {high}.",
        "nl": "Vul een getal van {min} tot en met {high} in.",
    },
    "error.choice": {"en": "Choose one of the options.", "nl": "Kies een van de opties."},
    "error.invalid": {"en": "This value is not valid.", "nl": "Deze waarde is niet geldig."},
    "error.email": {
        "en": "Enter an email address like name@example.com.",
        "nl": "Vul een e-mailadres in, zoals naam@voorbeeld.nl.",
    },
    "error.origin": {
        "en": "Enter origins like https://app.example.com, one per line.",
        "nl": "Vul origins in zoals https://app.voorbeeld.nl, één per regel.",
    },
    "error.origin_value": {
        "en": "“{value}” is not an origin like https://app.example.com (scheme, host and "
        "optional port, no path).",
        "nl": "“{value}” is geen origin zoals https://app.voorbeeld.nl (schema, host en "
        "eventueel poort, geen pad).",
    },
    "error.too_many_origins": {
        "en": "Enter at most {max} origins.",
        "nl": "Vul hoogstens {max} origins in.",
    },
    "error.locale": {
        "en": "Enter a language code like nl or en-GB.",
        "nl": "Vul een taalcode in, zoals nl of en-GB.",
    },
    "error.timezone": {
        "en": "Choose a time zone from the list, like Europe/Amsterdam.",
        "nl": "Kies een tijdzone uit de lijst, zoals Europe/Amsterdam.",
    },
    "error.colour": {
        "en": "Enter a colour as #rgb or #rrggbb, like #1d4ed8.",
        "nl": "Vul een kleur in als #rgb of #rrggbb, zoals #1d4ed8.",
    },
    "error.font": {
        "en": "Use letters, digits, spaces, commas and hyphens only, like Inter, sans-serif.",
        "nl": "Gebruik alleen letters, cijfers, spaties, komma's en streepjes, zoals "
        "Inter, sans-serif.",
    },
    # -- error pages
    "error.title.400": {"en": "The request is not valid", "nl": "Het verzoek is niet geldig"},
    "error.title.403": {"en": "Not allowed", "nl": "Geen toegang"},
    "error.title.404": {"en": "Page not found", "nl": "Pagina niet gevonden"},
    "error.title.405": {"en": "Not possible here", "nl": "Hier niet mogelijk"},
    "error.title.409": {"en": "Not possible right now", "nl": "Nu niet mogelijk"},
    "error.title.413": {"en": "Too large", "nl": "Te groot"},
    "error.title.422": {"en": "The request is not valid", "nl": "Het verzoek is niet geldig"},
    "error.title.500": {"en": "Something went wrong", "nl": "Er ging iets mis"},
    "error.title.other": {"en": "Something went wrong", "nl": "Er ging iets mis"},
    "error.csrf": {
        "en": "This form has expired or did not come from this site. Go back, reload the "
        "page and try again.",
        "nl": "Dit formulier is verlopen of kwam niet van deze site. Ga terug, laad de "
        "pagina opnieuw en probeer het nog eens.",
    },
    "error.forbidden": {
        "en": "Your account does not have access to this page. Ask an admin of the app for "
        "the right role.",
        "nl": "Uw account heeft geen toegang tot deze pagina. Vraag een beheerder van de app "
        "om de juiste rol.",
    },
    "error.app_not_found": {
        "en": "There is no app with this key.",
        "nl": "Er is geen app met deze sleutel.",
    },
    "error.not_found": {
        "en": "This page does not exist (any more).",
        "nl": "Deze pagina bestaat niet (meer).",
    },
    "error.method": {
        "en": "This address cannot be used this way.",
        "nl": "Dit adres kan niet zo worden gebruikt.",
    },
    "error.bad_request": {
        "en": "The address or the form is not valid.",
        "nl": "Het adres of het formulier is niet geldig.",
    },
    "error.conflict": {
        "en": "This cannot be done right now; reload the page to see the current state.",
        "nl": "Dit kan nu niet; laad de pagina opnieuw om de huidige stand te zien.",
    },
    "error.too_large": {"en": "The form is too large.", "nl": "Het formulier is te groot."},
    "error.server": {
        "en": "Something went wrong on the server. Try again in a moment.",
        "nl": "Er ging iets mis op de server. Probeer het zo nog eens.",
    },
    "error.generic": {"en": "Something went wrong.", "nl": "Er ging iets mis."},
    "error.back": {"en": "Go to your apps", "nl": "Naar uw apps"},
    # -- flash messages after a change
    "flash.signed_out": {"en": "You are signed out.", "nl": "U bent afgemeld."},
    "flash.password_changed": {
        "en": "Your password is changed. Other sessions are signed out.",
        "nl": "Uw wachtwoord is gewijzigd. Andere sessies zijn afgemeld.",
    },
    "flash.app_created": {
        "en": "App “{name}” is created. Next: add the script tag to the app.",
        "nl": "App “{name}” is aangemaakt. Volgende stap: zet de scripttag in de app.",
    },
    "flash.settings_saved": {"en": "Settings saved.", "nl": "Instellingen opgeslagen."},
    "flash.identity_on": {
        "en": "Identity verification is on.",
        "nl": "Identiteitscontrole staat aan.",
    },
    "flash.identity_off": {
        "en": "Identity verification is off.",
        "nl": "Identiteitscontrole staat uit.",
    },
    "flash.secret_retired": {
        "en": "The previous secret is retired; only the current secret is valid.",
        "nl": "Het vorige geheim is ingetrokken; alleen het huidige geheim is geldig.",
    },
    "flash.member_saved": {
        "en": "{email} is a member with the chosen role.",
        "nl": "{email} is lid met de gekozen rol.",
    },
    "flash.member_removed": {
        "en": "{email} is no longer a member.",
        "nl": "{email} is geen lid meer.",
    },
    "flash.guide_created": {
        "en": "“{name}” is created as a draft.",
        "nl": "“{name}” is aangemaakt als concept.",
    },
    "flash.guide_saved": {"en": "Saved in the draft.", "nl": "Opgeslagen in het concept."},
    "flash.guide_deleted": {"en": "“{name}” is deleted.", "nl": "“{name}” is verwijderd."},
    "flash.step_added": {"en": "Step added.", "nl": "Stap toegevoegd."},
    "flash.step_saved": {"en": "Step saved in the draft.", "nl": "Stap opgeslagen in het concept."},
    "flash.step_deleted": {"en": "Step deleted.", "nl": "Stap verwijderd."},
    "flash.step_moved": {
        "en": "Step moved to position {position} of {count}.",
        "nl": "Stap verplaatst naar positie {position} van {count}.",
    },
    "flash.steps_reordered": {"en": "New order saved.", "nl": "Nieuwe volgorde opgeslagen."},
    "flash.published": {
        "en": "Published as version {number}: users see it now.",
        "nl": "Gepubliceerd als versie {number}: gebruikers zien het nu.",
    },
    "flash.rolled_back": {
        "en": "Version {restored} is live again, as version {number}.",
        "nl": "Versie {restored} is weer live, als versie {number}.",
    },
    "flash.unpublished": {
        "en": "Unpublished: users no longer see it.",
        "nl": "Publicatie ingetrokken: gebruikers zien het niet meer.",
    },
    "flash.archived": {"en": "Archived.", "nl": "Gearchiveerd."},
    "flash.restored": {"en": "Restored as a draft.", "nl": "Teruggezet als concept."},
    "flash.token_revoked": {
        "en": "Token “{name}” is revoked.",
        "nl": "Token “{name}” is ingetrokken.",
    },
    # -- sign in, password
    "sign_in.title": {"en": "Sign in", "nl": "Aanmelden"},
    "sign_in.email": {"en": "Email address", "nl": "E-mailadres"},
    "sign_in.password": {"en": "Password", "nl": "Wachtwoord"},
    "sign_in.submit": {"en": "Sign in", "nl": "Aanmelden"},
    "sign_in.incorrect": {
        "en": "The email address or password is incorrect.",
        "nl": "Het e-mailadres of wachtwoord klopt niet.",
    },
    "sign_in.throttled": {
        "en": "Too many failed sign-ins. Try again in {minutes} minutes.",
        "nl": "Te veel mislukte aanmeldpogingen. Probeer het over {minutes} minuten opnieuw.",
    },
    "password.title": {"en": "Change password", "nl": "Wachtwoord wijzigen"},
    "password.intro": {
        "en": "After the change, every other session of your account is signed out.",
        "nl": "Na de wijziging worden alle andere sessies van uw account afgemeld.",
    },
    "password.current": {"en": "Current password", "nl": "Huidig wachtwoord"},
    "password.new": {"en": "New password", "nl": "Nieuw wachtwoord"},
    "password.new_hint": {
        "en": "At least 12 characters. A few unrelated words are easy to remember.",
        "nl": "Minstens 12 tekens. Een paar losse woorden zijn makkelijk te onthouden.",
    },
    "password.confirm": {"en": "New password again", "nl": "Nieuw wachtwoord nogmaals"},
    "password.submit": {"en": "Change password", "nl": "Wachtwoord wijzigen"},
    "password.mismatch": {
        "en": "The two new passwords are not the same.",
        "nl": "De twee nieuwe wachtwoorden zijn niet gelijk.",
    },
    "password.wrong_current": {
        "en": "The current password is incorrect.",
        "nl": "Het huidige wachtwoord klopt niet.",
    },
    # -- apps
    "apps.title": {"en": "Apps", "nl": "Apps"},
    "apps.name": {"en": "App", "nl": "App"},
    "apps.role": {"en": "Your role", "nl": "Uw rol"},
    "apps.key": {"en": "App key", "nl": "App-sleutel"},
    "apps.none": {
        "en": "You are not a member of any app yet. Ask an admin to add you.",
        "nl": "U bent nog geen lid van een app. Vraag een beheerder om u toe te voegen.",
    },
    "apps.none_owner": {
        "en": "There are no apps yet. Create the first one below.",
        "nl": "Er zijn nog geen apps. Maak hieronder de eerste aan.",
    },
    "apps.new": {"en": "New app", "nl": "Nieuwe app"},
    "apps.create": {"en": "Create app", "nl": "App aanmaken"},
    # -- app home
    "home.title": {"en": "Overview", "nl": "Overzicht"},
    "home.your_role": {"en": "Your role: {role}", "nl": "Uw rol: {role}"},
    "home.open_guides": {"en": "All guides", "nl": "Alle instructies"},
    "home.open_install": {
        "en": "Script tag and install check",
        "nl": "Scripttag en installatiecontrole",
    },
    "home.analytics": {"en": "Analytics", "nl": "Analyse"},
    "home.analytics_intro": {
        "en": "Which guides are used, where users get stuck, which help is missing and "
        "which guides broke.",
        "nl": "Welke instructies gebruikt worden, waar gebruikers vastlopen, welke hulp "
        "ontbreekt en welke instructies kapot zijn.",
    },
    "home.open_reports": {"en": "Open the reports", "nl": "Rapportages openen"},
    "home.administration": {"en": "Administration", "nl": "Beheer"},
    # -- guides: the list
    "guides.title": {"en": "Guides", "nl": "Instructies"},
    "guides.count": {"en": "{count} guides", "nl": "{count} instructies"},
    "guides.name": {"en": "Name", "nl": "Naam"},
    "guides.name_hint": {
        "en": "For authors only, like “Submit a claim”.",
        "nl": "Alleen voor auteurs, zoals “Declaratie indienen”.",
    },
    "guides.kind": {"en": "Kind", "nl": "Soort"},
    "guides.kind_hint": {
        "en": "Walkthrough: steps through a task. Tip: help on one element. Announcement: "
        "news about a change. Checklist: a list of walkthroughs.",
        "nl": "Stappenplan: stap voor stap door een taak. Tip: hulp bij één element. "
        "Aankondiging: nieuws over een wijziging. Checklist: een lijst stappenplannen.",
    },
    "guides.status": {"en": "Status", "nl": "Status"},
    "guides.updated": {"en": "Last changed", "nl": "Laatst gewijzigd"},
    "guides.actions": {"en": "Actions", "nl": "Acties"},
    "guides.edit": {"en": "Edit", "nl": "Bewerken"},
    "guides.view": {"en": "View", "nl": "Bekijken"},
    "guides.changed_since": {
        "en": "(changed since publishing)",
        "nl": "(gewijzigd sinds publicatie)",
    },
    "guides.none": {
        "en": "This app has no guides yet.",
        "nl": "Deze app heeft nog geen instructies.",
    },
    "guides.none_found": {
        "en": "No guides match these filters.",
        "nl": "Geen instructies gevonden met deze filters.",
    },
    "guides.filter_label": {"en": "Find guides", "nl": "Instructies zoeken"},
    "guides.search": {"en": "Name contains", "nl": "Naam bevat"},
    "guides.any_kind": {"en": "Every kind", "nl": "Alle soorten"},
    "guides.any_status": {"en": "Every status", "nl": "Alle statussen"},
    "guides.filter": {"en": "Show", "nl": "Tonen"},
    "guides.clear_filters": {"en": "Clear filters", "nl": "Filters wissen"},
    "guides.pages": {"en": "Pages", "nl": "Pagina's"},
    "guides.previous": {"en": "Previous page", "nl": "Vorige pagina"},
    "guides.next": {"en": "Next page", "nl": "Volgende pagina"},
    "guides.page_of": {"en": "Page {number} of {pages}", "nl": "Pagina {number} van {pages}"},
    "guides.new": {"en": "New guide", "nl": "Nieuwe instructie"},
    "guides.create": {"en": "Create and edit", "nl": "Aanmaken en bewerken"},
    "record.title": {"en": "Record a walkthrough", "nl": "Stappenplan opnemen"},
    "record.intro": {
        "en": "Open the app in a new window and do the task: every click and every field "
        "you fill in becomes a step. Finish saves a draft and opens it here.",
        "nl": "Open de app in een nieuw venster en voer de taak uit: elke klik en elk veld "
        "dat u invult wordt een stap. Met Klaar wordt een concept bewaard en hier geopend.",
    },
    "record.start": {"en": "Record a walkthrough", "nl": "Stappenplan opnemen"},
    "record.needs_script": {
        "en": "Recording needs JavaScript in this browser.",
        "nl": "Opnemen werkt alleen met JavaScript in deze browser.",
    },
    "record.saved": {
        "en": "The recording is saved. Opening it in the editor…",
        "nl": "De opname is bewaard. Hij wordt geopend in de editor…",
    },
    "host.url": {"en": "Address of the app", "nl": "Adres van de app"},
    "host.url_hint": {
        "en": "A page of the app where the widget runs. This browser remembers it for this app.",
        "nl": "Een pagina van de app waarop de widget draait. Deze browser onthoudt het voor "
        "deze app.",
    },
    "host.bad": {
        "en": "Enter an address on one of the app's allowed origins: {origins}.",
        "nl": "Vul een adres in op een van de toegestane origins van de app: {origins}.",
    },
    "host.no_origins": {
        "en": "none yet (an admin adds them in the settings)",
        "nl": "nog geen (een beheerder voegt ze toe bij de instellingen)",
    },
    "host.waiting": {
        "en": "The app is opening in a new window…",
        "nl": "De app wordt geopend in een nieuw venster…",
    },
    "host.connected": {
        "en": "The app window is ready. Carry on there.",
        "nl": "Het venster van de app is klaar. Ga daar verder.",
    },
    "host.failed": {
        "en": "That did not work. Reload this page and try again.",
        "nl": "Dat lukte niet. Laad deze pagina opnieuw en probeer het nog eens.",
    },
    "host.blocked": {
        "en": "The browser blocked the new window. Allow pop-ups for this site and try again.",
        "nl": "De browser hield het nieuwe venster tegen. Sta pop-ups toe voor deze site en "
        "probeer het opnieuw.",
    },
    # -- guides: the editor
    "editor.live_version": {"en": "Live: version {number}", "nl": "Live: versie {number}"},
    "editor.unpublished_changes": {
        "en": "The draft has changes that are not published.",
        "nl": "Het concept heeft wijzigingen die niet gepubliceerd zijn.",
    },
    "editor.archived_notice": {
        "en": "This guide is archived: nobody sees it and it cannot be changed. Restore it to "
        "edit it again.",
        "nl": "Deze instructie is gearchiveerd: niemand ziet hem en hij kan niet worden "
        "gewijzigd. Zet hem terug om hem weer te bewerken.",
    },
    "editor.read_only": {
        "en": "You can read this guide; authors and admins change it.",
        "nl": "U kunt deze instructie lezen; auteurs en beheerders wijzigen hem.",
    },
    "editor.summary": {"en": "Who sees it, where and when", "nl": "Wie ziet het, waar en wanneer"},
    "editor.publishing": {"en": "Publishing", "nl": "Publiceren"},
    "editor.publish": {"en": "Publish", "nl": "Publiceren"},
    "editor.unpublish": {"en": "Unpublish", "nl": "Publicatie intrekken"},
    "editor.unpublish_confirm": {
        "en": "Unpublish this guide? Users no longer see it; the draft stays.",
        "nl": "Publicatie intrekken? Gebruikers zien de instructie niet meer; het concept blijft.",
    },
    "editor.archive": {"en": "Archive", "nl": "Archiveren"},
    "editor.archive_confirm": {
        "en": "Archive this guide? Users no longer see it and it cannot be edited until it is "
        "restored.",
        "nl": "Deze instructie archiveren? Gebruikers zien hem niet meer en hij kan pas weer "
        "worden bewerkt als hij is teruggezet.",
    },
    "editor.restore": {"en": "Restore as draft", "nl": "Terugzetten als concept"},
    "editor.history": {"en": "Version history", "nl": "Versiegeschiedenis"},
    "editor.delete": {"en": "Delete", "nl": "Verwijderen"},
    "editor.delete_confirm": {
        "en": "Delete “{name}” with all its versions? This cannot be undone.",
        "nl": "“{name}” met alle versies verwijderen? Dit kan niet ongedaan worden gemaakt.",
    },
    "editor.details": {"en": "General", "nl": "Algemeen"},
    "editor.name": {"en": "Name", "nl": "Naam"},
    "editor.slug": {"en": "Slug", "nl": "Slug"},
    "editor.slug_hint": {
        "en": "The guide's id in files and checklists: lowercase letters, digits and hyphens.",
        "nl": "Het id van de instructie in bestanden en checklists: kleine letters, cijfers en "
        "streepjes.",
    },
    "editor.targeting": {"en": "Targeting", "nl": "Doelgroep en pagina's"},
    "editor.url_rules": {"en": "Pages (URL rules)", "nl": "Pagina's (URL-regels)"},
    "editor.url_rules_hint": {
        "en": "One per line, like /claims/* or /orders/:id. Empty: every page.",
        "nl": "Eén per regel, zoals /claims/* of /orders/:id. Leeg: elke pagina.",
    },
    "editor.audience": {"en": "Audience", "nl": "Doelgroep"},
    "editor.audience_hint": {
        "en": "Conditions on the traits the app passes with identify, like role or department. "
        "No conditions: everyone.",
        "nl": "Voorwaarden op de kenmerken die de app meegeeft met identify, zoals rol of "
        "afdeling. Geen voorwaarden: iedereen.",
    },
    "editor.audience_join": {"en": "Show it when", "nl": "Tonen als"},
    "editor.join_all": {"en": "all conditions hold", "nl": "alle voorwaarden gelden"},
    "editor.join_any": {"en": "any condition holds", "nl": "een van de voorwaarden geldt"},
    "editor.conditions": {"en": "Conditions", "nl": "Voorwaarden"},
    "editor.trait": {"en": "Trait", "nl": "Kenmerk"},
    "editor.op": {"en": "Comparison", "nl": "Vergelijking"},
    "editor.value": {"en": "Value", "nl": "Waarde"},
    "editor.trait_of": {
        "en": "Trait of condition {number}",
        "nl": "Kenmerk van voorwaarde {number}",
    },
    "editor.op_of": {
        "en": "Comparison of condition {number}",
        "nl": "Vergelijking van voorwaarde {number}",
    },
    "editor.value_of": {
        "en": "Value of condition {number}",
        "nl": "Waarde van voorwaarde {number}",
    },
    "editor.conditions_hint": {
        "en": "Empty the trait to remove a condition; save to get more empty rows. Values are "
        'text; true, false and numbers are read as such ("42" in quotes is text). Lists are '
        "separated by commas.",
        "nl": "Maak het kenmerk leeg om een voorwaarde te verwijderen; sla op voor meer lege "
        "regels. Waarden zijn tekst; true, false en getallen worden als zodanig gelezen "
        '("42" tussen aanhalingstekens is tekst). Lijsten scheidt u met komma\'s.',
    },
    "editor.audience_json_toggle": {
        "en": "Edit the audience as JSON (nested groups)",
        "nl": "Doelgroep als JSON bewerken (geneste groepen)",
    },
    "editor.audience_json": {"en": "Audience as JSON", "nl": "Doelgroep als JSON"},
    "editor.audience_json_hint": {
        "en": "Used instead of the rows above when filled in, like "
        '{"all": [{"trait": "role", "op": "eq", "value": "approver"}]}.',
        "nl": "Wordt gebruikt in plaats van de regels hierboven als het is ingevuld, zoals "
        '{"all": [{"trait": "role", "op": "eq", "value": "approver"}]}.',
    },
    "editor.element": {
        "en": "Only when this element is on the page",
        "nl": "Alleen als dit element op de pagina staat",
    },
    "editor.element_hint": {
        "en": "Optional: a CSS selector, like #claim-form.",
        "nl": "Optioneel: een CSS-selector, zoals #claim-form.",
    },
    "editor.schedule": {"en": "Schedule and frequency", "nl": "Planning en frequentie"},
    "editor.schedule_hint": {
        "en": "Times are in the app's time zone, {timezone}. Leave empty for no limit.",
        "nl": "Tijden zijn in de tijdzone van de app, {timezone}. Laat leeg voor geen grens.",
    },
    "editor.starts_at": {"en": "Shown from", "nl": "Getoond vanaf"},
    "editor.ends_at": {"en": "Shown until", "nl": "Getoond tot"},
    "editor.frequency": {"en": "How often", "nl": "Hoe vaak"},
    "editor.priority": {"en": "Priority", "nl": "Prioriteit"},
    "editor.priority_hint": {
        "en": "-1000 to 1000; the highest wins when several guides match a page.",
        "nl": "-1000 tot en met 1000; de hoogste gaat voor als meer instructies passen.",
    },
    "editor.settings.tip": {"en": "Tip", "nl": "Tip"},
    "editor.settings.announcement": {"en": "Announcement", "nl": "Aankondiging"},
    "editor.settings.checklist": {"en": "Checklist", "nl": "Checklist"},
    "editor.tip_icon": {"en": "Icon", "nl": "Icoon"},
    "editor.tip_trigger": {"en": "Opens", "nl": "Opent"},
    "editor.display": {"en": "Shown as", "nl": "Getoond als"},
    "editor.display_hint": {
        "en": "Next to an element needs the element: pick it in the message below.",
        "nl": "Naast een element heeft het element nodig: kies het bij het bericht hieronder.",
    },
    "editor.button_label": {"en": "Button text", "nl": "Tekst op de knop"},
    "editor.button_label_hint": {
        "en": "Optional, like “Show me”.",
        "nl": "Optioneel, zoals “Laat zien”.",
    },
    "editor.start_walkthrough": {"en": "Offers the walkthrough", "nl": "Biedt het stappenplan aan"},
    "editor.start_walkthrough_hint": {
        "en": "Started from the announcement's button.",
        "nl": "Start vanuit de knop van de aankondiging.",
    },
    "editor.no_walkthrough": {"en": "None", "nl": "Geen"},
    "editor.items": {"en": "Walkthroughs on the list", "nl": "Stappenplannen op de lijst"},
    "editor.items_hint": {
        "en": "In this order. Choose none to remove one; save to get more empty rows.",
        "nl": "In deze volgorde. Kies geen om er een te verwijderen; sla op voor meer lege regels.",
    },
    "editor.item_of": {"en": "Walkthrough {number}", "nl": "Stappenplan {number}"},
    "editor.no_item": {"en": "None", "nl": "Geen"},
    "editor.missing_item": {
        "en": "{slug} (no such walkthrough)",
        "nl": "{slug} (bestaat niet als stappenplan)",
    },
    "editor.no_walkthroughs": {
        "en": "This app has no walkthroughs yet.",
        "nl": "Deze app heeft nog geen stappenplannen.",
    },
    "editor.save": {"en": "Save", "nl": "Opslaan"},
    "editor.error.slug": {
        "en": "Use lowercase letters, digits and single hyphens, like submit-a-claim.",
        "nl": "Gebruik kleine letters, cijfers en losse streepjes, zoals declaratie-indienen.",
    },
    "editor.error.slug_taken": {
        "en": "Another guide of this app has this slug.",
        "nl": "Een andere instructie van deze app heeft deze slug.",
    },
    "editor.error.datetime": {
        "en": "Enter a date and time, like 2026-05-01 09:00.",
        "nl": "Vul een datum en tijd in, zoals 2026-05-01 09:00.",
    },
    "editor.error.ends_before_start": {
        "en": "The end must be after the start.",
        "nl": "Het einde moet na het begin liggen.",
    },
    "editor.error.url_rules": {
        "en": "Check the URL rules: {detail}",
        "nl": "Controleer de URL-regels: {detail}",
    },
    "editor.error.audience": {
        "en": "Check the audience: {detail}",
        "nl": "Controleer de doelgroep: {detail}",
    },
    "editor.error.audience_shape": {
        "en": 'The audience is a JSON object, like {"all": [...]}.',
        "nl": 'De doelgroep is een JSON-object, zoals {"all": [...]}.',
    },
    "editor.error.element": {
        "en": "Check the selector: {detail}",
        "nl": "Controleer de selector: {detail}",
    },
    "editor.error.number": {"en": "Enter a number.", "nl": "Vul een getal in."},
    "editor.error.json": {
        "en": "This is not valid JSON ({detail}).",
        "nl": "Dit is geen geldige JSON ({detail}).",
    },
    "editor.error.items_once": {
        "en": "Put each walkthrough on the list once.",
        "nl": "Zet elk stappenplan één keer op de lijst.",
    },
    "editor.error.target_object": {
        "en": 'A target is a JSON object, like {"id": "save"}; leave empty for a floating step.',
        "nl": 'Een doel is een JSON-object, zoals {"id": "save"}; laat leeg voor een '
        "zwevende stap.",
    },
    "editor.error.target_size": {
        "en": "This target is too large (at most 8 KB).",
        "nl": "Dit doel is te groot (hoogstens 8 kB).",
    },
    "editor.error.sample_url": {
        "en": "Enter a full address, like https://app.example.com/claims/new.",
        "nl": "Vul een volledig adres in, zoals https://app.voorbeeld.nl/claims/new.",
    },
    "locale.nl": {"en": "Dutch (nl)", "nl": "Nederlands (nl)"},
    "locale.en": {"en": "English (en)", "nl": "Engels (en)"},
    "locale.other": {"en": "Language {code}", "nl": "Taal {code}"},
    "frequency.once": {"en": "Once", "nl": "Eén keer"},
    "frequency.until_completed": {"en": "Until completed", "nl": "Tot voltooid"},
    "frequency.until_dismissed": {"en": "Until dismissed", "nl": "Tot weggeklikt"},
    "frequency.always": {"en": "Every time", "nl": "Elke keer"},
    "placement.auto": {"en": "Automatic", "nl": "Automatisch"},
    "placement.top": {"en": "Above the element", "nl": "Boven het element"},
    "placement.bottom": {"en": "Below the element", "nl": "Onder het element"},
    "placement.left": {"en": "Left of the element", "nl": "Links van het element"},
    "placement.right": {"en": "Right of the element", "nl": "Rechts van het element"},
    "placement.floating": {
        "en": "In the middle of the page (no element)",
        "nl": "Midden op de pagina (geen element)",
    },
    "trigger.next": {"en": "Next button", "nl": "Knop Volgende"},
    "trigger.click": {"en": "Click on the element", "nl": "Klik op het element"},
    "trigger.input": {"en": "Typing in the element", "nl": "Invoer in het element"},
    "trigger.url": {"en": "Going to another page", "nl": "Naar een andere pagina gaan"},
    "op.eq": {"en": "is", "nl": "is gelijk aan"},
    "op.ne": {"en": "is not", "nl": "is niet gelijk aan"},
    "op.in": {"en": "is one of", "nl": "is een van"},
    "op.not_in": {"en": "is none of", "nl": "is geen van"},
    "op.contains": {"en": "contains", "nl": "bevat"},
    "op.exists": {"en": "is set", "nl": "is bekend"},
    "op.not_exists": {"en": "is not set", "nl": "is niet bekend"},
    "op.gt": {"en": "is greater than", "nl": "is groter dan"},
    "op.gte": {"en": "is at least", "nl": "is minstens"},
    "op.lt": {"en": "is less than", "nl": "is kleiner dan"},
    "op.lte": {"en": "is at most", "nl": "is hoogstens"},
    "op.before": {"en": "is before (date)", "nl": "is vóór (datum)"},
    "op.after": {"en": "is after (date)", "nl": "is na (datum)"},
    "tip_icon.beacon": {"en": "Pulsing beacon", "nl": "Knipperend baken"},
    "tip_icon.info": {"en": "Info icon", "nl": "Info-icoon"},
    "tip_trigger.hover": {"en": "On hover and focus", "nl": "Bij aanwijzen en focus"},
    "tip_trigger.click": {"en": "On click", "nl": "Bij klikken"},
    "tip_trigger.focus": {"en": "On focus", "nl": "Bij focus"},
    "display.banner": {"en": "Banner at the top", "nl": "Balk bovenaan"},
    "display.modal": {"en": "Dialog in the middle", "nl": "Venster in het midden"},
    "display.anchored": {"en": "Next to an element", "nl": "Naast een element"},
    # -- guides: steps
    "steps.title.walkthrough": {"en": "Steps", "nl": "Stappen"},
    "steps.title.tip": {"en": "Tip text and element", "nl": "Tekst en element van de tip"},
    "steps.title.announcement": {"en": "Message", "nl": "Bericht"},
    "steps.title.checklist": {"en": "Title and introduction", "nl": "Titel en inleiding"},
    "steps.none.walkthrough": {
        "en": "No steps yet. Record the walkthrough, or add steps here.",
        "nl": "Nog geen stappen. Neem het stappenplan op of voeg hier stappen toe.",
    },
    "steps.none.tip": {"en": "No text yet.", "nl": "Nog geen tekst."},
    "steps.none.announcement": {"en": "No message yet.", "nl": "Nog geen bericht."},
    "steps.none.checklist": {"en": "No title yet.", "nl": "Nog geen titel."},
    "steps.add": {"en": "Add a step", "nl": "Stap toevoegen"},
    "steps.add_text": {"en": "Write the text", "nl": "Tekst schrijven"},
    "steps.reorder_hint": {
        "en": "Change the order with Move up and Move down, with Alt+Arrow up or down, or by "
        "dragging a step by its handle.",
        "nl": "Wijzig de volgorde met Omhoog en Omlaag, met Alt+pijl omhoog of omlaag, of door "
        "een stap aan zijn greep te slepen.",
    },
    "steps.drag": {"en": "Drag to move", "nl": "Sleep om te verplaatsen"},
    "steps.moved": {
        "en": "Moved to position {position} of {count}.",
        "nl": "Verplaatst naar positie {position} van {count}.",
    },
    "steps.already_first": {"en": "This is the first step.", "nl": "Dit is de eerste stap."},
    "steps.already_last": {"en": "This is the last step.", "nl": "Dit is de laatste stap."},
    "steps.save_failed": {
        "en": "The new order could not be saved; the page reloads.",
        "nl": "De nieuwe volgorde kon niet worden opgeslagen; de pagina wordt opnieuw geladen.",
    },
    "step.number": {"en": "Step {number}", "nl": "Stap {number}"},
    "step.untitled": {"en": "(no title yet)", "nl": "(nog geen titel)"},
    "step.move_up": {"en": "Move up", "nl": "Omhoog"},
    "step.move_down": {"en": "Move down", "nl": "Omlaag"},
    "step.delete": {"en": "Delete", "nl": "Verwijderen"},
    "step.delete_confirm": {
        "en": "Delete the step “{title}”?",
        "nl": "De stap “{title}” verwijderen?",
    },
    "step.edit": {"en": "Edit", "nl": "Bewerken"},
    "step.show": {"en": "Show", "nl": "Tonen"},
    "step.title": {"en": "Title", "nl": "Titel"},
    "step.body": {"en": "Text", "nl": "Tekst"},
    "step.body_hint": {
        "en": "Markdown: **bold**, *italic*, - lists, [link](https://…).",
        "nl": "Markdown: **vet**, *cursief*, - lijsten, [link](https://…).",
    },
    "step.preview": {"en": "Preview", "nl": "Voorbeeld"},
    "step.placement": {"en": "Placement", "nl": "Plaats"},
    "step.advance_trigger": {"en": "Next step on", "nl": "Volgende stap bij"},
    "step.target": {"en": "Element (target bundle)", "nl": "Element (doelbundel)"},
    "step.target_hint": {
        "en": "Recorded by the recorder, as JSON. Empty: a floating step without an element.",
        "nl": "Vastgelegd door de recorder, als JSON. Leeg: een zwevende stap zonder element.",
    },
    "step.target_open": {
        "en": "Open Preview in app to check whether this element is found.",
        "nl": "Open Voorbeeld in de app om te zien of dit element gevonden wordt.",
    },
    "step.target_found": {
        "en": "Found on the current page.",
        "nl": "Gevonden op de huidige pagina.",
    },
    "step.target_found_by": {
        "en": "Found on the current page (by {how}).",
        "nl": "Gevonden op de huidige pagina (via {how}).",
    },
    "step.target_missing": {
        "en": "Not found on the current page.",
        "nl": "Niet gevonden op de huidige pagina.",
    },
    "step.target_no_answer": {
        "en": "No answer from the preview window. Is the widget on that page? Open Preview in "
        "app again to check.",
        "nl": "Geen antwoord van het voorbeeldvenster. Staat de widget op die pagina? Open "
        "Voorbeeld in de app opnieuw om te controleren.",
    },
    "step.target_invalid": {
        "en": "Not a JSON object yet: nothing to check.",
        "nl": "Nog geen JSON-object: er valt niets te controleren.",
    },
    "step.target_part.id": {"en": "id", "nl": "id"},
    "step.target_part.role": {"en": "role", "nl": "rol"},
    "step.target_part.accessibleName": {"en": "accessible name", "nl": "toegankelijke naam"},
    "step.target_part.text": {"en": "text", "nl": "tekst"},
    "step.target_part.selector": {"en": "CSS selector", "nl": "CSS-selector"},
    "step.target_part.tag": {"en": "tag", "nl": "tag"},
    "step.url_rule": {
        "en": "Page of this step (URL rule)",
        "nl": "Pagina van deze stap (URL-regel)",
    },
    "step.url_rule_hint": {
        "en": "Optional, like /orders/:id.",
        "nl": "Optioneel, zoals /orders/:id.",
    },
    "step.sample_url": {"en": "Example address", "nl": "Voorbeeldadres"},
    "step.sample_url_hint": {
        "en": "A page where the step was recorded; Pick element opens it.",
        "nl": "Een pagina waarop de stap is opgenomen; Element kiezen opent die.",
    },
    "step.save": {"en": "Save step", "nl": "Stap opslaan"},
    "pick.button": {"en": "Pick element", "nl": "Element kiezen"},
    "pick.hint": {
        "en": "Pick element opens the app (with JavaScript): click the element there and it is "
        "saved in this step at once.",
        "nl": "Element kiezen opent de app (met JavaScript): klik daar op het element en het "
        "wordt meteen in deze stap bewaard.",
    },
    "pick.saved": {
        "en": "The element is saved. Reloading the step…",
        "nl": "Het element is bewaard. De stap wordt opnieuw geladen…",
    },
    "pick.cancelled": {"en": "Picking was cancelled.", "nl": "Kiezen is geannuleerd."},
    "record.cancelled": {
        "en": "Recording was cancelled: nothing was saved.",
        "nl": "Opnemen is geannuleerd: er is niets opgeslagen.",
    },
    # -- guides: publishing problems, preview, history and differences
    "publish.problems": {
        "en": "This guide cannot be published yet",
        "nl": "Deze instructie kan nog niet worden gepubliceerd",
    },
    "publish.needs_steps": {
        "en": "A walkthrough needs at least one step.",
        "nl": "Een stappenplan heeft minstens één stap nodig.",
    },
    "publish.needs_one_step": {
        "en": "This guide needs exactly one step with its text.",
        "nl": "Deze instructie heeft precies één stap met de tekst nodig.",
    },
    "publish.needs_target": {
        "en": "This guide is anchored to an element: pick the element first.",
        "nl": "Deze instructie hoort bij een element: kies eerst het element.",
    },
    "publish.needs_title": {
        "en": "Every step needs a title in at least one common language.",
        "nl": "Elke stap heeft een titel nodig in minstens één gezamenlijke taal.",
    },
    "publish.needs_items": {
        "en": "A checklist needs at least one walkthrough.",
        "nl": "Een checklist heeft minstens één stappenplan nodig.",
    },
    "publish.missing_walkthrough": {
        "en": "There is no walkthrough with the slug “{slug}” in this app.",
        "nl": "Er is geen stappenplan met de slug “{slug}” in deze app.",
    },
    "preview.title": {"en": "Preview in app", "nl": "Voorbeeld in de app"},
    "preview.intro": {
        "en": "Opens the app with the draft of this guide, for you alone, for 15 minutes.",
        "nl": "Opent de app met het concept van deze instructie, alleen voor u, 15 minuten lang.",
    },
    "preview.open": {"en": "Preview in app", "nl": "Voorbeeld in de app"},
    "preview.opened": {
        "en": "The preview is open in a new window.",
        "nl": "Het voorbeeld staat open in een nieuw venster.",
    },
    "preview.problem": {"en": "The preview cannot open", "nl": "Het voorbeeld kan niet openen"},
    "preview.bad_host": {
        "en": "Enter an address on one of the app's allowed origins: {origins}.",
        "nl": "Vul een adres in op een van de toegestane origins van de app: {origins}.",
    },
    "preview.ready": {
        "en": "The preview of “{name}” is ready.",
        "nl": "Het voorbeeld van “{name}” staat klaar.",
    },
    "preview.open_link": {
        "en": "Open {app} with the preview",
        "nl": "{app} openen met het voorbeeld",
    },
    "preview.ready_hint": {
        "en": "The link works for 15 minutes and only for you; do not share it.",
        "nl": "De link werkt 15 minuten en alleen voor u; deel hem niet.",
    },
    "preview.back": {"en": "Back to the editor", "nl": "Terug naar de editor"},
    "history.title": {"en": "Versions of “{name}”", "nl": "Versies van “{name}”"},
    "history.count": {"en": "{count} published versions", "nl": "{count} gepubliceerde versies"},
    "history.version": {"en": "Version", "nl": "Versie"},
    "history.published_by": {"en": "Published by", "nl": "Gepubliceerd door"},
    "history.published_at": {"en": "Published at", "nl": "Gepubliceerd op"},
    "history.restored_from": {"en": "Restored from version", "nl": "Teruggezet van versie"},
    "history.unknown_publisher": {
        "en": "an API token or a removed account",
        "nl": "een API-token of een verwijderd account",
    },
    "history.live": {"en": "live", "nl": "live"},
    "history.compare_draft": {"en": "Compare with the draft", "nl": "Vergelijken met concept"},
    "history.rollback": {"en": "Roll back to this version", "nl": "Terug naar deze versie"},
    "history.rollback_confirm": {
        "en": "Publish version {number} again? The draft becomes version {number} too.",
        "nl": "Versie {number} opnieuw publiceren? Het concept wordt ook weer versie {number}.",
    },
    "history.compare": {"en": "Compare two versions", "nl": "Twee versies vergelijken"},
    "history.show_changes": {"en": "Show the changes", "nl": "Wijzigingen tonen"},
    "history.none": {
        "en": "This guide has not been published yet.",
        "nl": "Deze instructie is nog niet gepubliceerd.",
    },
    "diff.title": {
        "en": "Changes from version {before} to {after}",
        "nl": "Wijzigingen van versie {before} naar {after}",
    },
    "diff.from": {"en": "From", "nl": "Van"},
    "diff.to": {"en": "To", "nl": "Naar"},
    "diff.draft": {"en": "the draft", "nl": "het concept"},
    "diff.no_changes": {"en": "Nothing changed.", "nl": "Er is niets gewijzigd."},
    "diff.guide": {"en": "The guide", "nl": "De instructie"},
    "diff.steps": {"en": "Steps", "nl": "Stappen"},
    "diff.field": {"en": "Field", "nl": "Veld"},
    "diff.before": {"en": "Version {number}", "nl": "Versie {number}"},
    "diff.version": {"en": "version {number}", "nl": "versie {number}"},
    "diff.draft_header": {"en": "Draft", "nl": "Concept"},
    "diff.empty": {"en": "(empty)", "nl": "(leeg)"},
    "diff.position_before": {"en": "was step {position}", "nl": "was stap {position}"},
    "diff.position_after": {"en": "now step {position}", "nl": "nu stap {position}"},
    "diff.status.added": {"en": "Added", "nl": "Toegevoegd"},
    "diff.status.removed": {"en": "Removed", "nl": "Verwijderd"},
    "diff.status.moved": {"en": "Moved", "nl": "Verplaatst"},
    "diff.status.changed": {"en": "Changed", "nl": "Gewijzigd"},
    # -- settings
    "settings.title": {"en": "Settings", "nl": "Instellingen"},
    "settings.jump": {"en": "On this page:", "nl": "Op deze pagina:"},
    "settings.general": {"en": "General", "nl": "Algemeen"},
    "settings.name": {"en": "Name", "nl": "Naam"},
    "settings.origins": {"en": "Allowed origins", "nl": "Toegestane origins"},
    "settings.origins_hint": {
        "en": "Where the app runs, one per line, like https://app.example.com. Only these "
        "origins may use the app key.",
        "nl": "Waar de app draait, één per regel, zoals https://app.voorbeeld.nl. Alleen "
        "deze origins mogen de app-sleutel gebruiken.",
    },
    "settings.locale": {"en": "Default language", "nl": "Standaardtaal"},
    "settings.locale_hint": {
        "en": "Used when a guide is not available in the visitor's language, like nl or en.",
        "nl": "Gebruikt als een instructie niet in de taal van de bezoeker bestaat, zoals "
        "nl of en.",
    },
    "settings.timezone": {"en": "Time zone", "nl": "Tijdzone"},
    "settings.timezone_hint": {
        "en": "Schedules without an offset are read in this time zone.",
        "nl": "Planningen zonder tijdverschil worden in deze tijdzone gelezen.",
    },
    "settings.consent": {"en": "Consent required", "nl": "Toestemming vereist"},
    "settings.consent_hint": {
        "en": "The widget waits for Wegwijs.consent(true) before it stores anything.",
        "nl": "De widget wacht op Wegwijs.consent(true) voordat hij iets opslaat.",
    },
    "settings.denylist": {
        "en": "URL parameters to remove",
        "nl": "URL-parameters die worden verwijderd",
    },
    "settings.denylist_hint": {
        "en": "Removed from page addresses before they are stored, separated by commas.",
        "nl": "Worden uit paginaadressen verwijderd voordat die worden opgeslagen, "
        "gescheiden door komma's.",
    },
    "settings.theme": {"en": "Theme", "nl": "Thema"},
    "settings.theme_hint": {
        "en": "How the widget looks in this app. Leave a field empty for the default.",
        "nl": "Hoe de widget eruitziet in deze app. Laat een veld leeg voor de standaard.",
    },
    "settings.save": {"en": "Save settings", "nl": "Instellingen opslaan"},
    "theme.primary": {"en": "Main colour", "nl": "Hoofdkleur"},
    "theme.text": {"en": "Text colour", "nl": "Tekstkleur"},
    "theme.background": {"en": "Background colour", "nl": "Achtergrondkleur"},
    "theme.colour_hint": {"en": "Like #1d4ed8.", "nl": "Zoals #1d4ed8."},
    "theme.font": {"en": "Font", "nl": "Lettertype"},
    "theme.font_hint": {
        "en": "Font names separated by commas, without quotes.",
        "nl": "Namen van lettertypen, gescheiden door komma's, zonder aanhalingstekens.",
    },
    "theme.radius": {"en": "Corner radius", "nl": "Hoekafronding"},
    "theme.radius_hint": {"en": "In pixels, 0 to 24.", "nl": "In pixels, 0 tot en met 24."},
    "theme.z_index": {"en": "Stacking order (z-index)", "nl": "Stapelvolgorde (z-index)"},
    "theme.z_index_hint": {
        "en": "Only needed when the app has its own overlays on top.",
        "nl": "Alleen nodig als de app eigen lagen bovenop heeft.",
    },
    "theme.preview": {"en": "Preview", "nl": "Voorbeeld"},
    "theme.preview_title": {"en": "Submit a claim", "nl": "Declaratie indienen"},
    "theme.preview_body": {
        "en": "Click New claim to start.",
        "nl": "Klik op Nieuwe declaratie om te beginnen.",
    },
    "theme.preview_next": {"en": "Next", "nl": "Volgende"},
    "theme.preview_hint": {
        "en": "A step as visitors see it, with the values above.",
        "nl": "Een stap zoals bezoekers die zien, met de waarden hierboven.",
    },
    # -- identity verification
    "identity.title": {"en": "Identity verification", "nl": "Identiteitscontrole"},
    "identity.intro": {
        "en": "When on, a user id sent by the widget needs a signature: HMAC-SHA256 of the "
        "user id with the secret, made by the app's server. Without it, anyone could "
        "pretend to be someone else.",
        "nl": "Als dit aan staat, heeft een gebruikers-id van de widget een handtekening "
        "nodig: HMAC-SHA256 van het id met het geheim, gemaakt door de server van de app. "
        "Zonder controle kan iedereen zich als een ander voordoen.",
    },
    "identity.state": {"en": "Status", "nl": "Status"},
    "identity.on": {"en": "On", "nl": "Aan"},
    "identity.off": {"en": "Off", "nl": "Uit"},
    "identity.secrets": {"en": "Secrets", "nl": "Geheimen"},
    "identity.no_secret": {
        "en": "No secret yet: generate one before turning verification on.",
        "nl": "Nog geen geheim: maak er een voordat u de controle aanzet.",
    },
    "identity.one_secret": {"en": "One active secret.", "nl": "Eén actief geheim."},
    "identity.two_secrets": {
        "en": "Two valid secrets: the new one and the previous one, until you retire it.",
        "nl": "Twee geldige geheimen: het nieuwe en het vorige, totdat u dat intrekt.",
    },
    "identity.turn_on": {"en": "Turn verification on", "nl": "Controle aanzetten"},
    "identity.turn_off": {"en": "Turn verification off", "nl": "Controle uitzetten"},
    "identity.generate": {"en": "Generate a secret", "nl": "Geheim maken"},
    "identity.rotate": {"en": "Generate a new secret", "nl": "Nieuw geheim maken"},
    "identity.rotate_confirm": {
        "en": "Generate a new secret? The current one stays valid until you retire it.",
        "nl": "Een nieuw geheim maken? Het huidige blijft geldig totdat u het intrekt.",
    },
    "identity.retire": {"en": "Retire the previous secret", "nl": "Vorig geheim intrekken"},
    "identity.retire_confirm": {
        "en": "Retire the previous secret? Signatures made with it stop working at once.",
        "nl": "Het vorige geheim intrekken? Handtekeningen daarmee werken dan meteen niet meer.",
    },
    "identity.retire_hint": {
        "en": "Retire the previous secret once the app's server signs with the new one.",
        "nl": "Trek het vorige geheim in zodra de server van de app met het nieuwe tekent.",
    },
    "identity.retire_first": {
        "en": "Retire the previous secret before generating another one.",
        "nl": "Trek eerst het vorige geheim in voordat u een nieuw maakt.",
    },
    "identity.needs_secret": {
        "en": "Generate a secret before turning identity verification on.",
        "nl": "Maak eerst een geheim voordat u de identiteitscontrole aanzet.",
    },
    "identity.new_secret": {"en": "Your new secret", "nl": "Uw nieuwe geheim"},
    "identity.new_secret_hint": {
        "en": "Copy it now and store it on the app's server: it is shown only once.",
        "nl": "Kopieer het nu en bewaar het op de server van de app: het wordt maar één "
        "keer getoond.",
    },
    "identity.secret": {"en": "Secret", "nl": "Geheim"},
    # -- install
    "install.title": {"en": "Install", "nl": "Installatie"},
    "install.intro": {
        "en": "Add one of these to every page of the app, just before </body>.",
        "nl": "Zet een van deze op elke pagina van de app, vlak voor </body>.",
    },
    "install.data_variant": {
        "en": "Script tag (works with a strict Content-Security-Policy)",
        "nl": "Scripttag (werkt met een strikte Content-Security-Policy)",
    },
    "install.data_hint": {
        "en": "Identify people with data-user-id, data-user-traits and data-signature.",
        "nl": "Geef personen door met data-user-id, data-user-traits en data-signature.",
    },
    "install.stub_variant": {
        "en": "Script tag with a queue (call Wegwijs.identify at once)",
        "nl": "Scripttag met wachtrij (roep Wegwijs.identify meteen aan)",
    },
    "install.stub_hint": {
        "en": "Calls made before the script has loaded are queued and replayed.",
        "nl": "Aanroepen van voordat het script geladen is, worden bewaard en daarna uitgevoerd.",
    },
    "install.seen_before": {"en": "Widget last seen from", "nl": "Widget het laatst gezien op"},
    "install.seen_at": {"en": "at", "nl": "om"},
    "install.not_seen": {
        "en": "The widget has not been seen yet. Add the script tag and open a page of the app.",
        "nl": "De widget is nog niet gezien. Zet de scripttag in de app en open een pagina.",
    },
    # -- members
    "members.title": {"en": "Members", "nl": "Leden"},
    "members.intro": {
        "en": "Admins manage everything; authors write and publish guides; analysts read "
        "the dashboards.",
        "nl": "Beheerders beheren alles; auteurs schrijven en publiceren instructies; "
        "analisten bekijken de dashboards.",
    },
    "members.email": {"en": "Email address", "nl": "E-mailadres"},
    "members.email_hint": {
        "en": "The person needs a Wegwijs account with this email address.",
        "nl": "De persoon heeft een Wegwijs-account met dit e-mailadres nodig.",
    },
    "members.role": {"en": "Role", "nl": "Rol"},
    "members.role_of": {"en": "Role of {email}", "nl": "Rol van {email}"},
    "members.actions": {"en": "Actions", "nl": "Acties"},
    "members.change": {"en": "Change role", "nl": "Rol wijzigen"},
    "members.remove": {"en": "Remove", "nl": "Verwijderen"},
    "members.remove_confirm": {
        "en": "Remove {email} from this app?",
        "nl": "{email} uit deze app verwijderen?",
    },
    "members.none": {"en": "This app has no members yet.", "nl": "Deze app heeft nog geen leden."},
    "members.owners": {
        "en": "Owners of this Wegwijs server manage every app without being listed here.",
        "nl": "Eigenaren van deze Wegwijs-server beheren elke app zonder hier te staan.",
    },
    "members.add": {"en": "Add a member", "nl": "Lid toevoegen"},
    "members.add_submit": {"en": "Add member", "nl": "Lid toevoegen"},
    "members.no_account": {
        "en": "There is no account with this email address. Ask an owner to create it.",
        "nl": "Er is geen account met dit e-mailadres. Vraag een eigenaar om het aan te maken.",
    },
    "members.bad_role": {"en": "Choose one of the roles.", "nl": "Kies een van de rollen."},
    # -- API tokens
    "tokens.title": {"en": "API tokens", "nl": "API-tokens"},
    "tokens.intro": {
        "en": "Tokens let scripts, the CLI and the Python SDK use the admin API for this "
        "app, with one role.",
        "nl": "Met tokens gebruiken scripts, de CLI en de Python-SDK de beheer-API voor "
        "deze app, met één rol.",
    },
    "tokens.name": {"en": "Name", "nl": "Naam"},
    "tokens.name_hint": {
        "en": "What uses it, like “CI import”.",
        "nl": "Wat het gebruikt, zoals “CI-import”.",
    },
    "tokens.prefix": {"en": "Starts with", "nl": "Begint met"},
    "tokens.role": {"en": "Role", "nl": "Rol"},
    "tokens.created_at": {"en": "Created", "nl": "Gemaakt"},
    "tokens.expires": {"en": "Expires", "nl": "Verloopt"},
    "tokens.last_used": {"en": "Last used", "nl": "Laatst gebruikt"},
    "tokens.state": {"en": "Status", "nl": "Status"},
    "tokens.state.active": {"en": "Active", "nl": "Actief"},
    "tokens.state.expired": {"en": "Expired", "nl": "Verlopen"},
    "tokens.state.revoked": {"en": "Revoked", "nl": "Ingetrokken"},
    "tokens.actions": {"en": "Actions", "nl": "Acties"},
    "tokens.never": {"en": "Never", "nl": "Nooit"},
    "tokens.not_used": {"en": "Not yet", "nl": "Nog niet"},
    "tokens.revoke": {"en": "Revoke", "nl": "Intrekken"},
    "tokens.revoke_confirm": {
        "en": "Revoke token “{name}”? Whatever uses it stops working.",
        "nl": "Token “{name}” intrekken? Wat het gebruikt, werkt dan niet meer.",
    },
    "tokens.none": {"en": "This app has no tokens yet.", "nl": "Deze app heeft nog geen tokens."},
    "tokens.new": {"en": "New token", "nl": "Nieuw token"},
    "tokens.expires_in": {"en": "Expires after (days)", "nl": "Verloopt na (dagen)"},
    "tokens.expires_in_hint": {
        "en": "1 to 3650. Leave empty for a token that never expires.",
        "nl": "1 tot en met 3650. Laat leeg voor een token dat nooit verloopt.",
    },
    "tokens.create": {"en": "Create token", "nl": "Token maken"},
    "tokens.created": {"en": "Token “{name}” is created", "nl": "Token “{name}” is gemaakt"},
    "tokens.created_hint": {
        "en": "Copy it now: it is shown only once. Only a hash is stored.",
        "nl": "Kopieer het nu: het wordt maar één keer getoond. Alleen een hash wordt bewaard.",
    },
    "tokens.token": {"en": "Token", "nl": "Token"},
    # -- reports (dashboards)
    "reports.tabs": {"en": "Reports", "nl": "Rapportages"},
    "reports.overview.tab": {"en": "Overview", "nl": "Overzicht"},
    "reports.walkthroughs.tab": {"en": "Walkthroughs", "nl": "Stappenplannen"},
    "reports.search.tab": {"en": "Search", "nl": "Zoeken"},
    "reports.feedback.tab": {"en": "Feedback", "nl": "Feedback"},
    "reports.health.tab": {"en": "Broken guides", "nl": "Kapotte instructies"},
    "reports.filter.title": {"en": "Filters", "nl": "Filters"},
    "reports.filter.start": {"en": "From", "nl": "Van"},
    "reports.filter.end": {"en": "To (included)", "nl": "Tot en met"},
    "reports.filter.guide": {"en": "Guide", "nl": "Instructie"},
    "reports.filter.all_guides": {"en": "All guides", "nl": "Alle instructies"},
    "reports.filter.version": {"en": "Version", "nl": "Versie"},
    "reports.filter.locale": {"en": "Language", "nl": "Taal"},
    "reports.filter.any": {"en": "any", "nl": "alle"},
    "reports.filter.trait": {"en": "User trait", "nl": "Gebruikerskenmerk"},
    "reports.filter.trait_value": {"en": "Trait value", "nl": "Waarde van het kenmerk"},
    "reports.filter.hint": {
        "en": "Days in the app's time zone. A trait is what the host app passes to "
        "identify, such as role = approver. Searches, help-panel opens and custom events "
        "are not about one guide: the guide and version filters leave them as they are.",
        "nl": "Dagen in de tijdzone van de app. Een kenmerk is wat de app meegeeft aan "
        "identify, zoals role = approver. Zoekopdrachten, het openen van het hulppaneel en "
        "eigen gebeurtenissen gaan niet over één instructie: de filters op instructie en "
        "versie laten die ongemoeid.",
    },
    "reports.filter.apply": {"en": "Apply filters", "nl": "Filters toepassen"},
    "reports.filter.clear": {"en": "Clear filters", "nl": "Filters wissen"},
    "reports.error.date": {
        "en": "Enter a day such as 2026-03-31.",
        "nl": "Vul een dag in, zoals 2026-03-31.",
    },
    "reports.error.order": {
        "en": "The first day must not be after the last day.",
        "nl": "De eerste dag mag niet na de laatste dag liggen.",
    },
    "reports.error.too_long": {
        "en": "Choose at most {days} days at a time.",
        "nl": "Kies ten hoogste {days} dagen tegelijk.",
    },
    "reports.error.guide": {
        "en": "There is no such guide in this app: showing all guides.",
        "nl": "Die instructie bestaat niet in deze app: alle instructies worden getoond.",
    },
    "reports.error.trait": {
        "en": "A trait name has letters, digits, _ . or - (such as role).",
        "nl": "Een kenmerknaam bestaat uit letters, cijfers, _ . of - (zoals role).",
    },
    "reports.error.trait_pair": {
        "en": "Fill in both the trait and its value.",
        "nl": "Vul zowel het kenmerk als de waarde in.",
    },
    "reports.period": {
        "en": "From {start} to {end} included, days in {timezone}.",
        "nl": "Van {start} tot en met {end}, dagen in {timezone}.",
    },
    "reports.filtered": {"en": "Filters apply.", "nl": "Er gelden filters."},
    "reports.csv": {"en": "Download as CSV", "nl": "Downloaden als CSV"},
    "reports.nothing": {
        "en": "Nothing in this period.",
        "nl": "Niets in deze periode.",
    },
    "reports.deleted_guide": {
        "en": "Deleted guide (#{id})",
        "nl": "Verwijderde instructie (#{id})",
    },
    "reports.views": {"en": "Views", "nl": "Weergaven"},
    "reports.users": {"en": "Unique users", "nl": "Unieke gebruikers"},
    "reports.users_note": {
        "en": "each person once over the period",
        "nl": "elke persoon één keer over de periode",
    },
    "reports.people": {"en": "people", "nl": "personen"},
    "reports.help_opens": {"en": "Help panel opened", "nl": "Hulppaneel geopend"},
    "reports.day": {"en": "Day", "nl": "Dag"},
    "reports.guide": {"en": "Guide", "nl": "Instructie"},
    "reports.kind": {"en": "Kind", "nl": "Soort"},
    "reports.announcement": {"en": "Announcement", "nl": "Aankondiging"},
    "reports.viewed": {"en": "Seen by", "nl": "Gezien door"},
    "reports.acknowledged": {"en": "Acknowledged by", "nl": "Bevestigd door"},
    "reports.closed": {"en": "Closed (×) by", "nl": "Gesloten (×) door"},
    "reports.event_name": {"en": "Event", "nl": "Gebeurtenis"},
    "reports.events": {"en": "Times", "nl": "Aantal keer"},
    "reports.walkthrough": {"en": "Walkthrough", "nl": "Stappenplan"},
    "reports.started": {"en": "Started", "nl": "Gestart"},
    "reports.completed": {"en": "Completed", "nl": "Voltooid"},
    "reports.completion_rate": {"en": "Completion rate", "nl": "Voltooiingspercentage"},
    "reports.median_time": {"en": "Median time to complete", "nl": "Mediane tijd tot voltooien"},
    "reports.overview.title": {"en": "Reports", "nl": "Rapportages"},
    "reports.overview.days": {
        "en": "Views and unique users per day",
        "nl": "Weergaven en unieke gebruikers per dag",
    },
    "reports.overview.days_table": {"en": "Numbers per day", "nl": "Aantallen per dag"},
    "reports.overview.chart_title": {
        "en": "Views and unique users per day",
        "nl": "Weergaven en unieke gebruikers per dag",
    },
    "reports.overview.chart_desc": {
        "en": "From {start} to {end}: {views} views by {users} unique users. The busiest "
        "day was {busiest} with {busiest_views} views.",
        "nl": "Van {start} tot en met {end}: {views} weergaven door {users} unieke "
        "gebruikers. De drukste dag was {busiest} met {busiest_views} weergaven.",
    },
    "reports.overview.content": {"en": "Most consulted content", "nl": "Meest geraadpleegd"},
    "reports.overview.announcements": {
        "en": "Reach of announcements",
        "nl": "Bereik van aankondigingen",
    },
    "reports.overview.announcements_hint": {
        "en": "People who saw each announcement, who acknowledged it, and who closed it.",
        "nl": "Personen die een aankondiging zagen, die haar bevestigden, en die haar sloten.",
    },
    "reports.overview.no_announcements": {
        "en": "No announcements in this period.",
        "nl": "Geen aankondigingen in deze periode.",
    },
    "reports.overview.custom": {"en": "Custom events", "nl": "Eigen gebeurtenissen"},
    "reports.overview.custom_hint": {
        "en": "What the host app reports with Wegwijs.track.",
        "nl": "Wat de app meldt met Wegwijs.track.",
    },
    "reports.overview.no_custom": {
        "en": "No custom events in this period.",
        "nl": "Geen eigen gebeurtenissen in deze periode.",
    },
    "reports.walkthroughs.title": {"en": "Walkthroughs", "nl": "Stappenplannen"},
    "reports.walkthroughs.used": {
        "en": "Walkthroughs used in this period",
        "nl": "Stappenplannen gebruikt in deze periode",
    },
    "reports.walkthroughs.hint": {
        "en": "Open a walkthrough for its step funnel: where users get stuck.",
        "nl": "Open een stappenplan voor de trechter per stap: waar gebruikers vastlopen.",
    },
    "reports.walkthroughs.none": {
        "en": "No walkthrough was started in this period.",
        "nl": "Er is in deze periode geen stappenplan gestart.",
    },
    "reports.walkthrough.all": {"en": "All walkthroughs", "nl": "Alle stappenplannen"},
    "reports.walkthrough.open_editor": {
        "en": "Open in the editor",
        "nl": "Openen in de editor",
    },
    "reports.walkthrough.version": {"en": "Version {version}", "nl": "Versie {version}"},
    "reports.walkthrough.live": {"en": "live", "nl": "live"},
    "reports.walkthrough.timed": {
        "en": "timed completions: {count}",
        "nl": "getimede voltooiingen: {count}",
    },
    "reports.walkthrough.first_step_dismissed": {
        "en": "Closed at step 1",
        "nl": "Gesloten bij stap 1",
    },
    "reports.walkthrough.of_started": {
        "en": "{count} of {started} who started",
        "nl": "{count} van de {started} die begonnen",
    },
    "reports.walkthrough.none": {
        "en": "Nobody started this walkthrough in this period.",
        "nl": "Niemand is in deze periode met dit stappenplan begonnen.",
    },
    "reports.funnel.title": {"en": "Step funnel", "nl": "Trechter per stap"},
    "reports.funnel.caption": {
        "en": "Step funnel of version {version}",
        "nl": "Trechter per stap van versie {version}",
    },
    "reports.funnel.chart_title": {
        "en": "People who saw each step, version {version}",
        "nl": "Personen die elke stap zagen, versie {version}",
    },
    "reports.funnel.chart_desc": {
        "en": "{steps} steps; nobody dropped out along the way.",
        "nl": "{steps} stappen; niemand viel onderweg af.",
    },
    "reports.funnel.chart_desc_stuck": {
        "en": "{steps} steps. The biggest drop is at {step}: {viewed} saw it, {dropped} did "
        "not go on.",
        "nl": "{steps} stappen. De grootste uitval is bij {step}: {viewed} zagen de stap, "
        "{dropped} gingen niet verder.",
    },
    "reports.funnel.dropped_short": {"en": "{count} dropped", "nl": "{count} afgehaakt"},
    "reports.funnel.removed_step": {
        "en": "Removed step {step}",
        "nl": "Verwijderde stap {step}",
    },
    "reports.funnel.removed": {
        "en": "Step no longer in this version",
        "nl": "Stap niet meer in deze versie",
    },
    "reports.funnel.stuck": {"en": "Where users get stuck:", "nl": "Waar gebruikers vastlopen:"},
    "reports.funnel.stuck_detail": {
        "en": "step {step}, “{title}”. Of the {viewed} people who saw it, {dropped} ({share}) "
        "did not go on.",
        "nl": "stap {step}, “{title}”. Van de {viewed} personen die de stap zagen, gingen er "
        "{dropped} ({share}) niet verder.",
    },
    "reports.funnel.stuck_removed": {
        "en": "the removed step {step}. Of the {viewed} people who saw it, {dropped} ({share}) "
        "did not go on.",
        "nl": "de verwijderde stap {step}. Van de {viewed} personen die de stap zagen, gingen "
        "er {dropped} ({share}) niet verder.",
    },
    "reports.funnel.step": {"en": "Step", "nl": "Stap"},
    "reports.funnel.step_id": {"en": "Step id", "nl": "Stap-id"},
    "reports.funnel.viewed": {"en": "Saw it", "nl": "Gezien"},
    "reports.funnel.dropped": {"en": "Did not go on", "nl": "Niet verder"},
    "reports.funnel.drop_rate": {"en": "Drop-off", "nl": "Uitval"},
    "reports.funnel.dismissed": {"en": "Closed here", "nl": "Hier gesloten"},
    "reports.funnel.biggest_drop": {"en": "Biggest drop", "nl": "Grootste uitval"},
    "reports.funnel.hint": {
        "en": "People are counted once per step. Did not go on: saw this step but not the "
        "next one (after the last step: did not complete).",
        "nl": "Personen tellen één keer per stap. Niet verder: zag deze stap maar niet de "
        "volgende (na de laatste stap: niet voltooid).",
    },
    "reports.search.title": {"en": "Search", "nl": "Zoeken"},
    "reports.search.hint": {
        "en": "What people searched for in the help panel.",
        "nl": "Waar mensen naar zochten in het hulppaneel.",
    },
    "reports.search.searches": {"en": "Searches", "nl": "Zoekopdrachten"},
    "reports.search.without_results": {"en": "Without results", "nl": "Zonder resultaten"},
    "reports.search.missing": {
        "en": "Missing help: searches without results",
        "nl": "Ontbrekende hulp: zoekopdrachten zonder resultaten",
    },
    "reports.search.missing_hint": {
        "en": "Nothing was found for these: the help to write next.",
        "nl": "Hiervoor is niets gevonden: de hulp om als volgende te schrijven.",
    },
    "reports.search.no_missing": {
        "en": "Every search found something.",
        "nl": "Elke zoekopdracht vond iets.",
    },
    "reports.search.top": {"en": "Top queries", "nl": "Meest gezocht"},
    "reports.search.none": {
        "en": "Nobody searched in this period.",
        "nl": "Niemand heeft in deze periode gezocht.",
    },
    "reports.search.query": {"en": "Query", "nl": "Zoekterm"},
    "reports.search.chart_title": {
        "en": "Searches without results, most frequent first",
        "nl": "Zoekopdrachten zonder resultaten, de vaakste eerst",
    },
    "reports.search.chart_desc": {
        "en": "Searches without results per query. Most often: “{query}” ({searches}).",
        "nl": "Zoekopdrachten zonder resultaten per zoekterm. Het vaakst: “{query}” ({searches}).",
    },
    "reports.feedback.title": {"en": "Feedback", "nl": "Feedback"},
    "reports.feedback.per_guide": {"en": "Was this helpful?", "nl": "Was dit nuttig?"},
    "reports.feedback.hint": {
        "en": "The answers at the end of guides, per guide.",
        "nl": "De antwoorden aan het eind van instructies, per instructie.",
    },
    "reports.feedback.helpful": {"en": "Helpful", "nl": "Nuttig"},
    "reports.feedback.not_helpful": {"en": "Not helpful", "nl": "Niet nuttig"},
    "reports.feedback.helpful_share": {"en": "Share helpful", "nl": "Deel nuttig"},
    "reports.feedback.comments": {"en": "Comments", "nl": "Opmerkingen"},
    "reports.feedback.comments_title": {"en": "Latest comments", "nl": "Laatste opmerkingen"},
    "reports.feedback.none": {
        "en": "No feedback in this period.",
        "nl": "Geen feedback in deze periode.",
    },
    "reports.feedback.no_comments": {
        "en": "No comments in this period.",
        "nl": "Geen opmerkingen in deze periode.",
    },
    "reports.health.title": {"en": "Broken guides", "nl": "Kapotte instructies"},
    "reports.health.hint": {
        "en": "When a guide's element cannot be found on the page, the widget reports it "
        "here: fix the guide before users complain.",
        "nl": "Als het element van een instructie niet op de pagina te vinden is, meldt de "
        "widget dat hier: herstel de instructie voordat gebruikers klagen.",
    },
    "reports.health.events": {"en": "Elements not found", "nl": "Elementen niet gevonden"},
    "reports.health.broken": {"en": "Broken steps", "nl": "Kapotte stappen"},
    "reports.health.per_day": {
        "en": "Elements not found per day",
        "nl": "Elementen niet gevonden per dag",
    },
    "reports.health.chart_title": {
        "en": "Elements not found per day",
        "nl": "Elementen niet gevonden per dag",
    },
    "reports.health.chart_desc": {
        "en": "Elements not found in this period: {events}. Most on {worst}: {worst_events}.",
        "nl": "Elementen niet gevonden in deze periode: {events}. De meeste op {worst}: "
        "{worst_events}.",
    },
    "reports.health.all_found": {
        "en": "Every element was found in this period.",
        "nl": "Elk element is gevonden in deze periode.",
    },
    "reports.health.broken_title": {
        "en": "By guide, step and page",
        "nl": "Per instructie, stap en pagina",
    },
    "reports.health.step": {"en": "Step", "nl": "Stap"},
    "reports.health.page": {"en": "Page", "nl": "Pagina"},
    "reports.health.seen": {"en": "Seen", "nl": "Gezien"},
    "reports.health.from_to": {"en": "{first} to {last}", "nl": "{first} t/m {last}"},
    "reports.health.fix": {"en": "Fix", "nl": "Herstellen"},
    "reports.health.repick": {
        "en": "Re-pick the element",
        "nl": "Element opnieuw aanwijzen",
    },
    "reports.health.open_guide": {"en": "Open the guide", "nl": "Instructie openen"},
}
