"""Errors of the web workspace (each also inherits the matching built-in)."""

from __future__ import annotations

from socius.errors import SociusError, ValidationError

__all__ = ["AuditError", "ConflictError", "Forbidden", "LoginError", "ValidationError"]


class Forbidden(SociusError, PermissionError):
    """The signed-in user's role does not allow the action."""


class LoginError(SociusError, PermissionError):
    """Wrong username or password, a disabled account, or too many failed attempts."""


class ConflictError(SociusError, RuntimeError):
    """The action lost a race or no longer applies (a proposal already decided)."""


class AuditError(SociusError, RuntimeError):
    """The audit trail does not verify: an entry was changed, removed or reordered."""
