"""Every permission rule, on both engines: each role (and an anonymous visitor) against each
endpoint. A new route without a row here fails the coverage check."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from _webkit import PASSWORD, csrf_of

from socius.web import accounts, decisions, routes_views
from socius.web.permissions import PERMISSIONS, allowed

ROLES = ("viewer", "analyst", "approver", "admin")

# (method, path template, form data, the permission it needs)
MATRIX: list[tuple[str, str, dict[str, str], str]] = [
    ("GET", "/explore?year=2007", {}, "view"),
    ("GET", "/explore.csv?year=2007", {}, "view"),
    ("GET", "/state/JPN?year=2007", {}, "view"),
    ("GET", "/whatif?year=2007", {}, "view"),
    ("GET", "/report?year=2007", {}, "view"),
    ("GET", "/scenarios", {}, "view"),
    ("GET", "/decisions", {}, "view"),
    ("GET", "/decisions/{id}", {}, "view"),
    ("GET", "/decisions.csv", {}, "export"),
    ("GET", "/audit", {}, "audit"),
    ("GET", "/users", {}, "users"),
    (
        "POST",
        "/decisions",
        {"state": "JPN", "year": "2007", "tier": "associate", "rationale": "matrix"},
        "propose",
    ),
    ("POST", "/decisions/{id}/decide", {"verdict": "approve", "comment": "ok"}, "decide"),
    ("POST", "/users", {"username": "new_{role}", "password": PASSWORD, "role": "viewer"}, "users"),
    ("POST", "/users/zed/role", {"role": "analyst"}, "users"),
    ("POST", "/users/zed/active", {"active": "1"}, "users"),
]
# Routes every visitor may use, or that only sign in and out.
OPEN = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/healthz"),
    ("GET", "/"),
}


def _route_key(path: str) -> str:
    return path.split("?")[0].replace("{id}", "{decision_id}").replace("zed", "{username}")


def test_every_route_has_a_rule(app: Any) -> None:
    routes = {
        (m, r.path)
        for r in app.routes
        if hasattr(r, "methods") and not r.path.startswith("/static")
        for m in r.methods
        if m != "HEAD"
    }
    covered = {(m, _route_key(p)) for m, p, _, _ in MATRIX}
    covered |= {("GET", "/decisions/{decision_id}"), ("GET", "/state/{state}")}
    covered |= {("GET", "/decisions.{fmt}")}
    covered = {(m, p.replace("/state/JPN", "/state/{state}")) for m, p in covered}
    covered = {(m, "/decisions.{fmt}" if p == "/decisions.csv" else p) for m, p in covered}
    assert routes - covered - OPEN == set()


def test_role_by_endpoint_matrix(
    app: Any, clients: dict[str, Any], populated: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the report is the library's (tested with it); here only who may fetch it matters
    monkeypatch.setattr(routes_views, "report_html", lambda year: f"<p>report {year}</p>")
    with populated.begin() as conn:
        accounts.add_user(conn, "zed", PASSWORD, role="viewer", actor="test")
        d = decisions.propose(
            conn,
            accounts.get_user(conn, "ann"),
            ccode=740,
            stateabb="JPN",
            year=2007,
            tier="active_partner",
            rationale="for the matrix",
            evidence={"policy_sha256": "0" * 64},
        )
    anonymous = clients["anonymous"]
    anonymous.csrf = csrf_of(anonymous.get("/login").text)
    wrong: list[str] = []
    for role in (*ROLES, "anonymous"):
        client = clients[role]
        for method, template, data, permission in MATRIX:
            path = template.format(id=d.id)
            form = {k: v.format(role=role) for k, v in data.items()}
            if method == "GET":
                r = client.get(path, follow_redirects=False)
            else:
                r = client.post(
                    path, data={**form, "csrf_token": client.csrf}, follow_redirects=False
                )
            if role == "anonymous":
                expected = {303} if method == "GET" else {401}
                if method == "GET" and r.status_code == 303:
                    assert r.headers["location"].startswith("/login?next=")
            elif allowed(role, permission):
                expected = {200, 303, 409}  # 409: an earlier approver already decided
            else:
                expected = {403}
            if r.status_code not in expected:
                wrong.append(
                    f"{role} {method} {path}: {r.status_code}, expected {sorted(expected)}"
                )
    assert wrong == []


def test_the_permission_table_is_ordered_by_role() -> None:
    """Property of the table: a role may do everything the roles below it may do."""
    for action in PERMISSIONS:
        grants = [allowed(role, action) for role in ROLES]
        assert grants == sorted(grants)
    assert [allowed(r, "users") for r in ROLES] == [False, False, False, True]
    assert [allowed(r, "propose") for r in ROLES] == [False, True, True, True]
