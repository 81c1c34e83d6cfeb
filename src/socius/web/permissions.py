"""Who may do what: the one table of permissions, checked by every route.

Examples
--------
>>> allowed("analyst", "propose"), allowed("viewer", "propose")
(True, False)
"""

from __future__ import annotations

from socius.web.db import ROLES
from socius.web.errors import Forbidden

__all__ = ["PERMISSIONS", "allowed", "require"]

#: action -> the lowest role allowed (roles are ordered viewer < analyst < approver < admin).
PERMISSIONS: dict[str, str] = {
    "view": "viewer",  # explore, profiles, what-if, scenarios, decision list, CSV of tables
    "export": "viewer",  # decision exports (CSV, JSON): audited
    "propose": "analyst",
    "decide": "approver",  # approve or reject someone else's proposal
    "audit": "approver",  # read the audit trail
    "users": "admin",  # manage users
}


_WHAT = {
    "view": "view the workspace",
    "export": "export decisions",
    "propose": "propose decisions",
    "decide": "approve or reject proposals",
    "audit": "read the audit trail",
    "users": "manage users",
}


def allowed(role: str, action: str) -> bool:
    """Whether *role* may perform *action*."""
    return ROLES.index(role) >= ROLES.index(PERMISSIONS[action])


def require(role: str, action: str) -> None:
    """Raise :class:`Forbidden` unless *role* may perform *action*."""
    if not allowed(role, action):
        article = "an" if role[0] in "aeiou" else "a"
        raise Forbidden(
            f"{article} {role} may not {_WHAT[action]}; this needs the {PERMISSIONS[action]} role or higher"
        )
