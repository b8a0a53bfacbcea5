"""Which claims share content: an inverted index over their terms (pure, built from a
stream of claims, sized for a million of them).

``Reader`` turns a claim into its index terms: the content terms of its text and
translation (``claimdb.analysis.evidence``: normalised, stemmed, no function words), the
entities it names (``Mentions``: names and aliases, ``@id``) and its topic (``#topic``).
It looks every distinct spelling up once, so a claim costs a few dictionary lookups
per word. ``TermIndex`` keeps each claim's term numbers in one flat array (a few bytes
per term, no Python object per claim) and proposes the pairs worth scoring: those that
share a term held by few claims (at most ``MAX_DF``, at most 1/``COMMON`` of them, and
lower still if the postings would hold more than ``PAIR_BUDGET`` pairs).
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from claimdb.analysis.evidence import WORD, Word, content, read
from claimdb.text.normalize import normalize

__all__ = ["MAX_DF", "PRE_GATE", "TOPIC_MAX", "Mentions", "Reader", "TermIndex", "topic_term"]

MAX_DF = 250  # a term in more claims than this does not propose pairs
COMMON = 5  # ... nor one in more than 1/COMMON of the claims (at least MIN_DF)
MIN_DF = 50
PAIR_BUDGET = 150_000  # the postings may hold at most about this many pairs (or one per claim)
TOPIC_MAX = 200  # a topic of at most this many claims proposes all its pairs
PRE_GATE = 0.2  # least weighted share of content (all views) for a pair to be scored
_LONG_NAME = "\x00"  # marks a word that may begin a name of several words


class Mentions:
    """Finds the entities a text names (their names and aliases, normalised: ``داعش``,
    ``الدولة الإسلامية`` and ``Islamic State`` are one entity); each is a term ``@id``."""

    MAX_WORDS = 4

    def __init__(self, labels: Iterable[tuple[str, int]] = ()) -> None:
        """``labels``: (normalised name or alias, entity id); a label given twice names
        the entity given last."""
        self.labels: dict[str, int] = dict(labels)
        self.starts = {k[: k.index(" ")] for k in self.labels if " " in k}

    def __call__(self, words: list[Word]) -> set[str]:
        """The terms of the entities these words name."""
        return self.named([w.folded for w in words])

    def named(self, folded: list[str]) -> set[str]:
        labels, found = self.labels, set()
        for i, word in enumerate(folded):
            if word in labels:
                found.add(f"@{labels[word]}")
            if word in self.starts:
                for n in range(2, self.MAX_WORDS + 1):
                    if (name := " ".join(folded[i : i + n])) in labels:
                        found.add(f"@{labels[name]}")
        return found

    def single(self, folded: str) -> tuple[set[str], bool]:
        """Entities named by this one word, and whether it may begin a longer name."""
        named = {f"@{self.labels[folded]}"} if folded in self.labels else set()
        return named, folded in self.starts


@lru_cache(maxsize=4096)
def topic_term(topic: str | None) -> str | None:
    """The index term of an explicit topic (never equal to a word of the text)."""
    key = normalize(topic or "")
    return f"#topic {key}" if key else None


class Reader:
    """The index terms of claims, each distinct spelling of a word read once."""

    def __init__(self, mentions: Mentions | None = None) -> None:
        self.mentions = mentions or Mentions()
        self.seen: dict[str, tuple[str, ...]] = {}

    def _learn(self, raw: str) -> tuple[str, ...]:
        if len(self.seen) > 1 << 18:
            self.seen.clear()
        terms: set[str] = set()
        for w in read(raw):
            terms |= set(w.terms)
            named, longer = self.mentions.single(w.folded)
            terms |= named
            if longer:
                terms.add(_LONG_NAME)
        out = self.seen[raw] = tuple(terms)
        return out

    def view(self, text: str) -> set[str]:
        """The terms of one text (what ``evidence.views`` and ``Mentions`` give, but
        contractions are not expanded: they only make cue words)."""
        seen = self.seen
        toks = WORD.findall(text)
        terms = set().union(*[seen[t] if t in seen else self._learn(t) for t in toks])
        if _LONG_NAME in terms:
            terms.discard(_LONG_NAME)
            words = read(text)
            terms |= self.mentions(words)
        return terms

    def terms(self, topic: str | None, text: str, translation: str | None) -> set[str]:
        """Everything a claim is indexed under."""
        out = self.view(text)
        if translation:
            out |= self.view(translation)
        if term := topic_term(topic):
            out.add(term)
        return out

    def views(self, text: str, translation: str | None) -> tuple[frozenset[str], ...]:
        words = [read(t) for t in (text, translation) if t]
        return tuple(v for w in words if (v := content(w) | self.mentions(w)))


@dataclass
class TermIndex:
    """An inverted index over the terms of claims, filled one claim at a time.

    Terms are interned to numbers; each claim's term numbers go to one flat array, so a
    million claims cost a few bytes per term, not a Python object each.
    """

    numbers: dict[str, int] = field(default_factory=dict)
    claims: array = field(default_factory=lambda: array("q"))
    flat: array = field(default_factory=lambda: array("I"))
    ends: array = field(default_factory=lambda: array("Q"))
    _df: list[int] | None = None

    def add(self, claim_id: int, terms: Iterable[str]) -> None:
        numbers = self.numbers
        self.flat.extend([numbers.setdefault(t, len(numbers)) for t in terms])
        self.claims.append(claim_id)
        self.ends.append(len(self.flat))
        self._df = None

    @property
    def df(self) -> list[int]:
        """How many claims hold each term (by term number)."""
        if self._df is None:
            counts = Counter(self.flat)
            self._df = [counts[n] for n in range(len(self.numbers))]
        return self._df

    def weight_of(self) -> dict[str, float]:
        """Every term's weight (its inverse document frequency)."""
        total, df = len(self.claims), self.df
        return {t: math.log(1 + total / max(1, df[n])) for t, n in self.numbers.items()}

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
        limit = _df_limit(df, min(max_df, max(MIN_DF, total // COMMON)), max(PAIR_BUDGET, total))
        indexed = [2 <= d <= limit for d in df]
        postings: dict[int, array] = {}
        norms = array("d")
        start = 0
        for i, end in enumerate(ends):
            terms = flat[start:end]
            norms.append(sum([weight[n] for n in terms]))
            for n in terms:
                if indexed[n]:
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


def _df_limit(df: list[int], limit: int, budget: int = PAIR_BUDGET) -> int:
    """The highest document frequency at or below ``limit`` whose postings hold at most
    ``budget`` pairs, so that the work stays bounded however the words spread."""
    pairs_at = Counter(d for d in df if 2 <= d <= limit)
    total = sum(n * d * (d - 1) // 2 for d, n in pairs_at.items())
    for d in sorted(pairs_at, reverse=True):
        if total <= budget:
            break
        total -= pairs_at[d] * d * (d - 1) // 2
        limit = d - 1
    return limit
