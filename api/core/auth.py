"""Adviser credentials: HTTP Basic checked against an argon2 hash from the settings."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def credentials_match(
    username: str, password: str, expected_username: str, password_hash: str | None
) -> bool:
    """True only for the configured adviser; always False when no hash is configured."""
    if password_hash is None:
        return False
    same_user = hmac.compare_digest(username.encode(), expected_username.encode())
    try:
        # Verify even for a wrong user name so both failures take the same time.
        password_ok: bool = _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        password_ok = False
    return same_user and password_ok


class VerifiedCredentials:
    """Credentials that passed verification recently, kept only as keyed hashes."""

    def __init__(self, ttl_seconds: float = 600.0) -> None:
        self._key = secrets.token_bytes(32)
        self._ttl = ttl_seconds
        self._until: dict[bytes, float] = {}

    def _digest(self, username: str, password: str) -> bytes:
        return hmac.new(self._key, f"{username}\0{password}".encode(), hashlib.sha256).digest()

    def holds(self, username: str, password: str) -> bool:
        until = self._until.get(self._digest(username, password))
        return until is not None and until > time.monotonic()

    def remember(self, username: str, password: str) -> None:
        now = time.monotonic()
        self._until = {k: v for k, v in self._until.items() if v > now}
        self._until[self._digest(username, password)] = now + self._ttl
