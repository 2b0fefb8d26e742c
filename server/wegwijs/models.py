"""Every table, imported in one place so metadata (and Alembic) sees all of them."""

from wegwijs.analytics.models import (
    ActivityRollup,
    CompletionRollup,
    CustomRollup,
    Event,
    FeedbackRollup,
    MissingRollup,
    PersonRollup,
    SearchRollup,
    StepRollup,
    TraitRollup,
    VisitRollup,
    WalkthroughRun,
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
    "CompletionRollup",
    "CustomRollup",
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
    "StepRollup",
    "TraitRollup",
    "Visitor",
    "VisitRollup",
    "VisitorState",
    "WalkthroughRun",
]
