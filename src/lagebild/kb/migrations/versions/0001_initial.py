"""The first schema: documents, layers, entities, aliases, links, full-text index."""

from alembic import op

from lagebild.kb.schema import metadata

revision = "0001"
down_revision = None


def upgrade() -> None:
    bind = op.get_bind()
    # The tables as of this revision; later revisions alter them with explicit ops.
    metadata.create_all(bind)
    if bind.dialect.name == "sqlite":
        # Contentless-external FTS5 over documents.text, kept in step by the store.
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='seq', tokenize='unicode61')"
        )
    else:
        op.execute(
            "CREATE INDEX ix_documents_fts ON documents USING gin "
            "(to_tsvector('simple', coalesce(title, '') || ' ' || text))"
        )
