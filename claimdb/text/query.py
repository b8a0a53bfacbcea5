"""A search query as analysts type it, and how closely a claim meets it (pure).

A query is words and "quoted phrases"; every word is required, and the words of a
phrase must follow each other. Each word is taken three ways:

- as written (``normalize.written_words``: case and harakat aside, no letter folded);
- folded (``normalize.normalize``: alef, hamza seats, ى/ي, ة/ه, diacritics);
- stemmed (``stem.stem``: article and proclitics, English inflection).

The full-text index finds the claims that hold every stem (``fts_match``): its key
holds each claim's folded words and their stems (``stem.search_key``). ``tier`` then
says how closely one found claim meets the query: 0 when every word appears as
written, 1 when every word appears folded, 2 when only the stems meet; ``None`` when a
phrase is not there (or, for a claim not found through the index, a stem is missing).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from claimdb.text.normalize import normalize, written_words
from claimdb.text.stem import STEMS_MARK, index_stems, stem

__all__ = ["AS_WRITTEN", "FOLDED", "STEM", "UNSURE", "Query", "parse"]

AS_WRITTEN, FOLDED, STEM = 0, 1, 2
UNSURE = -1  # the key cannot tell AS_WRITTEN from FOLDED: read the claim's text
_PHRASE = re.compile(r'"([^"]*)"?')
_ARABIC = re.compile("[\u0600-\u06ff]")
_fold = lru_cache(maxsize=100_000)(normalize)
# what written_words drops inside a word: marks, tatweel, format characters
_MARKS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0591-\u05c7"
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


@dataclass(frozen=True)
class Query:
    """The parsed query: ``parts`` are folded words, one tuple per word or phrase."""

    parts: tuple[tuple[str, ...], ...]
    written: frozenset[str]

    @cached_property
    def words(self) -> list[str]:
        """Every folded word, once, in order."""
        return list(dict.fromkeys(w for part in self.parts for w in part))

    @cached_property
    def stems(self) -> list[str]:
        """Every stem, once, in order."""
        return list(dict.fromkeys(stem(w) for w in self.words))

    def fts_match(self, column: str = "search_key") -> str:
        """An FTS5 expression requiring every stem in ``column`` (quoted: never syntax)."""
        return " AND ".join(f'{column} : "{s}"' for s in self.stems)

    def tier(self, key: str, fields: Sequence[str | None] | None = None) -> int | None:
        """How closely a claim meets the query (see the module doc); smaller is closer.

        ``key`` is the claim's search key, ``fields`` its text, quote and translation.
        Without ``fields``, the key alone answers when it can (it holds the Arabic words
        as written where they differ from their folded form); ``UNSURE`` when it cannot
        tell exact from folded (a word written both ways): call again with the fields.
        """
        found = self.assess(key, fields)
        return None if found is None else found[0]

    def assess(
        self, key: str, fields: Sequence[str | None] | None = None
    ) -> tuple[int, list[int], int] | None:
        """``(tier, how often each stem occurs in the key, the key's length in words)``,
        or ``None`` when the claim does not meet the query (see ``tier``)."""
        parts = key.split(STEMS_MARK)
        tokens = parts[0].split()
        stems = parts[1].split() if len(parts) > 1 else []
        counts = [tokens.count(s) + (s in stems) for s in self.stems]
        if not all(counts):
            return None
        size = len(tokens) + len(stems)
        if any(len(part) > 1 and not _has_phrase(tokens, part) for part in self.parts):
            return None
        present = set(tokens)
        if not all(w in present for w in self.words):
            return STEM, counts, size
        if fields is None:
            forms = parts[2].split() if len(parts) > 2 else []
            return self._tier_by_key(present, forms), counts, size
        blob = " ".join(f for f in fields if f).casefold()
        if not _MARKS.search(blob) and not all(w in blob for w in self.written):
            return FOLDED, counts, size  # a word typed is not even a substring of the text
        return (AS_WRITTEN if self.written <= set(written_words(blob)) else FOLDED), counts, size

    @cached_property
    def _typed(self) -> list[tuple[str, str]]:
        """Each word as typed (``written_words``) with its folded form."""
        return [(w, _fold(w)) for w in sorted(self.written)]

    def _tier_by_key(self, words: set[str], forms: list[str]) -> int:
        unsure = False
        for typed, folded in self._typed:
            if typed != folded:  # typed with letters that fold (غزة): written so, or not
                if " " in folded or not _ARABIC.search(typed):
                    unsure = True  # (the key holds Arabic forms only)
                elif typed not in forms:
                    return FOLDED
            elif folded not in words:
                return FOLDED
            elif any(_fold(form) == folded for form in forms):
                unsure = True  # علي typed; some occurrence is written على, others may be علي
        return UNSURE if unsure else AS_WRITTEN


def _has_phrase(tokens: list[str], part: tuple[str, ...]) -> bool:
    """Whether the words of ``part`` follow each other in ``tokens``, each as itself or
    through its stem."""
    wanted = [(w, stem(w)) for w in part]
    for i in range(len(tokens) - len(part) + 1):
        if all(
            tokens[i + j] == w or s in index_stems(tokens[i + j]) for j, (w, s) in enumerate(wanted)
        ):
            return True
    return False


def parse(text: str) -> Query | None:
    """The query in ``text``; ``None`` when it holds no letter or digit to look for.

    Text between double quotes is a phrase (an unclosed quote runs to the end); every
    other character that is FTS syntax elsewhere (``*``, ``-``, ``:``, ``NEAR``) is text.
    """
    parts: list[tuple[str, ...]] = []
    last = 0
    for m in _PHRASE.finditer(text):
        parts.extend((w,) for w in normalize(text[last : m.start()]).split())
        phrase = tuple(normalize(m.group(1)).split())
        if phrase:
            parts.append(phrase)
        last = m.end()
    parts.extend((w,) for w in normalize(text[last:]).split())
    if not parts:
        return None
    return Query(tuple(parts), frozenset(written_words(text.replace('"', " "))))
