"""Name and text normalisation, and rapidfuzz-based name resolution (pure: no database).

``normalize`` is the one comparison key used everywhere (exact name lookup, the
full-text index, fuzzy matching):

- Unicode compatibility caseless form (NFKD + casefold, applied twice as UAX #15/TUS
  ch. 3 define it), so ligatures, full-width forms and Arabic presentation forms
  (shaped text) compare equal to the plain letters;
- Latin: accents stripped (é → e, ł → l, æ → ae); Cyrillic: casefold and ё → е;
- Arabic: harakat and Quranic marks (U+064B–065F, U+0670, U+0610–061A, U+06D6–06ED)
  and tatweel removed; alef forms (آ أ إ ٱ) → ا; hamza on waw/yeh (ؤ ئ) → و ي (the
  hamza is a mark after decomposition, so this follows from stripping marks; it makes
  search forgiving of the commonest spelling variation); ى → ي; ة → ه; Persian yeh
  and keheh (ی ک) → ي ك; Hebrew points and cantillation removed too;
- digits of any of Arabic-Indic (U+0660–0669) or Eastern Arabic-Indic (U+06F0–06F9)
  → ASCII;
- format characters (bidi marks, ZWJ/ZWNJ, soft hyphen) removed; everything that is
  not a letter, digit or a mark inside a word becomes a single space.

The result is idempotent, never raises, and drops lone surrogates.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

__all__ = [
    "NAME_CUTOFF",
    "TEXT_CUTOFF",
    "Label",
    "NameIndex",
    "NearName",
    "best_text_matches",
    "fts_query",
    "normalize",
    "tokens",
]

# --- normalisation -------------------------------------------------------------------

_ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_HEBREW_POINTS = "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
_FORMAT_CHARS = (
    "\u00ad"  # soft hyphen
    "\u061c"  # Arabic letter mark
    "\u0640"  # tatweel (a letter by category, a stretcher in use)
    "\u180e\u200b-\u200f"  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    "\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"  # embeddings, isolates, BOM
    # the rest of Unicode's default-ignorable characters: shown as nothing, so never
    # part of a name (a "second ISIS" spelled with tag characters or variation selectors)
    "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u206a-\u206f\u3164"
    "\ufe00-\ufe0f\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"  # tags, variation selectors supplement
)
_DROP = re.compile(f"[{_ARABIC_MARKS}{_HEBREW_POINTS}{_FORMAT_CHARS}]+")
_REPLACEMENTS = {
    "\u0671": "\u0627",  # alef wasla → alef (آ أ إ decompose to alef + a dropped mark)
    "\u0649": "\u064a",  # alef maqsura → yeh
    "\u0629": "\u0647",  # taa marbuta → heh
    "\u06cc": "\u064a",  # Persian yeh → Arabic yeh
    "\u06a9": "\u0643",  # keheh → kaf
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Eastern Arabic-Indic digits
    # Latin letters without a canonical decomposition
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "ø": "o",
    "ħ": "h",
    "ı": "i",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "_": " ",
}
_REPLACE = re.compile("[" + "".join(_REPLACEMENTS) + "]")

_LATIN = (
    "a-z\u00df-\u00ff\u0100-\u024f\u0250-\u02af\u1d00-\u1dbf\u1e00-\u1eff"
    "\u2c60-\u2c7f\ua720-\ua7ff\uab30-\uab6f"
)
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LATIN_ACCENTS = re.compile(f"([{_LATIN}])[{_COMBINING}]+")
_CYRILLIC_IO = re.compile("\u0435\u0308")  # е + diaeresis (ё decomposed) → е
_ASCII_BREAK = re.compile("[^a-z0-9]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@cache
def _word_break(astral: bool) -> re.Pattern[str]:
    """Runs of non-word characters (``_`` is already a space) and of marks that follow them.

    A mark inside a word (a Devanagari vowel sign) stays in it. The
    astral-plane marks make the pattern slower, so they are used only when needed.
    """
    marks = _mark_ranges(0x110000 if astral else 0x10000)
    return re.compile(f"(?:[^\\w{marks}]+[{marks}]*)+")


def _mark_ranges(limit: int) -> str:
    """A regex class body of the combining marks (Mn, Mc, Me) below ``limit``."""
    parts: list[str] = []
    start = prev = -2
    for cp in range(0x0300, min(limit, 0xE01F0)):
        if 0x20000 <= cp < 0xE0100 or unicodedata.category(chr(cp))[0] != "M":
            continue
        if cp != prev + 1:
            if start >= 0:
                parts.append(_class_range(start, prev))
            start = cp
        prev = cp
    parts.append(_class_range(start, prev))
    return "".join(parts)


def _class_range(start: int, end: int) -> str:
    return f"\\U{start:08x}" if start == end else f"\\U{start:08x}-\\U{end:08x}"


def normalize(text: str) -> str:
    """The comparison key: caseless, accent- and harakat-free words joined by one space."""
    if text.isascii():
        return _ASCII_BREAK.sub(" ", text.lower()).strip()
    # Compatibility caseless form: NFKD(casefold(NFKD(casefold(NFD(text))))).
    s = unicodedata.normalize("NFD", text).casefold()
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", s).casefold())
    s = _DROP.sub("", s)
    s = _REPLACE.sub(lambda m: _REPLACEMENTS[m.group()], s)
    s = _LATIN_ACCENTS.sub(r"\1", s)
    s = _CYRILLIC_IO.sub("\u0435", s)
    s = unicodedata.normalize("NFC", s)
    # Lone surrogates and other non-word characters become spaces here.
    return _word_break(_ASTRAL.search(s) is not None).sub(" ", " " + s).strip()


def tokens(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return normalize(text).split()


def fts_query(user_query: str) -> str | None:
    """A safe FTS5 MATCH expression: every normalised word as a quoted string, ANDed.

    Operators typed by the user (quotes, ``*``, ``NEAR``, ``-``, ``:``, ``^``,
    parentheses) are text, never FTS syntax. ``None`` when no word remains.
    """
    words = tokens(user_query)
    if not words:
        return None
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


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
        # entity id → (score, whole-label match, -label index): bigger is better
        best: dict[int, tuple[float, bool, int]] = {}
        for key, score in self._near_keys(_fuzzy_forms(normalize(name))).items():
            for index, whole in self._postings[key]:
                rank = (score, whole, -index)
                entity_id = self._labels[index].entity_id
                if entity_id not in best or rank > best[entity_id]:
                    best[entity_id] = rank
        top = heapq.nlargest(limit, best.values())
        return [NearName(self._labels[-neg_index], score) for score, _, neg_index in top]

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
