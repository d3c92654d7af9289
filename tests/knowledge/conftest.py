"""Fixtures for the knowledge tests: the real content, and council files written per test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from knowledge import Knowledge, load_knowledge
from knowledge.council import DEFAULT_COUNCIL_CONFIG


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(DEFAULT_COUNCIL_CONFIG)


@pytest.fixture
def example_council() -> dict[str, object]:
    """The example council file as data, for tests that change one field."""
    data = yaml.safe_load(DEFAULT_COUNCIL_CONFIG.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def write_council(tmp_path: Path) -> Callable[[object], Path]:
    """Write council data (or raw text) to a fresh file and return its path."""

    def write(data: object) -> Path:
        path = tmp_path / "council.yml"
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write
