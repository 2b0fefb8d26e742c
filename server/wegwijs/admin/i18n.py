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
    "home.analytics_soon": {
        "en": "Dashboards with views, completion and drop-off per step will appear here.",
        "nl": "Hier komen dashboards met weergaven, voltooiing en uitval per stap.",
    },
    "home.administration": {"en": "Administration", "nl": "Beheer"},
    # -- guides (read-only list)
    "guides.title": {"en": "Guides", "nl": "Instructies"},
    "guides.count": {"en": "{count} guides", "nl": "{count} instructies"},
    "guides.name": {"en": "Name", "nl": "Naam"},
    "guides.kind": {"en": "Kind", "nl": "Soort"},
    "guides.status": {"en": "Status", "nl": "Status"},
    "guides.updated": {"en": "Last changed", "nl": "Laatst gewijzigd"},
    "guides.none": {
        "en": "This app has no guides yet.",
        "nl": "Deze app heeft nog geen instructies.",
    },
    "guides.pages": {"en": "Pages", "nl": "Pagina's"},
    "guides.previous": {"en": "Previous page", "nl": "Vorige pagina"},
    "guides.next": {"en": "Next page", "nl": "Volgende pagina"},
    "guides.page_of": {"en": "Page {number} of {pages}", "nl": "Pagina {number} van {pages}"},
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
}
