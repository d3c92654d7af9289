"""Small readers for YAML mappings that name the file and the field in every error."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import yaml

from knowledge.errors import KnowledgeError


def read_yaml(path: Path, error: type[KnowledgeError]) -> object:
    """Parse one YAML file, turning every failure into ``error`` naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except OSError as exc:
        raise error(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({exc})") from None


class Fields:
    """A YAML mapping read with clear errors: ``<file>: <field>: <what is wrong>``."""

    def __init__(
        self, data: object, file: Path | str, where: str, error: type[KnowledgeError]
    ) -> None:
        self.file = str(file)
        self.where = where
        self.error = error
        if not isinstance(data, dict):
            self._fail(where, f"expected a mapping of fields, got {_kind(data)}")
        for key in data:
            if isinstance(key, bool):
                # YAML 1.1 reads unquoted yes/no/on/off as true/false
                self._fail(where, f"key {key!r} is not text: put quotes around yes, no, on or off")
        self.data: dict[str, object] = {str(k): v for k, v in data.items()}

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _fail(self, field: str, problem: str) -> NoReturn:
        raise self.error(f"{self.file}: {field or '(top level)'}: {problem}")

    def fail(self, key: str, problem: str) -> NoReturn:
        """Raise the configured error for ``key`` of this mapping."""
        self._fail(self._path(key), problem)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            self.fail(key, "is required but missing")
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.fail(key, f"expected text, got the number {value!r}: put it in quotes")
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected non-empty text, got {_kind(value)}")
        return value.strip()

    def opt_text(self, key: str) -> str | None:
        if self.data.get(key) is None:
            return None
        return self.text(key)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {_kind(value)}")
        return value

    def date(self, key: str) -> dt.date:
        value = self.data.get(key)
        if value is None:
            self.fail(key, "is required but missing (write it as YYYY-MM-DD)")
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(key, f"expected a date written as YYYY-MM-DD, got {value!r}")
        return value

    def text_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "is required but missing")
            return ()
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.fail(key, "expected a list of non-empty text items")
        if required and not value:
            self.fail(key, "must list at least one item")
        return tuple(item.strip() for item in value)

    def mapping(self, key: str) -> Fields:
        if self.data.get(key) is None:
            self.fail(key, "is required but missing")
        return Fields(self.data[key], self.file, self._path(key), self.error)

    def items(self, key: str) -> Iterator[Fields]:
        """Each entry of a required list of mappings, with its index in errors."""
        value = self.data.get(key)
        if value is None:
            self.fail(key, "is required but missing")
        if not isinstance(value, list) or not value:
            self.fail(key, f"expected a non-empty list, got {_kind(value)}")
        for index, item in enumerate(value):
            yield Fields(item, self.file, f"{self._path(key)}[{index}]", self.error)

    def entries(self, key: str) -> Iterator[tuple[str, Fields]]:
        """Each ``id: {fields}`` entry of a required mapping."""
        section = self.mapping(key)
        if not section.data:
            self.fail(key, "must have at least one entry")
        for entry_id, value in section.data.items():
            yield entry_id, Fields(value, self.file, section._path(entry_id), self.error)

    def raw(self, key: str) -> object:
        return self.data.get(key)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"text {value!r}"
    return f"{type(value).__name__} {value!r}"[:80]
