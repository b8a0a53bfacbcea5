"""What two claims share, and the evidence that they contradict each other (pure).

``features`` reads one claim's text (and translation) once:

- *content terms*: the words after ``normalize`` and the shared light stemmer
  (``claimdb.text.stem``), without function words (``[stopwords]`` of the lexicon) and
  without the cue words below; numbers are terms too (digits of any script are ASCII
  after ``normalize``). The text and the translation are two *views*: an Arabic claim
  and an English one meet through the Arabic claim's translation.
- *cues*: negation, denial, exclusivity and addition words, and the sides of antonym
  pairs, from the curated lexicon ``data/lexicon.toml``. Cues are matched on the
  normalised words with taa marbuta kept (so وحدة "unity" never reads as the cue وحده
  "alone"), Arabic words also without one proclitic (ولم, فلا, بدون), English words by
  their Snowball stem, contractions read as "not" (didn't).

``overlap`` weighs the shared terms by their rarity (inverse document frequency);
``conflicts`` lists the evidence, each piece with the words that triggered it.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files

from rapidfuzz import fuzz

from claimdb.text.normalize import normalize
from claimdb.text.stem import PROCLITICS, stem

__all__ = [
    "Evidence",
    "Features",
    "Word",
    "conflicts",
    "content",
    "features",
    "lexicon",
    "overlap",
    "read",
    "views",
]

CUE_KINDS = ("negation", "denial", "exclusive", "inclusive")
_CONTRACTION = re.compile(r"(?<=\w)n['’]t\b", re.IGNORECASE)
WORD = re.compile(r"\w+")  # a word of a text (before normalising)
_WORD = WORD
_NUMBER = re.compile(r"\d[\d,.٬٫]*\d|\d")
_TA_MARBUTA = "\u0629"
_MARKS = "".join(map(chr, range(0x064B, 0x0660))) + "\u0670"
_ARABIC = re.compile("[\u0600-\u06ff]")
SIMILAR_WORDS = 75.0  # rapidfuzz ratio: two words this alike are one word inflected
NUMBER_CLOSE = 0.3  # least overlap for a differing number to be the same quantity
POLARITY = 0.6  # weight of a negation or denial in one claim only
SWAP_CLOSE = 0.5  # least overlap for one swapped word to matter
SWAP = 0.35
ANTONYM = 0.7
DIVERGE_CLOSE = 0.4  # least overlap for differing words to be a (weak) sign
DIVERGE = 0.15


@dataclass(frozen=True)
class Evidence:
    """One reason to think two claims contradict: its kind, weight (0-1) and words."""

    kind: str
    weight: float
    words: str


@dataclass(frozen=True)
class Features:
    """What the suggester compares, computed once per claim."""

    views: tuple[frozenset[str], ...]
    terms: frozenset[str]
    numbers: frozenset[str]
    cues: dict[str, tuple[str, ...]]
    sides: dict[tuple[int, int], str]  # (antonym pair, side 0 or 1) -> the word
    polar: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)  # term -> sides


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, frozenset[str]]
    phrases: dict[str, tuple[tuple[str, ...], ...]]
    antonyms: tuple[tuple[str, frozenset[str], frozenset[str]], ...]
    antonym_phrases: tuple[tuple[int, int, tuple[str, ...]], ...]
    stopwords: frozenset[str]
    sides: dict[str, tuple[tuple[int, int], ...]]  # antonym key -> (pair, side)
    numbers: dict[str, str]  # number word key -> digits


def _cue_forms(word: str) -> list[str]:
    """A normalised word (taa marbuta kept) as the cue lists spell it: Arabic without the
    article (``stem``) and also without one proclitic (و ف ب ل ك; و or ف alone before a
    two-letter particle: ولم, فلا); English as it is (cue words are listed with their
    inflections: "exclusive" is a headline tag, "exclusively" a cue)."""
    if not _ARABIC.search(word):
        return [word]
    forms = [stem(word)]
    rest = word[1:]
    if word[0] in PROCLITICS and (len(rest) >= 3 or (len(rest) == 2 and word[0] in "وف")):
        forms.append(stem(rest))
    return forms


def _antonym_forms(forms: list[str]) -> list[str]:
    """Antonyms compare English words by their Snowball stem (rise, rises, rising)."""
    return forms if _ARABIC.search(forms[0]) else [stem(forms[0])]


def _cue_words(text: str) -> list[str]:
    """The words of ``text`` normalised one by one, keeping a final taa marbuta."""
    text = _CONTRACTION.sub(" not", text)
    return [w for raw in _WORD.findall(text) for w in _normalized(raw)]


def _key(word: str, antonym: bool = False) -> str:
    (key,) = _cue_words(word) or [""]
    if not key:
        return ""
    forms = _cue_forms(key)
    return _antonym_forms(forms)[0] if antonym else forms[0]


@cache
def lexicon() -> Lexicon:
    """The curated word lists (``claimdb/analysis/data/lexicon.toml``)."""
    data = tomllib.loads(files("claimdb.analysis").joinpath("data/lexicon.toml").read_text())

    def keys(words: Iterable[str], antonym: bool = False) -> frozenset[str]:
        return frozenset(k for w in words if " " not in w.strip() and (k := _key(w, antonym)))

    def phrases(words: Iterable[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(_key(p) for p in w.split()) for w in words if " " in w.strip())

    cues = {k: keys(data[k]["ar"] + data[k]["en"]) for k in CUE_KINDS}
    phrase = {k: phrases(data[k].get("phrases", [])) for k in CUE_KINDS}
    antonyms = tuple((p["name"], keys(p["a"], True), keys(p["b"], True)) for p in data["antonym"])
    antonym_phrases = tuple(
        (n, side, ph)
        for n, p in enumerate(data["antonym"])
        for side, words in enumerate((p["a"], p["b"]))
        for ph in phrases(words)
    )
    stop = {
        stem(t) for w in data["stopwords"]["ar"] + data["stopwords"]["en"] for t in [normalize(w)]
    }
    # cue words are not content (an exclusivity cue ending in taa marbuta/heh would
    # hide a word: وحده "alone" folds like وحدة "unity")
    cue_words = [w for k in ("negation", "inclusive", "exclusive") for w in data[k]["ar"]]
    cue_words += [w for k in ("negation", "inclusive", "exclusive") for w in data[k]["en"]]
    for w in cue_words:
        if not w.endswith("ه"):
            key = stem(normalize(w))
            stop |= {key} | ({"و" + key, "ف" + key} if _ARABIC.search(key) else set())
    sides: dict[str, set[tuple[int, int]]] = {}
    for n, (_, a, b) in enumerate(antonyms):
        for side, group in enumerate((a, b)):
            for key in group:
                sides.setdefault(key, set()).add((n, side))
    numbers = {
        _key(w): str(value) for value, words in data["numbers"].items() for w in words if _key(w)
    }
    return Lexicon(
        cues,
        phrase,
        antonyms,
        antonym_phrases,
        frozenset(stop),
        {k: tuple(sorted(v)) for k, v in sides.items()},
        numbers,
    )


@dataclass(frozen=True)
class Word:
    """What one word of a text contributes (computed once per distinct spelling)."""

    cue: str  # the word as cues see it (normalised, taa marbuta kept)
    folded: str  # the word as ``normalize`` gives it (what names and aliases are keyed by)
    key: str  # its first cue form, for phrases
    kinds: tuple[str, ...]  # cue kinds it belongs to
    sides: tuple[tuple[int, int], ...]  # antonym (pair, side) it belongs to
    terms: tuple[str, ...]  # content terms (an antonym is also "~pair": both sides share it)
    number: str | None  # its value when it is a number word or digits


_SEEN: dict[str, tuple[Word, ...]] = {}  # raw word -> its words (bounded, see read)


def read(text: str) -> list[Word]:
    """The words of ``text``: contractions read as "not", each word looked up once."""
    if "'" in text or "’" in text:
        text = _CONTRACTION.sub(" not", text)
    seen, out = _SEEN, []
    for raw in _WORD.findall(text):
        words = seen.get(raw)
        if words is None:
            if len(seen) > 1 << 18:
                seen.clear()
            words = seen[raw] = tuple(_word(w) for w in _normalized(raw))
        out.extend(words)
    return out


def _normalized(raw: str) -> tuple[str, ...]:
    word = normalize(raw)
    if not word or " " in word:
        return tuple(word.split())
    if raw.rstrip(_MARKS).endswith(_TA_MARBUTA) and word.endswith("ه"):
        word = word[:-1] + _TA_MARBUTA
    return (word,)


@lru_cache(maxsize=1 << 17)
def _word(cue: str) -> Word:
    lex = lexicon()
    forms = _cue_forms(cue)
    kinds = tuple(k for k in CUE_KINDS if any(f in lex.cues[k] for f in forms))
    sides = tuple(sorted({s for f in _antonym_forms(forms) for s in lex.sides.get(f, ())}))
    number = lex.numbers.get(forms[-1]) or lex.numbers.get(forms[0])
    folded = cue.replace(_TA_MARBUTA, "ه")
    terms = [t for t in (stem(folded),) if t not in lex.stopwords and len(t) > 1]
    if folded.isdigit():
        terms, number = [folded], folded
    elif number:
        terms = [number]
    if kinds:  # a cue word is not content
        terms = []
    terms += [f"~{n}" for n, _ in sides]
    return Word(cue, folded, forms[0], kinds, sides, tuple(terms), number)


def content(words: list[Word]) -> frozenset[str]:
    """The content terms of some words."""
    return frozenset([t for w in words for t in w.terms])


Named = Callable[[list[Word]], set[str]]  # extra terms for a text: the entities it names


def _numbers(text: str, words: list[Word]) -> frozenset[str]:
    found = {normalize(n).replace(" ", "") for n in _NUMBER.findall(text)}
    return frozenset(found | {w.number for w in words if w.number and not w.cue.isdigit()})


def views(
    text: str, translation: str | None = None, named: Named | None = None
) -> tuple[frozenset[str], ...]:
    """The content terms of the text and of the translation (the cheap part of
    ``features``: what the index needs); ``named`` adds the entities each names."""
    out = []
    for part in (text, translation):
        if part:
            words = read(part)
            view = content(words) | named(words) if named else content(words)
            if view:
                out.append(view)
    return tuple(out)


def features(text: str, translation: str | None = None, named: Named | None = None) -> Features:
    """The terms, numbers and cues of one claim (text and translation)."""
    lex = lexicon()
    texts = [t for t in (text, translation) if t]
    read_ = [read(t) for t in texts]
    views = tuple(v for v in ((content(w) | named(w) if named else content(w)) for w in read_) if v)
    cues: dict[str, list[str]] = {k: [] for k in CUE_KINDS}
    sides: dict[tuple[int, int], str] = {}
    for words in read_:
        for w in words:
            for kind in w.kinds:
                if w.cue not in cues[kind]:
                    cues[kind].append(w.cue)
            for side in w.sides:
                sides.setdefault(side, w.cue)
        joined = f" {' '.join(w.key for w in words)} "
        for kind, phrases in lex.phrases.items():
            for ph in phrases:
                if f" {' '.join(ph)} " in joined and " ".join(ph) not in cues[kind]:
                    cues[kind].append(" ".join(ph))
        for n, side, ph in lex.antonym_phrases:
            if f" {' '.join(ph)} " in joined:
                sides.setdefault((n, side), " ".join(ph))
    numbers = frozenset().union(*(_numbers(t, w) for t, w in zip(texts, read_, strict=True)))
    return Features(
        views,
        frozenset().union(*views) if views else frozenset(),
        numbers,
        {k: tuple(v) for k, v in cues.items()},
        sides,
        {t: w.sides for words in read_ for w in words if w.sides for t in w.terms},
    )


def _mass(terms: Iterable[str], weight: Callable[[str], float]) -> float:
    return sum(weight(t) for t in terms)


def overlap(
    x: Features,
    y: Features,
    weight: Callable[[str], float],
    masses: tuple[tuple[float, ...], tuple[float, ...]] | None = None,
) -> tuple[float, frozenset[str], frozenset[str]]:
    """How much of their content two claims share (0-1, a weighted cosine of term sets),
    over the best pair of views, with those two views. ``masses``: the total weight of
    each view of ``x`` and of ``y``, when the caller keeps them."""
    mx, my = masses or (
        tuple(_mass(v, weight) for v in x.views),
        tuple(_mass(v, weight) for v in y.views),
    )
    best, vx, vy = 0.0, frozenset[str](), frozenset[str]()
    for a, ma in zip(x.views, mx, strict=True):
        for b, mb in zip(y.views, my, strict=True):
            shared = a & b
            if not shared:
                continue
            score = _mass(shared, weight) / math.sqrt(ma * mb)
            if score > best:
                best, vx, vy = score, a, b
    return min(1.0, best), vx, vy


def _same_side(sides: Iterable[tuple[int, int]], other: Features) -> bool:
    """An antonym word whose side the other claim holds too (يرتفع and ارتفاع) is matched."""
    return any(side in other.sides for side in sides)


def _unmatched(dx: set[str], dy: set[str]) -> tuple[set[str], set[str]]:
    """The words of each side with no similar word (one word inflected) on the other."""
    dx = {t for t in dx if not t.startswith("~")}
    dy = {t for t in dy if not t.startswith("~")}
    similar = {(a, b) for a in dx for b in dy if fuzz.ratio(a, b) >= SIMILAR_WORDS}
    return dx - {a for a, _ in similar}, dy - {b for _, b in similar}


def _negative(f: Features) -> bool:
    return bool(f.cues["negation"] or f.cues["denial"])


def _q(words: Iterable[str], claim: int) -> str:
    return "'" + "/".join(list(words)[:3]) + f"' (#{claim})"


def conflicts(
    x: Features,
    y: Features,
    vx: frozenset[str],
    vy: frozenset[str],
    close: float,
    ids: tuple[int, int] = (1, 2),
) -> list[Evidence]:
    """The evidence in the wording of two claims on the same subject that they conflict.

    ``vx``/``vy`` are the views that overlap best, ``close`` how much they share, ``ids``
    the two claim ids (for the explanations).
    """
    out: list[Evidence] = []
    sides = ((x, y, ids[0], ids[1]), (y, x, ids[1], ids[0]))
    for one, other, i, j in sides:
        mine, theirs = one.cues, other.cues
        against = theirs["negation"] or theirs["inclusive"]
        if mine["exclusive"] and not theirs["exclusive"] and against:
            what = "negation" if theirs["negation"] else "addition"
            words = f"{_q(mine['exclusive'], i)} vs {what} {_q(against, j)}"
            out.append(Evidence("exclusivity", 0.8, words))
    for one, other, i, j in sides:  # negation and denial are one polarity
        if _negative(one) and not _negative(other):
            kind = "negation" if one.cues["negation"] else "denial"
            words = one.cues["negation"] + one.cues["denial"]
            out.append(Evidence(kind, POLARITY, f"{_q(words, i)}, none in #{j}"))
    for (n, side), word in x.sides.items():
        other = y.sides.get((n, 1 - side))
        if other and (n, 1 - side) not in x.sides and (n, side) not in y.sides:
            words = f"{_q([word], ids[0])} vs {_q([other], ids[1])}"
            out.append(Evidence("antonym", ANTONYM, words))
    nx, ny = x.numbers - y.numbers, y.numbers - x.numbers
    if nx and ny and close >= NUMBER_CLOSE:
        words = f"{_q(sorted(nx), ids[0])} vs {_q(sorted(ny), ids[1])}"
        out.append(Evidence("number", 0.6, words))
    dx = {t for t in vx - vy - x.numbers if not _same_side(x.polar.get(t, ()), y)}
    dy = {t for t in vy - vx - y.numbers if not _same_side(y.polar.get(t, ()), x)}
    dx, dy = _unmatched(dx, dy)
    if dx and dy and close >= DIVERGE_CLOSE:
        words = f"{_q(sorted(dx), ids[0])} vs {_q(sorted(dy), ids[1])}"
        if len(dx) <= 2 and len(dy) <= 2 and close >= SWAP_CLOSE:
            out.append(Evidence("swap", SWAP, words))
        elif len(dx) <= 3 and len(dy) <= 3:
            out.append(Evidence("divergence", DIVERGE, words))
    return out
