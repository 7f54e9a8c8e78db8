"""Analysts' judgements: merged and split entities, respected by every later ingest."""

from alembic import op

from lagebild.kb.judgements import judgements

revision = "0002_judgements"
down_revision = "0001"


def upgrade() -> None:
    # The table lives in its own MetaData (not schema.metadata, which 0001 creates whole).
    judgements.create(op.get_bind())


def downgrade() -> None:
    judgements.drop(op.get_bind())
