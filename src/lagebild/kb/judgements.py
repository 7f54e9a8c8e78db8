"""Analysts' corrections that last: ``merge`` two stored entities into one, ``split`` names
off an entity into a new one. Each is stored as a judgement that every later ingest respects:

* merge A B: B's links, mentions, quotes, events and blocking keys move to A; B stays as an
  empty row that ``resolve`` redirects to A (ids are never reused), so a later article that
  would have joined B joins A;
* split K NAME...: the article entities of K named NAME (name or alias) move to a new entity;
  "different" judgements (entity, normalised name) in both directions keep the linker from
  joining those names to the other entity again.

These functions are the API for the command line (``lagebild entity merge|split``) and the
web layer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    exists,
    insert,
    or_,
    select,
    update,
)

from ..analysis import Entity
from ..errors import UsageError
from .linking import normalise
from .schema import entity_keys, kb_entities, links, mentions
from .schema import events as events_table
from .schema import quotes as quotes_table

SAME, DIFFERENT = "same", "different"

judgements = Table(
    "judgements",
    MetaData(),
    Column("n", Integer, primary_key=True, autoincrement=True),
    Column("verdict", String(10), nullable=False),  # "same" (merged) | "different" (split)
    Column("entity", String(20), nullable=False, index=True),  # merge target / split side
    Column("other", String(20), nullable=False),  # merged-away entity / the other side
    Column("name", Text),  # different: a normalised name that must not join ``entity``
    Column("created", DateTime(timezone=True), nullable=False),
)


def resolve(conn: Connection, kb_id: str) -> str:
    """The entity a (possibly merged-away) id stands for now."""
    seen = {kb_id}
    while target := conn.scalar(
        select(judgements.c.entity).where(judgements.c.verdict == SAME, judgements.c.other == kb_id)
    ):
        if target in seen:
            break
        seen.add(kb_id := target)
    return kb_id


def not_judged_different(entity_column, name: str):
    """A condition for the linker's candidate query: no analyst has judged the entity in
    ``entity_column`` not to be the one named ``name`` (normalised)."""
    return ~exists().where(
        judgements.c.verdict == DIFFERENT,
        judgements.c.name == name,
        judgements.c.entity == entity_column,
    )


def history(store, kb_id: str) -> list[dict]:
    """The judgements that concern an entity, oldest first (for the entity page)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(judgements)
            .where(or_(judgements.c.entity == kb_id, judgements.c.other == kb_id))
            .order_by(judgements.c.n)
        ).all()
    return [dict(r._mapping) for r in rows]


# -- merge -----------------------------------------------------------------------------------


def merge(store, a: str, b: str) -> str:
    """Merge entity ``b`` into ``a`` (ids, names or aliases); returns a's id."""
    with store._write() as conn:
        keep, gone = _entity(conn, store, a), _entity(conn, store, b)
        if keep.id == gone.id:
            raise UsageError(f"{a!r} and {b!r} are already one entity ({keep.id})")
        if keep.type != gone.type:
            raise UsageError(
                f"cannot merge a {keep.type} ({keep.id}) with a {gone.type} ({gone.id})"
            )
        moved = conn.execute(
            select(links.c.document, links.c.local_id).where(links.c.entity == gone.id)
        ).all()
        _repoint(conn, gone.id, keep.id, [(m.document, m.local_id) for m in moved])
        _move_keys(conn, gone.id, keep.id)
        # A merge undoes an earlier split between the two.
        conn.execute(
            delete(judgements).where(
                judgements.c.verdict == DIFFERENT,
                or_(
                    and_(judgements.c.entity == keep.id, judgements.c.other == gone.id),
                    and_(judgements.c.entity == gone.id, judgements.c.other == keep.id),
                ),
            )
        )
        _judge(conn, SAME, keep.id, gone.id, None)
        store._refresh(conn, {keep.id, gone.id})
    return keep.id


# -- split -----------------------------------------------------------------------------------


def split(store, kb_id: str, names: list[str]) -> str:
    """Move the article entities of ``kb_id`` named (or aliased) one of ``names`` to a new
    entity; returns its id. The two are never joined again by a later ingest."""
    wanted = {normalise(n) for n in names}
    with store._write() as conn:
        old = _entity(conn, store, kb_id)
        moving, staying = _partition(conn, old.id, wanted)
        if not moving:
            raise UsageError(f"no article names {', '.join(names)} as {old.id} ({old.name})")
        if not staying:
            raise UsageError(f"every name of {old.id} would move: nothing left to split from")
        first = moving[0]
        linker = store.linker
        new_id = linker.create(conn, Entity(id="E0", name=first.name, type=old.type))
        _repoint(conn, old.id, new_id, [(m.document, m.local_id) for m in moving])
        if normalise(old.name) in wanted:
            # The entity's display name moved: it takes the name of an article that stayed.
            conn.execute(
                update(kb_entities)
                .where(kb_entities.c.id == old.id)
                .values(name=staying[0].name, key=normalise(staying[0].name))
            )
        kept = _row(conn, old.id)
        _rebuild_keys(conn, linker, kept, staying)
        _rebuild_keys(conn, linker, _row(conn, new_id), moving)
        for name in sorted({normalise(m.name) for m in moving}):
            _judge(conn, DIFFERENT, old.id, new_id, name)
        for name in sorted({normalise(m.name) for m in staying} | {normalise(kept.name)}):
            _judge(conn, DIFFERENT, new_id, old.id, name)
        store._refresh(conn, {old.id, new_id})
    return new_id


def _partition(conn: Connection, kb_id: str, wanted: set[str]):
    """The links of an entity whose article entity is named (or aliased) as wanted, and the
    rest."""
    rows = conn.execute(
        select(links.c.document, links.c.local_id, links.c.name)
        .where(links.c.entity == kb_id)
        .order_by(links.c.document, links.c.local_id)
    ).all()
    moving, staying = [], []
    for row in rows:
        entity = _article_entity(conn, row.document, row.local_id) or {}
        forms = {normalise(n) for n in [row.name, *entity.get("aliases", [])]}
        (moving if forms & wanted else staying).append(row)
    return moving, staying


# -- shared steps ----------------------------------------------------------------------------


def _entity(conn: Connection, store, name_or_id: str):
    from .queries import find_entity

    found = find_entity(store, name_or_id)
    if found is None:
        raise UsageError(f"no entity {name_or_id!r} in the store")
    return _row(conn, resolve(conn, found))


def _row(conn: Connection, kb_id: str):
    return conn.execute(select(kb_entities).where(kb_entities.c.id == kb_id)).one()


def _judge(conn: Connection, verdict: str, entity: str, other: str, name: str | None) -> None:
    conn.execute(
        insert(judgements).values(
            verdict=verdict, entity=entity, other=other, name=name, created=dt.datetime.now(dt.UTC)
        )
    )


def _article_entity(conn: Connection, document: int, local_id: str) -> dict | None:
    from .schema import documents

    analysis = conn.scalar(select(documents.c.analysis).where(documents.c.seq == document))
    return next((e for e in analysis.get("entities", []) if e["id"] == local_id), None)


def _repoint(conn: Connection, old: str, new: str, moved: list[tuple[int, str]]) -> None:
    """Point the given article entities (document, local id), and every row that refers to
    them, from ``old`` to ``new``; the stored Analysis too, so that export shows it."""
    from .schema import documents

    for document, local_id in moved:
        conn.execute(
            update(links)
            .where(links.c.document == document, links.c.local_id == local_id)
            .values(entity=new)
        )
        analysis = conn.scalar(select(documents.c.analysis).where(documents.c.seq == document))
        for n, m in enumerate(analysis.get("mentions", [])):
            if m.get("entity") == local_id:
                _set(conn, mentions, document, n, entity=new)
        for n, q in enumerate(analysis.get("quotes", [])):
            if q.get("speaker") == local_id:
                _set(conn, quotes_table, document, n, speaker=new)
        for n, e in enumerate(analysis.get("events", [])):
            roles = {r: new for r in ("actor", "recipient", "location") if e.get(r) == local_id}
            if roles:
                _set(conn, events_table, document, n, **roles)
        changed = dict(analysis)
        changed["entities"] = [
            {**e, "kb_id": new} if e["id"] == local_id else e for e in analysis["entities"]
        ]
        conn.execute(update(documents).where(documents.c.seq == document).values(analysis=changed))
    del old  # the rows are found by document and position, not by the old id


def _set(conn: Connection, table, document: int, n: int, **values) -> None:
    conn.execute(update(table).where(table.c.document == document, table.c.n == n).values(values))


def _move_keys(conn: Connection, old: str, new: str) -> None:
    have = set(conn.scalars(select(entity_keys.c.key).where(entity_keys.c.entity == new)))
    theirs = set(conn.scalars(select(entity_keys.c.key).where(entity_keys.c.entity == old)))
    if theirs - have:
        conn.execute(
            insert(entity_keys), [{"entity": new, "key": k} for k in sorted(theirs - have)]
        )
    conn.execute(delete(entity_keys).where(entity_keys.c.entity == old))


def _rebuild_keys(conn: Connection, linker, entity, rows) -> None:
    """An entity's blocking keys anew from the names of its article entities."""
    conn.execute(delete(entity_keys).where(entity_keys.c.entity == entity.id))
    for name in sorted({entity.name, *(r.name for r in rows)}):
        linker.add_keys(conn, entity.id, Entity(id="E0", name=name, type=entity.type))


def redirect(store, name_or_id: str) -> str:
    """An id merged away stands for the entity it was merged into; anything else as given."""
    with store.engine.connect() as conn:
        return resolve(conn, name_or_id)
