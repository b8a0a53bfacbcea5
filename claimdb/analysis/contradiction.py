"""Suggested links: likely contradictions and duplicates among claims (pure logic).

Suggestions (``suggest``) avoid comparing every claim with every other one by *blocking*:
a pair is only considered when the two claims share a target, a normalised topic, a
normalised location with dates at most ``CLOSE_DAYS`` apart, or (duplicates only) a camp.
Within a block of at most ``MAX_BLOCK`` claims every pair is scored; a larger block is
sorted (by date, or by normalised text for duplicates) and each claim is only paired with
its next ``WINDOW`` neighbours (the "sorted neighbourhood" method), so the work stays
bounded by ``claims x WINDOW`` per block key. ``claimdb.analysis.disputes`` re-exports the public
names (``suggest``, ``Candidate``, ``Suggestion``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from rapidfuzz import fuzz

from claimdb.text.normalize import normalize

CLOSE_DAYS = 3
MAX_BLOCK = 200
WINDOW = 50
DUPLICATE_RATIO = 90.0


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


def _markers(*words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


EXCLUSIVE = _markers(
    "exclusively", "exclusive", "only", "solely", "حصرا", "حصريا", "فقط", "وحدها", "وحده"
)
NEGATION = _markers(
    "not", "no", "never", "none", "nor", "neither", "cannot", "without",
    "didn", "doesn", "don", "isn", "wasn", "weren", "aren", "hasn", "haven",
    "لم", "لا", "ليس", "ليست", "غير", "لن", "دون", "بدون",
)  # fmt: skip
INCLUSIVE = _markers("other", "others", "غيرها", "غيره", "أخرى")

# How far two speech acts oppose each other (symmetric), and how much weight an act gives
# its own wording: a demand or a concern states no fact, so it is weaker evidence.
ACT_OPPOSITION = {
    frozenset({"asserts", "denies"}): 1.0,
    frozenset({"accuses", "denies"}): 1.0,
    frozenset({"asserts", "accuses"}): 0.8,
    frozenset({"asserts", "concern"}): 0.5,
    frozenset({"denies", "concern"}): 0.5,
    frozenset({"asserts", "demands"}): 0.4,
    frozenset({"denies", "demands"}): 0.4,
}
ACT_STRENGTH = {"asserts": 1.0, "denies": 1.0, "accuses": 0.9, "concern": 0.6, "demands": 0.5}
WEAK_ACTS = frozenset({"concern", "demands"})


@dataclass
class _Features:
    """What the suggester compares, computed once per candidate."""

    cand: Candidate
    keys: list[str]  # normalised text and translation
    excl: list[str]
    neg: list[str]
    incl: list[str]
    topic: str
    location: str
    day: int | None
    blocs: frozenset[int]
    strength: float


def _features(c: Candidate) -> _Features:
    keys = [k for k in (normalize(c.text), normalize(c.translation or "")) if k]
    words: set[str] = set()
    for word in " ".join(keys).split():
        words.add(word)
        if len(word) > 2 and word[0] in "وف":  # Arabic conjunction prefix: ولم, فلا, وليس
            words.add(word[1:])
    try:
        day = date.fromisoformat(c.said_on).toordinal() if c.said_on else None
    except ValueError:
        day = None
    return _Features(
        c,
        keys,
        sorted(words & EXCLUSIVE),
        sorted(words & NEGATION),
        sorted(words & INCLUSIVE),
        normalize(c.topic or ""),
        normalize(c.location or ""),
        day,
        c.blocs | {c.camp_id},
        ACT_STRENGTH.get(c.act, 0.5),
    )


Pair = tuple[_Features, _Features]


def _window_pairs(items: list[_Features], sort_key) -> Iterable[Pair]:
    if len(items) <= MAX_BLOCK:
        yield from combinations(items, 2)
        return
    ordered = sorted(items, key=sort_key)
    for i, x in enumerate(ordered):
        for y in ordered[i + 1 : i + 1 + WINDOW]:
            yield x, y


def _place_pairs(items: list[_Features]) -> Iterable[Pair]:
    dated = sorted((f for f in items if f.day is not None), key=lambda f: (f.day, f.cand.id))
    for i, x in enumerate(dated):
        for y in dated[i + 1 : i + 1 + WINDOW]:
            if y.day - x.day > CLOSE_DAYS:
                break
            yield x, y


def _blocked_pairs(feats: list[_Features]) -> Iterable[Pair]:
    """Every pair worth scoring, once, lower id first (see the module docstring)."""
    blocks: dict[tuple[str, object], list[_Features]] = defaultdict(list)
    for f in feats:
        blocks["target", f.cand.target_id].append(f)
        blocks["camp", f.cand.camp_id].append(f)
        if f.topic:
            blocks["topic", f.topic].append(f)
        if f.location:
            blocks["place", f.location].append(f)
    seen: set[tuple[int, int]] = set()
    for (kind, _), items in blocks.items():
        if kind == "place":
            pairs = _place_pairs(items)
        elif kind == "camp":
            pairs = _window_pairs(items, lambda f: (f.keys, f.cand.id))
        else:
            pairs = _window_pairs(items, lambda f: (f.day or 0, f.cand.id))
        for x, y in pairs:
            if x.cand.id > y.cand.id:
                x, y = y, x
            key = (x.cand.id, y.cand.id)
            if x.cand.id != y.cand.id and key not in seen:
                seen.add(key)
                yield x, y


EXCLUSIVE_VS_NEGATION, EXCLUSIVE_VS_OTHERS, ONE_NEGATION = 1.0, 0.8, 0.6


def _wording(x: _Features, y: _Features) -> tuple[float, _Features, _Features]:
    """How much the wording of two claims opposes (0..1), and which claim is which."""
    for one, other in ((x, y), (y, x)):
        if one.excl and other.neg and not one.neg and not other.excl:
            return EXCLUSIVE_VS_NEGATION, one, other
    for one, other in ((x, y), (y, x)):
        if one.excl and other.incl and not other.excl:
            return EXCLUSIVE_VS_OTHERS, one, other
    if bool(x.neg) != bool(y.neg):
        return (ONE_NEGATION, x, y) if x.neg else (ONE_NEGATION, y, x)
    return 0.0, x, y


def _wording_text(x: _Features, y: _Features) -> str:
    score, one, other = _wording(x, y)
    if score == EXCLUSIVE_VS_NEGATION:
        return f"{_quote(one, one.excl)} vs {_quote(other, other.neg)}"
    if score == EXCLUSIVE_VS_OTHERS:
        return f"{_quote(one, one.excl)} vs {_quote(other, other.incl)}"
    if score == ONE_NEGATION:
        return f"negation only in {_quote(one, one.neg)}, not #{other.cand.id}"
    return ""


def _quote(f: _Features, words: list[str]) -> str:
    return "'" + "/".join(words[:3]) + f"' (#{f.cand.id})"


def _relation(x: _Features, y: _Features) -> tuple[bool, bool, int | None]:
    """Same target, same topic, and the day gap if same place within CLOSE_DAYS."""
    gap = None
    if x.location and x.location == y.location and x.day is not None and y.day is not None:
        gap = abs(x.day - y.day) if abs(x.day - y.day) <= CLOSE_DAYS else None
    return x.cand.target_id == y.cand.target_id, bool(x.topic) and x.topic == y.topic, gap


def _relation_text(x: _Features, y: _Features) -> str:
    same_target, same_topic, gap = _relation(x, y)
    parts = [
        f"same target and topic '{x.cand.topic}'" if same_target and same_topic else "",
        "same target" if same_target and not same_topic else "",
        f"same topic '{x.cand.topic}'" if same_topic and not same_target else "",
        f"same place '{x.cand.location}', {_days(gap)}" if gap is not None else "",
    ]
    return ", ".join(p for p in parts if p)


def _days(gap: int) -> str:
    return "same day" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} apart"


def _contradiction_score(x: _Features, y: _Features) -> float:
    act = ACT_OPPOSITION.get(frozenset({x.cand.act, y.cand.act}), 0.0)
    word = _wording(x, y)[0] if x.neg or y.neg or x.excl or y.excl else 0.0
    if not (act or word):
        return 0.0
    same_target, same_topic, gap = _relation(x, y)
    if not (same_target or same_topic or gap is not None):
        return 0.0
    related = min(1.0, 0.4 + 0.3 * same_target + 0.3 * same_topic + 0.1 * (gap is not None))
    opposition = 0.5 * act + 0.5 * word * min(x.strength, y.strength)
    allied = not x.blocs.isdisjoint(y.blocs)
    return round(related * opposition * (0.8 if allied else 1.0), 6)


def _explain_contradiction(x: _Features, y: _Features, score: float) -> Suggestion:
    camps = "different camps" if x.blocs.isdisjoint(y.blocs) else "different but allied camps"
    acts = frozenset({x.cand.act, y.cand.act})
    act_text = f"{x.cand.act} vs {y.cand.act}"
    if acts & WEAK_ACTS:
        act_text += f" ({'/'.join(sorted(acts & WEAK_ACTS))}: weaker evidence)"
    parts = (f"{_relation_text(x, y)}, {camps}", _wording_text(x, y), act_text)
    return Suggestion(
        "contradiction", x.cand.id, y.cand.id, score, "; ".join(p for p in parts if p)
    )


def _similarity(x: _Features, y: _Features) -> tuple[float, str]:
    """Best rapidfuzz ratio (>= DUPLICATE_RATIO, else 0) over text and translation."""
    names = ("text", "translation")
    best, what = 0.0, ""
    for i, kx in enumerate(x.keys):
        for j, ky in enumerate(y.keys):
            ratio = fuzz.ratio(kx, ky, score_cutoff=DUPLICATE_RATIO)
            if ratio > best:
                best, what = ratio, names[i] if i == j else f"{names[i]} and {names[j]}"
    return round(best / 100, 6), what


def _explain_duplicate(x: _Features, y: _Features, score: float) -> Suggestion:
    same = x.cand.speaker_id == y.cand.speaker_id
    who = "same speaker" if same else "same camp, different speakers"
    what = _similarity(x, y)[1]
    reason = f"{who}; normalised {what} {score * 100:.0f}% alike"
    return Suggestion("duplicate", x.cand.id, y.cand.id, score, reason)


def suggest(
    cands: Sequence[Candidate], linked: set[tuple[int, int]], limit: int = 20
) -> list[Suggestion]:
    """Likely contradictions (different camps) and duplicates (same camp), best first.

    A contradiction needs the two claims to be about the same thing (target, topic, or
    place and close date) and opposing acts or wording: exclusivity ("only", "حصرا") vs
    negation ("not", "لم") or vs "other"; negation in just one; asserts vs denies or
    accuses. Score = relatedness (1.0 same target and topic, 0.7 one of them, +0.1 same
    place and close date, 0.5 place and date alone) x (half act opposition + half wording
    opposition, the wording weighed by the weaker act: demands and concern state no fact),
    x 0.8 when the camps share a bloc. A duplicate is near-identical normalised text or
    translation (rapidfuzz ratio >= 90), scored by similarity. Pairs in ``linked`` (either
    order) are left out. Sorted by score (descending), then ``(a, b)``; reasons are written
    only for the pairs returned.
    """
    if limit <= 0:
        return []
    skip = {(min(p), max(p)) for p in linked}
    kept: list[tuple[float, int, int, bool, _Features, _Features]] = []  # the best `limit`
    for x, y in _blocked_pairs([_features(c) for c in cands]):
        if (x.cand.id, y.cand.id) in skip:
            continue
        duplicate = x.cand.camp_id == y.cand.camp_id
        score = _similarity(x, y)[0] if duplicate else _contradiction_score(x, y)
        if score <= 0:
            continue
        entry = (score, -x.cand.id, -y.cand.id, duplicate, x, y)  # worst first in the heap
        if len(kept) < limit:
            heapq.heappush(kept, entry)
        elif entry[:3] > kept[0][:3]:
            heapq.heapreplace(kept, entry)
    kept.sort(key=lambda t: (-t[0], -t[1], -t[2]))
    return [
        (_explain_duplicate if duplicate else _explain_contradiction)(x, y, score)
        for score, _, _, duplicate, x, y in kept
    ]
