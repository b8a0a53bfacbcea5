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

from claimdb.text.normalize import normalize, written_words
from claimdb.text.stem import index_stems, split_key, stem

__all__ = ["AS_WRITTEN", "FOLDED", "STEM", "Query", "parse"]

AS_WRITTEN, FOLDED, STEM = 0, 1, 2
_PHRASE = re.compile(r'"([^"]*)"?')


@dataclass(frozen=True)
class Query:
    """The parsed query: ``parts`` are folded words, one tuple per word or phrase."""

    parts: tuple[tuple[str, ...], ...]
    written: frozenset[str]

    @property
    def words(self) -> list[str]:
        """Every folded word, once, in order."""
        return list(dict.fromkeys(w for part in self.parts for w in part))

    @property
    def stems(self) -> list[str]:
        """Every stem, once, in order."""
        return list(dict.fromkeys(stem(w) for w in self.words))

    def fts_match(self, column: str = "search_key") -> str:
        """An FTS5 expression requiring every stem in ``column`` (quoted: never syntax)."""
        return " AND ".join(f'{column} : "{s}"' for s in self.stems)

    def tier(self, key: str, fields: Sequence[str | None]) -> int | None:
        """How closely a claim meets the query (see the module doc); smaller is closer.

        ``key`` is the claim's search key, ``fields`` its text, quote and translation.
        """
        tokens, key_stems = split_key(key)
        present = set(tokens)
        if not all(s in present or s in key_stems for s in self.stems):
            return None
        if any(len(part) > 1 and not _has_phrase(tokens, part) for part in self.parts):
            return None
        if not all(w in present for w in self.words):
            return STEM
        written: set[str] = set()
        for field in fields:
            if field:
                written.update(written_words(field))
        return AS_WRITTEN if self.written <= written else FOLDED


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
