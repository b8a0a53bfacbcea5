"""Suggested links: likely contradictions, supports and duplicates (pure logic).

Same subject first. Two claims are compared only when they share content: terms of
their text or translation (``claimdb.analysis.evidence``), or an explicit topic. Pairs
come from an inverted index over those terms (``term_index.TermIndex``), never from all
pairs: a term held by more than ``MAX_DF`` claims says too little about the subject to
pair them (it still counts in the overlap), and a pair is kept only when its shared
terms weigh at least ``PRE_GATE`` of its content; a topic of at most ``TOPIC_MAX``
claims proposes all its pairs (the analyst said they are about one thing). Each kept
pair is scored:

- *relatedness*: the weighted overlap of the best pair of views (text or translation),
  raised by a shared target and topic; below ``GATE`` (and without a shared topic) the
  pair is dropped;
- *evidence* (``evidence.conflicts``): exclusivity against negation or addition, negation
  or denial in one claim only, antonyms, a differing number, one swapped word; and the
  speech acts (asserts vs denies ...). The pieces combine as independent signals
  (1 - the product of 1 - weight); the wording counts less when an act states no fact
  (demands, concern);
- *camps*: a pair inside one camp counts ``SAME_CAMP``, inside one bloc ``ALLIED``.

With evidence the pair is a *contradiction* (score = relatedness x evidence x camps).
Without, a near-identical pair in one camp is a *duplicate* (rapidfuzz ratio of the
normalised texts >= ``DUPLICATE_RATIO``), and a close paraphrase (overlap >=
``SUPPORT_CLOSE``) a *support*. ``claimdb.analysis.disputes`` re-exports ``suggest``,
``Candidate`` and ``Suggestion``.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from claimdb.analysis.evidence import Evidence, Features, conflicts, features, overlap
from claimdb.analysis.term_index import Mentions, Reader, TermIndex, topic_term
from claimdb.text.normalize import normalize

GATE = 0.3  # least overlap of the best views for a pair to be related
FULL = 0.6  # overlap at which the content alone makes a pair fully related
SUPPORT_CLOSE = 0.6  # least overlap, without conflict, for a support suggestion
DUPLICATE_RATIO = 90.0
SAME_CAMP, ALLIED = 0.8, 0.9
TOPIC = 0.8  # relatedness of a shared topic, whatever the words
OTHER_TARGET = 0.8  # relatedness kept when the targets (and topics) differ

# How far two speech acts oppose each other (symmetric), and how much weight an act gives
# its own wording: a demand or a concern states no fact, so it is weaker evidence.
ACT_OPPOSITION = {
    frozenset({"asserts", "denies"}): 1.0,
    frozenset({"accuses", "denies"}): 1.0,
    frozenset({"asserts", "accuses"}): 0.6,
    frozenset({"asserts", "concern"}): 0.4,
    frozenset({"denies", "concern"}): 0.4,
    frozenset({"accuses", "concern"}): 0.2,
    frozenset({"asserts", "demands"}): 0.3,
    frozenset({"denies", "demands"}): 0.3,
}
ACT_WEIGHT = 0.7  # evidence weight of fully opposed acts
ACT_STRENGTH = {"asserts": 1.0, "denies": 1.0, "accuses": 0.9, "concern": 0.6, "demands": 0.5}
WEAK_ACTS = frozenset({"concern", "demands"})


@dataclass(frozen=True)
class Candidate:
    """A claim as the suggester sees it."""

    id: int
    speaker_id: int
    camp_id: int
    blocs: frozenset[int]
    target_id: int
    topic: str | None
    location: str | None
    said_on: str | None
    act: str
    text: str
    translation: str | None


@dataclass(frozen=True)
class Suggestion:
    """A pair of claims that may deserve a link, with why."""

    kind: str
    a: int
    b: int
    score: float
    reason: str
    evidence: tuple[Evidence, ...] = ()


@dataclass
class Scorer:
    """Scores pairs of candidates (features computed once each)."""

    weight: dict[str, float]
    mentions: Mentions | None = None
    feats: dict[int, tuple[Features, tuple[float, ...]]] = field(default_factory=dict)

    def features(self, c: Candidate) -> Features:
        return self._read(c)[0]

    def _read(self, c: Candidate) -> tuple[Features, tuple[float, ...]]:
        """A claim's features and the weight of each of its views (kept)."""
        found = self.feats.get(c.id)
        if found is None:
            f = features(c.text, c.translation, self.mentions)
            get = self.weight.get
            masses = tuple(sum([get(t, 1.0) for t in v]) for v in f.views)
            found = self.feats[c.id] = (f, masses)
        return found

    def term_weight(self, term: str) -> float:
        return self.weight.get(term, 1.0)

    def score(self, x: Candidate, y: Candidate, floor: float = 0.0) -> Suggestion | None:
        """The suggestion for a pair, or ``None``; also ``None`` when it cannot score
        above ``floor`` (the worst of a full list of the best) as a contradiction or
        support (a duplicate, within one camp, is always scored)."""
        (fx, mx), (fy, my) = self._read(x), self._read(y)
        close, vx, vy = overlap(fx, fy, self.term_weight, (mx, my))
        topic = topic_term(x.topic)
        same_topic = topic is not None and topic == topic_term(y.topic)
        if close < GATE and not same_topic:
            return None
        related = 0.4 + 0.6 * min(1.0, close / FULL)
        if same_topic:  # the analyst said so: as related as a close paraphrase
            related = min(1.0, max(related, TOPIC) + 0.1)
        if x.target_id != y.target_id and not same_topic:
            related *= OTHER_TARGET
        allied = not (x.blocs | {x.camp_id}).isdisjoint(y.blocs | {y.camp_id})
        camp = SAME_CAMP if x.camp_id == y.camp_id else ALLIED if allied else 1.0
        if related * camp <= floor and x.camp_id != y.camp_id:
            return None
        wording = conflicts(fx, fy, vx, vy, close, (x.id, y.id))
        strength = min(ACT_STRENGTH.get(x.act, 0.5), ACT_STRENGTH.get(y.act, 0.5))
        acts = ACT_OPPOSITION.get(frozenset({x.act, y.act}), 0.0)
        pieces = [Evidence(e.kind, round(e.weight * strength, 3), e.words) for e in wording]
        if acts:
            pieces.append(Evidence("act", round(ACT_WEIGHT * acts, 3), _acts(x, y)))
        if pieces:
            evidence = 1.0 - math.prod(1.0 - e.weight for e in pieces)
            score = round(related * evidence * camp, 6)
            reason = f"{_relation(x, y, close, same_topic)}; " + "; ".join(
                f"{e.kind}: {e.words}" for e in pieces
            )
            return Suggestion("contradiction", x.id, y.id, score, reason, tuple(pieces))
        if x.camp_id == y.camp_id:
            ratio, what = _similarity(x, y)
            if ratio >= DUPLICATE_RATIO:
                who = (
                    "same speaker"
                    if x.speaker_id == y.speaker_id
                    else "same camp, different speakers"
                )
                reason = f"{who}; normalised {what} {ratio:.0f}% alike"
                return Suggestion("duplicate", x.id, y.id, round(ratio / 100, 6), reason)
        if close >= SUPPORT_CLOSE:
            reason = f"{_relation(x, y, close, same_topic)}; same content, no conflict found"
            return Suggestion("support", x.id, y.id, round(0.8 * close * camp, 6), reason)
        return None


def _acts(x: Candidate, y: Candidate) -> str:
    text = f"{x.act} (#{x.id}) vs {y.act} (#{y.id})"
    weak = {x.act, y.act} & WEAK_ACTS
    return text + (f" ({'/'.join(sorted(weak))}: weaker evidence)" if weak else "")


def _relation(x: Candidate, y: Candidate, close: float, same_topic: bool) -> str:
    parts = [f"shared content {close:.0%}"]
    if x.target_id == y.target_id:
        parts.append("same target")
    if same_topic:
        parts.append(f"same topic '{x.topic}'")
    if x.camp_id == y.camp_id:
        parts.append("same camp")
    elif not (x.blocs | {x.camp_id}).isdisjoint(y.blocs | {y.camp_id}):
        parts.append("different but allied camps")
    else:
        parts.append("different camps")
    return ", ".join(parts)


def _similarity(x: Candidate, y: Candidate) -> tuple[float, str]:
    """Best rapidfuzz ratio over normalised text and translation, and which ones."""
    names = ("text", "translation")
    kx = [normalize(t) if t else "" for t in (x.text, x.translation)]
    ky = [normalize(t) if t else "" for t in (y.text, y.translation)]
    best, what = 0.0, ""
    for i, a in enumerate(kx):
        for j, b in enumerate(ky):
            if a and b and (ratio := fuzz.ratio(a, b)) > best:
                best, what = ratio, names[i] if i == j else f"{names[i]} and {names[j]}"
    return best, what


class Best:
    """The best ``limit`` suggestions seen so far (a bounded heap)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.heap: list[tuple[float, int, int, Suggestion]] = []

    def add(self, s: Suggestion) -> None:
        entry = (s.score, -s.a, -s.b, s)
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, entry)
        elif entry[:3] > self.heap[0][:3]:
            heapq.heapreplace(self.heap, entry)

    @property
    def floor(self) -> float:
        """The score to beat to enter the list (0 until it is full)."""
        return self.heap[0][0] if len(self.heap) >= self.limit else 0.0

    def sorted(self) -> list[Suggestion]:
        return [e[3] for e in sorted(self.heap, key=lambda e: (-e[0], -e[1], -e[2]))]


def suggest(
    cands: Sequence[Candidate],
    linked: set[tuple[int, int]],
    limit: int = 20,
    kinds: frozenset[str] | None = None,
    mentions: Mentions | None = None,
) -> list[Suggestion]:
    """Likely contradictions, duplicates and supports among ``cands``, best first.

    See the module doc. Pairs in ``linked`` (either order) are left out; ``kinds``
    keeps only those kinds; ``mentions`` finds named entities. Sorted by score
    (descending), then ``(a, b)``.
    """
    if limit <= 0:
        return []
    skip = {(min(p), max(p)) for p in linked}
    index = TermIndex()
    scorer = Scorer({}, mentions)
    reader = Reader(mentions)
    for c in cands:
        index.add(c.id, reader.terms(c.topic, c.text, c.translation))
    scorer.weight = index.weight_of()
    by_id = {c.id: c for c in cands}
    best = Best(limit)
    for a, b in set(index.pairs()):
        if (a, b) in skip:
            continue
        found = scorer.score(by_id[a], by_id[b], best.floor)
        if found and found.score > 0 and (kinds is None or found.kind in kinds):
            best.add(found)
    return best.sorted()
