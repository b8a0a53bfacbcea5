"""Light stemming of normalised words (pure), and the search key built from it.

Arabic writes the article and the proclitics onto the word (والفيديو, بالفيديو, للجيش);
English inflects (strikes, struck, striking). ``stem`` takes one word already passed
through ``claimdb.text.normalize.normalize`` and returns its light stem:

- Arabic: the article (ال) with any proclitics before it (وال بال كال فال وبال ...;
  لل for ل + ال with its alef elided) is stripped when at least two letters remain and
  the word is not one of a few that only look like it (الله, الذي, التي ...). A
  lone proclitic is ambiguous (فيديو, بيان, وزير begin with one), so only the
  conjunction و is stripped alone, and only when four letters remain (وفيديو → فيديو,
  وزير stays). Hamza seats are folded as ``normalize`` folds them (أ إ آ → ا, ؤ ئ → ء),
  so a word that did not pass through it stems the same.
- Latin script: the Snowball English stemmer (porter2) via ``snowballstemmer``; words
  of three letters or fewer stay as they are.
- Anything else is returned unchanged. A stem never shrinks to nothing.

A lone proclitic ب ل ك ف (after an optional و), or a و that ``stem`` kept, cannot be
told from a first letter, so ``stem`` keeps it; the search key (below) holds the word
without it as well, as a second stem, when three letters or more remain (بغزة → بغزه
and غزه; وقال → وقال and قال; كتاب → كتاب and تاب): a query for غزة then finds بغزة,
while a query typed بغزة looks for بغزة (its stem), not every word ending in غزة.

``search_key`` is what the full-text index holds for a claim, in up to three parts
joined by ``STEMS_MARK`` (" | ", which the index skips as punctuation): the normalised
words of its text, quote and translation; each stem (and second stem) that is not
already one of those words, once; and, once each, the Arabic words as written
(``written_words``: harakat aside) that normalising changes (غزة, الإرهابيين), so that
a search box that does not normalise (Datasette's) finds the words as users type them.
A query word finds a claim through its stem; the words stay for ranking the exact and
folded forms first and for phrases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from claimdb.text.normalize import normalize, tokens, written_words

__all__ = [
    "PROCLITICS",
    "STEMS_MARK",
    "index_stems",
    "search_key",
    "split_key",
    "stem",
    "stemmed_key",
    "terms",
]

STEMS_MARK = " | "  # between the words and the stems of a search key

_ARABIC = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("^[a-z]+$")
PROCLITICS = "وفبكل"  # one-letter Arabic proclitics: and, so, with, for, like
_PROCLITICS = PROCLITICS
# ال with up to two proclitics before it (وبال, فلل ...), or لل (ل + ال with alef elided)
_ARTICLE = re.compile(f"^(?:[{_PROCLITICS}]{{0,2}}ال|[{_PROCLITICS}]?لل)")
_HAMZA_SEATS = str.maketrans({"ؤ": "ء", "ئ": "ء", "أ": "ا", "إ": "ا", "آ": "ا"})
_MIN_ARTICLE_STEM = 2  # letters left after stripping the article
_MIN_WAW_STEM = 4  # letters left after stripping a lone و
_LONE_PROCLITIC = re.compile("^(?:و[بلكف]?|[بلكف])")
_MIN_LONE_STEM = 3  # letters left after a lone ب ل ك ف, for the second stem


@cache
def _english():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


# Words that begin like the article but are not "the" + a word (الله is not ال + له)
_NOT_ARTICLE = frozenset(
    {"الله", "اللهم", "الذي", "التي", "الذين", "اللذين", "اللتين", "اللاتي", "اللواتي", "الان"}
)


def _arabic(word: str) -> str:
    folded = word.translate(_HAMZA_SEATS)
    m = _ARTICLE.match(folded)
    if m and folded[m.end() - 2 : m.end()] == "ال" and folded[m.end() - 2 :] in _NOT_ARTICLE:
        return folded[m.end() - 2 :]  # والله → الله
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


@lru_cache(maxsize=200_000)
def index_stems(word: str) -> tuple[str, ...]:
    """The stems the search key holds for one normalised word: ``stem(word)``, then the
    word without a lone proclitic when that is ambiguous (see the module doc)."""
    main = stem(word)
    folded = word.translate(_HAMZA_SEATS)
    if not _ARABIC.search(word) or _ARTICLE.match(folded):
        return (main,)  # what precedes an article is proclitics: stem() strips them
    m = _LONE_PROCLITIC.match(folded)
    if m and len(folded) - m.end() >= _MIN_LONE_STEM and folded[m.end() :] != main:
        return (main, folded[m.end() :])
    return (main,)


def terms(text: str) -> list[str]:
    """The stems of the words of ``text``, in order (normalised first)."""
    return [stem(t) for t in tokens(text)]


def stemmed_key(words: str, written: Iterable[str] = ()) -> str:
    """``words`` (normalised text), then the stems not already among them, then the
    Arabic words of ``written`` (``normalize.written_words``) that normalising changes."""
    present = words.split()
    seen = set(present)
    stems = []
    for word in present:
        for s in index_stems(word):
            if s not in seen:
                seen.add(s)
                stems.append(s)
    forms = [w for w in dict.fromkeys(written) if w not in seen and _ARABIC.search(w)]
    parts = [" ".join(present), " ".join(stems), " ".join(forms)]
    while len(parts) > 1 and not parts[-1]:
        parts.pop()
    return STEMS_MARK.join(parts)


def split_key(key: str) -> tuple[list[str], list[str]]:
    """The words and the stems of a search key."""
    parts = key.split(STEMS_MARK)
    return parts[0].split(), parts[1].split() if len(parts) > 1 else []


def search_key(
    text: str, quote: str | None, translation: str | None, normalized: str | None = None
) -> str:
    """The full-text key of a claim (see the module doc). ``normalized``:
    ``normalize(text)`` when the caller has it already (the bulk import)."""
    fields = [t for t in (text, quote, translation) if t]
    written = [w for t in fields for w in written_words(t)]
    first = normalize(text) if normalized is None else normalized
    words = [first, *(normalize(t) for t in (quote, translation) if t)]
    return stemmed_key(" ".join(w for w in words if w), written)
