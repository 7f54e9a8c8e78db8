"""Events keep the phrase of an unnamed actor or recipient ("Analysten", "die Regierung"),
filled in for stored events from each document's stored Analysis."""

import sqlalchemy as sa
from alembic import op

revision = "0003_event_texts"
down_revision = "0002_judgements"
COLUMNS = ("actor_text", "recipient_text")


def upgrade() -> None:
    bind = op.get_bind()
    have = {c["name"] for c in sa.inspect(bind).get_columns("events")}
    if set(COLUMNS) <= have:
        return  # a store created at this revision: 0001 built the current tables
    with op.batch_alter_table("events") as batch:
        for name in COLUMNS:
            if name not in have:
                batch.add_column(sa.Column(name, sa.Text()))
    documents = sa.table("documents", sa.column("seq"), sa.column("analysis", sa.JSON))
    events = sa.table(
        "events", sa.column("document"), sa.column("n"), *(sa.column(c) for c in COLUMNS)
    )
    for seq, analysis in bind.execute(sa.select(documents.c.seq, documents.c.analysis)):
        for n, event in enumerate((analysis or {}).get("events", [])):
            texts = {c: event.get(c) for c in COLUMNS if event.get(c)}
            if texts:
                bind.execute(
                    events.update().where(events.c.document == seq, events.c.n == n).values(**texts)
                )


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
