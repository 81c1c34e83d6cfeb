"""Storage of the web workspace on SQLite and PostgreSQL: migrations, the append-only
hash-chained audit trail, transactional decisions and concurrent approvals."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from _webkit import ROLE_USERS
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.pool import StaticPool

from socius.web import accounts, decisions
from socius.web import audit as audit_log
from socius.web.db import audit, make_engine, metadata, migrate
from socius.web.errors import ConflictError, Forbidden

EVIDENCE = {"policy_sha256": "f" * 64, "note": "test evidence"}


def _disable_triggers(conn: sa.Connection) -> None:
    """What an attacker with owner rights would do before altering the trail."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE audit DISABLE TRIGGER USER")
    else:
        conn.exec_driver_sql("DROP TRIGGER audit_no_update")
        conn.exec_driver_sql("DROP TRIGGER audit_no_delete")


def _propose(conn: sa.Connection, who: str = "ann", state: str = "JPN") -> decisions.Decision:
    user = accounts.get_user(conn, who)
    return decisions.propose(
        conn,
        user,
        ccode=740,
        stateabb=state,
        year=2007,
        tier="active_partner",
        rationale="shares values; significant regional actor",
        evidence=EVIDENCE,
    )


def test_migration_creates_exactly_the_declared_schema(engine: sa.Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
    assert diff == []
    assert version == "0001"


def test_migrating_twice_changes_nothing(engine: sa.Engine) -> None:
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


@pytest.mark.parametrize("statement", ["UPDATE audit SET actor = 'mallory'", "DELETE FROM audit"])
def test_the_database_refuses_to_alter_audit_entries(engine: sa.Engine, statement: str) -> None:
    with engine.begin() as conn:
        audit_log.append(conn, actor="ann", action="login", target="ann")
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as conn:
        conn.execute(sa.text(statement))
    with engine.connect() as conn:
        assert conn.execute(sa.select(audit.c.actor)).scalar_one() == "ann"


def test_a_clean_chain_verifies(populated: sa.Engine) -> None:
    with populated.begin() as conn:
        _propose(conn)
    with populated.connect() as conn:
        n, findings = audit_log.verify(conn)
    assert n == len(ROLE_USERS) + 1
    assert findings == []


def _chain(engine: sa.Engine, n: int) -> None:
    with engine.begin() as conn:
        for i in range(n):
            audit_log.append(conn, actor="ann", action="export", target=f"t{i}", details={"i": i})


def test_verify_names_a_changed_entry(engine: sa.Engine) -> None:
    _chain(engine, 5)
    with engine.begin() as conn:
        _disable_triggers(conn)
        conn.execute(sa.text("UPDATE audit SET details = '{\"i\": 99}' WHERE seq = 3"))
    with engine.connect() as conn:
        _, findings = audit_log.verify(conn)
    assert [(f.seq, "changed" in f.problem) for f in findings] == [(3, True)]


def test_verify_names_a_removed_entry(engine: sa.Engine) -> None:
    _chain(engine, 5)
    with engine.begin() as conn:
        _disable_triggers(conn)
        conn.execute(sa.text("DELETE FROM audit WHERE seq = 2"))
    with engine.connect() as conn:
        _, findings = audit_log.verify(conn)
    assert {f.seq for f in findings} == {3}
    assert any("2 are missing" in f.problem for f in findings)


def test_verify_names_reordered_entries(engine: sa.Engine) -> None:
    _chain(engine, 5)
    with engine.begin() as conn:
        _disable_triggers(conn)
        conn.execute(sa.text("UPDATE audit SET seq = 100 WHERE seq = 2"))
        conn.execute(sa.text("UPDATE audit SET seq = 2 WHERE seq = 4"))
        conn.execute(sa.text("UPDATE audit SET seq = 4 WHERE seq = 100"))
    with engine.connect() as conn:
        _, findings = audit_log.verify(conn)
    assert {f.seq for f in findings} >= {2, 4}


def test_a_failed_request_leaves_no_half_decision(populated: sa.Engine) -> None:
    class Crash(Exception):
        pass

    def request() -> None:
        with populated.begin() as conn:
            _propose(conn)
            raise Crash  # the process dies after the insert, before the commit

    with pytest.raises(Crash):
        request()
    with populated.connect() as conn:
        assert decisions.list_decisions(conn) == []
        assert (
            conn.execute(
                sa.select(sa.func.count()).where(audit.c.action == "proposal")
            ).scalar_one()
            == 0
        )
        assert audit_log.verify(conn)[1] == []


def test_two_approvers_at_once_give_one_result_and_one_clear_error(
    populated: sa.Engine,
) -> None:
    with populated.begin() as conn:
        accounts.add_user(conn, "bea", "correct horse battery staple", role="approver", actor="t")
        d = _propose(conn)
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def approve(name: str, verdict: bool) -> None:
        barrier.wait()
        try:
            with populated.begin() as conn:
                user = accounts.get_user(conn, name)
                outcomes.append(decisions.decide(conn, user, d.id, approve=verdict, comment=name))
        except ConflictError as exc:
            outcomes.append(exc)

    threads = [
        threading.Thread(target=approve, args=("bob", True)),
        threading.Thread(target=approve, args=("bea", False)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    errors = [o for o in outcomes if isinstance(o, ConflictError)]
    done = [o for o in outcomes if isinstance(o, decisions.Decision)]
    assert len(errors) == 1 and len(done) == 1
    assert f"decision {d.id} was already {done[0].status} by {done[0].decided_by}" in str(errors[0])
    with populated.connect() as conn:
        final = decisions.get_decision(conn, d.id)
        assert (final.status, final.decided_by) == (done[0].status, done[0].decided_by)
        n_decided = conn.execute(
            sa.select(sa.func.count()).where(audit.c.action.in_(["approval", "rejection"]))
        ).scalar_one()
        assert n_decided == 1
        assert audit_log.verify(conn)[1] == []


def test_nobody_decides_their_own_proposal(populated: sa.Engine) -> None:
    with populated.begin() as conn:
        d = _propose(conn, who="bob")
    with pytest.raises(Forbidden, match="your own proposal"), populated.begin() as conn:
        decisions.decide(conn, accounts.get_user(conn, "bob"), d.id, approve=True, comment="")


def test_the_evidence_snapshot_is_stored_verbatim(populated: sa.Engine) -> None:
    with populated.begin() as conn:
        d = _propose(conn)
        assert decisions.evidence_of(conn, d.id) == EVIDENCE
        assert d.policy_hash == "f" * 64


def test_exports_round_trip(populated: sa.Engine) -> None:
    with populated.begin() as conn:
        _propose(conn)
        rows = decisions.list_decisions(conn)
    parsed = json.loads(decisions.export(rows, "json"))
    assert parsed[0]["stateabb"] == "JPN" and parsed[0]["status"] == "proposed"
    csv_text = decisions.export(rows, "csv")
    assert csv_text.splitlines()[0].startswith("id,ccode,stateabb,year,tier,rationale")


def _memory_engine() -> sa.Engine:
    """An in-memory database with the declared tables (no migration, so no triggers:
    the property test alters entries directly)."""
    eng = make_engine("sqlite://", poolclass=StaticPool)
    metadata.create_all(eng)
    return eng


@settings(max_examples=20)
@given(
    entries=st.lists(
        st.tuples(
            st.sampled_from(["login", "proposal", "approval", "export"]),
            st.text(min_size=1, max_size=20),
            st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=10), max_size=3),
        ),
        min_size=1,
        max_size=8,
    ),
    data=st.data(),
)
def test_any_chain_verifies_and_any_single_change_is_named(
    entries: list[tuple[str, str, dict[str, Any]]], data: st.DataObject
) -> None:
    """Property: a chain of any entries verifies; changing any field of any one entry is
    reported at exactly that entry."""
    eng = _memory_engine()
    with eng.begin() as conn:
        for action, target, details in entries:
            audit_log.append(conn, actor="ann", action=action, target=target, details=details)
    with eng.connect() as conn:
        assert audit_log.verify(conn) == (len(entries), [])
    seq = data.draw(st.integers(1, len(entries)))
    column = data.draw(st.sampled_from(["ts", "actor", "action", "target", "details"]))
    with eng.begin() as conn:
        conn.execute(
            sa.text(f"UPDATE audit SET {column} = {column} || 'x' WHERE seq = :s"), {"s": seq}
        )
    with eng.connect() as conn:
        _, findings = audit_log.verify(conn)
    assert [f.seq for f in findings] == [seq]
    eng.dispose()
