"""The demo council page and the embeddable widget, from api/static/ (owned by the widget)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"

router = APIRouter(tags=["pages"])


def static_file(name: str, media_type: str) -> FileResponse:
    """A file from api/static/, or a clean 404 JSON if the widget team has not shipped it."""
    path = STATIC_DIR / name
    if not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Not found.")
    return FileResponse(path, media_type=media_type)


@router.get("/", include_in_schema=False)
async def demo_page() -> FileResponse:
    return static_file("index.html", "text/html; charset=utf-8")


@router.get("/widget.js", include_in_schema=False)
async def widget_script() -> FileResponse:
    return static_file("widget.js", "text/javascript; charset=utf-8")
