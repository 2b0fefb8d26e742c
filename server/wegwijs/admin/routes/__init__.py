"""Every admin page route, one module per area, gathered in `router`."""

from fastapi import APIRouter

from wegwijs.admin.routes import (
    account,
    apps,
    guide_editor,
    guide_history,
    guides,
    members,
    reports,
    settings,
    tokens,
)

router = APIRouter(include_in_schema=False)
# `guides` first: its fixed paths (`/guides/markdown-preview`) before the editor's `{guide_id}`.
modules = (account, apps, guides, guide_editor, guide_history, reports, settings, members, tokens)
for module in modules:
    router.include_router(module.router)
