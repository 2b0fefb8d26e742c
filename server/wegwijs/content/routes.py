"""Admin API for guides of every kind, their steps, publishing and version history."""

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/apps/{app_key}/guides", tags=["content"])
