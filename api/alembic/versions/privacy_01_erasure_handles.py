"""privacy: erased ids kept as keyed hashes, adviser handles, sign-in delays and notices

Revision ID: privacy_01
Revises: adviser_01
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "privacy_01"
down_revision: str | None = "adviser_01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "erased_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("erased_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id_hash"),
    )
    op.create_index("ix_erased_sessions_erased_at", "erased_sessions", ["erased_at"])

    with op.batch_alter_table("chat_sessions") as batch:
        batch.add_column(sa.Column("handle", sa.String(length=24), nullable=True))
    chats = sa.table("chat_sessions", sa.column("id"), sa.column("handle"))
    connection = op.get_bind()
    for (session_id,) in connection.execute(sa.select(chats.c.id)).all():
        connection.execute(
            chats.update()
            .where(chats.c.id == session_id)
            .values(handle="c-" + secrets.token_hex(8))
        )
    op.create_index("ix_chat_sessions_handle", "chat_sessions", ["handle"], unique=True)

    with op.batch_alter_table("adviser_login_attempts") as batch:
        batch.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_adviser_login_attempts_client_at",
        "adviser_login_attempts",
        ["client_key", "attempted_at"],
    )
    with op.batch_alter_table("adviser_sessions") as batch:
        batch.add_column(
            sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("adviser_sessions") as batch:
        batch.drop_column("failed_sign_ins")
    op.drop_index("ix_adviser_login_attempts_client_at", table_name="adviser_login_attempts")
    with op.batch_alter_table("adviser_login_attempts") as batch:
        batch.drop_column("client_key")
    op.drop_index("ix_chat_sessions_handle", table_name="chat_sessions")
    with op.batch_alter_table("chat_sessions") as batch:
        batch.drop_column("handle")
    op.drop_index("ix_erased_sessions_erased_at", table_name="erased_sessions")
    op.drop_table("erased_sessions")
