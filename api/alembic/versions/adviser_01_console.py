"""adviser console: accounts, sign-in attempts, sessions, cases, audit log

Revision ID: adviser_01
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "adviser_01"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "advisers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_table(
        "adviser_login_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email_key", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("attempted_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_adviser_login_attempts_key_at",
        "adviser_login_attempts",
        ["email_key", "attempted_at"],
    )
    op.create_table(
        "adviser_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("adviser_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("last_seen_at", _WHEN, nullable=False),
        sa.Column("expires_at", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(["adviser_id"], ["advisers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_adviser_sessions_adviser_id", "adviser_sessions", ["adviser_id"])
    op.create_table(
        "adviser_cases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("adviser_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("recommendation", sa.String(length=100), nullable=False),
        sa.Column("complaint_step", sa.String(length=40), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column("summary_text", sa.Text(), nullable=False),
        sa.Column("summary_markdown", sa.Text(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(["adviser_id"], ["advisers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_adviser_cases_adviser_id", "adviser_cases", ["adviser_id"])
    op.create_index("ix_adviser_cases_created_at", "adviser_cases", ["created_at"])
    op.create_table(
        "adviser_audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("adviser_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("at", _WHEN, nullable=False),
        sa.ForeignKeyConstraint(["adviser_id"], ["advisers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_adviser_audit_log_adviser_id", "adviser_audit_log", ["adviser_id"])
    op.create_index("ix_adviser_audit_log_at", "adviser_audit_log", ["at"])
    _make_audit_log_append_only()


def _make_audit_log_append_only() -> None:
    """The audit log is evidence: the database itself refuses to change or delete entries."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER adviser_audit_log_no_{event.lower()} "
                f"BEFORE {event} ON adviser_audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the adviser audit log is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION adviser_audit_log_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'the adviser audit log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER adviser_audit_log_append_only BEFORE UPDATE OR DELETE "
            "ON adviser_audit_log FOR EACH ROW EXECUTE FUNCTION adviser_audit_log_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS adviser_audit_log_append_only ON adviser_audit_log")
        op.execute("DROP FUNCTION IF EXISTS adviser_audit_log_append_only()")
    op.drop_table("adviser_audit_log")
    op.drop_table("adviser_cases")
    op.drop_table("adviser_sessions")
    op.drop_index("ix_adviser_login_attempts_key_at", table_name="adviser_login_attempts")
    op.drop_table("adviser_login_attempts")
    op.drop_table("advisers")
