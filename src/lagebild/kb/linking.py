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


# Names whose blocking keys the linker remembers (then it starts afresh).
KEY_CACHE_SIZE = 100_000


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
        self._keys: dict[tuple[str, str], frozenset[str]] = {}

    def blocking_keys(self, name: str, type: str) -> frozenset[str]:
        """The matcher's keys, remembered: the same names recur across articles, and folding
        one costs more than storing a document's rows."""
        if len(self._keys) > KEY_CACHE_SIZE:
            self._keys.clear()
        if (name, type) not in self._keys:
            self._keys[(name, type)] = frozenset(self.matcher.blocking_keys(name, type))
        return self._keys[(name, type)]

    def link(self, conn: Connection, entity: Entity) -> Link:
        return self.link_all(conn, [entity])[0]

    def link_all(self, conn: Connection, entities: list[Entity]) -> list[Link]:
        """Link one article's entities in order, each as if the ones before it were stored:
        the candidates come from one query for the whole article, the writes go out in one
        statement per table (a query per entity made the store cost half the analysis)."""
        for entity in entities:
            self._set_external(entity)
        batch = _Batch(conn, self, entities)
        result = [self._link(batch, entity) for entity in entities]
        batch.flush()
        return result

    def _link(self, batch: _Batch, entity: Entity) -> Link:
        best = self._best(batch, entity)
        if best:
            batch.add_keys(best[0], entity)
            return Link(best[0], best[1].rule, best[1].score)
        return Link(batch.create(entity), "new", 1.0)

    def _best(self, batch: _Batch, entity: Entity) -> tuple[str, Match] | None:
        mine = external_keys(entity.external)
        candidates = batch.candidates(entity)
        best: tuple[str, Match] | None = None
        for kb_id, name in candidates:
            theirs = batch.external.get(kb_id)
            if mine and theirs:
                if mine & theirs:
                    return kb_id, Match("external-id", 1.0)
                if {k.rsplit(":", 1)[0] for k in mine} & {k.rsplit(":", 1)[0] for k in theirs}:
                    continue  # the same scheme, another id: another place
            for known in [name, *batch.linked_names(kb_id)]:
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

    def create(self, conn: Connection, entity: Entity) -> str:
        """A new stored entity for ``entity``, with its keys (an analyst's split makes one)."""
        self._set_external(entity)
        batch = _Batch(conn, self, [entity])
        kb_id = batch.create(entity)
        batch.flush()
        return kb_id

    def add_keys(self, conn: Connection, kb_id: str, entity: Entity) -> None:
        """Index stored entity ``kb_id`` under ``entity``'s keys (an analyst's split rebuilds
        the keys of both sides this way)."""
        self._set_external(entity)
        have = set(conn.scalars(select(entity_keys.c.key).where(entity_keys.c.entity == kb_id)))
        new = sorted(self.keys(entity) - have)
        if new:
            conn.execute(insert(entity_keys), [{"entity": kb_id, "key": k} for k in new])

    def keys(self, entity: Entity) -> frozenset[str]:
        return self.blocking_keys(entity.name, entity.type) | external_keys(entity.external)

    def _compare(self, entity: Entity, known: str, unambiguous: bool) -> Match | None:
        # A matcher that knows types and the store's context (lagebild.kb.names) gets them:
        # a bare surname joins a full name only when it has one candidate in the store.
        typed = getattr(self.matcher, "compare_typed", None)
        if typed:
            return typed(entity.name, known, entity.type, unambiguous)
        return self.matcher.compare(entity.name, known)


class _Batch:
    """The part of the candidate index one article's entities can reach, read in one query
    and kept up to date in memory while they are linked; ``flush`` writes the new entities
    and keys."""

    def __init__(self, conn: Connection, linker: Linker, entities: list[Entity]):
        self.conn = conn
        self.keys = {id(e): linker.keys(e) for e in entities}
        wanted = sorted(set().union(*self.keys.values())) if self.keys else []
        # key -> {kb id: (name, type)}; the keys of each entity among the wanted ones
        self.by_key: dict[str, dict[str, tuple[str, str]]] = {}
        self.entity_keys: dict[str, set[str]] = {}
        self.info: dict[str, tuple[str, str]] = {}  # kb id -> (name, type)
        rows = conn.execute(
            select(entity_keys.c.key, kb_entities.c.id, kb_entities.c.name, kb_entities.c.type)
            .join(kb_entities, entity_keys.c.entity == kb_entities.c.id)
            .where(entity_keys.c.key.in_(wanted))
        ).all() if wanted else []  # fmt: skip
        for row in rows:
            self._index(row.id, row.name, row.type, {row.key})
        self.names: dict[str, set[str]] = {kb_id: set() for kb_id in self.entity_keys}
        self.external: dict[str, set[str]] = {}  # kb id -> its external-id keys, matched or not
        self.split_off: set[tuple[str, str]] = set()  # (kb id, normalised name) judged different
        if self.names:
            self._read_context(entities)
        self.new_entities: list[dict] = []
        self.new_keys: list[dict] = []
        self.next_number: int | None = None

    def _read_context(self, entities: list[Entity]) -> None:
        from .judgements import DIFFERENT, judgements

        found = list(self.names)
        query = select(links.c.entity, links.c.name).where(links.c.entity.in_(found))
        for row in self.conn.execute(query.distinct()):
            self.names[row.entity].add(row.name)
        # The candidates' own identifiers: a different one is evidence against them.
        query = select(entity_keys.c.entity, entity_keys.c.key).where(
            entity_keys.c.entity.in_(found), entity_keys.c.key.startswith("ext:")
        )
        for row in self.conn.execute(query):
            self.external.setdefault(row.entity, set()).add(row.key)
        # An analyst split a name off a candidate: that one is no candidate for it.
        query = select(judgements.c.entity, judgements.c.name).where(
            judgements.c.verdict == DIFFERENT,
            judgements.c.entity.in_(found),
            judgements.c.name.in_({normalise(e.name) for e in entities}),
        )
        self.split_off = {(row.entity, row.name) for row in self.conn.execute(query)}

    def _index(self, kb_id: str, name: str, type: str, keys: set[str]) -> None:
        for key in keys:
            self.by_key.setdefault(key, {})[kb_id] = (name, type)
        self.entity_keys.setdefault(kb_id, set()).update(keys)
        self.info[kb_id] = (name, type)

    def candidates(self, entity: Entity) -> list[tuple[str, str]]:
        own = normalise(entity.name)
        found = {
            kb_id: name
            for key in self.keys[id(entity)]
            for kb_id, (name, type) in self.by_key.get(key, {}).items()
            if type == entity.type and (kb_id, own) not in self.split_off
        }
        return sorted(found.items())

    def linked_names(self, kb_id: str) -> list[str]:
        # The names under which articles have joined this entity (not every surface form:
        # a bare "Müller" alias must not pull in every other Müller).
        return sorted(self.names.get(kb_id, ()))

    def add_keys(self, kb_id: str, entity: Entity) -> None:
        new = sorted(self.keys[id(entity)] - self.entity_keys.get(kb_id, set()))
        self.new_keys += [{"entity": kb_id, "key": k} for k in new]
        self._index(kb_id, *self.info[kb_id], set(new))

    def create(self, entity: Entity) -> str:
        # The next number, not a sequence: a rolled-back document consumes no id, so a
        # re-run after a crash hands out the same ids as a clean run.
        if self.next_number is None:
            count = self.conn.scalar(select(func.count()).select_from(kb_entities))
            self.next_number = count + 1
        kb_id = f"K{self.next_number}"
        self.next_number += 1
        self.new_entities.append(
            {"id": kb_id, "name": entity.name, "type": entity.type,
             "key": normalise(entity.name), "mentions": 0, "documents": 0}
        )  # fmt: skip
        self.names[kb_id] = set()
        if external_keys(entity.external):
            self.external[kb_id] = set(external_keys(entity.external))
        self._index(kb_id, entity.name, entity.type, set())
        self.add_keys(kb_id, entity)
        return kb_id

    def flush(self) -> None:
        if self.new_entities:
            self.conn.execute(insert(kb_entities), self.new_entities)
        if self.new_keys:
            self.conn.execute(insert(entity_keys), self.new_keys)
