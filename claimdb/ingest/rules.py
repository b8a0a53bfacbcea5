"""Rules that find reporting verbs and the speaker phrase next to them (no resolution)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from claimdb.ingest.lexicon import (
    AR_DATE,
    AR_EVENT,
    AR_KANA,
    AR_LEAD,
    AR_PREP,
    AR_SPEAKER_END,
    AR_SPOKES,
    AR_STOP,
    AR_TITLES,
    AR_TOPICS,
    CONCERN,
    CONTENT_OPENERS,
    EN_AUXILIARIES,
    EN_BE,
    EN_CONJ,
    EN_CUT,
    EN_DET,
    EN_LEAD,
    EN_PREP,
    EN_RELATIVE,
    EN_ROLES,
    EN_SPOKES,
    EN_SUBORDINATE,
    EN_TITLES,
    LEX,
    STATEMENT_HEADS,
)
from claimdb.ingest.text import Token


@dataclass
class Hit:
    i: int  # token index of the verb
    last: int  # index of the verb's last token ("expressed concern", "according to")
    act: str
    kind: str
    prefixed: bool  # و/ف/كما before an Arabic verb


def verb_at(toks: list[Token], i: int, lang: str) -> Hit | None:
    """The reporting verb at token i, if it is one (with its act and kind)."""
    tok, lex = toks[i], LEX[lang]
    key, prefixed = lex.get(tok.norm), False
    if lang == "ar" and key is None and tok.norm[:1] in "وف" and len(tok.norm) > 3:
        key, prefixed = lex.get(tok.norm[1:]), True
    if lang == "ar" and key is None and tok.raw.endswith(("ه", "ها", "هم")):  # يصفه، اتهمها
        stem = tok.norm[: -2 if tok.raw.endswith(("ها", "هم")) else -1]
        for word, pre in ((stem, False), (stem[1:], True)):
            found = lex.get(word) if len(word) > 2 else None
            if found and found[1] == "verb" and (word == stem or stem[:1] in "وف"):
                key, prefixed = found, pre
                break
    if key is None:  # most words: decided without looking around
        return None
    affiliated = i + 1 < len(toks) and toks[i + 1].norm[:1] == "ل"  # "مركز تابع لـ"
    if lang == "ar" and affiliated and tok.norm.lstrip("وف") in ("تابع", "تابعت"):
        return None
    prev = toks[i - 1].norm if i else ""
    prefixed = prefixed or prev in ("كما", "وكما")
    if lang == "en" and ((tok.raw[0].isupper() and tok.norm != "according") or prev in EN_DET):
        return None
    if lang == "en" and prev == "to":
        return None
    nxt = [t.norm for t in toks[i + 1 : i + 7]]
    (act, kind), last = key, i
    if kind == "publish" and not any(w.startswith(("بيان", "تصريح", "تقرير")) for w in nxt):
        return None  # نشر بيانا, not نشر الجيش قوات
    if kind == "state":  # "they are concerned", "are now reporting": after a form of be
        if not any(t.norm in EN_BE for t in toks[max(0, i - 2) : i]):
            return None
        kind = "verb"
    if kind == "hit":  # hit out at / hit back at, never "strikes hit"
        if not nxt or nxt[0] not in ("out", "back"):
            return None
        return Hit(i, i + 1 + (nxt[1:2] == ["at"]), act, kind, prefixed)
    if kind == "express" and lang == "ar" and "عن" not in nxt[:5]:
        return None  # عبّر عن / أعرب عن, not the preposition عبر
    follow = {"according": ("to", "عن"), "call": ("on", "for", "upon")}.get(kind, ())
    if follow and not tok.norm.endswith("حسب"):  # according to, نقلا عن, called on; بحسب X
        if not nxt or nxt[0] not in follow:
            return None
        last = i + 1
    if kind == "express" and lang == "ar":  # أعرب X عن قلقه: the subject comes between
        act = "concern" if any(t.norm in CONCERN for t in toks[i + 1 : i + 16]) else act
    elif kind == "express" and any(w in CONCERN for w in nxt[:3]):
        act = "concern"
        last = i + next(k for k, w in enumerate(nxt) if w in CONCERN) + 1
    return Hit(i, last, act, kind, prefixed)


def ar_initial(toks: list[Token], hit: Hit) -> bool:
    """A verb that opens its clause (وقال، من جهته قال، X قد قال، X يقول); not 'أصيب طالب'."""
    i, before = hit.i, toks[: hit.i]
    if hit.prefixed or hit.kind in ("according", "part") or toks[i].norm[:1] in "يت":
        return True
    return (
        not before
        or not before[-1].word
        or before[-1].norm == "قد"
        or all(t.norm in AR_LEAD for t in before)
    )


def clause_start(toks: list[Token], hit: Hit, prev: Hit, lang: str) -> int | None:
    """Token index where a later verb's own clause starts, or None for embedded speech."""
    before = toks[hit.i - 1]
    if hit.kind == "and":
        return hit.i
    if hit.kind == "part":
        return hit.i if before.raw in "،,؛;" or before.norm == "و" else None
    if lang == "ar":
        at = hit.i - 1 if before.norm in ("كما", "وكما") else hit.i
        if hit.prefixed and toks[at - 1].raw in "،,؛;":
            return at
        present = toks[hit.i].norm[hit.prefixed :][:1] in "يت"
        embedded = any(t.norm in CONTENT_OPENERS for t in toks[prev.last + 1 : hit.i])
        if hit.prefixed and hit.i - prev.last >= 4 and (present or not embedded):
            return hit.i  # ... وتحذر من تخمة; انتقدت X كوريا الشمالية وطالبت بوقف ...
        if not hit.prefixed and present and not embedded:  # قطر تتهم ... والإعلام السعودي يصفه
            for m in range(hit.i - 1, max(prev.last, hit.i - 5), -1):
                if not toks[m].word:
                    break
                if toks[m].norm[:1] == "و" and len(toks[m].norm) > 3:
                    return m
        return None
    for j in range(hit.i - 1, max(prev.last, hit.i - 8), -1):
        if toks[j].norm in EN_CONJ:
            return j + 1
        if toks[j].norm == "that" or not toks[j].word:
            return None
    return None


def span_text(text: str, words: Sequence[Token]) -> str:
    return text[words[0].start : words[-1].end]


def phrase_key(words: Sequence[Token]) -> str:
    return " ".join(t.norm for t in words)


def _new_phrase(toks: list[Token], k: int) -> bool:
    """A word without the article after a definite one: a new noun phrase begins there
    («وزارة الخارجية الروسية واشنطن»), not a genitive or an adjective of the one before."""
    return toks[k].norm[:2] != "ال" and toks[k - 1].norm[:2] == "ال" and toks[k].word


def _adjective(tok: Token) -> bool:
    """A definite adjective (الأوروبي، الروسية، المتحدة): it agrees with the noun before it."""
    w = tok.norm
    return w[:2] == "ال" and (w.endswith(("ي", "يه", "يون", "يين")) or w == "المتحده")


def _object_like(tok: Token) -> bool:
    """A word no name holds: a pronoun suffix (معرفته، انتقاده) or بال/لل (بالوقوف، للملك)."""
    raw = tok.raw.rstrip("\u064b-\u0652")
    suffixed = raw.endswith(("ه", "ها", "هم", "هما")) and not raw.endswith("الله")
    return (suffixed and len(raw) >= 4) or tok.norm.startswith(("بال", "لل"))


def _ar_stop(toks: list[Token], k: int) -> bool:
    t, lex = toks[k], LEX["ar"]
    if k and toks[k - 1].word and _object_like(t) and toks[k - 1].norm not in LEX["ar"]:
        return True
    nxt = toks[k + 1].norm if k + 1 < len(toks) else ""
    if not t.word or t.norm.isdigit() or t.norm in AR_STOP | AR_DATE or t.norm in lex:
        return True
    if t.norm[:1] in "وف" and t.norm[1:] in lex:
        return True
    if t.norm == "علي":  # على أن / على ضرورة, but not the name Ali
        return nxt.startswith(("ان", "ال", "ضروره", "اهميه"))
    if t.norm in ("في", "خلال"):
        return nxt.removeprefix("ال").startswith(AR_EVENT)
    return t.norm == "ل" or t.norm.startswith(("للصحف", "لوكال", "لصحيف", "لقنا", "لموقع"))


def ar_subject(toks: list[Token], hit: Hit, first: bool, at: int = 0) -> list[Token]:
    """SVO for a present-tense verb after its subject ('تركيا تحذر فرنسا'); else VSO: the
    noun phrase after the verb; else 'كان X قد قال'; else a present-tense SVO."""
    i = hit.i
    if hit.kind == "verb" and not hit.prefixed and toks[i].norm[:1] in "يت" and i > at:
        lead = at
        while lead < i and (toks[lead].norm in AR_LEAD or not toks[lead].word):
            lead += 1
        for m in range(i - 1, lead - 1, -1):
            if not toks[m].word:
                lead = m + 1
                break
            if m > lead and toks[m].norm.startswith("وال"):  # قتيل في غزة والولايات المتحدة تشيد
                toks = [*toks[:m], _unprefixed(toks[m]), *toks[m + 1 :]]
                lead = m
                break
        if at and lead == at and toks[at].norm[:1] == "و":  # والإعلام السعودي يصفه
            toks = [*toks[:lead], _unprefixed(toks[lead]), *toks[lead + 1 :]]
        if 0 < i - lead <= 8:
            return toks[lead:i]
    j = k = _after_adverbial(toks, (hit.last if hit.kind == "according" else hit.i) + 1)
    no_subject = j < len(toks) and toks[j].norm in AR_PREP  # وتحذر من تخمة: the speaker before
    verbal_noun = j + 1 < len(toks) and toks[j].norm[:1] == "ب" and toks[j + 1].norm[:2] == "ال"
    if hit.act == "demands" and verbal_noun and toks[j].norm not in STATEMENT_HEADS:
        no_subject = True  # وطالبت بوقف التجارب: ب + a verbal noun, no subject of its own
    titled = j < len(toks) and toks[j].norm in AR_TITLES
    name_at = after_title(toks, j) if titled else -1  # الرئيس السوري بشار: a name, not بـ
    while not no_subject and k < len(toks) and k - j < 12 and not _ar_stop(toks, k):
        bi = toks[k].norm[:1] == "ب" and k != name_at
        if hit.act in ("accuses", "demands") and k - j >= 2 and bi:
            break
        if hit.act in ("accuses", "demands") and k > j and not titled and _new_phrase(toks, k):
            break  # انتقدت الأمم المتحدة كوريا الشمالية: the object starts a new noun phrase
        k += 1
    objected = k < len(toks) and toks[k].norm[:1] == "ب" and not _adjective(toks[k - 1])
    if k - j >= 2 and hit.act in ("accuses", "demands") and objected:
        k -= 1  # اتهمت الوزارة الحركة بـ: the last word before بـ is the object, not the speaker
    if k > j and k + 1 < len(toks) and toks[k].raw in "،," and toks[k + 1].norm in AR_SPOKES:
        close = next((m for m in range(k + 2, min(len(toks), k + 10)) if not toks[m].word), k + 2)
        return toks[j:close]  # «وقال وليم ميوم، المتحدث باسم حكومة الولاية،»: person and camp
    if k > j:
        return toks[j:k]
    if i >= 2 and toks[i - 1].norm == "قد":
        for m in range(i - 2, max(-1, i - 15), -1):
            if toks[m].norm in AR_KANA:
                return toks[m + 1 : i - 1]
            if not toks[m].word:
                break
    if first and not hit.prefixed and toks[i].norm[:1] in "يت":
        lead = 0
        while lead < i and toks[lead].norm in AR_LEAD:
            lead += 1
        if 0 < i - lead <= 8 and all(t.word for t in toks[lead:i]):
            return toks[lead:i]
    return []


def _after_adverbial(toks: list[Token], j: int) -> int:
    """Past an adverbial between a verb and its subject: «وقال في كلمة ألقاها أمس الوزير»,
    «وقال أمس الوزير»."""
    k = j
    event = k + 1 < len(toks) and toks[k + 1].norm.removeprefix("ال").startswith(AR_EVENT)
    if event and toks[k].norm in ("في", "خلال"):
        dated = [m for m in range(k + 2, min(len(toks), k + 8)) if toks[m].norm in AR_DATE]
        k = dated[0] + 1 if dated else k
    while k < len(toks) and toks[k].norm in AR_DATE:
        k += 1
    return k


def _unprefixed(tok: Token) -> Token:
    return Token(tok.start + 1, tok.end, tok.raw[1:], tok.norm[1:])


def headline_colon(toks: list[Token]) -> int | None:
    """Index of the colon of an Arabic headline 'X: what X said' (X a speaker, not a topic)."""
    colon = next((k for k, t in enumerate(toks[:9]) if not t.word), None)
    if colon is None or toks[colon].raw != ":" or colon == 0 or len(toks) - colon < 3:
        return None
    before = toks[:colon]
    if before[0].norm in AR_TOPICS or any(t.norm in LEX["ar"] for t in before):
        return None
    if len(before) == 1 and before[0].norm[:1] in "وف":  # «وتابع:», «وأردف:»: a verb
        return None
    return colon


def colon_speaker(toks: list[Token], colon: int) -> list[Token]:
    """The speaker of 'ظريف ردا على نتنياهو:': up to the first word that ends it."""
    words = toks[:colon]
    cut = next((k for k, t in enumerate(words) if k and t.norm in AR_SPEAKER_END), len(words))
    return words[:cut]


def en_subject(text: str, toks: list[Token], hit: Hit, lo: int) -> list[Token]:
    """SVO: the noun phrase before the verb; 'said X' and 'according to X' after it."""
    if hit.kind == "according":
        return _en_cut(toks[hit.last + 1 :])
    j = hit.i
    while j > lo and not _boundary(text, toks[j - 1]):
        j -= 1
    seg = toks[j : hit.i]
    while seg and not seg[0].word:
        seg = seg[1:]
    if seg and (seg[0].norm in EN_LEAD or seg[0].norm in EN_CONJ):
        commas = [k for k, t in enumerate(seg) if t.raw == ","]
        seg = seg[commas[0] + 1 :] if commas else seg[1:]
    elif seg and seg[0].norm.endswith("ing") and any(t.raw == "," for t in seg):
        seg = seg[next(k for k, t in enumerate(seg) if t.raw == ",") + 1 :]  # Speaking to X, Y
    if not seg and lo > 0:  # "..., and urged X": the subject of the clause before
        return []
    sub = [k for k, t in enumerate(seg) if t.norm in EN_SUBORDINATE]
    if sub and sub[-1] and seg[sub[-1] - 1].raw != ",":  # ..., which were sparked when X said
        seg = seg[sub[-1] + 1 :]
    parts: list[list[Token]] = [[]]
    for t in seg:
        parts.append([]) if t.raw == "," else parts[-1].append(t)
    parts = [p for p in parts if p and p[0].norm not in EN_RELATIVE | EN_PREP]  # who/in a speech
    np = parts[-1] if parts else []
    named = len(parts) > 1 and all(t.raw[:1].isupper() for t in parts[0] if t.word)
    if named and len(np) > 2 and np[0].norm in EN_DET and np[1].norm in EN_SPOKES:
        return [t for t in seg if t.start >= parts[0][0].start]  # X, a spokesman for Y, said
    if named and (np[0].norm in EN_DET | EN_SPOKES | EN_ROLES or _has_role(np)):
        np = parts[0]  # Jackie Baillie, health spokeswoman for Labour, (which ...,) said
    elif len(parts) > 1 and np[0].norm in ("a", "an") and seg[-1].raw == ",":
        np = parts[-2]  # the Observatory, a monitoring group, said (not "..., a police chief said")
    elif hit.kind == "part" and len(parts) > 1 and np[0].raw.islower():
        np = parts[0]  # X, (who ...,) spoke to CCTV about it, saying: the subject is X
    if hit.kind == "part":  # "Zapatero continued by saying": the name, not the verb after it
        verb = next((k for k, t in enumerate(np) if k and _verb_like(t)), len(np))
        cut = next((k for k, t in enumerate(np) if k and t.raw.islower()), len(np))
        np = np[:verb] if np and np[0].norm in EN_DET else np[:cut]
    elif len(parts) > 1 and _has_role(parts[-2] + np) and min(len(parts[-2]), len(np)) <= 4:
        head = parts[-2][0]  # "Ray, EU spokeswoman, said", not "3 were killed, a chief said"
        if head.raw[:1].isupper() or head.norm in EN_DET:
            np = [t for t in seg if t.start >= parts[-2][0].start]
    np = _en_cut(np)
    return np or _en_cut(toks[hit.last + 1 :])


def _boundary(text: str, tok: Token) -> bool:
    """Quotes, ; : ( ) and a free-standing dash end an English subject (datelines)."""
    spaced = text[tok.start - 1 : tok.start].isspace() and text[tok.end : tok.end + 1].isspace()
    return tok.raw in '"“”«»;:()—–' or (tok.raw == "-" and spaced)


def _en_cut(words: Sequence[Token]) -> list[Token]:
    out: list[Token] = []
    for t in words:
        if not out and not t.word:
            continue
        if (out and t.norm in EN_CUT) or (not t.word and t.raw not in "-.") or t.norm == "that":
            break
        out.append(t)
    while out and (not out[-1].word or _adverb(out[-1])):  # "The United Nations quickly"
        out.pop()
    return out


def _adverb(tok: Token) -> bool:
    return tok.raw.islower() and tok.norm.endswith("ly") and len(tok.norm) > 4


def _verb_like(tok: Token) -> bool:
    """A finite verb of English, roughly: an auxiliary or a lowercase -ed word."""
    return tok.raw.islower() and (tok.norm in EN_AUXILIARIES or tok.norm.endswith("ed"))


def _has_role(words: Sequence[Token]) -> bool:
    return any(t.norm in EN_SPOKES | EN_TITLES | EN_ROLES for t in words)


def spokesman_parts(words: list[Token], lang: str) -> tuple[list[Token], list[Token]] | None:
    """(person, camp) of 'X المتحدث باسم Y الجنرال Z' / 'Y's spokeswoman Z', else None."""
    spokes = AR_SPOKES if lang == "ar" else EN_SPOKES
    s = next((k for k, t in enumerate(words) if t.norm in spokes), None)
    if s is None:
        return None
    k = s + 1 + (s + 1 < len(words) and words[s + 1].norm in ("الرسمي", "official"))
    of = k < len(words) and words[k].norm in ("باسم", "of", "for")
    person, camp = (words[:s], words[k + 1 :]) if of else (words[s + 1 :], words[:s])
    if lang == "ar" and not person and camp:  # باسم X الجنرال Y / باسم الخارجية الروسية Y
        t = next((k for k, w in enumerate(camp) if w.norm in AR_TITLES), None)
        cut, at = (t, after_title(camp, t)) if t is not None else (after_title(camp, 0),) * 2
        rest = camp[at:]
        if rest and (t is not None or (len(rest) <= 4 and not any(_noun(w) for w in rest))):
            person, camp = rest, camp[:cut]
    person = [w for w in person if w.word and w.norm not in EN_DET]
    if lang == "en" and not any(w.raw[:1].isupper() for w in person):
        person = []  # "An official spokesperson for X": no name, X speaks through them
    camp = [w for w in camp if w.word]
    while camp and camp[0].norm in EN_DET:
        camp = camp[1:]
    return (person, camp) if camp else None


def _noun(word: Token) -> bool:
    """A definite noun or a preposition: not part of a personal name."""
    return word.norm[:2] == "ال" or word.norm in AR_PREP


def after_title(words: Sequence[Token], t: int) -> int:
    k = t + 1
    while k < len(words) and words[k].norm.startswith("ال"):
        k += 1
    return k


def title_end(words: list[Token], lang: str) -> int:
    titles = AR_TITLES if lang == "ar" else EN_TITLES
    found = [k for k, t in enumerate(words) if t.norm in titles]
    if not found:
        return 0
    return after_title(words, found[0]) if lang == "ar" else found[-1] + 1
