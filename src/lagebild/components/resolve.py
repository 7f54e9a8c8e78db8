"""Entity resolution inside one article: one entity per real-world thing.

Runs after the recogniser and the quote finder. It clusters the recogniser's mentions
(inflected forms, partial names, acronyms and long forms, names spelled two ways), adds
role-noun mentions ("der Kremlchef"), pronoun speakers and names inside compounds, and
gives each cluster one type, so one mislabelled mention is corrected by its cluster.
The result is plain data in ``doc._.lagebild_resolution`` (crosses processes);
``read_resolution`` turns it into the contract's entities, mentions and checks.
The words it needs are ``resolve.json``, ``role_nouns.txt`` and ``first_names.tsv`` (gender
agreement of pronouns and role nouns) in ``lang/<code>/``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from .. import layers
from ..analysis import Check, Entity, Mention, TextSpan
from ..extensions import register_extensions
from ..language import language_vocabulary
from ..resources import load_json, load_lines, load_tsv
from .persist import Persistent

RESOLVE = "lagebild_resolve"
# Which label wins a tie between a cluster's mentions: people and organisations are the
# recogniser's harder, more specific decisions.
_TYPE_ORDER = {"PER": 0, "ORG": 1, "LOC": 2, "MISC": 3}


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    type: str
    kind: str = "name"
    base: str = ""
    entity: int | None = None  # cluster index (union-find root after resolution)


@dataclass
class _Clusters:
    """Union-find over mention indices."""

    parent: list[int] = field(default_factory=list)

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


@Language.factory(RESOLVE, assigns=["doc._.lagebild_resolution"], default_config={"lang": None})
def make_resolver(nlp: Language, name: str, lang: str | None):
    return Resolver(lang or nlp.lang)


class Resolver(Persistent):
    resource_files = (
        "resolve.json", "function_words.txt", "role_nouns.txt", "first_names.tsv",
        "vocabulary.json",
    )  # fmt: skip

    def __init__(self, lang: str):
        self._normal_cache: dict[str, str] = {}
        register_extensions()
        cfg = load_json(lang, "resolve.json")
        self.spelling = language_vocabulary(lang)
        self.endings = tuple(sorted(cfg["name_endings"], key=len, reverse=True))
        self.determiners = frozenset(cfg["determiners"])
        self.possessives = frozenset(cfg["possessive_determiners"])
        self.pronouns = frozenset(cfg["pronouns"])
        self.genitive = frozenset(cfg["genitive_determiners"])
        self.gloss_cues = frozenset(cfg["gloss_cues"])
        self.translit = [tuple(pair) for pair in cfg["translit"]]
        self.min_ratio = cfg["variant_min_ratio"]
        self.min_length = cfg["variant_min_length"]
        self.function_words = frozenset(load_lines(lang, "function_words.txt"))
        self.genitive_ending = cfg["genitive_ending"]
        roles = set(load_lines(lang, "role_nouns.txt")) | set(cfg["role_nouns"])
        self.role_set = frozenset(roles)
        self.role_lengths = sorted({len(r) for r in roles}, reverse=True)
        self.message = cfg["variant_message"]
        self.feminine = tuple(cfg["feminine_role_endings"])
        age = cfg["age_noun"]
        self.age_stem = age["stem"]
        self.age_oblique = tuple(age["oblique_endings"])
        self.age_gender = {w: "m" for w in age["male_determiners"]}
        self.age_gender |= {w: "f" for w in age["female_determiners"]}
        self.pronoun_gender = cfg["pronoun_gender"]
        self.pronoun_window = cfg["pronoun_window"]
        self.first_names = {row[0]: row[1] for row in load_tsv(lang, "first_names.tsv")}

    def __call__(self, doc: Doc) -> Doc:
        self._normal_cache = {}  # per document, so it cannot grow without end
        # (text, offset) of every token, read from arrays: spaCy builds a Token object per
        # token on iteration, which cost more than everything else the resolver does; the
        # same for doc.text, joined from the tokens on every access: read once
        text = doc.text
        self._words = [(text[a : a + n], a) for a, n in doc.to_array([IDX, LENGTH]).tolist()]
        mentions = self._name_mentions(doc, text)
        clusters = _Clusters()
        for _ in mentions:
            clusters.add()
        self._merge_forms(mentions, clusters)
        self._merge_partial_names(mentions, clusters)
        self._merge_acronyms(doc, mentions, clusters)
        self._merge_bracketed(text, mentions, clusters)
        self._merge_org_heads(mentions, clusters)
        checks = self._merge_variants(doc, mentions, clusters)
        for i, m in enumerate(mentions):
            if m.kind in ("name", "part", "scan"):
                m.entity = clusters.find(i)
        # a compound head that matched no name is no mention
        roots = Counter(m.entity for m in mentions)
        mentions[:] = [m for m in mentions if m.kind != "scan" or roots[m.entity] > 1]
        for m in mentions:
            m.kind = "part" if m.kind == "scan" else m.kind
        self._roles_and_pronouns(doc, mentions)
        doc._.lagebild_resolution = _to_plain(mentions, checks)
        return doc

    # -- mentions ------------------------------------------------------------------------

    def _name_mentions(self, doc: Doc, text: str) -> list[_Mention]:
        mentions = []
        for ent in list(doc.ents):
            if self._glossed(doc, ent.start):
                continue
            m = _Mention(ent.start_char, ent.end_char, ent.text, ent.label_)
            if ent.text[:1].islower():
                # "der zentralasiatischen Republik": a description, not a name; it stays
                # without an entity rather than becoming one of its own.
                m.kind = "role"
            elif text[ent.end_char : ent.end_char + 1] == "-":
                m.kind = "part"  # "US" in "US-Raketen"
            mentions.append(m)
        known = {m.text for m in mentions if m.kind != "role"}
        known |= {w for m in mentions if m.type == "PER" for w in m.text.split()}
        for m in mentions:
            m.base = self._base(m.text, known)
            genitive = self.genitive_ending
            if (
                m.base == m.text
                and m.text.endswith(genitive)
                and self._after_genitive(text, m.start)
            ):
                m.base = m.text[: -len(genitive)]
        return mentions

    def _glossed(self, doc: Doc, start: int) -> bool:
        """A translation gloss (wörtlich übersetzt „Haselnuss“) mentions a word; it
        refers to nothing."""
        before = [doc[i].lower_ for i in range(max(start - 3, 0), start)]
        return any(word in self.gloss_cues for word in before)

    def _after_genitive(self, text: str, start: int) -> bool:
        words = text[max(start - 8, 0) : start].split()
        return bool(words) and words[-1].lower() in self.genitive

    def _base(self, text: str, known: set[str]) -> str:
        """The uninflected form, when the article also has it (Putins -> Putin)."""
        for ending in self.endings:
            stem = text[: -len(ending)]
            if text.endswith(ending) and len(stem) >= 3 and stem in known:
                return stem
        return text

    # -- merging -------------------------------------------------------------------------

    @staticmethod
    def _merge_forms(mentions: list[_Mention], clusters: _Clusters) -> None:
        first: dict[str, int] = {}
        for i, m in enumerate(mentions):
            if m.kind == "role":
                continue
            key = m.base.replace("-", " ")  # Toll-Collect / Toll Collect
            if key in first:
                clusters.union(i, first[key])
            else:
                first[key] = i

    @staticmethod
    def _merge_partial_names(mentions: list[_Mention], clusters: _Clusters) -> None:
        """A name to the one longer person name that ends in it (Putin -> Wladimir
        Putin); two such longer names (George W. / George H. W. Bush) block the link."""
        people = {m.base for m in mentions if m.type == "PER" and m.kind == "name"}
        people = {p: tuple(p.split()) for p in people}
        index = {m.base: i for i, m in enumerate(mentions) if m.kind != "role"}
        for i, m in enumerate(mentions):
            if m.kind == "role":
                continue
            words = tuple(m.base.split())
            longer = [
                p for p, pw in people.items() if len(pw) > len(words) and pw[-len(words) :] == words
            ]
            maximal = [p for p in longer if not any(q != p and q.endswith(" " + p) for q in longer)]
            if len(maximal) == 1:
                clusters.union(i, index[maximal[0]])

    @staticmethod
    def _merge_bracketed(text: str, mentions: list[_Mention], clusters: _Clusters) -> None:
        """A name and the acronym right after it in brackets ("Volkspartei (PP)") are one,
        when both have one type and it is no person: "Alexander Dobrindt (CSU)" names a
        man and his party."""
        by_start = {m.start: i for i, m in enumerate(mentions) if m.kind == "name"}
        for i, m in enumerate(mentions):
            j = by_start.get(m.end + 2)
            if m.kind != "name" or j is None or text[m.end : m.end + 2] != " (":
                continue
            inner = mentions[j]
            closed = text[inner.end : inner.end + 1] == ")"
            if closed and inner.type == m.type != "PER" and inner.text[:2].isupper():
                clusters.union(i, j)

    @staticmethod
    def _merge_org_heads(mentions: list[_Mention], clusters: _Clusters) -> None:
        """An organisation's first word alone to its one longer name (Kapsch -> Kapsch
        TrafficCom); two longer names starting so block the link."""
        orgs = {m.base for m in mentions if m.type == "ORG" and m.kind == "name" and " " in m.base}
        index = {m.base: i for i, m in enumerate(mentions) if m.kind == "name"}
        for i, m in enumerate(mentions):
            if m.kind != "name" or " " in m.base or m.type not in ("ORG", "PER"):
                continue
            longer = [o for o in orgs if o.split()[0] == m.base]
            if len(longer) == 1:
                clusters.union(i, index[longer[0]])

    def _merge_acronyms(self, doc: Doc, mentions: list[_Mention], clusters: _Clusters) -> None:
        """OVKS <-> Organisation des Vertrags über kollektive Sicherheit, in either order;
        a long form the recogniser missed is found in the text and added as a mention."""
        acronyms = {}
        for i, m in enumerate(mentions):
            a = m.base
            if m.kind != "role" and 3 <= len(a) <= 6 and a.isalpha() and a.isupper():
                acronyms.setdefault(a, []).append(i)
        if not acronyms:
            return
        by_initials: dict[str, list[int]] = {}
        for j, o in enumerate(mentions):
            by_initials.setdefault(self._initials(o.base.split()), []).append(j)
        missing = {
            a for a in acronyms if not set(by_initials.get(a.lower(), [])) - set(acronyms[a])
        }
        found = self._find_long_forms(doc, missing) if missing else {}
        for acronym, indices in acronyms.items():
            for i in indices:
                m = mentions[i]
                long_forms = [j for j in by_initials.get(acronym.lower(), []) if j != i]
                if acronym in found:
                    span = found[acronym]
                    if not isinstance(span, int):
                        mentions.append(
                            _Mention(
                                span.start_char, span.end_char, span.text, m.type, base=span.text
                            )
                        )
                        found[acronym] = clusters.add()
                    long_forms = [found[acronym]]
                for j in long_forms:
                    clusters.union(j, i)

    def _initials(self, words: list[str]) -> str:
        content = [w for w in words if w.lower() not in self.function_words]
        return "".join(w[0] for w in content).lower() if len(content) >= 2 else ""

    def _find_long_forms(self, doc: Doc, acronyms: set[str]) -> dict:
        """For each acronym, the first run of words, starting with a capitalised one, whose
        content words' initials spell it (between n and 2n + 1 words): one pass over the
        doc for all acronyms, instead of one per acronym."""
        wanted = {a.lower(): a for a in acronyms}
        firsts = {a[0] for a in acronyms}
        longest = max(2 * len(a) + 1 for a in acronyms)
        found: dict = {}
        words = [t.text for t in doc]
        for i, first in enumerate(words):
            if first[:1] not in firsts:
                continue
            initials = ""
            content = 0
            for end in range(i + 1, min(i + longest, len(words)) + 1):
                word = words[end - 1]
                if not word.isalpha():
                    break
                if word.lower() not in self.function_words:
                    initials += word[0].lower()
                    content += 1
                acronym = wanted.get(initials)
                if (
                    acronym is not None
                    and acronym not in found
                    and content >= 2
                    and word[:1].isupper()
                    and acronym[0] == first[0]
                    and len(acronym) <= end - i <= 2 * len(acronym) + 1
                ):
                    found[acronym] = doc[i:end]
            if len(found) == len(wanted):
                break
        return found

    def _normal(self, name: str) -> str:
        # names recur in every pairwise comparison of _merge_variants: fold each once
        if name not in self._normal_cache:
            self._normal_cache[name] = self._fold(name)
        return self._normal_cache[name]

    def _fold(self, name: str) -> str:
        text = unicodedata.normalize("NFKD", name.lower())
        text = "".join(c for c in text if not unicodedata.combining(c))
        for old, new in self.translit:
            text = text.replace(old, new)
        return text

    def _variant(self, a: str, b: str) -> bool:
        """Two spellings of one name: every word pair similar after transliteration;
        equal words of different first names (Marine / Jean-Marie Le Pen) are no variant."""
        wa, wb = a.split(), b.split()
        if a == b or len(wa) != len(wb) or min(len(a), len(b)) < self.min_length:
            return False
        return all(
            fuzz.ratio(self._normal(x), self._normal(y)) >= self.min_ratio
            for x, y in zip(wa, wb, strict=True)
        )

    def _merge_variants(
        self, doc: Doc, mentions: list[_Mention], clusters: _Clusters
    ) -> list[dict]:
        """Names spelled two ways (Oréshnik / Oressnik), also inside compounds the
        recogniser left out ("Oressnik-Hyperschallrakete"); each pair is a check."""
        checks = []
        names: dict[str, int] = {}
        for i, m in enumerate(mentions):
            if m.kind == "name":
                names.setdefault(m.base, i)
        covered = {(m.start, m.end) for m in mentions}
        for word, start in self._words:
            head = word.split("-")[0]
            if "-" in word and head[:1].isupper() and len(head) >= self.min_length:
                if (start, start + len(head)) not in covered and head not in names:
                    scanned = _Mention(
                        start, start + len(head), head, "MISC", kind="scan", base=head
                    )
                    mentions.append(scanned)
                    clusters.add()
        # only names of as many words can be variants (_variant): compare within those
        by_words: dict[int, list[str]] = {}
        for other in names:
            by_words.setdefault(len(other.split()), []).append(other)
        for j, m in enumerate(mentions):
            for other in by_words.get(len(m.base.split()), ()):
                if m.base == other or not self._variant(m.base, other):
                    continue
                i = names[other]
                if clusters.find(i) == clusters.find(j):
                    continue
                clusters.union(j, i)
                checks.append(self._check(mentions[i], m))
        return checks

    def _check(self, a: _Mention, b: _Mention) -> dict:
        return {
            "kind": "name-variant",
            "message": self.message.format(a=a.base, b=b.base),
            "spans": [{"start": x.start, "end": x.end, "text": x.text} for x in (a, b)],
        }

    # -- roles and pronouns ----------------------------------------------------------------

    def _roles_and_pronouns(self, doc: Doc, mentions: list[_Mention]) -> None:
        ents_by_start = {m.start: m for m in mentions if m.kind == "name"}
        genders = self._genders(mentions)
        holders: dict[str, int] = {}
        for i, (word, _) in enumerate(self._words):
            age = self._age_noun(word)
            role = None if age else self._role_noun(word)
            if role is None and not age:
                continue
            token = doc[i]
            if token.ent_type_:
                continue
            nxt = self._apposition(token, ents_by_start)
            if nxt is not None:
                if role is not None:
                    holders[role] = nxt.entity  # "der russische Präsident Wladimir Putin"
                continue
            determiner = self._determiner(token)
            if determiner is None:
                continue
            if age:
                # "der 71-Jährige": the person just spoken of, of the determiner's gender
                want = self.age_gender.get(determiner)
                holder = self._salient_person(mentions, token.idx, True, want, genders)
            else:
                want = "f" if role.endswith(self.feminine) else "m"
                holder = holders.get(role)
                # "sein Sprecher" is never the person "sein" stands for, the likeliest
                # salient one: after a possessive only a holder named with this role counts
                if holder is None and determiner not in self.possessives:
                    holder = self._salient_person(mentions, token.idx, False, want, genders)
                if holder is not None:
                    holders[role] = holder
            end = token.idx + len(token.text)
            mentions.append(_Mention(token.idx, end, token.text, "PER", "role", token.text, holder))
        for quote in layers.spans(doc, "quotes"):
            self._pronoun_speaker(doc, quote, mentions, genders)

    def _pronoun_speaker(self, doc: Doc, quote, mentions: list[_Mention], genders) -> None:
        """A pronoun speaker ("sagte er") as a mention of its own, at the pronoun itself;
        its person is the quote finder's antecedent when that agrees in gender, else the
        most recent agreeing person."""
        info = quote._.lagebild_quote or {}
        text = (info.get("speaker_text") or "").lower()
        want = self.pronoun_gender.get(text)
        cue = info.get("cue")
        if want is None or not cue:
            return
        token = self._pronoun_token(doc, text, cue["start"])
        if token is None:
            return
        named = {(m.start, m.end): m for m in mentions if m.kind == "name" and m.type == "PER"}
        antecedent = named.get((info.get("speaker_start"), info.get("speaker_end")))
        if antecedent is not None and self._agrees(genders.get(antecedent.entity), want):
            holder = antecedent.entity
        else:
            holder = self._salient_person(mentions, token.idx, True, want, genders)
        end = token.idx + len(token.text)
        mentions.append(_Mention(token.idx, end, token.text, "PER", "pronoun", token.text, holder))
        # the quote's speaker is now the pronoun, so it gets the agreeing person (or none)
        # rather than the finder's antecedent
        quote._.lagebild_quote = {**info, "speaker_start": token.idx, "speaker_end": end}

    def _pronoun_token(self, doc: Doc, pronoun: str, cue_start: int):
        cue = doc.char_span(cue_start, cue_start + 1, alignment_mode="expand")
        if cue is None:
            return None
        i, w = cue.start, self.pronoun_window
        near = [t for t in doc[max(i - w, 0) : i + w + 1] if t.lower_ == pronoun]
        return min(near, key=lambda t: abs(t.i - i)) if near else None

    def _age_noun(self, word: str) -> bool:
        if not word[:1].isdigit():
            return False  # the quick answer for almost every word
        number, _, rest = word.lower().partition("-")
        return (
            number.isdigit()
            and ("-" + rest).startswith(self.age_stem)
            and not word.endswith(self.age_oblique)
        )

    def _genders(self, mentions: list[_Mention]) -> dict[int, str]:
        """Each person's gender by a listed first name in any of its names (else absent)."""
        genders = {}
        for m in mentions:
            if m.type == "PER" and m.kind == "name" and m.entity is not None:
                first = self.first_names.get(m.text.split()[0]) if " " in m.text else None
                if first:
                    genders.setdefault(m.entity, first)
        return genders

    @staticmethod
    def _agrees(gender: str | None, want: str | None) -> bool:
        """A female form asks for a known woman; a male one for anyone not known female."""
        if want == "f":
            return gender == "f"
        return want is None or gender != "f"

    @staticmethod
    def _apposition(token, ents_by_start: dict):
        """The person named right after the role noun, or after a comma within the same
        phrase ("Der Berater des Kremls für internationale Angelegenheiten, Juri Uschakow")."""
        doc = token.doc
        follow = ents_by_start.get(token.idx + len(token.text) + 1)
        if follow is not None and follow.type == "PER":
            return follow
        for t in doc[token.i + 1 : token.i + 10]:
            if t.is_sent_start or t.text in '.;:“„"':
                return None
            if t.text == ",":
                nxt = ents_by_start.get(t.idx + 2)
                return nxt if nxt is not None and nxt.type == "PER" else None
        return None

    def _role_noun(self, word: str) -> str | None:
        if self.spelling.marks_non_noun(word):
            return None
        low = word.lower()
        # the longest role noun the word ends in, by suffix lookup (one per length)
        return next((low[-n:] for n in self.role_lengths if low[-n:] in self.role_set), None)

    def _determiner(self, token) -> str | None:
        """The determiner before the role noun (lower case), with at most two adjectives
        between; None when there is none."""
        for back in range(1, 4):
            if token.i - back < 0:
                return None
            word = token.doc[token.i - back].text
            if word.lower() in self.determiners:
                return word.lower()
            if not word[:1].islower():
                return None
        return None

    def _salient_person(
        self, mentions, before: int, recent: bool, want: str | None, genders: dict
    ) -> int | None:
        """The agreeing person named before ``before``: the most recent one (pronouns, age
        nouns) or the most often named one, when no other is named as often (role nouns)."""
        named = [
            m
            for m in mentions
            if m.type == "PER"
            and m.kind == "name"
            and m.end <= before
            and self._agrees(genders.get(m.entity), want)
        ]
        if not named:
            return None
        if recent:
            return max(named, key=lambda m: m.start).entity
        counts = Counter(m.entity for m in named).most_common(2)
        if len(counts) > 1 and counts[0][1] == counts[1][1]:
            return None
        return counts[0][0]


def _to_plain(mentions: list[_Mention], checks: list[dict]) -> dict:
    """Entities numbered in order of first mention; everything lists and dicts."""
    mentions = sorted(mentions, key=lambda m: (m.start, m.end))
    ids: dict[int, str] = {}
    members: dict[int, list[_Mention]] = {}
    for m in mentions:
        if m.entity is None:
            continue
        ids.setdefault(m.entity, f"E{len(ids) + 1}")
        members.setdefault(m.entity, []).append(m)
    entities = [_entity(ids[k], group) for k, group in members.items()]
    types = {e["id"]: e["type"] for e in entities}
    plain = []
    for m in mentions:
        eid = ids.get(m.entity) if m.entity is not None else None
        plain.append(
            {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "type": types.get(eid, m.type),
                "entity": eid,
                "kind": m.kind,
            }
        )
    return {"entities": entities, "mentions": plain, "checks": checks}


def _entity(eid: str, group: list[_Mention]) -> dict:
    names = (
        [m for m in group if m.kind == "name"] or [m for m in group if m.kind == "part"] or group
    )
    votes = Counter()
    for m in names:
        votes[m.type] += len(m.text.split())  # a full name is stronger evidence
    best = max(votes.values())
    kind = min((t for t, v in votes.items() if v == best), key=_TYPE_ORDER.get)
    fullest = max(names, key=lambda m: (len(m.base.split()), not m.base.isupper(), len(m.base)))
    aliases = list(dict.fromkeys(m.text for m in group))
    return {"id": eid, "name": fullest.base, "type": kind, "aliases": aliases}


def read_resolution(doc: Doc) -> tuple[list[Entity], list[Mention], list[Check]]:
    """The resolver's output as the contract's models (empty without the component)."""
    data = doc._.lagebild_resolution if Doc.has_extension("lagebild_resolution") else None
    if not data:
        return [], [], []
    entities = [Entity(**e) for e in data["entities"]]
    mentions = [
        Mention(**{**m, "kind": None if m["kind"] == "name" else m["kind"]})
        for m in data["mentions"]
    ]
    checks = [
        Check(kind=c["kind"], message=c["message"], spans=[TextSpan(**s) for s in c["spans"]])
        for c in data["checks"]
    ]
    return entities, mentions, checks
