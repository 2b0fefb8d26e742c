"""The ASGI application: `create_app()` builds it from settings (uvicorn calls it per worker)."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from sqlalchemy.engine import Engine
from starlette.middleware.base import RequestResponseEndpoint
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from wegwijs import __version__
from wegwijs.admin import install_admin
from wegwijs.analytics.routes import router as analytics_router
from wegwijs.analytics.writer import EventWriter
from wegwijs.apps.routes import router as apps_router
from wegwijs.auth.routes import router as auth_router
from wegwijs.config import Settings
from wegwijs.content.routes import router as content_router
from wegwijs.db import create_db_engine
from wegwijs.delivery.catalog import DeliveryCache
from wegwijs.delivery.routes import admin_router as preview_router
from wegwijs.errors import install_error_handlers
from wegwijs.guidefiles.routes import router as guide_files_router
from wegwijs.health import router as health_router
from wegwijs.public_api import install_public_api
from wegwijs.ratelimit import RateLimiter
from wegwijs.recording.routes import router as recording_router
from wegwijs.visitors.recorder import StateReader, VisitorRecorder
from wegwijs.widget_files import WidgetFiles

WORKER_HEADER = "X-Wegwijs-Worker"


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the application; refuses to start without a usable secret key."""
    settings = settings or Settings()
    app = FastAPI(
        title="Wegwijs",
        version=__version__,
        summary="Contextual help inside the web apps people already use.",
        docs_url="/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.secret_key = settings.resolve_secret_key()
    app.state.engine = engine = engine or create_db_engine(settings.database)
    app.state.delivery = DeliveryCache(engine)
    app.state.visitors = VisitorRecorder(engine)
    app.state.states = StateReader(engine)
    app.state.events = EventWriter(engine)
    app.state.limiter = RateLimiter(
        per_app=settings.rate_limit_per_app,
        per_client=settings.rate_limit_per_client,
        redis_url=settings.redis_url,
    )
    install_error_handlers(app)
    app.include_router(health_router)
    app.include_router(auth_router)
    app.include_router(apps_router)
    app.include_router(content_router)
    app.include_router(guide_files_router)
    app.include_router(preview_router)
    app.include_router(recording_router)
    app.include_router(analytics_router)
    install_public_api(app)
    install_admin(app)
    app.mount("/widget", WidgetFiles(), name="widget")
    if settings.test_headers:
        app.middleware("http")(_name_worker)
    # Client IPs (sign-in throttling) come from X-Forwarded-For only via trusted proxies.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Background writers run while the app serves, and flush what they hold at shutdown."""
    app.state.visitors.start()
    try:
        yield
    finally:
        app.state.visitors.stop()
        await app.state.limiter.close()


async def _name_worker(request: Request, call_next: RequestResponseEndpoint) -> Response:
    response = await call_next(request)
    response.headers[WORKER_HEADER] = str(os.getpid())
    return response
