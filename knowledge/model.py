"""Plain data types for the content: frozen, so nothing downstream can change shared content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Source:
    """Where a statement comes from: a seed page and/or a named public source."""

    label: str
    seed: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Topic:
    """One answer a parent can read on a phone, with where it comes from."""

    id: str
    intent: str | None
    title: str
    short: str
    detail: str | None
    sources: tuple[Source, ...]
    last_reviewed: date
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contact:
    """How to reach a person or service. Any field a service does not offer is None."""

    name: str
    description: str = ""
    phone: str | None = None
    text: str | None = None
    email: str | None = None
    website: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class Service:
    """A local service named in the council configuration (for example IASK or LIFT)."""

    id: str
    name: str
    short_name: str
    what_they_do: str
    contact: Contact
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class CouncilConfig:
    """The council's local services: the one file a council replaces."""

    name: str
    is_example: bool
    website: str | None
    services: tuple[Service, ...]
    advice_service: Service
    children_social_care: Contact
    path: str

    def service(self, service_id: str) -> Service | None:
        """The service with this id, or None."""
        return next((s for s in self.services if s.id == service_id), None)


@dataclass(frozen=True)
class GlossaryTerm:
    """A word parents and schools use, with the other ways people write it."""

    id: str
    canonical: str
    definition: str
    label: str | None
    synonyms: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    topic: str | None = None

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every way of writing the term, canonical first, without duplicates."""
        seen: dict[str, None] = {}
        for spelling in (self.canonical, *self.synonyms, *self.misspellings):
            seen.setdefault(spelling, None)
        return tuple(seen)


@dataclass(frozen=True)
class Question:
    """A question a parent can ask the school, with the stages and concerns it fits."""

    id: str
    text: str
    stages: tuple[str, ...]
    concerns: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class ComplaintStep:
    """One rung of the complaint ladder and what to take to it."""

    id: str
    title: str
    what_to_do: str
    prepare: tuple[str, ...]
    sources: tuple[Source, ...]
    help_from: Service | None = None
    is_last: bool = False
