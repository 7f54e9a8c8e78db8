"""Store-side linking: an article's entities join stored entities, each link with its reason.

Two steps, so that the cost does not grow with the store: *blocking* finds the candidates
through an index of keys (``entity_keys``), then the matcher's *decision* compares the
article name with each candidate's name and aliases. The default matcher knows exact
names only (normalised: case and spacing folded), rule ``same-name``; the name-variant
matcher (``lagebild.kb.names``) plugs in through the same two functions.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection, func, insert, select

from ..analysis import Entity
from .external import keys as external_keys
from .schema import entity_keys, kb_entities, links


@dataclass(frozen=True)
class Match:
    """Why two names are taken for one entity: the rule that decided, and its score 0–1."""

    rule: str
    score: float


class NameMatcher(Protocol):
    def blocking_keys(self, name: str, type: str) -> set[str]: ...

    def compare(self, a: str, b: str) -> Match | None: ...


def normalise(name: str) -> str:
    """Case-folded, NFC, single-spaced: the exact-name key."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class ExactMatcher:
    """The default: the same normalised name (and, through the key, the same type)."""

    def blocking_keys(self, name: str, type: str) -> set[str]:
        return {f"{type}:{normalise(name)}"}

    def compare(self, a: str, b: str) -> Match | None:
        return Match("same-name", 1.0) if normalise(a) == normalise(b) else None


@dataclass(frozen=True)
class Link:
    kb_id: str
    rule: str  # "new" when the entity was created for this article
    score: float


class Linker:
    """Links article entities inside the caller's transaction (the store holds its write lock,
    so the next id and the candidates cannot change underneath).

    Before the names are compared: candidates that an analyst has split off from this name are
    dropped (``judgements``), and an external id (ISO 3166, GeoNames) decides when both sides
    have one: the same id joins (rule ``external-id``), different ids keep apart."""

    def __init__(self, matcher: NameMatcher | None = None):
        self.matcher = matcher or ExactMatcher()

    def link(self, conn: Connection, entity: Entity) -> Link:
        self._set_external(entity)
        keys = self._keys(entity.name, entity.type, entity.external)
        candidates = self._candidates(conn, entity, keys)
        best = self._best(conn, entity, candidates)
        if best:
            self._add_keys(conn, best[0], entity)
            return Link(best[0], best[1].rule, best[1].score)
        return Link(self._create(conn, entity), "new", 1.0)

    def _best(self, conn: Connection, entity: Entity, candidates) -> tuple[str, Match] | None:
        mine = external_keys(entity.external)
        names = self._linked_names(conn, list(candidates))
        best: tuple[str, Match] | None = None
        for kb_id, (name, theirs) in candidates.items():
            if mine and theirs:
                if mine & theirs:
                    return kb_id, Match("external-id", 1.0)
                if {k.rsplit(":", 1)[0] for k in mine} & {k.rsplit(":", 1)[0] for k in theirs}:
                    continue  # the same scheme, another id: another place
            for known in [name, *names.get(kb_id, ())]:
                match = self._compare(entity, known, unambiguous=len(candidates) == 1)
                if match and (best is None or match.score > best[1].score):
                    best = (kb_id, match)
        return best

    def _set_external(self, entity: Entity) -> None:
        # Only a matcher that knows variants looks identifiers up (the exact baseline stays
        # the store as it was).
        lookup = getattr(self.matcher, "external_ids", None)
        if lookup and entity.external is None:
            entity.external = lookup([entity.name, *entity.aliases], entity.type)

    def _keys(self, name: str, type: str, external: dict[str, str] | None) -> set[str]:
        return self.matcher.blocking_keys(name, type) | external_keys(external)

    def _compare(self, entity: Entity, known: str, unambiguous: bool) -> Match | None:
        # A matcher that knows types and the store's context (lagebild.kb.names) gets them:
        # a bare surname joins a full name only when it has one candidate in the store.
        typed = getattr(self.matcher, "compare_typed", None)
        if typed:
            return typed(entity.name, known, entity.type, unambiguous)
        return self.matcher.compare(entity.name, known)

    def _candidates(self, conn: Connection, entity: Entity, keys: set[str]) -> dict:
        """kb id -> (name, its external-id keys), in id order."""
        from .judgements import not_judged_different

        query = (
            select(kb_entities.c.id, kb_entities.c.name)
            .join(entity_keys, entity_keys.c.entity == kb_entities.c.id)
            .where(entity_keys.c.key.in_(keys), kb_entities.c.type == entity.type)
            # An analyst split this name off a candidate: that one is no candidate.
            .where(not_judged_different(kb_entities.c.id, normalise(entity.name)))
            .distinct()
            .order_by(kb_entities.c.id)
        )
        found: dict[str, tuple[str, set[str]]] = {}
        for row in conn.execute(query):
            found.setdefault(row.id, (row.name, set()))
        if found and entity.external:
            # The candidates' own identifiers, matched or not: a different one is evidence.
            ext = select(entity_keys.c.entity, entity_keys.c.key).where(
                entity_keys.c.entity.in_(list(found)), entity_keys.c.key.startswith("ext:")
            )
            for row in conn.execute(ext):
                found[row.entity][1].add(row.key)
        return found

    def _linked_names(self, conn: Connection, kb_ids: list[str]) -> dict[str, list[str]]:
        # The names under which articles have joined these entities (not every surface form:
        # a bare "Müller" alias must not pull in every other Müller); one query for all.
        if not kb_ids:
            return {}
        query = select(links.c.entity, links.c.name).where(links.c.entity.in_(kb_ids)).distinct()
        names: dict[str, set[str]] = {}
        for row in conn.execute(query):
            names.setdefault(row.entity, set()).add(row.name)
        return {k: sorted(v) for k, v in names.items()}

    def _create(self, conn: Connection, entity: Entity) -> str:
        # The next number, not a sequence: a rolled-back document consumes no id, so a
        # re-run after a crash hands out the same ids as a clean run.
        number = conn.scalar(select(func.count()).select_from(kb_entities)) + 1
        kb_id = f"K{number}"
        conn.execute(
            insert(kb_entities).values(
                id=kb_id,
                name=entity.name,
                type=entity.type,
                key=normalise(entity.name),
                mentions=0,
                documents=0,
            )
        )
        self._add_keys(conn, kb_id, entity)
        return kb_id

    def _add_keys(self, conn: Connection, kb_id: str, entity: Entity) -> None:
        self._set_external(entity)
        keys = self._keys(entity.name, entity.type, entity.external)
        # One statement, no read first: keys the entity has already are skipped by the
        # database (both backends know INSERT ... ON CONFLICT DO NOTHING).
        rows = [{"entity": kb_id, "key": k} for k in sorted(keys)]
        if rows:
            conn.execute(_insert_new(conn).on_conflict_do_nothing(), rows)


def _insert_new(conn: Connection):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(entity_keys)
