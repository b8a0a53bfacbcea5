"""Seeded synthetic data: entities, sources, claims and links that look like the real thing.

Entities have Latin names with Arabic (and some Russian) aliases, built from one syllable
table so that a name and its aliases correspond; they form camps (states → ministries and
organisations → people) and a few coalitions. Claims carry an Arabic statement (or an
English one, one in ten) with an English translation, a date, a speech act, a topic and a
place. Links form disputes of varied size: mostly pairs and small groups, a long tail of
larger ones, and one dispute of ``Size.big`` claims under its own topic (``BIG_TOPIC``).

Everything is a plain dict with integer ids numbered from 1, in dependency order, so the
same stream can be written as JSONL for ``claimdb import`` or straight into the schema.
The same seed gives the same data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

BIG_TOPIC = "bench-big-dispute"
SEED = 20151002


@dataclass(frozen=True)
class Size:
    """How much data: entity, claim and link counts, and the size of the one big dispute."""

    name: str
    entities: int
    claims: int
    links: int
    big: int = 1_000

    @property
    def sources(self) -> int:
        return max(10, self.claims // 50)


SIZES = {
    "quick": Size("quick", entities=2_000, claims=20_000, links=4_000),
    "medium": Size("medium", entities=20_000, claims=200_000, links=40_000),
    "full": Size("full", entities=100_000, claims=1_000_000, links=200_000),
}

# One syllable table, three scripts: a name and its aliases are spelled alike.
_SYLLABLES = [
    ("ka", "كا", "ка"), ("ro", "رو", "ро"), ("mi", "مي", "ми"), ("sa", "سا", "са"),
    ("le", "لي", "ле"), ("vo", "فو", "во"), ("na", "نا", "на"), ("ta", "تا", "та"),
    ("di", "دي", "ди"), ("ser", "سير", "сер"), ("gei", "غي", "гей"), ("ov", "وف", "ов"),
    ("in", "ين", "ин"), ("al", "ال", "ал"), ("ha", "ها", "ха"), ("mo", "مو", "мо"),
    ("ned", "نيد", "нед"), ("bak", "باك", "бак"), ("ir", "ير", "ир"), ("us", "وس", "ус"),
    ("tor", "تور", "тор"), ("lan", "لان", "лан"), ("fe", "في", "фе"), ("qu", "قو", "ку"),
    ("zha", "جا", "жа"), ("ek", "يك", "ек"), ("ul", "ول", "ул"), ("ra", "را", "ра"),
    ("shi", "شي", "ши"), ("dar", "دار", "дар"), ("bu", "بو", "бу"), ("jan", "جان", "джан"),
]  # fmt: skip
_STATE_FORMS = [("Republic of", "جمهورية"), ("Kingdom of", "مملكة"), ("State of", "دولة")]
_BODIES = [
    ("ministry", "Ministry of Defence of", "وزارة الدفاع في"),
    ("ministry", "Foreign Ministry of", "وزارة الخارجية في"),
    ("government", "Government of", "حكومة"),
    ("media", "News Agency of", "وكالة أنباء"),
    ("armed_group", "Brigade of", "لواء"),
    ("organisation", "Observatory of", "مرصد"),
    ("group", "Activists of", "ناشطون في"),
]
_ACTS = ["asserts"] * 6 + ["denies"] * 2 + ["demands", "concern", "accuses"]
_PLACES = [
    ("Raqqa", "الرقة"), ("Hama", "حماة"), ("Homs", "حمص"), ("Idlib", "إدلب"),
    ("Aleppo", "حلب"), ("Damascus", "دمشق"), ("Latakia", "اللاذقية"), ("Deir ez-Zor", "دير الزور"),
    ("Daraa", "درعا"), ("Palmyra", "تدمر"), ("Mosul", "الموصل"), ("Tripoli", "طرابلس"),
]  # fmt: skip
_SUBJECTS = [
    ("the air strikes", "الغارات الجوية"), ("the ground forces", "القوات البرية"),
    ("the armed groups", "الجماعات المسلحة"), ("the opposition", "المعارضة"),
    ("the civilians", "المدنيين"), ("the command centre", "مركز القيادة"),
    ("the ammunition depots", "مستودعات الذخيرة"), ("the convoy", "القافلة"),
    ("the aid workers", "عمال الإغاثة"), ("the hospital", "المستشفى"),
]  # fmt: skip
_PREDICATES = [
    ("targeted only terrorist sites in", "استهدفت مواقع إرهابية فقط في"),
    ("killed {n} civilians in", "قتلت {n} مدنيا في"),
    ("destroyed {n} positions near", "دمرت {n} مواقع قرب"),
    ("did not take part in the fighting in", "لم تشارك في القتال في"),
    ("withdrew from the outskirts of", "انسحبت من أطراف"),
    ("hit a market with {n} shells in", "أصابت سوقا بـ {n} قذائف في"),
    ("carried out {n} sorties over", "نفذت {n} طلعات جوية فوق"),
    ("must stop the attacks on", "يجب أن توقف الهجمات على"),
]  # fmt: skip
_VERBS = [("said that", "قال إن"), ("denied that", "نفى أن"), ("stressed that", "أكد أن")]
_TOPICS = [
    "airstrikes", "casualties", "ground-forces", "targets", "ceasefire", "aid", "chemical",
    "prisoners", "refugees", "sanctions", "negotiations", "borders", "oil", "hospitals",
    "convoys", "media", "elections", "militias", "drones", "sieges",
]  # fmt: skip
_NOTES = [
    "exclusively ISIS vs not aimed at ISIS",
    "casualty figures differ",
    "denies what the other asserts",
    "same event, opposite account",
    "confirms the report",
]
_START = date(2011, 3, 15)
_DAYS = 5_000


class _Names:
    """Unique entity names in three scripts from the shared syllable table."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def word(self, low: int = 2, high: int = 3) -> tuple[str, str, str]:
        picks = [self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(low, high))]
        return tuple("".join(p[k] for p in picks) for k in range(3))  # type: ignore[return-value]

    def unique(self, make) -> tuple[str, ...]:
        while True:
            names = make()
            if names[0].lower() not in self.seen:
                self.seen.add(names[0].lower())
                return names


def entities(size: Size, rng: random.Random) -> Iterator[dict]:
    """States (1%), their bodies (19%), people (80%) and a few coalitions, parents first."""
    names = _Names(rng)
    n_states = max(3, size.entities // 100)
    n_bodies = max(6, size.entities // 5)
    n_coalitions = max(1, size.entities // 10_000)
    n_people = size.entities - n_states - n_bodies - n_coalitions
    for i in range(1, n_states + 1):
        form, form_ar = rng.choice(_STATE_FORMS)

        def state(form=form, form_ar=form_ar) -> tuple[str, ...]:
            lat, ar, ru = names.word(2, 4)
            return f"{form} {lat.title()}", f"{form_ar} {ar}", lat.title(), ru.title()

        name, ar, short, ru = names.unique(state)
        yield {"id": i, "name": name, "kind": "state", "aliases": [ar, short, ru], "parent": None}
    for i in range(n_states + 1, n_states + n_bodies + 1):
        parent = rng.randint(1, n_states)
        kind, form, form_ar = rng.choice(_BODIES)

        def body(form=form, form_ar=form_ar) -> tuple[str, ...]:
            lat, ar, _ = names.word(2, 4)
            return f"{form} {lat.title()}", f"{form_ar} {ar}"

        name, ar = names.unique(body)
        yield {"id": i, "name": name, "kind": kind, "aliases": [ar], "parent": parent}
    first_person = n_states + n_bodies + 1
    for i in range(first_person, first_person + n_people):

        def person() -> tuple[str, ...]:
            (f_lat, f_ar, f_ru), (l_lat, l_ar, l_ru) = names.word(), names.word(2, 4)
            return f"{f_lat.title()} {l_lat.title()}", f"{f_ar} {l_ar}", f"{f_ru} {l_ru}".title()

        name, ar, ru = names.unique(person)
        aliases = [ar, ru] if rng.random() < 0.3 else [ar]
        parent = rng.randint(n_states + 1, n_states + n_bodies) if rng.random() < 0.7 else None
        yield {"id": i, "name": name, "kind": "person", "aliases": aliases, "parent": parent}
    for i in range(first_person + n_people, size.entities + 1):
        members = sorted(rng.sample(range(1, n_states + 1), min(n_states, 7)))
        lat, ar, _ = names.unique(lambda: names.word(3, 4))
        yield {
            "id": i,
            "name": f"Coalition {lat.title()}",
            "kind": "coalition",
            "aliases": [f"تحالف {ar}"],
            "parent": None,
            "members": members,
        }


def sources(size: Size, rng: random.Random) -> Iterator[dict]:
    for i in range(1, size.sources + 1):
        day = _START + timedelta(days=rng.randrange(_DAYS))
        yield {
            "id": i,
            "title": f"Report {i} on the fighting",
            "publisher": rng.choice(["RT Arabic", "Al Jazeera", "Reuters", "SANA", "Anadolu"]),
            "url": f"https://news.example/{day.isoformat()}/{i}",
            "published_on": day.isoformat(),
            "lang": "ar",
        }


def _clause(rng: random.Random) -> tuple[str, str, str]:
    (subj, subj_ar), (pred, pred_ar) = rng.choice(_SUBJECTS), rng.choice(_PREDICATES)
    (place, place_ar), n = rng.choice(_PLACES), rng.randint(2, 400)
    english = f"{subj} {pred.format(n=n)} {place}"
    return english, f"{subj_ar} {pred_ar.format(n=n)} {place_ar}", place


def _statement(rng: random.Random) -> tuple[str, str, str]:
    """(Arabic text, English translation, place) of one statement of about 80 letters."""
    (verb, verb_ar), (english, arabic, place) = rng.choice(_VERBS), _clause(rng)
    english, arabic = f"{verb.capitalize()} {english}", f"{verb_ar} {arabic}"
    if rng.random() < 0.6:
        more, more_ar, _ = _clause(rng)
        english, arabic = f"{english}, adding that {more}", f"{arabic}، مضيفا أن {more_ar}"
    return arabic + ".", english + ".", place


def _skewed(rng: random.Random, low: int, high: int, power: float = 2.5) -> int:
    """An id in [low, high], the low ones far more often (a few speakers say most)."""
    return low + int((high - low + 1) * rng.random() ** power)


def claims(size: Size, rng: random.Random, big: set[int]) -> Iterator[dict]:
    """``size.claims`` claims; those in ``big`` share BIG_TOPIC and a handful of speakers."""
    people = max(1, size.entities // 100 + size.entities // 5)  # first person id
    big_speakers = [rng.randint(1, size.entities) for _ in range(30)]
    seen: set[int] = set()  # hashes of (speaker, date, text): content keys stay unique
    for i in range(1, size.claims + 1):
        speaker = rng.choice(big_speakers) if i in big else _skewed(rng, 1, size.entities)
        said = None if rng.random() < 0.01 else _START + timedelta(days=rng.randrange(_DAYS))
        english_first = rng.random() < 0.1
        while True:
            arabic, english, place = _statement(rng)
            text = english if english_first else arabic
            key = hash((speaker, said, text))
            if key not in seen:
                seen.add(key)
                break
        claim = {
            "id": i,
            "speaker": speaker,
            "target": _skewed(rng, 1, people, 1.5),
            "text": text,
            "translation": None if english_first else english,
            "lang": "en" if english_first else "ar",
            "said_on": said and said.isoformat(),
            "source": rng.randint(1, size.sources) if rng.random() < 0.8 else None,
            "act": rng.choice(_ACTS),
            "topic": BIG_TOPIC if i in big else rng.choice(_TOPICS),
            "location": place,
            "via": [rng.randint(1, size.entities)] if rng.random() < 0.05 else [],
            "retracted": "withdrawn by the speaker" if rng.random() < 0.003 else None,
        }
        yield claim


def _component_size(rng: random.Random) -> int:
    """Claims in one dispute: pairs mostly, then small groups, a long tail up to 200."""
    r = rng.random()
    if r > 0.995:
        return rng.randint(21, 200)
    return 2 if r < 0.55 else rng.randint(3, 5) if r < 0.9 else rng.randint(6, 20)


def _edges(rng: random.Random, ids: list[int]) -> Iterator[tuple[int, int]]:
    """A random tree over ``ids`` plus one more pair per five claims (some get tangled)."""
    for n in range(1, len(ids)):
        yield ids[n], ids[rng.randrange(n)]
    for _ in range(len(ids) // 5):
        yield tuple(rng.sample(ids, 2))  # type: ignore[misc]


def plan_links(size: Size, rng: random.Random) -> tuple[set[int], list[dict]]:
    """The claims of the big dispute, and ``size.links`` links over random claims."""
    pool = rng.sample(range(1, size.claims + 1), min(size.claims, size.links * 2 + size.big))
    big, at = pool[: size.big], size.big
    group = big
    links: list[dict] = []
    seen: set[tuple[int, int]] = set()
    while group:
        for x, y in _edges(rng, group):
            pair = (min(x, y), max(x, y))
            if pair in seen or len(links) >= size.links:
                continue
            seen.add(pair)
            relation = "contradicts" if rng.random() < 0.75 else "supports"
            note = rng.choice(_NOTES) if rng.random() < 0.5 else None
            links.append({"a": pair[0], "b": pair[1], "relation": relation, "note": note})
        k = _component_size(rng)
        group = pool[at : at + k] if len(links) < size.links and at + k <= len(pool) else []
        at += k
    links.sort(key=lambda link: (link["a"], link["b"]))
    return set(big), links


@dataclass
class Dataset:
    """The generated data, as streams (claims are produced lazily: a million of them)."""

    size: Size
    seed: int = SEED

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        self.big, self.links = plan_links(self.size, rng)

    def entities(self) -> Iterator[dict]:
        return entities(self.size, random.Random(self.seed + 1))

    def sources(self) -> Iterator[dict]:
        return sources(self.size, random.Random(self.seed + 2))

    def claims(self) -> Iterator[dict]:
        return claims(self.size, random.Random(self.seed + 3), self.big)
