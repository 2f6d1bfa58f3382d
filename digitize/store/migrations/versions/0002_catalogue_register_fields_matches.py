"""catalogue, register, fields and matches

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:08:05.252881
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("procedure_code", sa.String(length=60), nullable=False),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("applicant", sa.Text(), nullable=False),
        sa.Column("citizen_id", sa.String(length=12), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("returned", sa.Date(), nullable=True),
        sa.Column("result_number", sa.Text(), nullable=False),
        sa.Column("result_valid_until", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dossier_procedure_code"), ["procedure_code"], unique=False
        )

    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("base_code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sector", sa.Text(), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("authority", sa.Text(), nullable=False),
        sa.Column("results", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", "valid_from", name="uq_procedure_code_period"),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_base_code"), ["base_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_procedure_code"), ["code"], unique=False)

    op.create_table(
        "document_field",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("left", sa.Integer(), nullable=True),
        sa.Column("top", sa.Integer(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "name", name="uq_field_document_name"),
    )
    op.create_table(
        "document_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("procedure_code", sa.String(length=60), nullable=True),
        sa.Column("procedure_name", sa.Text(), nullable=True),
        sa.Column("procedure_score", sa.Float(), nullable=False),
        sa.Column("dossier_code", sa.String(length=60), nullable=True),
        sa.Column("dossier_score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("candidates", sa.Text(), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id"),
    )
    with op.batch_alter_table("document_match", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_match_decision"), ["decision"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_document_match_dossier_code"), ["dossier_code"], unique=False
        )

    with op.batch_alter_table("page", schema=None) as batch_op:
        batch_op.add_column(sa.Column("barcodes", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("page", schema=None) as batch_op:
        batch_op.drop_column("barcodes")

    with op.batch_alter_table("document_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_match_dossier_code"))
        batch_op.drop_index(batch_op.f("ix_document_match_decision"))

    op.drop_table("document_match")
    op.drop_table("document_field")
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_code"))
        batch_op.drop_index(batch_op.f("ix_procedure_base_code"))

    op.drop_table("procedure")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_procedure_code"))

    op.drop_table("dossier")
