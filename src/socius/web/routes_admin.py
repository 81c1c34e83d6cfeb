"""Accounts, decisions and the audit trail: the state-changing routes (all CSRF-checked)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from socius import __version__
from socius.affiliation import default_policy, default_policy_text
from socius.affiliation.explain import TIER_LABELS
from socius.codes import display_name
from socius.data import versions
from socius.errors import SociusError, ValidationError
from socius.web import accounts, analysis
from socius.web import audit as audit_log
from socius.web import decisions as store
from socius.web.app import CsrfForm, int_param, page, safe_next
from socius.web.db import ROLES, STATUSES, audit
from socius.web.errors import LoginError
from socius.web.routes_views import check_year

__all__ = ["add", "evidence_snapshot"]


def evidence_snapshot(ccode: int, year: int) -> dict[str, Any]:
    """What a proposal records: the policy and its hash, data versions, the row, the explanation."""
    result, digest = analysis.assessment(year, {})
    row = result.table.filter(pl.col("ccode") == ccode)
    if row.is_empty():
        raise ValidationError(f"COW {ccode} is not a state in {year}; choose a year it existed")
    card = analysis.profile(ccode, year)["card"]
    return {
        "socius_version": __version__,
        "policy_name": default_policy().name,
        "policy_version": default_policy().version,
        "policy_toml": default_policy_text(),
        "policy_sha256": digest,
        "data_versions": versions(include_user=False).select("name", "version").to_dicts(),
        "classification": json.loads(row.write_json())[0],
        "explanation": card.text,
        "draws": result.draws,
    }


def add(app: FastAPI, templates: Jinja2Templates) -> None:
    """Attach login, decisions, audit and user management to *app*."""
    eng = app.state.engine

    @app.get("/login")
    def login_form(request: Request) -> Response:
        nxt = safe_next(request.query_params.get("next"))
        return page(templates, request, "login.html", next=nxt, error=None)

    @app.post("/login")
    def login(request: Request, form: CsrfForm) -> Response:
        nxt = safe_next(form.get("next"))
        try:
            user = accounts.authenticate(eng, form.get("username", ""), form.get("password", ""))
        except LoginError as exc:
            return page(templates, request, "login.html", status_code=401, next=nxt, error=str(exc))
        request.state.new_session = request.state.ctx.session.signed_in(user.id, user.session_epoch)
        return RedirectResponse(nxt, status_code=303)

    @app.post("/logout")
    def logout(request: Request, _form: CsrfForm) -> Response:
        user = request.state.ctx.user
        if user is not None:
            with eng.begin() as conn:
                audit_log.append(conn, actor=user.username, action="logout", target=user.username)
        request.state.new_session = request.state.ctx.session.fresh()
        return RedirectResponse("/login", status_code=303)

    @app.get("/decisions")
    def decisions_page(request: Request) -> Response:
        request.state.ctx.need("view")
        q = request.query_params
        year = int_param(q.get("year"), "year", 0) or None
        with eng.connect() as conn:
            rows = store.list_decisions(
                conn, status=q.get("status") or None, year=year, state=q.get("state") or None
            )
        return page(
            templates,
            request,
            "decisions.html",
            rows=rows,
            statuses=STATUSES,
            status=q.get("status") or "",
            year=year,
            state=q.get("state") or "",
            labels=TIER_LABELS,
        )

    @app.get("/decisions.{fmt}")
    def decisions_export(request: Request, fmt: str) -> Response:
        user = request.state.ctx.need("export")
        if fmt not in ("csv", "json"):
            raise ValidationError(f"export format '{fmt}' is not known; choose csv or json")
        q = request.query_params
        year = int_param(q.get("year"), "year", 0) or None
        with eng.begin() as conn:
            rows = store.list_decisions(
                conn, status=q.get("status") or None, year=year, state=q.get("state") or None
            )
            audit_log.append(
                conn,
                actor=user.username,
                action="export",
                target=f"decisions.{fmt}",
                details={"rows": len(rows), "query": str(q)},
            )
        return Response(
            store.export(rows, fmt),
            media_type="text/csv" if fmt == "csv" else "application/json",
            headers={"Content-Disposition": f'attachment; filename="decisions.{fmt}"'},
        )

    @app.get("/decisions/{decision_id}")
    def decision_detail(request: Request, decision_id: int) -> Response:
        request.state.ctx.need("view")
        with eng.connect() as conn:
            d = store.get_decision(conn, decision_id)
            ev = store.evidence_of(conn, decision_id)
        try:
            who = f"{display_name(d.ccode, d.year)} ({d.stateabb}), {d.year}"
        except SociusError:
            who = f"{d.stateabb} {d.year}"
        return page(templates, request, "decision.html", d=d, ev=ev, labels=TIER_LABELS, who=who)

    @app.post("/decisions")
    def propose(request: Request, form: CsrfForm) -> Response:
        user = request.state.ctx.need("propose")
        year = check_year(int_param(form.get("year"), "year", 0))
        ccode = analysis.state_code(form.get("state", ""), year)
        snapshot = evidence_snapshot(ccode, year)
        with eng.begin() as conn:
            d = store.propose(
                conn,
                user,
                ccode=ccode,
                stateabb=str(snapshot["classification"]["stateabb"]),
                year=year,
                tier=form.get("tier", ""),
                rationale=form.get("rationale", ""),
                evidence=snapshot,
            )
        return RedirectResponse(f"/decisions/{d.id}", status_code=303)

    @app.post("/decisions/{decision_id}/decide")
    def decide(request: Request, decision_id: int, form: CsrfForm) -> Response:
        user = request.state.ctx.need("decide")
        verdict = form.get("verdict")
        if verdict not in ("approve", "reject"):
            raise ValidationError(f"verdict={verdict!r} is not known; choose approve or reject")
        with eng.begin() as conn:
            store.decide(
                conn,
                user,
                decision_id,
                approve=verdict == "approve",
                comment=form.get("comment", ""),
            )
        return RedirectResponse(f"/decisions/{decision_id}", status_code=303)

    @app.get("/audit")
    def audit_page(request: Request) -> Response:
        request.state.ctx.need("audit")
        limit = int_param(request.query_params.get("limit"), "limit", 200)
        if not 1 <= limit <= 10_000:
            raise ValidationError(f"limit={limit} must lie between 1 and 10,000")
        with eng.connect() as conn:
            n, findings = audit_log.verify(conn)
            rows = conn.execute(audit.select().order_by(audit.c.seq.desc()).limit(limit)).mappings()
            entries = [dict(r) for r in rows]
        return page(templates, request, "audit.html", entries=entries, n=n, findings=findings)

    @app.get("/users")
    def users_page(request: Request) -> Response:
        request.state.ctx.need("users")
        with eng.connect() as conn:
            rows = accounts.list_users(conn)
        return page(templates, request, "users.html", rows=rows, roles=ROLES)

    @app.post("/users")
    def user_add(request: Request, form: CsrfForm) -> Response:
        admin = request.state.ctx.need("users")
        with eng.begin() as conn:
            accounts.add_user(
                conn,
                form.get("username", ""),
                form.get("password", ""),
                role=form.get("role", "viewer"),
                actor=admin.username,
            )
        return RedirectResponse("/users", status_code=303)

    @app.post("/users/{username}/role")
    def user_role(request: Request, username: str, form: CsrfForm) -> Response:
        admin = request.state.ctx.need("users")
        with eng.begin() as conn:
            accounts.set_role(conn, username, form.get("role", ""), actor=admin.username)
        return RedirectResponse("/users", status_code=303)

    @app.post("/users/{username}/active")
    def user_active(request: Request, username: str, form: CsrfForm) -> Response:
        admin = request.state.ctx.need("users")
        active = form.get("active") == "1"
        if not active and username == admin.username:
            raise ValidationError("an admin cannot disable their own account; ask another admin")
        with eng.begin() as conn:
            accounts.set_active(conn, username, active, actor=admin.username)
        return RedirectResponse("/users", status_code=303)
