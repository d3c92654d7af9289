"""Which messages go to Rasa as quick-reply payloads ("/intent{...}") and which as words.

Rasa reads any message starting with "/" as a command, not as words. A button's payload must
reach it that way, but a parent who happens to type "/restart" or "/ hello" would otherwise
wipe their conversation or get no answer at all (Rasa replies with nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

_PAYLOAD = re.compile(r"/(?P<intent>\w+)(?:\{.*\})?", re.DOTALL)


@dataclass(frozen=True)
class QuickReplies:
    """The assistant's own intents: the only ones a payload may name."""

    intents: frozenset[str]

    def for_rasa(self, text: str) -> str:
        """The text as it should reach Rasa: a payload naming one of the assistant's intents
        unchanged, anything else with its leading slashes removed (possibly nothing left)."""
        if not text.startswith("/"):
            return text
        payload = _PAYLOAD.fullmatch(text)
        if payload is not None and payload["intent"] in self.intents:
            return text
        return text.lstrip("/").strip()


def load_quick_replies(domain_file: Path) -> QuickReplies:
    """Read the intents from the Rasa domain, failing loudly on a missing or odd file."""
    try:
        domain = yaml.safe_load(domain_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RuntimeError(f"cannot read the assistant's domain {domain_file}: {error}") from error
    intents = domain.get("intents") if isinstance(domain, dict) else None
    names = [next(iter(intent)) if isinstance(intent, dict) else intent for intent in intents or []]
    if not names or not all(isinstance(name, str) for name in names):
        raise RuntimeError(f"{domain_file} lists no intents")
    return QuickReplies(intents=frozenset(names))
