"""Security of the web workspace on both engines: CSRF, escaping, open redirects, SQL
metacharacters, disabled users, login throttling, cookie flags, argon2id."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from _webkit import PASSWORD, TestClient, csrf_of, sign_in
from markupsafe import escape

from socius.web import accounts
from socius.web.db import users
from socius.web.sessions import safe_next


def _post_routes(app: Any) -> list[str]:
    return sorted(
        r.path.replace("{decision_id}", "1").replace("{username}", "vera")
        for r in app.routes
        if "POST" in getattr(r, "methods", set())
    )


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_every_state_changing_request_needs_the_csrf_token(
    app: Any, clients: dict[str, Any], token: str | None
) -> None:
    admin = clients["admin"]
    routes = _post_routes(app)
    assert len(routes) >= 7
    for path in routes:
        data = {"username": "vera", "password": PASSWORD}
        if token is not None:
            data["csrf_token"] = token
        r = admin.post(path, data=data, follow_redirects=False)
        assert r.status_code == 403, path
        assert "security token" in r.text
    # the header form works for HTMX requests
    r = admin.post(
        "/users/vera/active",
        data={"active": "1"},
        headers={"X-CSRF-Token": admin.csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_a_script_in_a_rationale_is_shown_as_text(clients: dict[str, Any]) -> None:
    analyst = clients["analyst"]
    payload = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    r = analyst.post(
        "/decisions",
        data={
            "state": "JPN",
            "year": "2007",
            "tier": "associate",
            "rationale": payload,
            "csrf_token": analyst.csrf,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    for page in (analyst.get(r.headers["location"]).text, analyst.get("/decisions").text):
        assert payload not in page
        assert str(escape(payload)) in page
    assert "script-src 'self'" in analyst.get("/decisions").headers["content-security-policy"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("https://evil.example/", "/explore"),
        ("//evil.example/", "/explore"),
        ("/\\evil.example", "/explore"),
        ("http:/evil.example", "/explore"),
        ("javascript:alert(1)", "/explore"),
        ("/%0d%0aSet-Cookie:x=1", "/%0d%0aSet-Cookie:x=1"),  # a local path, still encoded
        ("/whatif?year=2007", "/whatif?year=2007"),
    ],
)
def test_login_next_cannot_leave_the_site(app: Any, target: str, expected: str) -> None:
    client = TestClient(app)
    token = csrf_of(client.get(f"/login?next={target}").text)
    r = client.post(
        "/login",
        data={"username": "vera", "password": PASSWORD, "csrf_token": token, "next": target},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == expected


def test_safe_next_keeps_local_paths() -> None:
    assert safe_next("/state/JPN?year=2007") == "/state/JPN?year=2007"
    assert safe_next(None) == "/explore"
    assert safe_next("relative/path") == "/explore"


@pytest.mark.parametrize(
    "evil", ["' OR '1'='1", "JPN'; DROP TABLE users; --", '"); DELETE FROM audit; --', "%' --"]
)
def test_sql_metacharacters_in_searches_are_harmless(
    clients: dict[str, Any], populated: sa.Engine, evil: str
) -> None:
    viewer = clients["viewer"]
    r = viewer.get("/decisions", params={"state": evil, "status": ""})
    assert r.status_code == 200 and "No decisions match" in r.text
    r = viewer.get(f"/state/{evil}", params={"year": 2007})
    assert r.status_code in (400, 404)
    assert "Traceback" not in r.text
    r = viewer.get("/whatif", params={"year": 2007, "add": evil})
    assert r.status_code in (400, 404)
    with populated.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one() == 4


def test_a_disabled_users_session_stops_working(app: Any, clients: dict[str, Any]) -> None:
    vera = clients["viewer"]
    assert vera.get("/decisions", follow_redirects=False).status_code == 200
    admin = clients["admin"]
    r = admin.post(
        "/users/vera/active", data={"active": "0", "csrf_token": admin.csrf}, follow_redirects=False
    )
    assert r.status_code == 303
    r = vera.get("/decisions", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": "vera", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 401


def test_a_role_change_ends_the_session(clients: dict[str, Any], populated: sa.Engine) -> None:
    with populated.begin() as conn:
        accounts.set_role(conn, "ann", "viewer", actor="test")
    r = clients["analyst"].get("/decisions", follow_redirects=False)
    assert r.status_code == 303


def test_logins_are_throttled_after_repeated_failures(app: Any) -> None:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    for _ in range(accounts.MAX_FAILURES):
        r = client.post(
            "/login", data={"username": "bob", "password": "wrong password!", "csrf_token": token}
        )
        assert r.status_code == 401
    r = client.post("/login", data={"username": "bob", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 401 and "too many failed logins" in r.text
    sign_in(app, "ann")  # other accounts are unaffected


def test_the_session_cookie_is_httponly_and_samesite(app: Any) -> None:
    r = TestClient(app).get("/login")
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # plain HTTP on loopback; SOCIUS_SECURE_COOKIES=1 behind TLS


def test_a_forged_session_cookie_is_ignored(app: Any) -> None:
    client = TestClient(app)
    client.cookies.set("socius_session", "eyJ1IjoxLCJlIjowLCJjIjoieCJ9.forged.sig")
    r = client.get("/decisions", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_passwords_are_hashed_with_argon2id(populated: sa.Engine) -> None:
    with populated.connect() as conn:
        stored = conn.execute(sa.select(users.c.password_hash)).scalars().all()
    assert all(h.startswith("$argon2id$") for h in stored)
    assert not any(PASSWORD in h for h in stored)


def test_the_production_hasher_is_memory_hard() -> None:
    params = accounts.PasswordHasher()  # the class the module uses, with its defaults
    assert params.type.name == "ID"
    assert params.memory_cost >= 19 * 1024  # OWASP minimum for argon2id: 19 MiB


def test_short_passwords_and_unknown_roles_are_refused(populated: sa.Engine) -> None:
    with pytest.raises(ValueError, match="at least 12"), populated.begin() as conn:
        accounts.add_user(conn, "shorty", "short", role="viewer", actor="t")
    with pytest.raises(ValueError, match="choose one of: viewer"), populated.begin() as conn:
        accounts.add_user(conn, "role_x", PASSWORD, role="superuser", actor="t")


def test_malformed_requests_get_an_error_page(clients: dict[str, Any]) -> None:
    viewer = clients["viewer"]
    r = viewer.get("/decisions/not-a-number")
    assert r.status_code == 400 and "malformed request" in r.text
    r = viewer.get("/no/such/page")
    assert r.status_code == 404 and "<html" in r.text
    analyst = clients["analyst"]
    r = analyst.post(
        "/decisions",
        data={
            "state": "JPN",
            "year": "1066",
            "tier": "associate",
            "rationale": "x",
            "csrf_token": analyst.csrf,
        },
    )
    assert r.status_code == 400 and "year=1066 is outside" in r.text
