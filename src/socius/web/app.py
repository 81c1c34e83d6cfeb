"""The FastAPI application: routes, session handling, error pages.

Every route is a thin adapter: it checks the permission (:mod:`socius.web.permissions`),
calls the library through :mod:`socius.web.analysis` or the stores (accounts, decisions,
audit) and renders a Jinja2 template. Views keep their state in the URL.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from socius.errors import SociusError, UnknownNameError, ValidationError
from socius.web.accounts import User, get_user
from socius.web.db import make_engine, migrate, users
from socius.web.errors import ConflictError, Forbidden, LoginError
from socius.web.permissions import allowed, require
from socius.web.sessions import COOKIE, Session, SessionCodec, csrf_ok, load_secret, safe_next

__all__ = ["Config", "create_app"]

HERE = Path(__file__).parent
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'"
)


@dataclass(frozen=True)
class Config:
    """How the server runs: the database, the signing secret, whether cookies need TLS."""

    database_url: str | None = None
    secret_key: str | None = None
    secure_cookies: bool = False

    @staticmethod
    def from_env(database_url: str | None = None) -> Config:
        return Config(
            database_url=database_url or os.environ.get("SOCIUS_DATABASE_URL"),
            secret_key=os.environ.get("SOCIUS_SECRET_KEY") or None,
            secure_cookies=os.environ.get("SOCIUS_SECURE_COOKIES", "") in ("1", "true", "yes"),
        )


class LoginRequired(SociusError, PermissionError):
    """No valid session: the user must sign in."""


class CsrfError(SociusError, PermissionError):
    """A state-changing request without the session's CSRF token."""


@dataclass(frozen=True)
class Ctx:
    """The request's session and signed-in user."""

    session: Session
    user: User | None

    def need(self, action: str) -> User:
        if self.user is None:
            raise LoginRequired("sign in first")
        require(self.user.role, action)
        return self.user

    def can(self, action: str) -> bool:
        return self.user is not None and allowed(self.user.role, action)


def create_app(config: Config | None = None, *, engine: sa.Engine | None = None) -> FastAPI:
    """Build the application on *engine* (default: from *config*), migrating the schema first."""
    cfg = config or Config.from_env()
    eng = engine or make_engine(cfg.database_url)
    migrate(eng)
    try:
        secret = load_secret(eng, cfg.secret_key)
    except sa.exc.IntegrityError:  # another worker created it at the same moment
        secret = load_secret(eng, cfg.secret_key)
    codec = SessionCodec(secret)
    app = FastAPI(title="socius serve", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = eng
    app.state.codec = codec
    app.state.config = cfg
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def _session(request: Request, call_next: Callable[[Request], Any]) -> Response:
        sess = codec.loads(request.cookies.get(COOKIE))
        fresh = sess is None
        if sess is None:
            sess = Session.fresh()
        user = None
        if sess.user_id is not None:
            user = _load_user(eng, sess)
            if user is None:  # disabled, role changed or deleted: the session ends
                sess, fresh = Session.fresh(), True
        request.state.ctx = Ctx(sess, user)
        request.state.new_session = None
        response: Response = await call_next(request)
        new = request.state.new_session
        if new is not None or fresh:
            response.set_cookie(
                COOKIE,
                codec.dumps(new if new is not None else sess),
                httponly=True,
                samesite="lax",
                secure=cfg.secure_cookies,
                path="/",
            )
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.url.path.startswith("/static"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)
        return _error(templates, request, 401, str(exc))

    # errors raised on purpose: one page, the message, and the status that fits the error
    for error, status in (
        (CsrfError, 403),
        (Forbidden, 403),
        (LoginError, 401),
        (ConflictError, 409),
        (UnknownNameError, 404),
        (SociusError, 400),
    ):
        app.add_exception_handler(error, _status_handler(templates, status))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(templates, request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        where = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        return _error(templates, request, 400, f"malformed request ({where}); check the URL")

    @app.get("/healthz", response_class=PlainTextResponse)
    def healthz() -> str:
        with eng.connect() as conn:
            conn.execute(sa.select(sa.literal(1)))
        return "ok"

    @app.get("/")
    def root() -> Response:
        return RedirectResponse("/explore", status_code=303)

    from socius.web import routes_admin, routes_views

    routes_views.add(app, templates)
    routes_admin.add(app, templates)
    return app


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _load_user(engine: sa.Engine, sess: Session) -> User | None:
    assert sess.user_id is not None
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(users.c.active, users.c.session_epoch).where(users.c.id == sess.user_id)
        ).first()
        if row is None or not row.active or int(row.session_epoch) != sess.epoch:
            return None
        return get_user(conn, sess.user_id)


def _status_handler(
    templates: Jinja2Templates, status: int
) -> Callable[[Request, Exception], Awaitable[Response]]:
    """An exception handler that shows the error's message on the error page with *status*."""

    async def handler(request: Request, exc: Exception) -> Response:
        return _error(templates, request, status, str(exc))

    return handler


def _error(templates: Jinja2Templates, request: Request, status: int, message: str) -> Response:
    return templates.TemplateResponse(
        request,
        "error.html",
        {"ctx": request.state.ctx, "status": status, "message": message},
        status_code=status,
    )


async def check_csrf(request: Request) -> dict[str, str]:
    """The request's form fields, after checking the CSRF token (header or form field)."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    token = request.headers.get("X-CSRF-Token") or fields.get("csrf_token")
    if not csrf_ok(request.state.ctx.session, token):
        raise CsrfError("the form's security token is missing or stale; reload the page and retry")
    return fields


CsrfForm = Annotated[dict[str, str], Depends(check_csrf)]
"""A route parameter: the form fields of a request whose CSRF token checked out."""


def page(
    templates: Jinja2Templates,
    request: Request,
    template: str,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    """Render *template* with the request context."""
    return templates.TemplateResponse(
        request, template, {"ctx": request.state.ctx, **values}, status_code=status_code
    )


def int_param(value: str | None, name: str, default: int) -> int:
    """An integer query parameter, with a clear error."""
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValidationError(f"{name}={value!r} is not a whole number") from None


__all__ += ["CsrfForm", "check_csrf", "int_param", "page", "safe_next"]
