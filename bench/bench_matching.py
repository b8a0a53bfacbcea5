"""Name resolution speed: NameIndex.suggest/exact against a plain rapidfuzz scan.

Synthetic index of ``size`` entities with four labels each (English, Arabic and Russian
spellings of a person's name, and an organisation-style name). Baseline: one
``process.extractOne(query, all_keys, scorer=fuzz.ratio)`` over the normalised labels,
measured in the same run. Run: ``python bench/bench_matching.py [size]``.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable

from rapidfuzz import fuzz, process

from claimdb.text.matching import Label, NameIndex
from claimdb.text.normalize import normalize

GOAL_MS = 50.0
_LATIN = ["ka", "ro", "mi", "sa", "le", "vo", "na", "ta", "di", "ser", "gei", "ov", "in", "al"]
_LATIN += ["ha", "mo", "ned", "bak", "ir", "us", "tor", "lan", "fe", "qu", "zh", "ek", "ul"]
_ARABIC = ["كا", "رو", "مي", "سا", "لي", "فو", "نا", "تا", "دي", "سير", "غي", "وف", "ين", "ال"]
_ARABIC += ["ها", "مو", "نيد", "باك", "ير", "وس", "تور", "لان", "في", "قو", "جه", "يك", "ول"]
_CYRILLIC = ["ка", "ро", "ми", "са", "ле", "во", "на", "та", "ди", "сер", "гей", "ов", "ин"]
_CYRILLIC += ["ха", "мо", "нед", "бак", "ир", "ус", "тор", "лан", "фе", "ку", "жа", "ек"]
_ORGS = ["Ministry", "Office", "Committee", "Council", "Front", "Brigade", "Agency"]


def _word(rng: random.Random, syllables: list[str], low: int = 2, high: int = 4) -> str:
    return "".join(rng.choice(syllables) for _ in range(rng.randint(low, high)))


def _labels(size: int, seed: int = 1) -> list[Label]:
    rng = random.Random(seed)
    labels = []
    for entity_id in range(size):
        picks = [rng.randrange(len(_LATIN)) for _ in range(rng.randint(4, 7))]
        cut = rng.randint(2, len(picks) - 2)
        first = "".join(_LATIN[i] for i in picks[:cut]).title()
        last = "".join(_LATIN[i] for i in picks[cut:]).title()
        name = f"{first} {last}"
        arabic = (
            "".join(_ARABIC[i] for i in picks[:cut])
            + " "
            + "".join(_ARABIC[i] for i in picks[cut:])
        )
        cyrillic = "".join(_CYRILLIC[i % len(_CYRILLIC)] for i in picks)
        org = f"{rng.choice(_ORGS)} of {_word(rng, _LATIN).title()} {_word(rng, _LATIN).title()}"
        labels += [Label(entity_id, name, text) for text in (name, arabic, cyrillic, org)]
    return labels


def _typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text))
    kind = rng.choice("sdi")
    if kind == "d":
        return text[:i] + text[i + 1 :]
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return text[:i] + letter + text[i + (kind == "s") :]


def _median_ms(func: Callable[[str], object], queries: list[str]) -> float:
    times = []
    for query in queries:
        start = time.perf_counter()
        func(query)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _row(operation: str, ours: float, baseline: float) -> dict[str, object]:
    return {
        "operation": operation,
        "claimdb_ms": round(ours, 3),
        "baseline_ms": round(baseline, 3),
        "ratio": round(ours / baseline, 3) if baseline else None,
        "goal": f"< {GOAL_MS:g} ms",
        "ok": ours < GOAL_MS,
    }


def run(size: int = 100_000, queries: int = 30) -> list[dict[str, object]]:
    """Median per-query times of exact and suggest over ``size`` entities × 4 labels."""
    labels = _labels(size)
    index = NameIndex(labels)
    all_keys = [normalize(label.text) for label in labels]
    rng = random.Random(2)
    known = [rng.choice(labels).text for _ in range(queries)]
    near = [_typo(rng, text) for text in known]
    unseen = [label.entity_name for label in _labels(queries, seed=99)[::4]]

    def baseline(query: str) -> object:
        return process.extractOne(normalize(query), all_keys, scorer=fuzz.ratio)

    base_near = _median_ms(baseline, near)
    base_unseen = _median_ms(baseline, unseen)
    return [
        _row("exact (known name)", _median_ms(index.exact, known), base_near),
        _row("suggest (one typo)", _median_ms(index.suggest, near), base_near),
        _row("suggest (unseen name)", _median_ms(index.suggest, unseen), base_unseen),
    ]


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    start = time.perf_counter()
    rows = run(size)
    print(f"{size} entities x 4 labels, index + queries in {time.perf_counter() - start:.1f} s")
    for row in rows:
        print("  ".join(f"{key}={value}" for key, value in row.items()))


if __name__ == "__main__":
    main()
