"""What the widget needs to know from the API before a parent types: the message length limit.

The limit is the API's setting (MAX_MESSAGE_CHARS, `Settings.max_message_chars`); the widget
reads it here instead of keeping its own copy, so the counter and the refusal always agree.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SettingsDep
from api.schemas import WidgetConfigPublic

router = APIRouter(prefix="/api/v1", tags=["widget"])


@router.get("/widget-config", response_model=WidgetConfigPublic)
async def widget_config(settings: SettingsDep) -> WidgetConfigPublic:
    return WidgetConfigPublic(max_message_chars=settings.max_message_chars)
