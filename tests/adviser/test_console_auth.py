"""Signing in and out of the adviser console: sessions, wrong passwords, CSRF, 401s (the waits
after repeated failures: test_console_sign_in_abuse.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from adviser_support import EMAIL, PASSWORD, add_adviser, form_token, make_settings, sign_in
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.adviser.accounts import FREE_FAILURES_PER_ADDRESS
from api.adviser.deps import SIGN_INS_PER_CLIENT_PER_MINUTE
from api.adviser.models import Adviser, AdviserSession
from api.core.config import Settings
from api.core.db import Database
from api.main import create_app

ROOT = Path(__file__).resolve().parents[2]
NOT_SIGNED_IN = {"detail": "Adviser sign-in required."}
PATH_VALUES = {"case_id": "1", "handle": "c-" + "0" * 16, "extension": "txt"}


def adviser_endpoints(client: TestClient) -> list[tuple[str, str]]:
    """Every adviser endpoint the app publishes in its OpenAPI document."""
    endpoints = []
    paths = client.get("/openapi.json").json()["paths"]
    for template, operations in paths.items():
        if template.startswith("/api/v1/adviser"):
            path = template
            for name, value in PATH_VALUES.items():
                path = path.replace("{" + name + "}", value)
            endpoints += [(method.upper(), path) for method in sorted(operations)]
    return endpoints


def login(client: TestClient, email: str, password: str) -> tuple[int, str]:
    token = form_token(client.get("/adviser").text)
    response = client.post(
        "/adviser/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    return response.status_code, response.text


def test_every_adviser_endpoint_answers_401_without_a_session(client: TestClient) -> None:
    endpoints = adviser_endpoints(client)

    assert len(endpoints) == 9  # a new endpoint must be added to this count knowingly
    for method, path in endpoints:
        response = client.request(method, path, json={})
        assert (response.status_code, response.json()) == (401, NOT_SIGNED_IN), (method, path)


def test_a_made_up_or_signed_out_cookie_gets_401(client: TestClient, csrf: str) -> None:
    old_cookie = client.cookies["adviser_session"]
    client.post("/adviser/logout", data={"csrf_token": csrf}, follow_redirects=False)

    for cookie in (old_cookie, "made-up-token", old_cookie + "x"):
        client.cookies.set("adviser_session", cookie)
        for method, path in adviser_endpoints(client):
            response = client.request(method, path, json={}, headers={"X-CSRF-Token": csrf})
            assert response.status_code == 401, (cookie, method, path)


def test_the_console_page_shows_the_sign_in_form_with_401_until_signed_in(
    client: TestClient,
) -> None:
    response = client.get("/adviser")

    assert response.status_code == 401
    assert '<form class="adv-form" method="post" action="/adviser/login"' in response.text
    assert 'autocomplete="current-password"' in response.text
    assert response.headers["cache-control"] == "no-store"


def test_signing_in_sets_a_strict_http_only_session_cookie(client: TestClient) -> None:
    status, _ = login(client, EMAIL, PASSWORD)

    assert status == 303
    console = client.get("/adviser")
    assert console.status_code == 200
    assert "Signed in as Sam Patel" in console.text
    me = client.get("/api/v1/adviser/me").json()
    assert (me["name"], me["email"]) == ("Sam Patel", EMAIL)


def test_session_cookie_flags(settings: Settings) -> None:
    for base_url, secure in (("http://testserver", False), ("https://testserver", True)):
        with TestClient(create_app(settings), base_url=base_url) as client:
            token = form_token(client.get("/adviser").text)
            response = client.post(
                "/adviser/login",
                data={"email": EMAIL, "password": PASSWORD, "csrf_token": token},
                follow_redirects=False,
            )
            cookie = next(
                c
                for c in response.headers.get_list("set-cookie")
                if c.startswith("adviser_session=")
            )
            flags = {part.strip().lower() for part in cookie.split(";")[1:]}
            assert {"httponly", "samesite=strict", "path=/"} <= flags
            assert ("secure" in flags) is secure, base_url


def test_the_database_keeps_only_a_hash_of_the_session_token(
    client: TestClient, csrf: str, settings: Settings
) -> None:
    cookie = client.cookies["adviser_session"]
    database = Database(settings.database_url)
    with database.session() as db:
        stored = list(db.scalars(select(AdviserSession.token_hash)))
        password_hash = db.scalar(select(Adviser.password_hash))
    database.dispose()

    assert len(stored) == 1
    assert cookie not in stored[0]
    assert len(stored[0]) == 64
    assert password_hash is not None
    assert password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("email", "password"),
    [(EMAIL, "wrong password here"), ("nobody@iask.example", PASSWORD), (EMAIL, "")],
    ids=["wrong password", "unknown e-mail", "empty password"],
)
def test_a_wrong_password_or_address_is_refused_without_saying_which(
    client: TestClient, email: str, password: str
) -> None:
    status, page = login(client, email, password)

    assert status == 401
    assert "The e-mail address or password is wrong." in page
    assert "adviser_session" not in client.cookies
    assert client.get("/api/v1/adviser/me").status_code == 401


def test_the_address_typed_is_kept_but_never_the_password(client: TestClient) -> None:
    _, page = login(client, EMAIL, "a wrong password 123")

    assert f'value="{EMAIL}"' in page
    assert "a wrong password 123" not in page


def test_what_was_typed_and_the_adviser_name_are_escaped_on_the_pages(
    client: TestClient, settings: Settings
) -> None:
    markup = '"><script>alert(1)</script>'
    _, page = login(client, "x" + markup, "a wrong password 123")
    add_adviser(settings, email="alex@iask.example", name="Alex <b>Jones</b>")
    sign_in(client, email="alex@iask.example")
    console = client.get("/adviser").text

    assert "<script>alert" not in page
    assert 'value="x&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "Signed in as Alex &lt;b&gt;Jones&lt;/b&gt;" in console


def test_sign_in_needs_the_form_csrf_token(client: TestClient) -> None:
    client.get("/adviser")  # sets the sign-in form's CSRF cookie
    missing = client.post(
        "/adviser/login", data={"email": EMAIL, "password": PASSWORD}, follow_redirects=False
    )
    forged = client.post(
        "/adviser/login",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": "forged-token"},
        follow_redirects=False,
    )

    assert missing.status_code == forged.status_code == 403
    assert "The sign-in form expired" in forged.text
    assert "adviser_session" not in client.cookies


def test_changes_need_the_session_csrf_token(client: TestClient, csrf: str) -> None:
    from adviser_support import ANSWERS

    without = client.post("/api/v1/adviser/cases", json=ANSWERS)
    wrong = client.post("/api/v1/adviser/cases", json=ANSWERS, headers={"X-CSRF-Token": "x" * 43})
    right = client.post("/api/v1/adviser/cases", json=ANSWERS, headers={"X-CSRF-Token": csrf})
    logout_forged = client.post(
        "/adviser/logout", data={"csrf_token": "forged"}, follow_redirects=False
    )

    assert without.status_code == wrong.status_code == 403
    assert right.status_code == 201
    assert logout_forged.status_code == 403
    assert client.get("/api/v1/adviser/me").status_code == 200  # still signed in


def test_signing_out_ends_the_session_on_the_server(client: TestClient, csrf: str) -> None:
    cookie = client.cookies["adviser_session"]

    response = client.post("/adviser/logout", data={"csrf_token": csrf}, follow_redirects=False)
    client.cookies.set("adviser_session", cookie)  # a copy of the cookie kept somewhere

    assert response.status_code == 303
    assert client.get("/api/v1/adviser/me").status_code == 401
    assert client.get("/adviser").status_code == 401


def run_admin(tmp_path: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "ENVIRONMENT": "test",
        "SECRET_KEY": "adviser-tests-secret-key",
    }
    return subprocess.run(
        [sys.executable, "-m", "api.admin", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )


def test_create_adviser_command_makes_an_account_that_can_sign_in(tmp_path: Path) -> None:
    made = run_admin(
        tmp_path,
        "create-adviser",
        "--email",
        "Alex@IASK.example",
        "--name",
        "Alex Jones",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    again = run_admin(
        tmp_path,
        "create-adviser",
        "--email",
        "alex@iask.example",
        "--name",
        "Alex",
        "--password-stdin",
        stdin="another long password\n",
    )
    short = run_admin(
        tmp_path,
        "create-adviser",
        "--email",
        "kim@iask.example",
        "--name",
        "Kim",
        "--password-stdin",
        stdin="short\n",
    )

    assert made.returncode == 0, made.stderr
    assert "Created adviser Alex Jones <alex@iask.example>" in made.stdout
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert short.returncode == 2
    assert "at least 12 characters" in short.stderr
    settings = make_settings(tmp_path, database_url=f"sqlite:///{tmp_path / 'cli.db'}")
    with TestClient(create_app(settings)) as client:
        assert login(client, "alex@iask.example", "a long enough password")[0] == 303
        client.cookies.clear()
        assert login(client, "kim@iask.example", "short")[0] == 401


def test_sign_in_helper_round_trip(client: TestClient) -> None:
    csrf = sign_in(client)
    assert client.get("/api/v1/adviser/me").json()["csrf_token"] == csrf


def test_one_device_trying_many_addresses_is_slowed_down(client: TestClient) -> None:
    statuses = [
        login(client, f"guess{n}@iask.example", "a wrong password")[0]
        for n in range(SIGN_INS_PER_CLIENT_PER_MINUTE)
    ]
    status, page = login(client, EMAIL, PASSWORD)

    # The growing waits per address come first; the per-minute limit stays behind them.
    free = FREE_FAILURES_PER_ADDRESS
    assert statuses[:free] == [401] * free
    assert set(statuses[free:]) <= {401, 429}
    assert 429 in statuses[free:]
    assert status == 429
    assert "Too many sign-in attempts from this device." in page
    assert "adviser_session" not in client.cookies
