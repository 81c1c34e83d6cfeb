"""The append-only, hash-chained audit trail.

Each entry stores the hash of the previous entry (``prev_hash``; 64 zeros for the first)
and its own ``hash``: SHA-256 of the canonical JSON of its sequence number, time, actor,
action, target, details and ``prev_hash``. Changing an entry changes its hash; removing
one leaves a gap in the sequence and a broken link; swapping two breaks the links. The
database refuses UPDATE and DELETE on the table (triggers created by the migration), so
an alteration needs someone who can drop or disable the triggers, and :func:`verify`
then names the entry.

Appends are serialised: on PostgreSQL the transaction locks the table
(``SHARE ROW EXCLUSIVE``, which readers do not wait for), on SQLite every write
transaction is ``BEGIN IMMEDIATE``. An entry is written in the same transaction as the
action it records, so both happen or neither does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from socius.web.db import audit, now

__all__ = ["GENESIS", "Finding", "append", "entry_hash", "recent_failures", "verify"]

GENESIS = "0" * 64


def entry_hash(
    seq: int, ts: str, actor: str | None, action: str, target: str, details: str, prev: str
) -> str:
    """SHA-256 (hex) of the canonical JSON of one entry and its predecessor's hash.

    Examples
    --------
    >>> len(entry_hash(1, "2026-01-01T00:00:00.000000Z", "ann", "login", "ann", "{}", GENESIS))
    64
    """
    payload = json.dumps(
        [seq, ts, actor, action, target, details, prev],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    conn: sa.Connection,
    *,
    actor: str | None,
    action: str,
    target: str,
    details: Mapping[str, Any] | None = None,
) -> int:
    """Append one entry inside the caller's transaction; return its sequence number."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE")
    last = conn.execute(
        sa.select(audit.c.seq, audit.c.hash).order_by(audit.c.seq.desc()).limit(1)
    ).first()
    seq, prev = (1, GENESIS) if last is None else (int(last.seq) + 1, str(last.hash))
    ts = now()
    text = json.dumps(dict(details or {}), sort_keys=True, ensure_ascii=False, default=str)
    conn.execute(
        audit.insert().values(
            seq=seq,
            ts=ts,
            actor=actor,
            action=action,
            target=target[:128],
            details=text,
            prev_hash=prev,
            hash=entry_hash(seq, ts, actor, action, target[:128], text, prev),
        )
    )
    return seq


@dataclass(frozen=True)
class Finding:
    """One problem found by :func:`verify`: the entry and what is wrong with it."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.problem}"


def verify(conn: sa.Connection) -> tuple[int, list[Finding]]:
    """Check the whole chain; return the number of entries and the problems found (in order).

    A changed entry fails its own hash; a removed entry leaves a gap and a broken link on
    the next one; reordered entries break the links where the order changed.
    """
    findings: list[Finding] = []
    prev = GENESIS
    expected = 1
    n = 0
    rows = conn.execute(sa.select(audit).order_by(audit.c.seq)).mappings()
    for r in rows:
        n += 1
        seq = int(r["seq"])
        if seq != expected:
            missing = f"{expected}" if seq == expected + 1 else f"{expected}-{seq - 1}"
            findings.append(Finding(seq, f"entries {missing} are missing (removed)"))
        recomputed = entry_hash(
            seq, r["ts"], r["actor"], r["action"], r["target"], r["details"], r["prev_hash"]
        )
        if recomputed != r["hash"]:
            findings.append(
                Finding(seq, f"content changed ({r['action']} {r['target']!r}): hash mismatch")
            )
        if r["prev_hash"] != prev:
            findings.append(
                Finding(seq, "does not follow the previous entry (removed or reordered entries)")
            )
        prev = r["hash"]
        expected = seq + 1
    return n, findings


def recent_failures(conn: sa.Connection, username: str, since: str) -> int:
    """Failed logins recorded for *username* since the ISO time *since*."""
    q = (
        sa.select(sa.func.count())
        .select_from(audit)
        .where(audit.c.action == "login_failed", audit.c.target == username, audit.c.ts >= since)
    )
    return int(conn.execute(q).scalar_one())
