"""Liveness for load balancers and the demo: is the database reachable?"""

from fastapi import APIRouter
from sqlalchemy import text

from wegwijs import __version__
from wegwijs.deps import SessionDep
from wegwijs.errors import ApiError

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(session: SessionDep) -> dict[str, str]:
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except Exception as exc:
        raise ApiError(503, "database_unavailable", "The database is not reachable.") from exc
    return {"status": "ok", "version": __version__}
