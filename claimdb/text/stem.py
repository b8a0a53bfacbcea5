"""Light stemming of normalised words (pure): the terms search and ``suggest`` compare.

Arabic writes the article and the proclitics onto the word (والفيديو, بالفيديو, للجيش);
English inflects (strikes, struck, striking). ``stem`` takes one word already passed
through ``claimdb.text.matching.normalize`` and returns its light stem:

- Arabic: the article (ال) with any proclitics before it (وال بال كال فال وبال ...;
  لل for ل + ال with its alef elided) is stripped when at least two letters remain. A
  lone proclitic is ambiguous (فيديو, بيان, وزير begin with one), so only the
  conjunction و is stripped alone, and only when four letters remain (وفيديو → فيديو,
  وزير stays). Hamza seats are folded (أ إ آ → ا, ؤ → و, ئ → ي, a bare ء dropped).
- Latin script: the Snowball English stemmer (porter2) via ``snowballstemmer``.
- Anything else is returned unchanged. A stem never shrinks to nothing.
"""

from __future__ import annotations

import re
from functools import cache

from claimdb.text.matching import tokens

__all__ = ["PROCLITICS", "stem", "terms"]

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("^[a-z]+$")
PROCLITICS = "وفبكل"  # one-letter Arabic proclitics: and, so, with, for, like
_PROCLITICS = PROCLITICS
# ال with up to two proclitics before it (وبال, فلل ...), or لل (ل + ال with alef elided)
_ARTICLE = re.compile(f"^(?:[{_PROCLITICS}]{{0,2}}ال|[{_PROCLITICS}]?لل)")
_HAMZA_SEATS = str.maketrans({"ء": None, "ؤ": "و", "ئ": "ي", "أ": "ا", "إ": "ا", "آ": "ا"})


@cache
def _english():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _arabic(word: str) -> str:
    folded = word.translate(_HAMZA_SEATS) or word
    m = _ARTICLE.match(folded)
    if m and len(folded) - m.end() >= 2:
        return folded[m.end() :]
    if folded[0] == "و" and len(folded) - 1 >= 4:
        return folded[1:]
    return folded


@cache
def stem(word: str) -> str:
    """The light stem of one normalised word (see the module doc)."""
    if not word:
        return word
    if _ARABIC.search(word):
        return _arabic(word)
    if _LATIN.match(word) and len(word) > 3:
        return _english().stemWord(word) or word
    return word


def terms(text: str) -> list[str]:
    """The stems of the words of ``text``, in order (normalised first)."""
    return [stem(t) for t in tokens(text)]
