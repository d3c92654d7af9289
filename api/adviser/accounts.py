"""Adviser accounts, sign-in that slows guessing down, and server-side sessions.

There is no lock-out a stranger could trigger: after a few failures each further try on an
account, and from an address, has to wait longer (1 s, 2 s, 4 s ... up to a cap), and an address
the adviser signed in from before is not slowed by failures elsewhere on their account. Every
attempt costs one argon2 check, whatever the address, the account or the wait, so the time an
answer takes says nothing about which it was. On their next sign-in the adviser is told how many
failed attempts there were since the previous one.

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
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from api.adviser.models import Adviser, AdviserSession, LoginAttempt
from api.models import utcnow

MIN_PASSWORD_LENGTH = 12
# Failures allowed before waits begin, and the longest wait, per account and per address.
FREE_FAILURES_PER_ACCOUNT = 3
FREE_FAILURES_PER_ADDRESS = 5
LONGEST_WAIT_PER_ACCOUNT = timedelta(minutes=5)
LONGEST_WAIT_PER_ADDRESS = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=1)
SESSION_MAX = timedelta(hours=10)
FAILURES_KEPT = timedelta(days=1)
# A successful sign-in makes its address a known one for this long.
SUCCESSES_KEPT = timedelta(days=30)

_HASHER = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """An adviser account cannot be created as asked."""


class SlowDown(Exception):
    """Too many recent failures for this account or from this address: wait, then try again."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"wait {wait.total_seconds():.0f} s")
        self.wait = wait


@dataclass(frozen=True)
class SignedIn:
    adviser: Adviser
    token: str
    csrf_token: str
    failed_sign_ins: int = 0


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


def _wait_after(
    failures: list[datetime], free: int, longest: timedelta, now: datetime
) -> timedelta | None:
    """How long to wait before the next try, given the failures (newest first), if at all."""
    beyond = len(failures) - free
    if beyond < 0:
        return None
    wait = min(timedelta(seconds=2**beyond), longest)
    ready_at = failures[0] + wait
    return ready_at - now if ready_at > now else None


def _recent_failures(db: Session, now: datetime, *conditions: Any) -> list[datetime]:
    """Failures matching `conditions` since the last success that matches them, newest first."""
    last_success = db.scalar(
        select(func.max(LoginAttempt.attempted_at)).where(
            *conditions, LoginAttempt.succeeded.is_(True)
        )
    )
    since = now - FAILURES_KEPT
    if last_success is not None and last_success > since:
        since = last_success
    return list(
        db.scalars(
            select(LoginAttempt.attempted_at)
            .where(
                *conditions, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at > since
            )
            .order_by(LoginAttempt.attempted_at.desc())
            .limit(64)
        )
    )


def required_wait(db: Session, email_key: str, client: str, now: datetime) -> timedelta | None:
    """The wait before this address may try this account again, or None to try now."""
    waits = [
        _wait_after(
            _recent_failures(db, now, LoginAttempt.client_key == client),
            FREE_FAILURES_PER_ADDRESS,
            LONGEST_WAIT_PER_ADDRESS,
            now,
        )
    ]
    known_address = db.scalar(
        select(LoginAttempt.id).where(
            LoginAttempt.email_key == email_key,
            LoginAttempt.client_key == client,
            LoginAttempt.succeeded.is_(True),
        )
    )
    if known_address is None:
        # Failures on the account from anywhere slow down new addresses only: the adviser's
        # own office is never held up by someone guessing elsewhere.
        waits.append(
            _wait_after(
                _recent_failures(db, now, LoginAttempt.email_key == email_key),
                FREE_FAILURES_PER_ACCOUNT,
                LONGEST_WAIT_PER_ACCOUNT,
                now,
            )
        )
    found = [wait for wait in waits if wait is not None]
    return max(found) if found else None


def sign_in(
    db: Session,
    email: str,
    password: str,
    secret: str,
    now: datetime | None = None,
    client: str = "unknown",
) -> SignedIn | None:
    """A new session for the adviser, None for a wrong e-mail or password.

    `client` is a keyed hash of the address the attempt comes from. Raises SlowDown, after the
    same argon2 check as every other attempt and without counting the try, when this account
    or this address must wait; the same for an address no adviser has (so it reveals nothing).
    """
    now = now or utcnow()
    _forget_stale(db, now)
    email_key = _key(secret, normalise_email(email))
    adviser = db.scalar(select(Adviser).where(Adviser.email == normalise_email(email)))
    password_ok = _verify(adviser.password_hash if adviser else _DUMMY_HASH, password)
    wait = required_wait(db, email_key, client, now)
    if wait is not None:
        raise SlowDown(wait)
    succeeded = adviser is not None and adviser.active and password_ok
    failed_before = len(_recent_failures(db, now, LoginAttempt.email_key == email_key))
    db.add(
        LoginAttempt(email_key=email_key, client_key=client, succeeded=succeeded, attempted_at=now)
    )
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
            failed_sign_ins=failed_before,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_MAX,
        )
    )
    db.flush()
    return SignedIn(
        adviser=adviser, token=token, csrf_token=csrf_token, failed_sign_ins=failed_before
    )


def _forget_stale(db: Session, now: datetime) -> None:
    """Failures only matter for the waits, successes for known addresses, ended sessions not
    at all."""
    db.execute(
        delete(LoginAttempt).where(
            LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at < now - FAILURES_KEPT
        )
    )
    db.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < now - SUCCESSES_KEPT))
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
