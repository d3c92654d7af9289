"""Adviser accounts, sign-in with lockout, and server-side sessions.

Passwords are hashed with argon2id. A session cookie carries a random token; the database keeps
only an HMAC of it (keyed with the API's SECRET_KEY), so signing out or deleting the row revokes
the session at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.adviser.models import Adviser, AdviserSession, LoginAttempt
from api.models import utcnow

MIN_PASSWORD_LENGTH = 12
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=1)
SESSION_MAX = timedelta(hours=10)
ATTEMPTS_KEPT = timedelta(days=1)

_HASHER = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """An adviser account cannot be created as asked."""


class LockedOut(Exception):
    """Too many failed sign-ins for this e-mail address; try again after `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


@dataclass(frozen=True)
class SignedIn:
    adviser: Adviser
    token: str
    csrf_token: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def create_adviser(db: Session, email: str, name: str, password: str) -> Adviser:
    email = normalise_email(email)
    name = name.strip()
    if "@" not in email or len(email) > 254:
        raise AccountError("Give the adviser's work e-mail address.")
    if not name or len(name) > 100:
        raise AccountError("Give the adviser's name (up to 100 characters).")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    if db.scalar(select(Adviser.id).where(Adviser.email == email)) is not None:
        raise AccountError(f"An adviser with the e-mail {email} already exists.")
    adviser = Adviser(email=email, name=name, password_hash=hash_password(password))
    db.add(adviser)
    db.flush()
    return adviser


def _key(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def locked_until(db: Session, email_key: str, now: datetime) -> datetime | None:
    """When the lockout ends, if MAX_FAILURES sign-ins failed within LOCKOUT of each other
    since the last success."""
    last_success = db.scalar(
        select(func.max(LoginAttempt.attempted_at)).where(
            LoginAttempt.email_key == email_key, LoginAttempt.succeeded.is_(True)
        )
    )
    since = now - LOCKOUT
    if last_success is not None and last_success > since:
        since = last_success
    failures = list(
        db.scalars(
            select(LoginAttempt.attempted_at)
            .where(
                LoginAttempt.email_key == email_key,
                LoginAttempt.succeeded.is_(False),
                LoginAttempt.attempted_at > since,
            )
            .order_by(LoginAttempt.attempted_at.desc())
            .limit(MAX_FAILURES)
        )
    )
    if len(failures) < MAX_FAILURES:
        return None
    return failures[0] + LOCKOUT


def sign_in(
    db: Session, email: str, password: str, secret: str, now: datetime | None = None
) -> SignedIn | None:
    """A new session for the adviser, None for a wrong e-mail or password.

    Raises LockedOut without checking the password once an address has too many failures,
    whether or not an adviser has that address (so the lockout reveals nothing).
    """
    now = now or utcnow()
    _forget_stale(db, now)
    email_key = _key(secret, normalise_email(email))
    until = locked_until(db, email_key, now)
    if until is not None:
        raise LockedOut(until)
    adviser = db.scalar(select(Adviser).where(Adviser.email == normalise_email(email)))
    password_ok = _verify(adviser.password_hash if adviser else _DUMMY_HASH, password)
    succeeded = adviser is not None and adviser.active and password_ok
    db.add(LoginAttempt(email_key=email_key, succeeded=succeeded, attempted_at=now))
    if not succeeded or adviser is None:
        db.flush()
        return None
    if _HASHER.check_needs_rehash(adviser.password_hash):
        adviser.password_hash = hash_password(password)
    token = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    db.add(
        AdviserSession(
            token_hash=_key(secret, token),
            adviser_id=adviser.id,
            csrf_token=csrf_token,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_MAX,
        )
    )
    db.flush()
    return SignedIn(adviser=adviser, token=token, csrf_token=csrf_token)


def _forget_stale(db: Session, now: datetime) -> None:
    """Sign-in attempts only matter for the lockout, and ended sessions not at all."""
    db.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < now - ATTEMPTS_KEPT))
    db.execute(delete(AdviserSession).where(AdviserSession.expires_at <= now))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_HASHER.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def find_session(
    db: Session, token: str, secret: str, now: datetime | None = None
) -> tuple[AdviserSession, Adviser] | None:
    """The live session for a cookie token (sliding the idle timeout), or None."""
    now = now or utcnow()
    row = db.get(AdviserSession, _key(secret, token))
    if row is None:
        return None
    if row.expires_at <= now or row.last_seen_at + SESSION_IDLE <= now:
        db.delete(row)
        db.flush()
        return None
    adviser = db.get(Adviser, row.adviser_id)
    if adviser is None or not adviser.active:
        return None
    row.last_seen_at = now
    db.flush()
    return row, adviser


def sign_out(db: Session, token: str, secret: str) -> None:
    db.execute(delete(AdviserSession).where(AdviserSession.token_hash == _key(secret, token)))


def csrf_matches(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())
