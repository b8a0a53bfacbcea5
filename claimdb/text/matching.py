"""Fuzzy name resolution and fuzzy text matching with rapidfuzz (pure: no database).

Names and texts are compared on their ``claimdb.text.normalize.normalize`` keys.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from claimdb.text.normalize import normalize, tokens

__all__ = [
    "NAME_CUTOFF",
    "TEXT_CUTOFF",
    "Label",
    "NameIndex",
    "NearName",
    "best_text_matches",
    "name_parts",
]

# --- names: exact and near matches ---------------------------------------------------

NAME_CUTOFF = 80.0
"""Least ``fuzz.ratio`` (0–100) for a "did you mean" suggestion.

Plain ratio (Indel similarity) and not ``WRatio``: WRatio at 80 "matches" nearly any
name against a large index. At 80, one wrong letter in a six-letter word still matches
(lavrof/lavrov: 83), and so does one missing letter in a long one (94).
"""
_MIN_TOKEN_KEY = 4  # words shorter than this are not looked up on their own


@dataclass(frozen=True)
class Label:
    """One name or alias of an entity, as stored."""

    entity_id: int
    entity_name: str
    text: str


@dataclass(frozen=True)
class NearName:
    """A near match for a name, scored 0–100."""

    label: Label
    score: float

    def __str__(self) -> str:
        if self.label.text == self.label.entity_name:
            return self.label.text
        return f"{self.label.text} (alias of {self.label.entity_name})"


# where a label joins two names of one entity: "Aml Mansour - أمل منصور", "X / Y", "X (Y)"
_NAME_JOINS = re.compile(r"\s+[-–—/|]\s+|[()\[\],;:]")
_SCRIPT_RUN = re.compile(r"[\u0600-\u06ff\s]+|[^\u0600-\u06ff]+")


def name_parts(text: str) -> set[str]:
    """The normalised parts of a label that names one entity twice: the pieces between
    joins ("Aml Mansour - أمل منصور", "X (Y)") and the runs of one script ("Aml Mansour
    أمل منصور"), when there is more than one; the whole label is left out."""
    pieces = [p for p in _NAME_JOINS.split(text) if p.strip()]
    runs = [r for r in _SCRIPT_RUN.findall(text) if normalize(r)]
    whole = normalize(text)
    found = {normalize(p) for p in pieces} if len(pieces) > 1 else set()
    if len(runs) > 1:
        found |= {normalize(r) for r in runs}
    return {p for p in found if p and p != whole}


def _fuzzy_forms(normalized: str) -> set[str]:
    """The label as written and with its words sorted ("konashenkov igor" ~ "igor ...")."""
    return {normalized, " ".join(sorted(normalized.split()))} if normalized else set()


class NameIndex:
    """Names and aliases of entities, for exact lookup and "did you mean" suggestions.

    Exact lookup is one dict access on the normalised text. Suggestions score the query
    with ``fuzz.ratio`` against every label (as written and with its words sorted) and
    against each long-enough word of a many-word label (so "Lavrof" finds "Sergei
    Lavrov"). To stay fast on large indexes, a key is only scored when its length is
    within what the cut-off allows (a factor of (200 - cutoff) / cutoff) and it shares
    its first or its last letter with the query: a typo at both ends of a name at once
    is not suggested.
    """

    def __init__(self, labels: Iterable[Label], cutoff: float = NAME_CUTOFF) -> None:
        self.cutoff = cutoff
        self._labels: list[Label] = []
        self._exact: dict[str, list[int]] = {}
        # fuzzy key → [(label index, whole-label key?)]
        self._postings: dict[str, list[tuple[int, bool]]] = {}
        # (length, first or last letter) → fuzzy keys
        self._buckets: dict[tuple[int, str], list[str]] = {}
        for label in labels:
            self._add(label)

    def __len__(self) -> int:
        return len(self._labels)

    def _add(self, label: Label) -> None:
        index = len(self._labels)
        self._labels.append(label)
        key = normalize(label.text)
        if not key:
            return
        self._exact.setdefault(key, []).append(index)
        for form in _fuzzy_forms(key):
            self._post(form, index, whole=True)
        for part in name_parts(label.text):
            self._post(part, index, whole=False)
        words = key.split()
        if len(words) > 1:
            for word in set(words):
                if len(word) >= _MIN_TOKEN_KEY:
                    self._post(word, index, whole=False)

    def _post(self, key: str, index: int, *, whole: bool) -> None:
        postings = self._postings.get(key)
        if postings is None:
            self._postings[key] = postings = []
            for letter in {key[0], key[-1]}:
                self._buckets.setdefault((len(key), letter), []).append(key)
        postings.append((index, whole))

    def exact(self, name: str) -> list[Label]:
        """Labels whose normalised text equals that of ``name``: one per entity.

        Where an entity has several, its canonical name is preferred.
        """
        found: dict[int, Label] = {}
        for index in self._exact.get(normalize(name), ()):
            label = self._labels[index]
            current = found.get(label.entity_id)
            if current is None or (
                current.text != current.entity_name and label.text == label.entity_name
            ):
                found[label.entity_id] = label
        return list(found.values())

    def suggest(self, name: str, limit: int = 3) -> list[NearName]:
        """Near matches for ``name``, best first, at most one per entity."""
        if limit <= 0:
            return []
        query = normalize(name)
        # entity id → (score, whole-label match, closeness of the whole label, -label
        # index): bigger is better. Closeness orders labels that tie on a word or a part
        # ("trump" in donald-trump and donald-trump-jr): the shorter, nearer label first.
        best: dict[int, tuple[float, bool, float, int]] = {}
        for key, score in self._near_keys(_fuzzy_forms(query)).items():
            for index, whole in self._postings[key]:
                label = self._labels[index]
                rank = (score, whole, fuzz.ratio(query, normalize(label.text)), -index)
                if label.entity_id not in best or rank > best[label.entity_id]:
                    best[label.entity_id] = rank
        top = heapq.nlargest(limit, best.values())
        return [NearName(self._labels[-neg_index], score) for score, _, _, neg_index in top]

    def _near_keys(self, queries: Iterable[str]) -> dict[str, float]:
        """Keys scoring at least the cut-off against any of ``queries``, with their score."""
        cutoff = self.cutoff
        scores: dict[str, float] = {}
        for query in queries:
            size = len(query)
            shortest = max(1, int(size * cutoff / (200 - cutoff)))
            longest = int(size * (200 - cutoff) / cutoff) + 1
            for length in range(shortest, longest + 1):
                for letter in {query[0], query[-1]}:
                    bucket = self._buckets.get((length, letter))
                    if not bucket:
                        continue
                    for key, score, _ in process.extract(
                        query,
                        bucket,
                        scorer=fuzz.ratio,
                        processor=None,
                        score_cutoff=cutoff,
                        limit=None,
                    ):
                        if score > scores.get(key, -1.0):
                            scores[key] = score
        return scores


# --- fuzzy search over claim texts ---------------------------------------------------

TEXT_CUTOFF = 80.0
"""Least ``fuzz.partial_ratio`` for each query word to count as found in a text.

One wrong letter in a word of five letters or more still matches ("konashenkof" in a
text with "konashenkov": 91; "الرقه" typed for الرقة is equal after normalising);
words of four letters or fewer must appear as written.
"""
_MIN_TEXT_WORD = 3  # shorter words are ignored unless the query has nothing else


def best_text_matches(
    query: str,
    texts: Iterable[tuple[int, str]],
    limit: int = 10,
    cutoff: float = TEXT_CUTOFF,
) -> list[tuple[int, float]]:
    """Ids of the texts in which every word of ``query`` nearly appears, best first.

    ``texts`` are ``(id, normalised text)`` pairs. Each query word is matched on its
    own with ``fuzz.partial_ratio`` (the best-aligned stretch of the text), and a text
    must hold all of them; its score is the mean over the words (0–100).
    """
    words = tokens(query)
    words = [w for w in words if len(w) >= _MIN_TEXT_WORD] or words
    if not words or limit <= 0:
        return []
    candidates: dict[int, str] = dict(texts)
    totals: dict[int, float] = dict.fromkeys(candidates, 0.0)
    for word in sorted(set(words), key=len, reverse=True):  # the longest words filter most
        found = process.extract(
            word,
            candidates,
            scorer=fuzz.partial_ratio,
            processor=None,
            score_cutoff=cutoff,
            limit=None,
        )
        candidates = {key: choice for choice, _, key in found}
        for _, score, key in found:
            totals[key] += score
        if not candidates:
            return []
    count = len(set(words))
    ranked = sorted((-totals[key] / count, key) for key in candidates)
    return [(key, -neg) for neg, key in ranked[:limit]]
