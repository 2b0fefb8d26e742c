"""Every admin page route, one module per area, gathered in `router`."""

from fastapi import APIRouter

from wegwijs.admin.routes import account, apps, guides, members, settings, tokens

router = APIRouter(include_in_schema=False)
for module in (account, apps, guides, settings, members, tokens):
    router.include_router(module.router)
