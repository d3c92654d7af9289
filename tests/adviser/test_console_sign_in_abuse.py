"""Sign-in resists guessing without letting a stranger lock an adviser out: growing waits by
account and by address, the adviser's own address never held up, the adviser told of failed
attempts on their next sign-in, and the console never framed."""

from __future__ import annotations

from datetime import timedelta

from adviser_support import EMAIL, PASSWORD, form_token
from fastapi.testclient import TestClient

from api.adviser.accounts import (
    FREE_FAILURES_PER_ACCOUNT,
    FREE_FAILURES_PER_ADDRESS,
    LONGEST_WAIT_PER_ACCOUNT,
    SignedIn,
    SlowDown,
)
from api.adviser.accounts import sign_in as sign_in_service
from api.core.config import Settings
from api.core.db import Database
from api.models import utcnow

OFFICE, ATTACKER, ELSEWHERE = "office-address-key", "attacker-address-key", "elsewhere-key"


START = utcnow()


def _try(
    settings: Settings, password: str, client: str, at_seconds: float, email: str = EMAIL
) -> SignedIn | None:
    """One sign-in attempt `at_seconds` after START, from the address with key `client`."""
    database = Database(settings.database_url)
    try:
        with database.session() as db:
            at = START + timedelta(seconds=at_seconds)
            return sign_in_service(db, email, password, settings.secret_key, at, client)
    finally:
        database.dispose()


def _wait(settings: Settings, password: str, client: str, at: float, email: str = EMAIL) -> float:
    """Seconds the attempt was told to wait (0 if it went through to the password check)."""
    try:
        _try(settings, password, client, at, email)
    except SlowDown as slow:
        return slow.wait.total_seconds()
    return 0.0


def test_failures_slow_the_account_down_with_growing_waits_not_a_lock_out(
    settings: Settings,
) -> None:
    for n in range(FREE_FAILURES_PER_ACCOUNT):
        assert _try(settings, f"guess {n}", ATTACKER, n / 10) is None  # free tries: just wrong

    first_wait = _wait(settings, "guess again", ATTACKER, FREE_FAILURES_PER_ACCOUNT / 10)
    # After the wait the next guess is checked (and fails), and the wait after it is longer.
    assert _try(settings, "guess again", ATTACKER, 10) is None
    second_wait = _wait(settings, "and again", ATTACKER, 10.1)

    assert 0 < first_wait <= 1
    assert 1 < second_wait <= 2
    # The right password also waits while a wait is on (or waiting would teach nothing) ...
    assert _wait(settings, PASSWORD, ELSEWHERE, 10.2) > 0
    # ... and works once it is over: there is never a lock-out to sit out.
    assert _try(settings, PASSWORD, ELSEWHERE, 13) is not None


def test_the_longest_wait_is_capped(settings: Settings) -> None:
    at = 0.0
    for n in range(FREE_FAILURES_PER_ACCOUNT + 20):
        at += 3600  # each guess after the previous wait ended
        assert _try(settings, f"guess {n}", f"address-{n}", at) is None

    assert _wait(settings, PASSWORD, "new-address", at + 1) <= LONGEST_WAIT_PER_ACCOUNT.seconds


def test_guessing_elsewhere_never_holds_up_the_advisers_own_address(settings: Settings) -> None:
    assert _try(settings, PASSWORD, OFFICE, 0) is not None  # the adviser signed in here before
    for n in range(12):
        _wait(settings, f"guess {n}", f"attacker-{n}", 1 + n)  # many addresses, many failures

    assert _wait(settings, PASSWORD, "another-new-address", 13.5) > 0
    assert _try(settings, PASSWORD, OFFICE, 14) is not None


def test_one_address_trying_many_accounts_is_slowed_down(settings: Settings) -> None:
    for n in range(FREE_FAILURES_PER_ADDRESS):
        assert _try(settings, "pw", ATTACKER, n / 10, email=f"person{n}@iask.example") is None

    at = FREE_FAILURES_PER_ADDRESS / 10
    assert _wait(settings, "pw", ATTACKER, at, email="new@iask.example") > 0
    # an address no adviser has is answered exactly like a real one: it reveals nothing
    assert _wait(settings, PASSWORD, ATTACKER, at) > 0


def _login(client: TestClient, password: str) -> tuple[int, str, str | None]:
    token = form_token(client.get("/adviser").text)
    response = client.post(
        "/adviser/login",
        data={"email": EMAIL, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    return response.status_code, response.text, response.headers.get("retry-after")


def test_the_sign_in_page_says_how_long_to_wait(client: TestClient) -> None:
    statuses = [_login(client, f"wrong guess {n}")[0] for n in range(FREE_FAILURES_PER_ACCOUNT)]
    status, page, retry_after = _login(client, PASSWORD)

    assert statuses == [401] * FREE_FAILURES_PER_ACCOUNT
    assert status == 429
    assert "Too many failed sign-ins. Wait 1 second and try again." in page
    assert retry_after == "1"


def test_the_adviser_is_told_of_failed_attempts_on_their_next_sign_in(
    client: TestClient, settings: Settings
) -> None:
    for n in range(2):
        _try(settings, f"someone guessing {n}", ATTACKER, -60 + n)

    status, _, _ = _login(client, PASSWORD)
    console = client.get("/adviser")
    me = client.get("/api/v1/adviser/me").json()

    assert status == 303
    assert (
        "Someone tried to sign in to your account with a wrong password 2 times since you last "
        "signed in." in console.text
    )
    assert me["failed_sign_ins"] == 2
    # Signing in again without new failures: nothing to tell.
    client.post("/adviser/logout", data={"csrf_token": me["csrf_token"]}, follow_redirects=False)
    _login(client, PASSWORD)
    assert "data-sign-in-notice" not in client.get("/adviser").text
    assert client.get("/api/v1/adviser/me").json()["failed_sign_ins"] == 0


def test_no_site_may_frame_the_console(client: TestClient, csrf: str) -> None:
    for path in ("/adviser", "/adviser/console.js", "/adviser/console.css"):
        policy = client.get(path).headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy, path
