"""Every table, imported in one place so metadata (and Alembic) sees all of them."""

from wegwijs.analytics.models import (
    ActivityRollup,
    CustomRollup,
    DayLocaleRollup,
    DayRollup,
    Event,
    FeedbackRollup,
    MissingRollup,
    PersonRollup,
    SearchRollup,
    TraitRollup,
)
from wegwijs.apps.models import App
from wegwijs.auth.models import Account, AdminSession, ApiToken, Membership, SignInAttempt
from wegwijs.content.models import Guide, GuideVersion, Step
from wegwijs.visitors.models import Visitor, VisitorState

# The search index lives beside the models (hand-made per database, not a SQLModel table);
# importing it registers the hook that builds it in `create_all` too.
import wegwijs.search  # noqa: E402, F401  isort: skip

__all__ = [
    "Account",
    "ActivityRollup",
    "AdminSession",
    "ApiToken",
    "App",
    "CustomRollup",
    "DayLocaleRollup",
    "DayRollup",
    "Event",
    "FeedbackRollup",
    "Guide",
    "GuideVersion",
    "Membership",
    "MissingRollup",
    "PersonRollup",
    "SearchRollup",
    "SignInAttempt",
    "Step",
    "TraitRollup",
    "Visitor",
    "VisitorState",
]
