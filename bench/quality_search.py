"""Quality of Arabic search on real headlines: ``python -m bench quality-search``.

The claims are 1,500 real Arabic news headlines (bench/data/ans_headlines.txt, ANS
corpus, Apache-2.0; see bench/data/SOURCES.md). The labelled queries are built from
their own words:

- a *base* is a word of the corpus as it stands alone (three letters or more, not one
  of the 40 commonest words, not a proclitic + another corpus word);
- a claim is *relevant* to a base when one of its words is the base with any of the
  article and the proclitics before it, written out here on their own (the
  clitic-aware expectation): ``(و|ف)? (ب|ك|ل)? (ال)? base`` or ``(و|ف)? لل base``,
  compared after ``normalize`` (diacritics, alef and hamza seats, ة/ه);
- each base is typed five ways, as a user might: as written in a headline (bare), with
  the article, with a proclitic and the article (وال / بال) or و alone, with
  diacritics, and with another hamza seat or alef form (only where it has one);
- two-word queries pair two bases that share a headline; relevant = both.

Recall and precision are averaged over queries (macro) for each way of typing, on a
dev half of the bases (used while tuning the stemmer's guards) and a held-out half
(never looked at while tuning), split by a hash of the base. "exact first" counts the
queries in which no claim holding the query as typed (``written_words``) is ranked
below one that does not. "recall before" is what whole-word search on the normalised
form (claimdb before this version, though with this version's hamza folding) finds of
the same expectation.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data" / "ans_headlines.txt"
GOAL = 0.90
BASES = 240  # single-word bases sampled (split in two halves)
PAIRS = 160  # two-word queries sampled
COMMONEST = 40  # the commonest words are not bases (في، من، على ...)
WAYS = ("bare", "article", "clitic", "diacritics", "hamza")
_ARABIC_WORD = re.compile("^[\u0621-\u064a]+$")


@dataclass
class Tally:
    recall: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    before: list[float] = field(default_factory=list)  # recall of whole-word search
    misordered: int = 0

    def add(self, expected: set[int], found: list[int], whole_word: set[int]) -> None:
        hit = len(expected & set(found))
        self.recall.append(hit / len(expected) if expected else 1.0)
        self.precision.append(hit / len(found) if found else 1.0)
        self.before.append(len(expected & whole_word) / len(expected) if expected else 1.0)

    @staticmethod
    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else float("nan")


def headlines() -> list[str]:
    return [line for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def relevant_forms(base: str) -> re.Pattern[str]:
    """The clitic-aware expectation for ``base`` (a normalised word), as one pattern."""
    b = re.escape(base)
    return re.compile(f"^(?:[وف]?[بكل]?(?:ال)?{b}|[وف]?لل{b})$")


def _half(base: str) -> str:
    return "dev" if hashlib.sha256(base.encode()).digest()[0] % 2 == 0 else "held-out"


def _typed(surface: str, way: str, rng: random.Random) -> str | None:
    """``surface`` (a word as a headline writes it) typed one of the ``WAYS``."""
    if way == "bare":
        return surface
    if way == "article":
        return "ال" + surface
    if way == "clitic":
        return rng.choice(("وال", "بال", "و")) + surface
    if way == "diacritics":
        return surface[0] + "\u064e" + surface[1:] + "\u0652"  # fatha, sukun
    swaps = {"أ": "ا", "إ": "ا", "آ": "ا", "ا": "أ", "ؤ": "ئ", "ئ": "ؤ", "ة": "ه", "ى": "ي"}
    for i, letter in enumerate(surface):
        if letter in "أإآؤئ":  # a hamza seat or alef form typed another way
            return surface[:i] + swaps[letter] + surface[i + 1 :]
    return None


def build_queries(texts: list[str], seed: int = 20151002):
    """``(half, kind, way, typed query, expected claim ids)`` for every labelled query;
    claim ids are 1-based positions in ``texts``."""
    from claimdb.text.normalize import normalize

    rng = random.Random(seed)
    words = [normalize(t).split() for t in texts]
    surfaces: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        for raw in text.split():
            raw = raw.strip(".,،:؛!?\"'()«»-")
            key = normalize(raw)
            if key and " " not in key:
                surfaces[key].append(raw)
    counts: dict[str, int] = defaultdict(int)
    for ws in words:
        for w in ws:
            counts[w] += 1
    common = set(sorted(counts, key=counts.__getitem__, reverse=True)[:COMMONEST])
    vocabulary = set(counts)
    candidates = sorted(
        w
        for w in vocabulary
        if len(w) >= 3
        and _ARABIC_WORD.match(w)
        and w not in common
        and not w.startswith("ال")
        and not (w[0] in "وفبكل" and w[1:] in vocabulary)
        and not w.startswith("لل")
    )
    expected: dict[str, set[int]] = {}
    for base in candidates:
        pattern = relevant_forms(base)
        expected[base] = {i + 1 for i, ws in enumerate(words) if any(pattern.match(w) for w in ws)}
    bases = rng.sample(candidates, min(BASES, len(candidates)))
    for base in bases:
        surface = rng.choice([s for s in surfaces[base] if normalize(s) == base] or [base])
        for way in WAYS:
            typed = _typed(surface, way, rng)
            if typed is not None:
                yield _half(base), "one word", way, typed, expected[base]
    chosen = set(bases)
    pairs = sorted(
        {(a, b) for ws in words for a in set(ws) & chosen for b in set(ws) & chosen if a < b}
    )
    for a, b in rng.sample(pairs, min(PAIRS, len(pairs))):
        both = expected[a] & expected[b]
        half = _half(a) if _half(a) == _half(b) else "held-out"
        sa = rng.choice(surfaces[a] or [a])
        sb = rng.choice(surfaces[b] or [b])
        for way in WAYS:
            ta, tb = _typed(sa, way, rng), _typed(sb, "bare" if way == "clitic" else way, rng)
            if way == "clitic":
                ta, tb = _typed(sa, "article", rng), _typed(sb, "clitic", rng)
            if ta is None or tb is None:
                continue
            yield half, "two words", way, f"{ta} {tb}", both


def _load(path: Path, texts: list[str]):
    from claimdb.api import Claimdb

    db = Claimdb(str(path))
    records = (
        (n, {"type": "claim", "speaker": "ANS", "target": "News", "text": t, "lang": "ar"})
        for n, t in enumerate(texts, 1)
    )
    db.import_records(records, "ans_headlines.txt", create_entities=True)
    return db


def measure(work: Path) -> dict[tuple[str, str, str], Tally]:
    from claimdb.text.normalize import normalize, written_words

    texts = headlines()
    words = [set(normalize(t).split()) for t in texts]
    db = _load(work / "ans.db", texts)
    tallies: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    try:
        for half, kind, way, typed, expected in build_queries(texts):
            hits = db.search(typed, limit=10_000).hits
            found = [h.claim.id for h in hits]
            tally = tallies[half, kind, way]
            typed_words = normalize(typed).split()  # before: whole words, normalised
            whole_word = {i + 1 for i, ws in enumerate(words) if all(w in ws for w in typed_words)}
            tally.add(expected, found, whole_word)
            wanted = set(written_words(typed))
            as_typed = [wanted <= set(written_words(texts[i - 1])) for i in found]
            if any(later and not earlier for earlier, later in itertools.pairwise(as_typed)):
                tally.misordered += 1
    finally:
        db.close()
    return tallies


def report(tallies: dict[tuple[str, str, str], Tally]) -> tuple[str, bool]:
    lines = [
        "| half | query | typed | queries | recall | precision | exact first | recall before |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    ok = True
    for (half, kind, way), t in sorted(
        tallies.items(), key=lambda i: (i[0][0], i[0][1], WAYS.index(i[0][2]))
    ):
        recall, precision = Tally.mean(t.recall), Tally.mean(t.precision)
        if half == "held-out" and (recall < GOAL or precision < GOAL or t.misordered):
            ok = False
        lines.append(
            f"| {half} | {kind} | {way} | {len(t.recall)} | {recall:.3f} | {precision:.3f} "
            f"| {len(t.recall) - t.misordered}/{len(t.recall)} | {Tally.mean(t.before):.3f} |"
        )
    for half in ("dev", "held-out"):
        every = [t for (h, _, _), t in tallies.items() if h == half]
        recall = Tally.mean([r for t in every for r in t.recall])
        precision = Tally.mean([p for t in every for p in t.precision])
        before = Tally.mean([r for t in every for r in t.before])
        lines.append(
            f"| {half} | all | all | {sum(len(t.recall) for t in every)} "
            f"| {recall:.3f} | {precision:.3f} | | {before:.3f} |"
        )
    return "\n".join(lines), ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench quality-search", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--workdir", type=Path, help="Keep the database here.")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimdb-quality-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        (work / "ans.db").unlink(missing_ok=True)
        table, ok = report(measure(work))
    print(
        f"Arabic search quality on {len(headlines()):,} ANS headlines (goal: recall and "
        f"precision >= {GOAL} on the held-out half, exact forms first); "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    print(table)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
