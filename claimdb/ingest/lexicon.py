"""Word lists of the ingest rules: reporting verbs by speech act, and the words around them.

The lists are data: ``claimdb/ingest/words.toml`` (package data), with their sources and
what each list is for. Every word is kept in its normalised form (``word_key``), so
diacritics, hamza forms and tatweel do not hide a verb.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files

from claimdb.text.normalize import normalize


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """The comparison key of one word (cached: news text repeats its words)."""
    return normalize(word).replace(" ", "")


def word_set(words: str) -> frozenset[str]:
    return frozenset(word_key(w) for w in words.split())


_DATA = tomllib.loads(files("claimdb.ingest").joinpath("words.toml").read_text("utf-8"))


def _lexicon(lang: str) -> dict[str, tuple[str, str]]:
    """normalised verb form → (act, kind)."""
    return {
        w: (act, kind)
        for act, kinds in _DATA["verbs"][lang].items()
        for kind, words in kinds.items()
        for w in word_set(words)
    }


def _list(name: str) -> frozenset[str]:
    return word_set(_DATA["lists"][name])


LEX = {"ar": _lexicon("ar"), "en": _lexicon("en")}
CONCERN = _list("concern")
AR_STOP = _list("ar_stop")
AR_DATE = _list("ar_date")
AR_EVENT = tuple(_DATA["lists"]["ar_event"].split())  # prefixes of normalised words
AR_LEAD = _list("ar_lead")
AR_SPOKES = _list("ar_spokes")
AR_TITLES = _list("ar_titles")
AR_ROLES = _list("ar_roles")
AR_RELATIONS = _list("ar_relations")
AR_KANA = _list("ar_kana")
AR_PREP = _list("ar_prep")
EN_BE = _list("en_be")
EN_NAME_PARTICLES = _list("en_name_particles")
EN_AUXILIARIES = _list("en_auxiliaries")
EN_LEAD = _list("en_lead")
EN_CUT = _list("en_cut")
EN_CONJ = _list("en_conj")
EN_RELATIVE = _list("en_relative")
EN_PREP = _list("en_prep")
EN_SUBORDINATE = _list("en_subordinate")
EN_DET = _list("en_det")
EN_SPOKES = _list("en_spokes")
EN_TITLES = _list("en_titles")
EN_ROLES = _list("en_roles")
PRONOUNS = _list("pronouns")
INTRO = _list("intro")
CONTENT_OPENERS = _list("content_openers")
NEGATION = _list("negation")
SELF = _list("self")
ADVERBIAL_EN = _list("adverbial_en")
RESPONSIBILITY = _list("responsibility")
ACCUSATION = _list("accusation")
STATEMENT_HEADS = _list("statement_heads")
DEMAND_OPENERS = _list("demand_openers")
AR_TOPICS = _list("ar_topics")
AR_SPEAKER_END = _list("ar_speaker_end")
