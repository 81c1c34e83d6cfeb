"""Signed session cookies, CSRF tokens and safe redirects.

The session is a small signed payload in one cookie (HttpOnly, SameSite=Lax, Secure when
served over TLS): the user's id, their ``session_epoch`` at login and a random CSRF
token. Nothing else is stored client-side, and the user row is read on every request, so
disabling a user or changing their role (both bump the epoch) ends their sessions at
once. Every state-changing request must echo the CSRF token (form field ``csrf_token`` or
header ``X-CSRF-Token``).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeTimedSerializer

from socius.web.db import settings

__all__ = ["COOKIE", "Session", "SessionCodec", "csrf_ok", "load_secret", "safe_next"]

COOKIE = "socius_session"
MAX_AGE_S = 12 * 3600


@dataclass(frozen=True)
class Session:
    """What the cookie carries."""

    user_id: int | None
    epoch: int
    csrf: str

    @staticmethod
    def fresh() -> Session:
        return Session(None, 0, secrets.token_urlsafe(32))

    def signed_in(self, user_id: int, epoch: int) -> Session:
        """A new session for a login (a new CSRF token: no fixation)."""
        return replace(self, user_id=user_id, epoch=epoch, csrf=secrets.token_urlsafe(32))


class SessionCodec:
    """Signs and reads session cookies with the server secret."""

    def __init__(self, secret: str) -> None:
        self._s = URLSafeTimedSerializer(secret, salt="socius-session")

    def dumps(self, session: Session) -> str:
        return self._s.dumps({"u": session.user_id, "e": session.epoch, "c": session.csrf})

    def loads(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            data: Any = self._s.loads(cookie, max_age=MAX_AGE_S)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        uid = data.get("u")
        return Session(uid if isinstance(uid, int) else None, int(data.get("e") or 0), data["c"])


def csrf_ok(session: Session, token: str | None) -> bool:
    """Whether *token* is the session's CSRF token (constant-time comparison)."""
    return bool(token) and hmac.compare_digest(session.csrf, str(token))


def safe_next(target: str | None, default: str = "/explore") -> str:
    """*target* if it is a path on this site, else *default* (no open redirects).

    Examples
    --------
    >>> safe_next("/decisions?status=proposed"), safe_next("//evil.example/x")
    ('/decisions?status=proposed', '/explore')
    >>> safe_next("https://evil.example"), safe_next("/\\\\evil.example")
    ('/explore', '/explore')
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return default
    return target


def load_secret(engine: sa.Engine, override: str | None = None) -> str:
    """The signing secret: *override* (SOCIUS_SECRET_KEY), else the one stored in the
    database (created on first start, shared by every worker)."""
    if override:
        return override
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(settings.c.value).where(settings.c.key == "secret_key")
        ).scalar_one_or_none()
        if row is not None:
            return str(row)
        value = secrets.token_urlsafe(48)
        conn.execute(settings.insert().values(key="secret_key", value=value))
        return value
