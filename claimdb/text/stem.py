"""Light stemming of normalised words (pure), and the search key built from it.

Arabic writes the article and the proclitics onto the word (والفيديو, بالفيديو, للجيش);
English inflects (strikes, struck, striking). ``stem`` takes one word already passed
through ``claimdb.text.normalize.normalize`` and returns its light stem:

- Arabic: the article (ال) with any proclitics before it (وال بال كال فال وبال ...;
  لل for ل + ال with its alef elided) is stripped when at least two letters remain. A
  lone proclitic is ambiguous (فيديو, بيان, وزير begin with one), so only the
  conjunction و is stripped alone, and only when four letters remain (وفيديو → فيديو,
  وزير stays). Hamza seats are folded as ``normalize`` folds them (أ إ آ → ا, ؤ ئ → ء),
  so a word that did not pass through it stems the same.
- Latin script: the Snowball English stemmer (porter2) via ``snowballstemmer``; words
  of three letters or fewer stay as they are.
- Anything else is returned unchanged. A stem never shrinks to nothing.

``search_key`` is what the full-text index holds for a claim: the normalised words of
its text, quote and translation, then each stem that is not already one of those words
(once). A query word then finds a claim through its stem (``terms``), and the words as
written stay for ranking exact forms first and for phrases.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from claimdb.text.normalize import normalize, tokens

__all__ = ["search_key", "stem", "stemmed_key", "terms"]

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("^[a-z]+$")
_PROCLITICS = "وفبكل"
# ال with up to two proclitics before it (وبال, فلل ...), or لل (ل + ال with alef elided)
_ARTICLE = re.compile(f"^(?:[{_PROCLITICS}]{{0,2}}ال|[{_PROCLITICS}]?لل)")
_HAMZA_SEATS = str.maketrans({"ؤ": "ء", "ئ": "ء", "أ": "ا", "إ": "ا", "آ": "ا"})
_MIN_ARTICLE_STEM = 2  # letters left after stripping the article
_MIN_WAW_STEM = 4  # letters left after stripping a lone و


@cache
def _english():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _arabic(word: str) -> str:
    folded = word.translate(_HAMZA_SEATS)
    m = _ARTICLE.match(folded)
    if m and len(folded) - m.end() >= _MIN_ARTICLE_STEM:
        return folded[m.end() :]
    if folded[0] == "و" and len(folded) - 1 >= _MIN_WAW_STEM:
        return folded[1:]
    return folded


@lru_cache(maxsize=200_000)
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


def stemmed_key(words: str) -> str:
    """``words`` (normalised text) followed by the stems not already among them."""
    present = words.split()
    seen = set(present)
    extra = []
    for word in present:
        s = stem(word)
        if s not in seen:
            seen.add(s)
            extra.append(s)
    return " ".join([*present, *extra])


def search_key(text: str, quote: str | None, translation: str | None) -> str:
    """The full-text key of a claim (see the module doc)."""
    return stemmed_key(" ".join(normalize(t) for t in (text, quote, translation) if t))
