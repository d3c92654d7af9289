"""Errors raised while loading or checking the knowledge base.

Exception tree::

    KnowledgeError            anything that stops the knowledge base from loading
    ├── ContentError          a content YAML file is missing, malformed or inconsistent
    └── CouncilConfigError    the council configuration file is missing or invalid
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """The knowledge base could not be loaded."""


class ContentError(KnowledgeError):
    """A content file in knowledge/content/ is missing, malformed or inconsistent."""


class CouncilConfigError(KnowledgeError):
    """The council configuration file (COUNCIL_CONFIG) is missing or invalid."""
