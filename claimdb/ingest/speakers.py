"""Who is speaking: resolve a speaker phrase, spokesman patterns and back-references."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claimdb.ingest.lexicon import AR_ROLES, EN_DET, EN_ROLES
from claimdb.ingest.rules import after_title, phrase_key, span_text, spokesman_parts, title_end
from claimdb.ingest.text import Token
from claimdb.text.normalize import normalize

Resolve = Callable[[str], str | None]


@dataclass
class Said:
    """An attribution made earlier in the text: the antecedent of later back-references."""

    phrase: str
    speaker: str | None
    new: bool
    camp: str | None
    plural: bool
    keys: frozenset[str]  # the normalised phrase and person part, and the person's last word
    camp_key: str | None = None  # the normalised camp of a spokesman phrase
    person: str | None = None  # the person named in a spokesman phrase

    @property
    def new_name(self) -> str | None:
        """The name for a new entity: the person of a spokesman phrase, else the camp or phrase."""
        if not self.new:
            return None
        return self.person or self.camp or self.phrase


def _candidates(words: list[Token], lang: str, leading_first: bool) -> tuple[list, list]:
    """Sub-phrases to resolve: (tried first, tried after the back-reference check)."""
    n = len(words)
    first = [(0, n)]
    if lang == "en" and n > 1 and words[0].norm in EN_DET:  # "The Russian Ministry of Defence"
        first.append((1, n))
    t = title_end(words, lang)
    if 0 < t < n:
        first.append((t, n))
    trailing = [(n - k, n) for k in (3, 2, 1) if k < n]
    leading = [(0, k) for k in range(min(n - 1, 4), 0, -1)]
    return (first + leading, trailing) if leading_first else (first + trailing, leading)


def _all(words: list[Token], lang: str) -> list:
    first, second = _candidates(words, lang, False)
    return first + second


def _resolved(text: str, words: list[Token], spans: list, resolve: Resolve) -> str | None:
    for a, b in spans:
        name = resolve(span_text(text, words[a:b]))
        if name:
            return name
    return None


def attribute(
    text: str, words: list[Token], lang: str, leading_first: bool, ctx: Context
) -> Said | None:
    """Resolve a written speaker phrase to an attribution (or to its antecedent)."""
    phrase, spokes = span_text(text, words), spokesman_parts(words, lang)
    words = [t for t in words if t.word]
    if not words:
        return ctx.antecedent()
    if spokes:
        return _spokesman_said(text, phrase, *spokes, lang, ctx)
    plural = _plural(words, lang)
    keys = frozenset({phrase_key(words), words[-1].norm})
    if _described(words, lang, leading_first) and (found := ctx.antecedent(singular=True)):
        return found
    if lang == "ar" and leading_first and words[0].norm[:2] == "ال":  # طالب الاتحاد موسكو بـ
        words = words[: after_title(words, 0)]
        phrase = span_text(text, words)
    first, second = _candidates(words, lang, leading_first)
    name = _resolved(text, words, first, ctx.resolve)
    if name:
        return Said(phrase, name, False, None, plural, keys)
    name = _resolved(text, words, second, ctx.resolve)
    if name:
        return Said(phrase, name, False, None, plural, keys)
    found = ctx.coref(words)
    if found:
        return found
    return Said(phrase, None, True, None, plural, keys)


def _spokesman_said(
    text: str, phrase: str, person: list[Token], camp: list[Token], lang: str, ctx: Context
) -> Said:
    end = camp[-1].end - (2 if camp[-1].raw[-2:] in ("'s", "’s") else 0)
    camp_phrase = text[camp[0].start : end]
    camp_key = normalize(camp_phrase)
    if person:
        keys = frozenset({phrase_key(person), person[-1].norm})
        name = _resolved(text, person, _all(person, lang), ctx.resolve)
        if name is None and (found := ctx.coref(person)):
            name = found.speaker
        person_phrase = span_text(text, person)
        return Said(phrase, name, name is None, camp_phrase, False, keys, camp_key, person_phrase)
    same = [h for h in ctx.history if h.camp_key == camp_key and h.speaker]
    name = same[-1].speaker if same else _resolved(text, camp, _all(camp, lang), ctx.resolve)
    return Said(phrase, name, name is None, camp_phrase, False, frozenset(), camp_key)


def _described(words: list[Token], lang: str, leading_first: bool) -> bool:
    """A description of someone already named: 'المسؤول العسكري الروسي', 'the minister'."""
    if lang == "en":
        return words[0].norm == "the" and words[-1].norm in EN_ROLES
    rest = words[after_title(words, 0) :]  # البيان [موسكو]: an object follows a demand verb
    return words[0].norm in AR_ROLES and (not rest or leading_first)


def _plural(words: list[Token], lang: str) -> bool:
    head = words[0].norm if lang == "ar" else words[-1].norm
    if lang == "ar":
        return len(head) >= 5 and (head.endswith("ون") or (head[:2] == "ال" and head[-2:] == "ين"))
    plural = head.endswith("s") and not head.endswith(("ss", "us", "is"))
    return plural and (len(words) == 1 or words[-1].raw.islower())


@dataclass
class Context:
    resolve: Resolve
    history: list[Said]

    def antecedent(self, singular: bool = False) -> Said | None:
        """The latest speaker (a singular one for 'the minister' / 'المسؤول')."""
        return next((h for h in reversed(self.history) if not (singular and h.plural)), None)

    def coref(self, words: list[Token]) -> Said | None:
        """An earlier speaker written the same way, or by the same last name ('Ray')."""
        key, last = phrase_key(words), words[-1].norm
        for h in reversed(self.history):
            if key in h.keys or (len(words) <= 2 and len(last) > 2 and last in h.keys):
                return h
        return None
