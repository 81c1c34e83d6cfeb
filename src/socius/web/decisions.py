"""Decisions: an analyst proposes a tier for a state and year, an approver accepts or rejects.

A proposal stores an evidence snapshot (JSON): the policy text and its SHA-256, the data
manifest versions, the classification row and the explanation, so that a decision can be
reviewed later against exactly the evidence it was taken on. A proposal and its audit
entry are written in one transaction. Deciding is a conditional UPDATE (``WHERE status =
'proposed'``): of two approvers acting at once one succeeds and the other gets a
:class:`~socius.web.errors.ConflictError`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

from socius.affiliation import default_policy
from socius.errors import UnknownNameError, ValidationError
from socius.web import audit as audit_log
from socius.web.accounts import User
from socius.web.db import STATUSES, decisions, now, users
from socius.web.errors import ConflictError, Forbidden

__all__ = ["Decision", "decide", "export", "get_decision", "list_decisions", "propose"]

#: Tiers a proposal may name: the shipped policy's, highest first, without ``member``
#: (membership is a treaty fact, not a decision here).
TIERS = tuple(t for t in default_policy().tier_codes() if t != "member")
MAX_RATIONALE = 5000


@dataclass(frozen=True)
class Decision:
    """One proposal and, once decided, its outcome."""

    id: int
    ccode: int
    stateabb: str
    year: int
    tier: str
    rationale: str
    policy_hash: str
    status: str
    proposed_by: str
    proposed_at: str
    decided_by: str | None
    decided_at: str | None
    comment: str | None

    def row(self) -> dict[str, Any]:
        """The decision as a flat dict (for CSV and JSON)."""
        return asdict(self)


def _query() -> sa.Select[Any]:
    p = users.alias("p")
    d = users.alias("d")
    return (
        sa.select(
            decisions.c.id,
            decisions.c.ccode,
            decisions.c.stateabb,
            decisions.c.year,
            decisions.c.tier,
            decisions.c.rationale,
            decisions.c.policy_hash,
            decisions.c.status,
            p.c.username.label("proposed_by"),
            decisions.c.proposed_at,
            d.c.username.label("decided_by"),
            decisions.c.decided_at,
            decisions.c.comment,
        )
        .select_from(
            decisions.join(p, decisions.c.proposed_by == p.c.id).outerjoin(
                d, decisions.c.decided_by == d.c.id
            )
        )
        .order_by(decisions.c.id.desc())
    )


def propose(
    conn: sa.Connection,
    user: User,
    *,
    ccode: int,
    stateabb: str,
    year: int,
    tier: str,
    rationale: str,
    evidence: dict[str, Any],
) -> Decision:
    """Record a proposal with its evidence snapshot (audited as ``proposal``)."""
    if tier not in TIERS:
        raise ValidationError(f"tier '{tier}' is not known; choose one of: {', '.join(TIERS)}")
    text = rationale.strip()
    if not text:
        raise ValidationError("the rationale is empty; say why this tier is proposed")
    if len(text) > MAX_RATIONALE:
        raise ValidationError(
            f"the rationale has {len(text)} characters; shorten it to {MAX_RATIONALE}"
        )
    policy_hash = str(evidence.get("policy_sha256", ""))
    new_id = conn.execute(
        decisions.insert()
        .values(
            ccode=ccode,
            stateabb=stateabb,
            year=year,
            tier=tier,
            rationale=text,
            policy_hash=policy_hash,
            evidence=json.dumps(evidence, sort_keys=True, default=str),
            status="proposed",
            proposed_by=user.id,
            proposed_at=now(),
        )
        .returning(decisions.c.id)
    ).scalar_one()
    audit_log.append(
        conn,
        actor=user.username,
        action="proposal",
        target=f"decision {new_id}",
        details={"state": stateabb, "year": year, "tier": tier, "policy_sha256": policy_hash},
    )
    return get_decision(conn, int(new_id))


def get_decision(conn: sa.Connection, decision_id: int) -> Decision:
    """One decision by id."""
    row = conn.execute(_query().where(decisions.c.id == decision_id)).mappings().first()
    if row is None:
        raise UnknownNameError(f"decision {decision_id} does not exist; see the decisions list")
    return Decision(**dict(row))


def evidence_of(conn: sa.Connection, decision_id: int) -> dict[str, Any]:
    """The evidence snapshot stored with a proposal."""
    text = conn.execute(
        sa.select(decisions.c.evidence).where(decisions.c.id == decision_id)
    ).scalar_one_or_none()
    if text is None:
        raise UnknownNameError(f"decision {decision_id} does not exist; see the decisions list")
    return dict(json.loads(text))


def list_decisions(
    conn: sa.Connection,
    *,
    status: str | None = None,
    year: int | None = None,
    state: str | None = None,
    limit: int = 500,
) -> list[Decision]:
    """Decisions, newest first, filtered by status, year and state abbreviation."""
    q = _query()
    if status:
        if status not in STATUSES:
            raise ValidationError(
                f"status '{status}' is not known; choose one of: {', '.join(STATUSES)}"
            )
        q = q.where(decisions.c.status == status)
    if year is not None:
        q = q.where(decisions.c.year == year)
    if state:
        q = q.where(decisions.c.stateabb == state.upper())
    return [Decision(**dict(r)) for r in conn.execute(q.limit(limit)).mappings()]


def decide(
    conn: sa.Connection, user: User, decision_id: int, *, approve: bool, comment: str
) -> Decision:
    """Approve or reject a proposal (audited as ``approval`` or ``rejection``).

    Nobody decides their own proposal; a decided proposal cannot be decided again.
    """
    current = get_decision(conn, decision_id)
    if current.proposed_by == user.username:
        raise Forbidden(
            f"decision {decision_id} is your own proposal; another approver must decide it"
        )
    status = "approved" if approve else "rejected"
    done = conn.execute(
        decisions.update()
        .where(decisions.c.id == decision_id, decisions.c.status == "proposed")
        .values(status=status, decided_by=user.id, decided_at=now(), comment=comment.strip()[:2000])
    )
    if done.rowcount != 1:
        latest = get_decision(conn, decision_id)
        raise ConflictError(
            f"decision {decision_id} was already {latest.status} by {latest.decided_by}; "
            "reload the decisions list"
        )
    audit_log.append(
        conn,
        actor=user.username,
        action="approval" if approve else "rejection",
        target=f"decision {decision_id}",
        details={"comment": comment.strip()[:2000]},
    )
    return get_decision(conn, decision_id)


def export(rows: list[Decision], fmt: str) -> str:
    """The decisions as CSV or JSON text."""
    if fmt == "json":
        return json.dumps([r.row() for r in rows], indent=2, ensure_ascii=False)
    if fmt != "csv":
        raise ValidationError(f"export format '{fmt}' is not known; choose csv or json")
    buf = io.StringIO()
    fields = list(Decision.__dataclass_fields__)
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(r.row())
    return buf.getvalue()
