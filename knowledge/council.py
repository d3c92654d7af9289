"""Reading and validating the council configuration (the file named by COUNCIL_CONFIG)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from knowledge._fields import Fields, read_yaml
from knowledge.contacts import is_phone_number
from knowledge.errors import CouncilConfigError
from knowledge.model import Contact, CouncilConfig, Service, Source

DEFAULT_COUNCIL_CONFIG = Path(__file__).parent / "councils" / "example.yml"
# The one environment variable naming the council file; the API's settings read the same name.
COUNCIL_CONFIG_ENV = "COUNCIL_CONFIG"


def council_config_path(chosen: str | os.PathLike[str] | None = None) -> Path:
    """The council file to use: ``chosen``, else $COUNCIL_CONFIG, else the example council.

    The only place in the code that reads COUNCIL_CONFIG; every process passes its answer (or
    its own setting) to ``load_knowledge``.
    """
    return Path(chosen or os.environ.get(COUNCIL_CONFIG_ENV) or DEFAULT_COUNCIL_CONFIG).resolve()


_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


def parse_council(path: Path, sources: Mapping[str, Source]) -> CouncilConfig:
    """Validate the council file at ``path``; every error names the file and the field."""
    root = Fields(read_yaml(path, CouncilConfigError), path, "", CouncilConfigError)
    council = root.mapping("council")
    services: list[Service] = []
    for entry in root.items("services"):
        service = _service(entry, sources)
        if any(existing.id == service.id for existing in services):
            entry.fail("id", f"{service.id!r} is used by more than one service")
        services.append(service)
    advice_id = root.text("advice_service")
    advice = next((s for s in services if s.id == advice_id), None)
    if advice is None:
        known = ", ".join(s.id for s in services)
        root.fail("advice_service", f"{advice_id!r} is not the id of a service (known: {known})")
    return CouncilConfig(
        name=council.text("name"),
        is_example=council.flag("is_example", False),
        website=_url(council, "website"),
        services=tuple(services),
        advice_service=advice,
        children_social_care=parse_contact(root.mapping("children_social_care")),
        path=str(path),
    )


def _service(entry: Fields, sources: Mapping[str, Source]) -> Service:
    service_id = entry.text("id")
    if not _ID.match(service_id):
        entry.fail("id", f"{service_id!r} must be lower case letters, digits and underscores")
    source_ids = entry.text_list("sources")
    for source_id in source_ids:
        if source_id not in sources:
            entry.fail(
                "sources", f"unknown source {source_id!r} (see knowledge/content/sources.yml)"
            )
    return Service(
        id=service_id,
        name=entry.text("name"),
        short_name=entry.opt_text("short_name") or entry.text("name"),
        what_they_do=entry.text("what_they_do"),
        contact=parse_contact(entry.mapping("contact"), default_name=entry.text("name")),
        sources=tuple(sources[s] for s in source_ids),
    )


def parse_contact(fields: Fields, default_name: str | None = None) -> Contact:
    """A contact with at least one way to reach it; phone, email and web address are checked."""
    phone = fields.opt_text("phone")
    if phone is not None and not is_phone_number(phone):
        fields.fail(
            "phone", f"expected digits and single spaces like '01632 960001', got {phone!r}"
        )
    text = fields.opt_text("text")
    if text is not None and not is_phone_number(text):
        fields.fail("text", f"expected a number to text like '85258', got {text!r}")
    email = fields.opt_text("email")
    if email is not None and not _EMAIL.match(email):
        fields.fail("email", f"expected an email address like 'name@example.org', got {email!r}")
    website = _url(fields, "website")
    if not (phone or text or email or website):
        fields.fail("phone", "give at least one of phone, text, email or website")
    name = fields.opt_text("name") or default_name
    if name is None:
        name = fields.text("name")
    return Contact(
        name=name,
        description=fields.opt_text("description") or "",
        phone=phone,
        text=text,
        email=email,
        website=website,
        hours=fields.opt_text("hours"),
    )


def _url(fields: Fields, key: str) -> str | None:
    url = fields.opt_text(key)
    if url is not None and not url.startswith("https://"):
        fields.fail(key, f"expected a web address starting with https://, got {url!r}")
    return url
