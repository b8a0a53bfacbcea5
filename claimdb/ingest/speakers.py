"""Who is speaking: resolve a speaker phrase, spokesman patterns and back-references."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claimdb.ingest.lexicon import (
    AR_RELATIONS,
    AR_ROLES,
    AR_TITLES,
    EN_DET,
    EN_NAME_PARTICLES,
    EN_ROLES,
    STATEMENT_HEADS,
    word_key,
)
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
    title: str | None = None  # what the phrase says of a new speaker besides the name

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


def _resolved(
    text: str, words: list[Token], spans: list, resolve: Resolve, leading: bool = False
) -> str | None:
    """The entity of the longest sub-phrase that names one (the earliest of equals); with
    ``leading`` the earliest first ("اتهمت روسيا الولايات المتحدة": the subject leads)."""
    found = [(a, b, name) for a, b in spans if (name := resolve(span_text(text, words[a:b])))]
    if not found:
        return None
    key = (lambda f: (f[0], f[0] - f[1])) if leading else (lambda f: (f[0] - f[1], f[0]))
    return min(found, key=key)[2]


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
    words = _statement_of(words, lang)  # «بيان الوزارة», "the ministry's statement"
    if _described(words, lang, leading_first) and (found := ctx.antecedent(singular=True)):
        return found
    if lang == "ar" and leading_first and words[0].norm[:2] == "ال":  # طالب الاتحاد موسكو بـ
        words = words[: after_title(words, 0)]
        phrase = span_text(text, words)
    first, second = _candidates(words, lang, leading_first)
    name = _resolved(text, words, first + second, ctx.resolve, leading_first)
    if name:  # the longest registered name or alias inside the phrase
        return Said(phrase, name, False, None, plural, keys)
    found = ctx.coref(words)
    if found:
        return found
    name = clean_name(text, words, lang)
    if name == phrase:
        return Said(phrase, None, True, None, plural, keys)
    return Said(phrase, None, True, None, plural, keys, person=name, title=_title(phrase, name))


def _title(phrase: str, name: str) -> str | None:
    """'Canadian Prime Minister' of 'Canadian Prime Minister Stephen Harper', «أخو العاهل
    السعودي» of «أحمد بن عبد العزيز أخو العاهل السعودي»; None for a bare article."""
    rest = " ".join(phrase.replace(name, " ", 1).split()).strip(" ,،")
    words = [w for w in rest.split() if word_key(w) not in EN_DET and not w.endswith(("'s", "’s"))]
    return rest if words else None


def clean_name(text: str, words: list[Token], lang: str) -> str:
    """A new speaker's name without its title or article: 'Canadian Prime Minister Stephen
    Harper' → 'Stephen Harper', «الرئيس الأمريكي دونالد ترامب» → «دونالد ترامب»."""
    while lang == "en" and len(words) > 1 and words[1].raw[0].isupper():
        if words[0].norm in EN_DET or words[0].raw.endswith(("'s", "’s")):  # the UK's Reuters
            words = words[1:]
        else:
            break
    t = title_end(words, lang)
    if lang == "en" and t + 1 < len(words) and words[t].norm == "of":  # President of France X
        t += 2
    rest = words[t:]
    named = all(w.raw[:1].isupper() or w.norm in EN_NAME_PARTICLES | {"and"} for w in rest)
    if 0 < t < len(words) and (lang == "ar" or named):
        words = rest
    if lang == "ar":  # «أحمد بن عبد العزيز أخو العاهل السعودي»: the name before a relation
        cut = next((k for k, w in enumerate(words) if k > 1 and w.norm in AR_RELATIONS), None)
        words = words[:cut] if cut else words
    return span_text(text, words)


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


def _statement_of(words: list[Token], lang: str) -> list[Token]:
    """The author of a statement: «بيان الوزارة» → الوزارة, "Y's statement" → Y."""
    if lang == "ar" and len(words) > 1 and words[0].norm in STATEMENT_HEADS:
        return words[1:]
    if lang == "en" and len(words) > 1 and words[-1].norm in STATEMENT_HEADS:
        owner = words[-2]
        if owner.raw.endswith(("'s", "’s")):
            return [*words[:-2], Token(owner.start, owner.end - 2, owner.raw[:-2], owner.norm[:-1])]
        if owner.raw[:1].isupper():  # "a Newsweek report"
            return words[:-1]
    return words


def _described(words: list[Token], lang: str, leading_first: bool) -> bool:
    """A description of someone already named: 'المسؤول العسكري الروسي', 'the minister'."""
    if lang == "en":
        return words[0].norm == "the" and words[-1].norm in EN_ROLES
    rest = words[after_title(words, 0) :]  # البيان [موسكو]: an object follows a demand verb
    bare_title = words[0].norm in AR_TITLES and words[0].norm[:2] == "ال" and not rest
    return bare_title or (words[0].norm in AR_ROLES and (not rest or leading_first))


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
