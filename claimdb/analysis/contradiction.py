"""Suggested links: likely contradictions, supports and duplicates (pure logic).

Same subject first. Two claims are compared only when they share content: terms of
their text or translation (``claimdb.analysis.evidence``), or an explicit topic. Pairs
come from an inverted index over those terms (``TermIndex``), never from all pairs: a
term held by more than ``MAX_DF`` claims says too little about the subject to pair them
(it still counts in the overlap), and a pair is kept only when its shared terms weigh
at least ``PRE_GATE`` of its content; a topic of at most ``TOPIC_MAX`` claims proposes
all its pairs (the analyst said they are about one thing). Each kept pair is scored:

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
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from claimdb.analysis.evidence import Evidence, Features, conflicts, features, overlap, views
from claimdb.text.matching import normalize

MAX_DF = 250  # a term in more claims than this does not propose pairs
TOPIC_MAX = 200  # a topic of at most this many claims proposes all its pairs
PRE_GATE = 0.2  # least weighted share of content (all views) for a pair to be scored
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


class Mentions:
    """Finds the entities a text names (their names and aliases, normalised: ``داعش``,
    ``الدولة الإسلامية`` and ``Islamic State`` are one entity); each is a term ``@id``."""

    MAX_WORDS = 4

    def __init__(self, labels: Iterable[tuple[int, str]]) -> None:
        self.first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for entity_id, key in labels:
            words = tuple(key.split())
            if 0 < len(words) <= self.MAX_WORDS:
                self.first.setdefault(words[0], []).append((words, entity_id))

    def terms(self, text: str) -> set[str]:
        words = normalize(text).split()
        found = set()
        for i, word in enumerate(words):
            for label, entity_id in self.first.get(word, ()):
                if tuple(words[i : i + len(label)]) == label:
                    found.add(f"@{entity_id}")
        return found


def claim_views(
    text: str, translation: str | None, mentions: Mentions | None
) -> tuple[frozenset[str], ...]:
    """The content terms of each of text and translation, with the entities they name."""
    if mentions is None:
        return views(text, translation)
    out = []
    for part in (text, translation):
        if part:
            view = frozenset().union(*views(part), mentions.terms(part))
            if view:
                out.append(view)
    return tuple(out)


def topic_term(topic: str | None) -> str | None:
    """The index term of an explicit topic (never equal to a word of the text)."""
    key = normalize(topic or "")
    return f"#topic {key}" if key else None


@dataclass
class TermIndex:
    """An inverted index over the content terms of claims, filled one claim at a time.

    Terms are interned to numbers; each claim's term numbers go to one flat array, so a
    million claims cost a few bytes per term, not a Python object each.
    """

    numbers: dict[str, int] = field(default_factory=dict)
    df: array = field(default_factory=lambda: array("I"))
    claims: array = field(default_factory=lambda: array("q"))
    flat: array = field(default_factory=lambda: array("I"))
    ends: array = field(default_factory=lambda: array("Q"))

    def add(self, claim_id: int, terms: Iterable[str]) -> None:
        for term in set(terms):
            n = self.numbers.setdefault(term, len(self.numbers))
            if n == len(self.df):
                self.df.append(0)
            self.df[n] += 1
            self.flat.append(n)
        self.claims.append(claim_id)
        self.ends.append(len(self.flat))

    def weight_of(self) -> dict[str, float]:
        """Every term's weight (its inverse document frequency)."""
        total = len(self.claims)
        return {t: math.log(1 + total / max(1, self.df[n])) for t, n in self.numbers.items()}

    def pairs(
        self, only: set[int] | None = None, max_df: int = MAX_DF
    ) -> Iterator[tuple[int, int]]:
        """Claim id pairs (lower id first, each once) whose shared rare terms weigh at
        least ``PRE_GATE`` of their content; with ``only``, pairs holding one of those."""
        topics: set[int] = set()
        total, df, flat, ends, claims = len(self.claims), self.df, self.flat, self.ends, self.claims
        weight = [math.log(1 + total / max(1, d)) for d in df]
        for term, n in self.numbers.items():
            if term.startswith("#"):  # a topic is not content; a small one pairs all
                weight[n] = 0.0
                if df[n] <= TOPIC_MAX:
                    topics.add(n)
        postings: dict[int, array] = {}
        norms = array("d")
        start = 0
        for i, end in enumerate(ends):
            terms = flat[start:end]
            norms.append(sum(weight[n] for n in terms))
            for n in terms:
                if 2 <= df[n] <= max_df:
                    postings.setdefault(n, array("I")).append(i)
            start = end
        for i, end in enumerate(ends):
            lo = ends[i - 1] if i else 0
            if only is not None and claims[i] not in only:
                continue
            acc: dict[int, float] = {}
            for n in flat[lo:end]:
                posting = postings.get(n)
                if posting is None:
                    continue
                w = math.inf if n in topics else weight[n]
                for j in posting if only is not None else posting[bisect_right(posting, i) :]:
                    if j == i or (only is not None and j < i and claims[j] in only):
                        continue
                    acc[j] = acc.get(j, 0.0) + w
            for j, w in acc.items():
                if w >= PRE_GATE * math.sqrt(norms[i] * norms[j]):
                    a, b = claims[i], claims[j]
                    yield (a, b) if a < b else (b, a)


@dataclass
class Scorer:
    """Scores pairs of candidates (features computed once each)."""

    weight: dict[str, float]
    mentions: Mentions | None = None
    feats: dict[int, Features] = field(default_factory=dict)

    def features(self, c: Candidate) -> Features:
        f = self.feats.get(c.id)
        if f is None:
            f = features(c.text, c.translation)
            if self.mentions is not None:
                named = claim_views(c.text, c.translation, self.mentions)
                f = replace(f, views=named, terms=frozenset().union(*named))
            self.feats[c.id] = f
        return f

    def term_weight(self, term: str) -> float:
        return self.weight.get(term, 1.0)

    def score(self, x: Candidate, y: Candidate) -> Suggestion | None:
        fx, fy = self.features(x), self.features(y)
        close, vx, vy = overlap(fx, fy, self.term_weight)
        same_topic = bool(x.topic) and normalize(x.topic or "") == normalize(y.topic or "")
        if close < GATE and not same_topic:
            return None
        related = 0.4 + 0.6 * min(1.0, close / FULL)
        if same_topic:  # the analyst said so: as related as a close paraphrase
            related = min(1.0, max(related, TOPIC) + 0.1)
        if x.target_id != y.target_id and not same_topic:
            related *= OTHER_TARGET
        wording = conflicts(fx, fy, vx, vy, close, (x.id, y.id))
        strength = min(ACT_STRENGTH.get(x.act, 0.5), ACT_STRENGTH.get(y.act, 0.5))
        acts = ACT_OPPOSITION.get(frozenset({x.act, y.act}), 0.0)
        pieces = [Evidence(e.kind, e.weight * strength, e.words) for e in wording]
        if acts:
            pieces.append(Evidence("act", ACT_WEIGHT * acts, _acts(x, y)))
        allied = not (x.blocs | {x.camp_id}).isdisjoint(y.blocs | {y.camp_id})
        camp = SAME_CAMP if x.camp_id == y.camp_id else ALLIED if allied else 1.0
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


def index_terms(topic: str | None, views: Iterable[frozenset[str]]) -> set[str]:
    """What a claim is indexed under: its content terms and its topic."""
    out: set[str] = set().union(*views)
    if term := topic_term(topic):
        out.add(term)
    return out


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
    for c in cands:
        index.add(c.id, index_terms(c.topic, scorer.features(c).views))
    scorer.weight = index.weight_of()
    by_id = {c.id: c for c in cands}
    best = Best(limit)
    for a, b in set(index.pairs()):
        if (a, b) in skip:
            continue
        found = scorer.score(by_id[a], by_id[b])
        if found and found.score > 0 and (kinds is None or found.kind in kinds):
            best.add(found)
    return best.sorted()
