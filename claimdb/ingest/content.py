"""The claim itself: the reported content of a clause, and the act read from it (pure).

The content starts after the reporting verb and its subject ("X said", "قال X"), past an
Arabic apposition («X، مدير الشرطة،»), at the first opener within reach ("that", أن، إن،
بأن، أنه... after an adverbial: "told the inquiry on Tuesday that"), and runs to the end
of the clause, or to an "and" that joins a new verb to the reporting verb ("condemned X
and threatened to Y"); when nothing follows the verb and its speaker ("..., X said",
"..., according to X") it is what comes before them. A quotation introduced by the verb
is the content as it stands.

The act starts as the verb's (lexicon) and is read again from the content: a negation
near its start about the speaker itself or about responsibility ("it was not his
department's job", "was not responsible", «لا نخطط», «ليس لديها») is a denial; an
accusation word ("behind", "war crimes", «وراء», «جرائم») an accusation; an obligation
("must", "should", «يجب», «على X أن») a demand.
"""

from __future__ import annotations

from claimdb.ingest.lexicon import (
    ACCUSATION,
    ADVERBIAL_EN,
    CONCERN,
    CONTENT_OPENERS,
    DEMAND_OPENERS,
    EN_AUXILIARIES,
    EN_DET,
    LEX,
    NEGATION,
    RESPONSIBILITY,
    SELF,
)
from claimdb.ingest.text import Token

REACH = 15  # tokens after the verb and its speaker within which an opener is looked for


def content_span(
    toks: list[Token],
    lo: int,
    hi: int,
    verb: tuple[int, int],
    speaker: list[Token],
    lang: str,
    kind: str = "verb",
) -> tuple[int, int] | None:
    """(start, end) character span of the content of the clause toks[lo:hi] (token indexes),
    whose reporting verb spans tokens verb[0]..verb[1] and whose speaker words are given."""
    v_first, v_last = verb
    after = v_last + 1
    if speaker and speaker[0].start > toks[v_last].start:  # VSO / "said X"
        end = speaker[-1].end
        after = next((k for k in range(v_last + 1, hi) if toks[k].start >= end), hi)
    if lang == "ar" and after < hi and toks[after].raw in "،,":  # X، مدير الشرطة، وقوع الحادث
        close = next(
            (k for k in range(after + 1, min(hi, after + 10)) if toks[k].raw in "،,"), None
        )
        if close is not None and not any(t.norm in LEX[lang] for t in toks[after:close]):
            after = close + 1
    if kind == "express":  # أعرب عن قلقه بشأن X: the content is what the worry is about
        stop = min(hi, after + 6)
        after = next((k + 1 for k in range(after, stop) if toks[k].norm in CONCERN), after)
    start = after
    for k in range(after, min(hi, after + REACH)):
        tok = toks[k]
        if tok.norm in CONTENT_OPENERS:
            opens = k == after or kind == "publish" or _adverbial(toks[after:k], lang)
            start = k + 1 if opens else start  # نشرت الوزارة بيانا أشار إلى أن ...
            break
        if tok.raw in '"“«' or (k > after and tok.norm in LEX[lang] and kind != "publish"):
            break
    if lang == "en" and start == after and toks[v_first].norm in TOLD:  # told Press Gazette X
        while start < min(hi, after + 5) and _addressee(toks, start):
            start += 1
    while start < hi and not toks[start].word and toks[start].raw not in '"“«(':
        start += 1
    if hi - start >= 2:
        end = _main_and(toks, start, hi) if lang == "en" and kind != "express" else hi
        return toks[start].start, toks[end - 1].end
    first = min([v_first, *(k for k in range(lo, hi) if speaker and toks[k] is speaker[0])])
    end = first
    while end > lo and not toks[end - 1].word:
        end -= 1
    return (toks[lo].start, toks[end - 1].end) if end - lo >= 2 else None


TOLD = frozenset({"told", "tell", "tells", "telling"})


def _addressee(toks: list[Token], k: int) -> bool:
    """A word of whom a statement was told to: 'Press Gazette', 'the BBC', 'reporters'."""
    tok, nxt = toks[k], toks[k + 1] if k + 1 < len(toks) else toks[k]
    if tok.norm in EN_DET:
        return nxt.raw[:1].isupper()  # the BBC, not "the talks"
    return tok.raw[:1].isupper() or tok.norm in ("reporters", "journalists")


def _main_and(toks: list[Token], start: int, hi: int) -> int:
    """Where the content of 'condemned X and threatened to Y', 'criticized X, and the US
    stopped aid' ends: at an 'and'/'but' that joins a new verb to the reporting verb, i.e.
    one with no verb of the content before it."""
    for k in range(start + 1, hi - 1):
        word = toks[k]
        if word.norm not in ("and", "but"):
            continue
        before = toks[start:k]
        if any(_verb_like(t) for t in before):
            return hi
        nxt = toks[k + 1 : k + 6]
        if _verb_like(nxt[0]) or (
            (nxt[0].raw[:1].isupper() or nxt[0].norm in EN_DET)
            and any(_verb_like(t) for t in nxt[1:])
        ):
            end = k
            while end > start and not toks[end - 1].word:
                end -= 1
            return end
    return hi


def _verb_like(tok: Token) -> bool:
    return tok.raw.islower() and (tok.norm in EN_AUXILIARIES or tok.norm.endswith("ed"))


def _adverbial(words: list[Token], lang: str) -> bool:
    """Words between a verb and its 'that'/أن that do not belong to the content: 'on
    Tuesday', 'in a Reuters interview', 'the BBC' after told; «لترامب», «في بيان»."""
    if len(words) > (8 if lang == "en" else 14) or any(w.norm in LEX[lang] for w in words):
        return False
    if lang == "ar":
        return not any(w.norm in NEGATION for w in words)
    return words[0].norm in ADVERBIAL_EN or words[0].raw[:1].isupper() or words[0].norm in EN_DET


def act_of(act: str, content: list[Token], lang: str) -> str:
    """The act of a statement from its verb's act and the words of its content."""
    words = [t.norm for t in content if t.word]
    if act != "asserts" or not words:
        return act
    head = words[:6]
    if any(w in NEGATION for w in head):
        at = next(k for k, w in enumerate(words) if w in NEGATION)
        near = words[at + 1 : at + 5] if lang == "en" else words[max(0, at - 2) : at + 2]
        first_person = lang == "ar" and at + 1 < len(words) and words[at + 1][:1] == "ن"
        about = words[: at + 8]
        if first_person or any(w in SELF for w in near + words[:at]):
            return "denies"
        if any(w in RESPONSIBILITY for w in about):  # "the air force was not responsible"
            return "denies"
    elif any(w in ACCUSATION for w in words[:10]):  # "said Y was behind the attack"
        return "accuses"
    if words[0] in DEMAND_OPENERS or (lang == "en" and {"must", "should"} & set(words[:5])):
        return "demands"
    return act
