"""Propose attributed claims from Arabic or English news text, offline, by rules.

Pure: no database, no rich. ``propose`` finds reporting verbs (قال، أكد، نفى...; said,
denied...), the speaker phrase next to them, the speech act and the quoted words, and
resolves speakers through a callback given by the caller. It proposes; it creates nothing.
Words are compared through ``normalize.normalize``; every span points into the input text.

Rules worth knowing:
- Sentences end at . ! ? ؟ ؛ … and line breaks, never at a comma; a short line with no
  final punctuation in a text of several lines is a headline and proposes nothing.
- A sentence may hold several claims: a participle after a comma (مشيرا، مضيفا، بالقول;
  adding, noting), a coordinated complement (وأنه ...), or "، وأضاف" / ", while X said"
  each start one, by the same or a new speaker. A reporting verb inside a quotation, or
  inside another claim's content ("بيانا أشار إلى أن", "said that X denied"), does not.
- A pronoun, a verb with no subject (وأضاف أن), or a description ("the minister",
  المسؤول العسكري الروسي، البيان) is the previous speaker (a singular one for a singular
  description), and the proposal copies that speaker's phrase, name and camp.
- "المتحدث باسم X" / "X's spokeswoman": the named person is the speaker and X the camp;
  with no name, the spokesman last named for X, else X itself.
- The quote is a quotation of three words or more that is introduced (after : ، , أن
  that, a reporting verb, or at the start of the sentence); otherwise the claim's clause.

The package: ``lexicon`` (the word lists), ``text`` (tokens, sentences, quotations),
``rules`` (reporting verbs, clauses, speaker phrases), ``speakers`` (resolution and
back-references), ``measure`` (precision and recall against hand-entered claims).
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdb.errors import InvalidInput
from claimdb.ingest.lexicon import CONCERN, EN_CONJ, LEX, PRONOUNS
from claimdb.ingest.measure import quotes_overlap, score
from claimdb.ingest.rules import (
    Hit,
    ar_initial,
    ar_subject,
    clause_start,
    en_subject,
    phrase_key,
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


def propose(
    text: str, lang: str | None = None, resolve: Resolve = lambda s: None
) -> list[Proposal]:
    """Proposed claims of ``text``, in order. ``resolve(phrase)`` names a known entity."""
    lang = (lang or detect_lang(text)).lower()
    if lang not in LEX:
        raise InvalidInput(f"language {lang!r}: claims can be proposed from 'ar' or 'en' text")
    ctx, out = Context(resolve, []), []
    several = sum(1 for line in text.splitlines() if line.strip()) > 1
    for lo, hi in split_sentences(text):
        if not (several and is_heading(text, lo, hi)):
            out.extend(_sentence(text, lo, hi, lang, ctx, len(out)))
    return out


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
        said = _speaker(text, toks, hit, at, k == 0, lang, ctx)
        if said is None:
            continue
        ctx.history.append(said)
        q = pick_quote(quotes, verb_end, c_lo, c_hi)
        quote = _strip(text, q.start, q.end) if q else _strip(text, c_lo, c_hi)
        act = hit.act
        if act == "asserts" and any(t.norm in CONCERN for t in toks if c_lo <= t.start < c_hi):
            act = "concern"
        out.append(
            Proposal(
                done + len(out) + 1, text[lo:hi], quote, said.phrase, said.speaker, said.new,
                said.camp, act, verb, lang, said.new_name,
            )
        )  # fmt: skip
    return out


def _speaker(
    text: str, toks: list[Token], hit: Hit, at: int, first: bool, lang: str, ctx: Context
) -> Said | None:
    if hit.kind in ("part", "and"):
        return ctx.antecedent()
    words = ar_subject(toks, hit, first) if lang == "ar" else en_subject(text, toks, hit, at)
    if not words or (lang == "en" and phrase_key(words) in PRONOUNS):
        return ctx.antecedent(singular=phrase_key(words) in ("he", "she"))
    return attribute(text, words, lang, hit.act in ("demands", "accuses"), ctx)


def _strip(text: str, start: int, end: int) -> str:
    start, end = trim(text, start, end)
    while end > start and text[end - 1] in "،,؛;:":
        end -= 1
    while start < end and text[start] in "،,؛;:":
        start += 1
    return text[slice(*trim(text, start, end))]
