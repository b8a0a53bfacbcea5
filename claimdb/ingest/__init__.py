"""Propose attributed claims from Arabic or English news text, offline, by rules.

Pure: no database, no rich. ``propose`` finds reporting verbs (قال، أكد، نفى...; said,
denied...), the speaker phrase next to them, the reported content, the speech act and the
quoted words, and resolves speakers through a callback given by the caller. It proposes;
it creates nothing. Words are compared through ``normalize.normalize``; every span points
into the input text. The language is detected per paragraph unless given.

Rules worth knowing (docs/ingest.md has them all, with the figures):
- Sentences end at . ! ? ؟ ؛ … and line breaks, never at a comma; a short line with no
  final punctuation in a text of several lines is a headline and proposes nothing; a
  one-line Arabic headline "X: content" is X's statement.
- A sentence may hold several claims: a participle after a comma (مشيرا، مضيفا، بالقول;
  adding, noting), a coordinated complement (وأنه ...), "، وأضاف" / ", while X said", a
  coordinated subject and verb (والإعلام السعودي يصفه) each start one. A reporting verb
  inside a quotation, or inside another claim's content, does not; "X reported that Y
  said ..." is Y's claim with X as its via.
- The speaker is the verb's subject, bounded by grammar (``rules``): adverbials, the
  object of an accusation, relative clauses and bare titles are not part of it; the
  longest registered name inside it wins (``speakers``).
- A pronoun, a verb with no subject (وأضاف أن), a bare title or a description ("the
  minister", المسؤول العسكري الروسي) is the previous speaker (a singular one for a
  singular description); a sentence that is one quotation goes on with that speaker.
- "المتحدث باسم X Y" / "X's spokeswoman Y" / "Y, a spokesman for X": the person Y is the
  speaker and X the camp; with no name, the spokesman last named for X, else X itself.
- The claim is the reported content (``content``); the quote is a quotation of three
  words or more that is introduced (after : ، , أن that, a reporting verb, or at the start
  of the sentence), otherwise the claim's clause. The act is read from the verb and then
  from the content (negated responsibility: denies; "behind": accuses; "must": demands).

The package: ``lexicon`` (loads the word lists of ``words.toml``), ``text`` (tokens,
sentences, quotations), ``rules`` (reporting verbs, clauses, speaker phrases), ``content``
(the reported content and its act), ``speakers`` (resolution and back-references),
``measure`` (precision and recall against hand-entered claims).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdb.errors import InvalidInput
from claimdb.ingest.content import act_of, content_span
from claimdb.ingest.lexicon import CONCERN, CONTENT_OPENERS, EN_CONJ, LEX, NEGATION, PRONOUNS
from claimdb.ingest.measure import quotes_overlap, score
from claimdb.ingest.rules import (
    Hit,
    ar_initial,
    ar_subject,
    clause_start,
    colon_speaker,
    en_subject,
    headline_colon,
    verb_at,
)
from claimdb.ingest.speakers import Context, Resolve, Said, attribute
from claimdb.ingest.text import (
    Token,
    detect_lang,
    find_quotes,
    is_heading,
    pick_quote,
    split_sentences,
    tokenize,
    trim,
)

__all__ = [
    "Proposal",
    "Resolve",
    "detect_lang",
    "propose",
    "quotes_overlap",
    "score",
    "split_sentences",
]


@dataclass
class Proposal:
    """One proposed claim: who said what, with spans into the input text."""

    index: int  # 1-based order in the text
    sentence: str  # the verbatim sentence
    quote: str  # the quoted span, or the clause/sentence; always a substring of the input
    speaker_phrase: str  # the speaker as written (the antecedent's phrase for "he"/"وأضاف")
    speaker: str | None  # resolved entity name, or None
    new_speaker: bool  # propose a new entity, named new_name
    camp_phrase: str | None  # X in "the spokesman of X" / "المتحدث باسم X"
    act: str  # asserts | denies | demands | concern | accuses
    verb: str  # the reporting verb as written
    lang: str  # 'ar' | 'en'
    new_name: str | None = None  # a new speaker's name: the person of a spokesman phrase,
    # the camp of a nameless spokesman, else the phrase as written
    claim: str = ""  # the reported content (what was said), a substring of the input
    via: tuple[str, ...] = ()  # who reported it: "RT reports that the ministry said ..."
    title: str | None = None  # a new speaker's title or description ("Deputy Prime Minister")


def propose(
    text: str, lang: str | None = None, resolve: Resolve = lambda s: None
) -> list[Proposal]:
    """Proposed claims of ``text``, in order. ``resolve(phrase)`` names a known entity.

    The language is ``lang`` for all of the text when given, else detected paragraph by
    paragraph (a line), so a text with an Arabic and an English part yields both."""
    if lang is not None:
        lang = lang.lower()
        if lang not in LEX:
            raise InvalidInput(f"language {lang!r}: claims can be proposed from 'ar' or 'en' text")
    paragraphs = _Paragraphs(text)
    ctx, out = Context(resolve, []), []
    several = sum(1 for line in text.splitlines() if line.strip()) > 1
    went_on = False  # the sentence before proposed something
    still_open = False  # ... and left a quotation open ("This is ... midwives. In ...")
    for lo, hi in split_sentences(text):
        if several and is_heading(text, lo, hi):
            continue
        here = lang or paragraphs.lang(lo)
        found = _sentence(text, lo, hi, here, ctx, len(out))
        quoted = _quoted(text, lo, hi, still_open) if not found and went_on else None
        if quoted:
            inner, still_open = quoted
            found = [_continued(text, lo, hi, inner, out[-1], ctx, here)]
        else:
            still_open = False
        out.extend(found)
        went_on = bool(found)
    return out


class _Paragraphs:
    """The language of each paragraph (line) of a text, detected once; a line with no
    letters takes the language of the whole text."""

    def __init__(self, text: str) -> None:
        self.text, self.by_start = text, {}
        self.whole: str | None = None

    def lang(self, at: int) -> str:
        start = self.text.rfind("\n", 0, at) + 1
        if start not in self.by_start:
            end = self.text.find("\n", at)
            line = self.text[start : len(self.text) if end < 0 else end]
            if any(c.isalpha() for c in line):
                self.by_start[start] = detect_lang(line)
            else:
                self.whole = self.whole or detect_lang(self.text)
                self.by_start[start] = self.whole
        return self.by_start[start]


def _quoted(text: str, lo: int, hi: int, open_before: bool) -> tuple[tuple[int, int], bool] | None:
    """((start, end) inside the marks, still open) of a sentence that is a quotation, or
    that opens one or goes on with one left open before ("...", “...”, «...»); else None."""
    end = hi
    while end > lo and text[end - 1] in ".!?؟…":
        end -= 1
    if hi - lo < 3:
        return None
    opens, closes = text[lo] in '"“«', text[end - 1] in '"”»'
    inside = text[lo + opens : end - closes]
    if any(c in '"“”«»' for c in inside) or not (opens or open_before):
        return None
    if len(re.findall(r"\w+", inside)) < 2:  # a stray mark, not a quotation
        return None
    if not (opens or closes or open_before):
        return None
    return (lo + opens, end - closes), not closes


def _continued(
    text: str, lo: int, hi: int, inner: tuple[int, int], before: Proposal, ctx: Context, lang: str
) -> Proposal:
    """A quotation standing alone after a statement goes on with that statement's speaker."""
    quote = _strip(text, *inner)
    act = act_of("asserts", tokenize(text, *inner)[:8], lang)
    said = ctx.history[-1]
    return Proposal(
        before.index + 1, text[lo:hi], quote, said.phrase, said.speaker, said.new, said.camp,
        act, before.verb, lang, said.new_name, quote, (), said.title if said.new else None,
    )  # fmt: skip


def _sentence(text: str, lo: int, hi: int, lang: str, ctx: Context, done: int) -> list[Proposal]:
    toks, quotes = tokenize(text, lo, hi), find_quotes(text, lo, hi, lang)
    regions = [(q.start, q.end) for q in quotes if q.pair or (q.introduced and q.clean)]
    hits = [
        h
        for i, t in enumerate(toks)
        if t.word
        and not any(a <= t.start < b for a, b in regions)
        and (h := verb_at(toks, i, lang))
    ]
    starts: list[tuple[Hit, int]] = []
    colon = headline_colon(toks) if lang == "ar" else None
    if colon is not None and not any(h.i < colon for h in hits):  # «أوبك: تخمة النفط انتهت»
        starts.append((Hit(colon, colon, "asserts", "colon", False), 0))
        hits = [h for h in hits if h.i > colon + 1]
    for h in hits:
        if starts:
            at = clause_start(toks, h, starts[-1][0], lang)
            if at is not None and h.i > starts[-1][0].last:
                starts.append((h, at))
        elif h.kind != "and" and (lang == "en" or ar_initial(toks, h)):
            starts.append((h, 0))
    out: list[Proposal] = []
    for k, (hit, at) in enumerate(starts):
        c_lo = toks[at].start if k else lo
        c_hi = hi
        if k + 1 < len(starts):
            nxt = starts[k + 1][1]
            c_hi = toks[nxt - (toks[nxt - 1].norm in EN_CONJ and lang == "en")].start
        verb_end = toks[hit.last].end
        if hit.kind != "and":  # "وأنه ..." goes on under the verb before it
            verb = text[toks[hit.i].start : verb_end]
        found = _speaker(text, toks, hit, at, k == 0, lang, ctx)
        if found is None:
            continue
        said, words = found
        ctx.history.append(said)
        q = pick_quote(quotes, verb_end, c_lo, c_hi)
        quote = _strip(text, q.start, q.end) if q else _strip(text, c_lo, c_hi)
        a, b = at, next((m for m, t in enumerate(toks) if t.start >= c_hi), len(toks))
        span = content_span(toks, a, b, (hit.i, hit.last), words, lang, hit.kind)
        claim = quote if q or span is None else _strip(text, *span)
        via: tuple[str, ...] = ()
        inner = _reported(text, toks, span, hits, lang, ctx) if not q and span else None
        if inner and hit.act == "asserts" and hit.kind in ("verb", "according"):
            via = (said.speaker or said.new_name or said.phrase,)  # RT reports that X said
            said, hit, span = inner
            ctx.history.append(said)
            claim = _strip(text, *span) if span else claim
        act = hit.act
        claim_at = text.find(claim, c_lo)
        near = toks[max(at, hit.i - 3) : hit.last + 7]  # "وأنه قلق", "said the EU was concerned"
        near += [t for t in toks if claim_at <= t.start < c_hi][:12]  # «أن الدول ... تعرب عن قلقها»
        if act == "asserts" and any(t.norm in CONCERN for t in near):
            act = "concern"
        act = act_of(act, [t for t in toks if t.start >= claim_at][:8], lang)
        out.append(
            Proposal(
                done + len(out) + 1, text[lo:hi], quote, said.phrase, said.speaker, said.new,
                said.camp, act, verb, lang, said.new_name, claim or quote, via,
                said.title if said.new else None,
            )
        )  # fmt: skip
    return out


def _reported(
    text: str, toks: list[Token], span: tuple[int, int], hits: list[Hit], lang: str, ctx: Context
) -> tuple[Said, Hit, tuple[int, int] | None] | None:
    """Reported speech at the start of a content: 'the ministry said X' («الوزارة قالت إن»)."""
    first = next((m for m, t in enumerate(toks) if t.start >= span[0]), len(toks))
    end = next((m for m, t in enumerate(toks) if t.start >= span[1]), len(toks))
    if not first or toks[first - 1].norm not in CONTENT_OPENERS:  # "reported that X said"
        return None
    for h in hits:
        words = toks[first : h.i]
        if not (first < h.i <= min(end - 1, first + 6) and h.kind == "verb" and not h.prefixed):
            continue
        if not all(t.word for t in words):
            return None
        if words[0].norm in NEGATION or words[0].norm in PRONOUNS:
            return None
        said = attribute(text, words, lang, h.act in ("demands", "accuses"), ctx)
        if said is None:
            return None
        return said, h, content_span(toks, first, end, (h.i, h.last), words, lang, h.kind)
    return None


def _speaker(
    text: str, toks: list[Token], hit: Hit, at: int, first: bool, lang: str, ctx: Context
) -> tuple[Said, list[Token]] | None:
    """Who speaks in the clause of ``hit``, and the words naming them (none for "he")."""
    if hit.kind in ("part", "and"):
        said = ctx.antecedent()
        own = (
            []
            if lang == "ar" or hit.kind == "and" or not first
            else en_subject(text, toks, hit, at)
        )
        if own and own[0].norm not in PRONOUNS:  # "Muslims disagreed, saying ...": their own
            said = attribute(text, own, lang, False, ctx)
            return (said, own) if said else None
        return (said, []) if said else None
    if hit.kind == "colon":
        words = colon_speaker(toks, hit.i)
    elif lang == "ar":
        words = ar_subject(toks, hit, first, at)
    else:
        words = en_subject(text, toks, hit, at)
    if not words or (lang == "en" and words[0].norm in PRONOUNS):  # he, "She further"
        said = ctx.antecedent(singular=bool(words) and words[0].norm in ("he", "she"))
        return (said, words) if said else None
    said = attribute(text, words, lang, hit.act in ("demands", "accuses"), ctx)
    return (said, words) if said else None


def _strip(text: str, start: int, end: int) -> str:
    start, end = trim(text, start, end)
    while end > start and text[end - 1] in "،,؛;:":
        end -= 1
    while start < end and text[start] in "،,؛;:":
        start += 1
    return text[slice(*trim(text, start, end))]
