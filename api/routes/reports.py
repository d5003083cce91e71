"""Read-model queries: case index, statistics, escalations, deadlines, reception activity."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["reports"])
