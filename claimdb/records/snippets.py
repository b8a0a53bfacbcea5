"""Snippets of found claims: a short passage of the stored text, hit words «marked».

Made in Python for the returned claims only, from the stored (un-normalised) text, so
they show the words as written. A word of the text is a hit when one of its normalised
parts is a query word or shares a stem with one (or, for fuzzy hits, is close to one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from claimdb.text.matching import TEXT_CUTOFF
from claimdb.text.normalize import normalize
from claimdb.text.stem import index_stems, stem

__all__ = ["MARK_CLOSE", "MARK_OPEN", "SNIPPET_WORDS", "snippet"]

SNIPPET_WORDS = 16
MARK_OPEN, MARK_CLOSE = "«", "»"


def _is_hit(key: str, wanted: set[str], fuzzy: bool) -> bool:
    """Whether a normalised word is one of ``wanted`` or shares a stem with one (or, with
    ``fuzzy``, is close to one)."""
    if key in wanted:
        return True
    if not fuzzy:
        stems = {stem(w) for w in wanted}
        return any(s in stems for s in index_stems(key))
    from rapidfuzz import fuzz

    return any(fuzz.ratio(key, w, score_cutoff=TEXT_CUTOFF) for w in wanted if len(w) > 2)


_PIECES = re.compile(r"([^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")


def _marked(word: str, wanted: set[str], fuzzy: bool) -> str | None:
    """``word`` with each hit piece «marked» (pieces: runs of letters, digits and marks,
    so that in «لـ"داعش"» only داعش is marked); ``None`` when nothing in it is a hit."""
    hit = False

    def mark(piece: re.Match[str]) -> str:
        nonlocal hit
        if not any(_is_hit(key, wanted, fuzzy) for key in normalize(piece.group()).split()):
            return piece.group()
        hit = True
        return f"{MARK_OPEN}{piece.group()}{MARK_CLOSE}"

    shown = _PIECES.sub(mark, word)
    return shown if hit else None


def snippet(fields: Sequence[str | None], wanted: set[str], fuzzy: bool = False) -> str:
    """A short passage of the first field holding a hit, each hit word marked «so».

    ``wanted`` are normalised query words; a word of the text is a hit when one of its
    normalised parts equals one or shares its stem (or, with ``fuzzy``, is within the
    fuzzy cut-off). The
    passage starts a few words before the first hit and keeps ``SNIPPET_WORDS`` words.
    With no hit found, it is the start of the first field.
    """
    present = [f for f in fields if f and f.strip()]
    for field in present:
        words = field.split()
        marked = {i: m for i, w in enumerate(words) if (m := _marked(w, wanted, fuzzy))}
        if marked:
            start = max(0, min(min(marked) - 3, len(words) - SNIPPET_WORDS))
            return _passage(words, start, marked)
    return _passage(present[0].split(), 0, {}) if present else ""


def _passage(words: list[str], start: int, marked: dict[int, str]) -> str:
    end = min(len(words), start + SNIPPET_WORDS)
    shown = [marked.get(i, word) for i, word in enumerate(words[start:end], start)]
    return ("… " if start else "") + " ".join(shown) + (" …" if end < len(words) else "")
