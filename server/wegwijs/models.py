"""Every table, imported in one place so metadata (and Alembic) sees all of them."""

from wegwijs.analytics.models import Event
from wegwijs.apps.models import App
from wegwijs.auth.models import Account, AdminSession, ApiToken, Membership, SignInAttempt
from wegwijs.content.models import Guide, GuideVersion, Step
from wegwijs.visitors.models import Visitor, VisitorState

__all__ = [
    "Account",
    "AdminSession",
    "ApiToken",
    "App",
    "Event",
    "Guide",
    "GuideVersion",
    "Membership",
    "SignInAttempt",
    "Step",
    "Visitor",
    "VisitorState",
]
