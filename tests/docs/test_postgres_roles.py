"""The PostgreSQL grants printed in the docs work on a real server.

The SQL of docs/dev/howto/postgresql.md (step 4) is run as written, with the
role and schema names made unique for the test. Then, acting as those roles
(``SET ROLE`` through the connection's ``options``), the whole cycle — submit,
approve, release, audit append — must succeed, and changing or deleting audit
records and review history must be refused by the server. docs/security.md
must print the very same grants.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "dev" / "howto" / "postgresql.md"
SECURITY = REPO / "docs" / "security.md"
ROLES = ("unionai_app", "unionai_reviewers", "unionai_auditors")

_SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.DOTALL | re.MULTILINE)


def grants_block(path: Path) -> str:
    blocks = [b for b in _SQL_BLOCK.findall(path.read_text(encoding="utf-8")) if "REVOKE" in b]
    assert len(blocks) == 1, f"{path.name}: expected one SQL block with the grants"
    return blocks[0]


def test_security_page_prints_the_same_grants() -> None:
    assert grants_block(SECURITY) == grants_block(GUIDE)


def _schema_of(url: str) -> str:
    options = parse_qs(urlsplit(url).query)["options"][0]
    return options.split("search_path=", 1)[1]


def _as_role(url: str, role: str) -> str:
    return f"{url}%20-crole%3D{role}"


@pytest.fixture
def roles(pg_url: str) -> Iterator[dict[str, str]]:
    """Unique NOLOGIN roles standing for the documented ones; dropped afterwards."""
    import psycopg

    suffix = secrets.token_hex(4)
    names = {role: f"{role}_{suffix}" for role in ROLES}
    dsn = "postgresql://postgres@127.0.0.1:5432/test"
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'CREATE ROLE "{name}" NOLOGIN')
    try:
        yield names
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for name in names.values():
                conn.execute(f'DROP OWNED BY "{name}"')
                conn.execute(f'DROP ROLE "{name}"')


@pytest.mark.postgres
def test_documented_grants_allow_the_cycle_and_protect_history(
    pg_url: str, roles: dict[str, str], tmp_path: Path
) -> None:
    import psycopg
    from cryptography.fernet import Fernet

    import unionai_sdk as ua

    schema = _schema_of(pg_url)
    key = Fernet.generate_key()

    # 1. the owner (here: the superuser) creates the tables, as step 3 says
    with ua.ReviewGate(pg_url, vault_key=key):
        pass
    ua.AuditLog(pg_url).close()

    # 2. the documented grants, with this test's schema and role names
    sql = grants_block(GUIDE).replace(
        "SET search_path = unionai;", f'SET search_path = "{schema}";'
    )
    sql = sql.replace("IN SCHEMA unionai", f'IN SCHEMA "{schema}"')
    for role, name in sorted(roles.items(), key=lambda kv: -len(kv[0])):
        sql = re.sub(rf"\b{role}\b", name, sql)
    dsn = "postgresql://postgres@127.0.0.1:5432/test"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            f'GRANT USAGE ON SCHEMA "{schema}" TO ' + ", ".join(f'"{n}"' for n in roles.values())
        )
        conn.execute(sql)

    # 3. the full cycle works with the application and reviewer roles
    app_url = _as_role(pg_url, roles["unionai_app"])
    reviewer_url = _as_role(pg_url, roles["unionai_reviewers"])
    author = ua.User("a.seitova", roles={"lawyer"})
    reviewer = ua.User("b.nurlanov", display_name="Нурланов Б. Е.", roles={"lawyer"})
    vault = ua.Vault()
    who = vault.placeholder_for("PERSON", "Ахметова Гульнара Серикқызы")
    with ua.ReviewGate(app_url, vault_key=key) as gate:
        draft = gate.submit(f"Заявитель: {who}.", kind="legal_memo", author=author, vault=vault)
    with ua.ReviewGate(reviewer_url, vault_key=key) as gate:
        gate.approve(draft.id, reviewer=reviewer)
        document = gate.release(draft.id, by=author)
    assert "Ахметова" in document.body
    from unionai_sdk.audit import events

    for url in (app_url, reviewer_url):  # both roles append to one chain
        log = ua.AuditLog(url)
        log.record(events.AUDIT_VERIFIED, ok=True, records=1)
        log.close()
    assert ua.verify_audit_log(pg_url, use_anchor_file=False).ok

    # 4. history and the audit trail cannot be changed by those roles
    for role in (roles["unionai_app"], roles["unionai_reviewers"], roles["unionai_auditors"]):
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'SET search_path = "{schema}"')
            conn.execute(f'SET ROLE "{role}"')
            for statement in (
                "UPDATE unionai_audit SET event = 'x'",
                "DELETE FROM unionai_audit",
                "DELETE FROM unionai_review_approvals",
                "UPDATE unionai_review_events SET reason = 'x'",
                "DELETE FROM unionai_review_drafts",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
            # ...but everyone may read
            assert conn.execute("SELECT count(*) FROM unionai_audit").fetchone()[0] == 2
