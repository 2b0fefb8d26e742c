"""Python client for the Wegwijs admin API, and helpers for host apps.

    from wegwijs_sdk import Client, script_tag

Everything public is importable from here; the modules behind it are private.
"""

from wegwijs_sdk._async_client import AsyncClient
from wegwijs_sdk._client import Client
from wegwijs_sdk._exceptions import (
    ApiError,
    BadRequest,
    Conflict,
    Forbidden,
    GuideFileError,
    NotFound,
    PayloadTooLarge,
    RateLimited,
    ServerError,
    TransportError,
    Unauthorized,
    ValidationFailed,
    WegwijsError,
)
from wegwijs_sdk._models import App, Forgotten, Guide, GuidesPage, ImportReport, Step, Version
from wegwijs_sdk._snippet import ScriptTag, identity_signature, script_tag
from wegwijs_sdk._version import __version__

__all__ = [
    "ApiError",
    "App",
    "AsyncClient",
    "BadRequest",
    "Client",
    "Conflict",
    "Forbidden",
    "Forgotten",
    "Guide",
    "GuideFileError",
    "GuidesPage",
    "ImportReport",
    "NotFound",
    "PayloadTooLarge",
    "RateLimited",
    "ScriptTag",
    "ServerError",
    "Step",
    "TransportError",
    "Unauthorized",
    "ValidationFailed",
    "Version",
    "WegwijsError",
    "__version__",
    "identity_signature",
    "script_tag",
]
