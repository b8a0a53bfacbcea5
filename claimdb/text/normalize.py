"""Text normalisation and tokenising (pure: no database, no rapidfuzz).

``normalize`` is the one comparison key used everywhere (exact name lookup, the
full-text index, fuzzy matching):

- Unicode compatibility caseless form (NFKD + casefold, applied twice as UAX #15/TUS
  ch. 3 define it), so ligatures, full-width forms and Arabic presentation forms
  (shaped text) compare equal to the plain letters;
- Latin: accents stripped (é → e, ł → l, æ → ae); Cyrillic: casefold and ё → е;
- Arabic: harakat and Quranic marks (U+064B–065F, U+0670, U+0610–061A, U+06D6–06ED)
  and tatweel removed; alef forms (آ أ إ ٱ) → ا; the hamza on waw or yeh (ؤ ئ) → a
  bare ء, so that both seats spelling one word meet (مسئول = مسؤول → مسءول, شئون =
  شؤون → شءون; schema version 3 recomputed the stored keys for this); ى → ي; ة → ه;
  Persian yeh and keheh (ی ک) → ي ك; Hebrew points and cantillation removed too;
- digits of any of Arabic-Indic (U+0660–0669) or Eastern Arabic-Indic (U+06F0–06F9)
  → ASCII;
- format characters (bidi marks, ZWJ/ZWNJ, soft hyphen) removed; everything that is
  not a letter, digit or a mark inside a word becomes a single space.

The result is idempotent, never raises, and drops lone surrogates.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["fts_query", "normalize", "tokens", "written_words"]

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
# the hamza on a waw or a yeh seat (ؤ ئ, decomposed) → a bare hamza, before marks go
_HAMZA_ON_SEAT = re.compile("[\u0648\u064a\u0649\u06cc]\u0654")
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
    s = _HAMZA_ON_SEAT.sub("\u0621", s)
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


_WRITTEN_DROP = re.compile(f"[{_ARABIC_MARKS}{_HEBREW_POINTS}{_FORMAT_CHARS}]+")
_WRITTEN_WORD = re.compile(r"[^\W_]+")


def written_words(text: str) -> list[str]:
    """The words of ``text`` as written: case, harakat and tatweel aside, but no letter
    folded (على ≠ علي, غزة ≠ غزه, أ ≠ ا): what "the exact form" of a word means."""
    return _WRITTEN_WORD.findall(
        _WRITTEN_DROP.sub("", unicodedata.normalize("NFC", text).casefold())
    )
