"""Tokens, sentences and quotations of a text: spans (start, end) into the input."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from claimdb.ingest.lexicon import INTRO, LEX, word_key, word_set
from claimdb.text.normalize import normalize


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    raw: str
    norm: str

    @property
    def word(self) -> bool:
        return self.raw[0].isalnum()


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_TOKEN = re.compile(rf"[\w{_MARKS}]+(?:['’][\w{_MARKS}]+)?|[^\s\w{_MARKS}]")


def tokenize(text: str, start: int, end: int) -> list[Token]:
    return [
        Token(
            m.start(),
            m.end(),
            m.group(),
            word_key(m.group()) if m.group()[0].isalnum() else m.group(),
        )
        for m in _TOKEN.finditer(text, start, end)
    ]


def detect_lang(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, else 'en'."""
    arabic = len(re.findall(r"[\u0600-\u06ff]", text))
    return "ar" if arabic > len(re.findall(r"[A-Za-z]", text)) else "en"


# --- sentences ---------------------------------------------------------------------------
END = ".!?؟؛…"
CLOSERS = "\"'»”)"
_ABBREV = word_set("mr mrs ms dr gen lt col maj capt sgt st jr sr prof rep sen gov no vs etc inc")
_ABBREV |= frozenset({"u.s", "u.k", "u.n", "e.g", "i.e"})


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of ``text``, whitespace trimmed.

    Ends: . ! ? ؟ ؛ … followed by space, and every line break. The comma (، ,) never ends a
    sentence. No split inside «...» / “...”, nor inside "..." when a line's straight quotes
    pair up; "Mr." and initials do not end an English sentence.
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        spans.extend(_split_line(text, line.start(), line.end()))
    return spans


def _split_line(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    paired = text.count('"', lo, hi) % 2 == 0
    depth, inside, start, out = 0, False, lo, []
    i = lo
    while i < hi:
        c = text[i]
        if c in "«“":
            depth += 1
        elif c in "»”":
            depth = max(0, depth - 1)
        elif c == '"' and paired:
            inside = not inside
        elif c in END:
            j = i + 1
            while j < hi and text[j] in END + CLOSERS:
                depth -= text[j] in "»”"
                inside ^= text[j] == '"' and paired
                j += 1
            at_gap = j == hi or text[j].isspace()
            if depth <= 0 and not inside and at_gap and not _abbreviation(text, start, i, j, hi):
                out.append((start, j))
                start = j
            depth, i = max(0, depth), j - 1
        i += 1
    out.append((start, hi))
    return [span for span in map(lambda s: trim(text, *s), out) if span[0] < span[1]]


def _abbreviation(text: str, start: int, dot: int, after: int, hi: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[start:dot]).group().lower()
    nxt = text[after:hi].lstrip()[:1]
    return word in _ABBREV or (len(word) == 1 and word.isalpha()) or nxt.islower()


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_heading(text: str, start: int, end: int) -> bool:
    """A short line with no final punctuation (in a text of several lines): a title."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    return line[-1:] not in END + CLOSERS + ":" and len(line.split()) <= 20


# --- quotes ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the marks
    end: int  # the closing mark
    introduced: bool  # after ':' ',' 'أن' 'that' a verb..., or at the sentence start
    words: int
    clean: bool  # the marks look like an opening and a closing mark
    pair: bool = False  # a «»/“” pair, or two neighbouring straight quotes


def find_quotes(text: str, lo: int, hi: int, lang: str) -> list[Quote]:
    """Quoted spans of text[lo:hi]: «» and “” by nesting; straight quotes by parity."""
    out, stack = [], []
    for i in range(lo, hi):
        if text[i] in "«“":
            stack.append(i)
        elif text[i] in "»”" and stack:
            out.append(replace(_quote(text, lo, stack.pop(), i, lang), pair=True))
    marks = [i for i in range(lo, hi) if text[i] == '"']
    if len(marks) % 2 == 0:
        for x in range(0, len(marks), 2):
            out.append(replace(_quote(text, lo, marks[x], marks[x + 1], lang), pair=True))
            if not _opens(text, marks[x], hi):
                continue
            for y in range(x + 3, len(marks), 2):
                if _closes(text, marks[y], hi):
                    out.append(_quote(text, lo, marks[x], marks[y], lang))
    return out


def _opens(text: str, i: int, hi: int) -> bool:
    before = text[i - 1] if i else " "
    return i + 1 < hi and not text[i + 1].isspace() and (not before.isalnum() or before in "وبل")


def _closes(text: str, i: int, hi: int) -> bool:
    return not text[i - 1].isspace() and (i + 1 >= hi or not text[i + 1].isalnum())


def _quote(text: str, lo: int, opening: int, closing: int, lang: str) -> Quote:
    before = text[lo:opening].rstrip()
    last = re.search(r"\w*$", before).group()
    introduced = (
        not before or before[-1] in ":،," or word_key(last) in INTRO or word_key(last) in LEX[lang]
    )
    words = len(re.findall(r"\w+", text[opening + 1 : closing]))
    clean = text[opening] != '"' or (
        _opens(text, opening, len(text)) and _closes(text, closing, len(text))
    )
    return Quote(opening + 1, closing, introduced, words, clean)


def pick_quote(quotes: list[Quote], verb_end: int, lo: int, hi: int) -> Quote | None:
    """The quote of a clause: after the verb if any, else one that opens the clause."""
    good = [
        q for q in quotes if q.clean and q.introduced and q.words >= 3 and lo < q.start < q.end < hi
    ]
    after = [q for q in good if q.start > verb_end]
    before = [q for q in good if q.end < verb_end]
    for group in (after, before):
        if group:
            return min(group, key=lambda q: (q.start, -q.end))
    return None


# --- finding a quote again -----------------------------------------------------------------
def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Span of ``quote`` in ``text``: verbatim, else equal once both are normalised.

    The normalised search maps each character of ``text`` on its own (diacritics, tatweel
    and hamza forms fall away, punctuation and spaces become one space), so the span it
    returns covers the original characters, marks included.
    """
    quote = quote.strip()
    if not quote:
        return None
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    wanted = normalize(quote)
    chars, origin = _normalised_chars(text)
    at = "".join(chars).find(wanted)
    if not wanted or at < 0:
        return None
    start, end = origin[at], origin[at + len(wanted) - 1] + 1
    while end < len(text) and unicodedata.category(text[end])[0] == "M":
        end += 1  # the marks of the last letter belong to it
    return start, end


_DROPPED = ("Mn", "Mc", "Me", "Cf")


def _normalised_chars(text: str) -> tuple[list[str], list[int]]:
    """Normalised characters of ``text``, each with the index of the character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        key = normalize(ch)
        if not key and (ch == "\u0640" or unicodedata.category(ch) in _DROPPED):
            continue  # a mark, tatweel or a format character: part of the word
        for k in key or " ":
            if k == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(k)
            origin.append(i)
    return chars, origin
