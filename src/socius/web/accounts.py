"""Local accounts: argon2id password hashes, roles, disabling, login throttling.

Roles are ordered: viewer < analyst < approver < admin; each role may do what the roles
below it may do (see :mod:`socius.web.permissions`). Disabling a user, or changing their
role, bumps their ``session_epoch`` so that every session they hold stops working at its
next request.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from socius.errors import UnknownNameError, ValidationError, suggest
from socius.web import audit as audit_log
from socius.web.db import ROLES, now, users
from socius.web.errors import LoginError

__all__ = [
    "MAX_FAILURES",
    "MIN_PASSWORD",
    "User",
    "add_user",
    "authenticate",
    "get_user",
    "list_users",
    "set_active",
    "set_role",
]

MIN_PASSWORD = 12
MAX_FAILURES = 5
THROTTLE_WINDOW = timedelta(minutes=15)
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
# argon2id with the library's defaults (RFC 9106 "second recommended" profile: 64 MiB, t=3).
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class User:
    """A user as the application sees it (never the password hash)."""

    id: int
    username: str
    role: str
    active: bool
    session_epoch: int
    created_at: str


def _user(row: sa.RowMapping) -> User:
    return User(
        int(row["id"]),
        str(row["username"]),
        str(row["role"]),
        bool(row["active"]),
        int(row["session_epoch"]),
        str(row["created_at"]),
    )


def check_role(role: str) -> str:
    """*role* if it is known, else a ValidationError naming the roles."""
    if role not in ROLES:
        raise ValidationError(
            f"role '{role}' is not known{suggest(role, ROLES)}; choose one of: {', '.join(ROLES)}"
        )
    return role


def check_password(password: str) -> None:
    """Refuse passwords shorter than :data:`MIN_PASSWORD` characters."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            f"the password has {len(password)} characters; use at least {MIN_PASSWORD}"
        )


def add_user(
    conn: sa.Connection, username: str, password: str, *, role: str, actor: str | None
) -> User:
    """Create a user (audited as ``user_added``)."""
    if not _NAME.match(username):
        raise ValidationError(
            f"username '{username}' is not allowed; use 2-64 letters, digits or . _ @ -"
        )
    check_role(role)
    check_password(password)
    exists = conn.execute(sa.select(users.c.id).where(users.c.username == username)).first()
    if exists is not None:
        raise ValidationError(f"user '{username}' already exists; choose another username")
    conn.execute(
        users.insert().values(
            username=username,
            password_hash=_HASHER.hash(password),
            role=role,
            active=True,
            session_epoch=0,
            created_at=now(),
        )
    )
    audit_log.append(
        conn, actor=actor, action="user_added", target=username, details={"role": role}
    )
    return get_user(conn, username)


def get_user(conn: sa.Connection, username_or_id: str | int) -> User:
    """The user with this name or id."""
    col = users.c.id if isinstance(username_or_id, int) else users.c.username
    row = conn.execute(sa.select(users).where(col == username_or_id)).mappings().first()
    if row is None:
        names = [str(n) for n in conn.execute(sa.select(users.c.username)).scalars()]
        raise UnknownNameError(
            f"user '{username_or_id}' does not exist{suggest(str(username_or_id), names)}; "
            "list them with `socius users list`"
        )
    return _user(row)


def list_users(conn: sa.Connection) -> list[User]:
    """Every user, by name."""
    return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.username)).mappings()]


def _check_not_last_admin(conn: sa.Connection, user: User) -> None:
    """Refuse to demote or disable the last active admin (nobody could manage users)."""
    if user.role != "admin" or not user.active:
        return
    admins = conn.execute(
        sa.select(sa.func.count()).where(users.c.role == "admin", users.c.active == sa.true())
    ).scalar_one()
    if int(admins) <= 1:
        raise ValidationError(
            f"'{user.username}' is the last active admin; make another user admin first"
        )


def set_role(conn: sa.Connection, username: str, role: str, *, actor: str | None) -> User:
    """Change a user's role (audited as ``role_changed``; ends their sessions)."""
    check_role(role)
    before = get_user(conn, username)
    if role != "admin":
        _check_not_last_admin(conn, before)
    conn.execute(
        users.update()
        .where(users.c.id == before.id)
        .values(role=role, session_epoch=users.c.session_epoch + 1)
    )
    audit_log.append(
        conn,
        actor=actor,
        action="role_changed",
        target=username,
        details={"from": before.role, "to": role},
    )
    return get_user(conn, username)


def set_active(conn: sa.Connection, username: str, active: bool, *, actor: str | None) -> User:
    """Disable or re-enable a user (audited; disabling ends their sessions at once)."""
    user = get_user(conn, username)
    if not active:
        _check_not_last_admin(conn, user)
    conn.execute(
        users.update()
        .where(users.c.id == user.id)
        .values(active=active, session_epoch=users.c.session_epoch + 1)
    )
    audit_log.append(
        conn, actor=actor, action="user_enabled" if active else "user_disabled", target=username
    )
    return get_user(conn, username)


def authenticate(engine: sa.Engine, username: str, password: str) -> User:
    """The user if the password matches and the account is active; otherwise LoginError.

    Every attempt is audited (``login`` or ``login_failed``). After :data:`MAX_FAILURES`
    failures within 15 minutes the account refuses logins until the window has passed,
    whatever the password.
    """
    since = (datetime.now(UTC) - THROTTLE_WINDOW).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    name = username.strip()[:64]
    with engine.begin() as conn:
        if audit_log.recent_failures(conn, name, since) >= MAX_FAILURES:
            raise LoginError(
                f"too many failed logins for '{name}'; wait 15 minutes or ask an admin"
            )
        row = conn.execute(sa.select(users).where(users.c.username == name)).mappings().first()
        ok = False
        if row is not None:
            try:
                ok = _HASHER.verify(str(row["password_hash"]), password)
            except (VerificationError, InvalidHashError):
                ok = False
        else:  # spend the same time as a real check, so names cannot be probed by timing
            with contextlib.suppress(VerificationError, InvalidHashError):
                _HASHER.verify(_DUMMY, password)
        if ok and row is not None and bool(row["active"]):
            audit_log.append(conn, actor=name, action="login", target=name)
            return _user(row)
        reason = "disabled" if ok else "bad credentials"
        audit_log.append(
            conn, actor=None, action="login_failed", target=name, details={"reason": reason}
        )
    raise LoginError("wrong username or password, or the account is disabled")


_DUMMY = _HASHER.hash("socius-not-a-password")
