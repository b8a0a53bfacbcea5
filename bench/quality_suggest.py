"""``python -m bench quality-suggest``: how good ``claimdb suggest`` is on labelled real text.

Two corpora of real news text, each with a tuning split and a held-out split:

- Arabic: ANS (Khouja 2020, Apache-2.0), ``/work/shared/eval/ans/`` (or ``--ans DIR``):
  headline ``s1`` vs paraphrase or corrupted headline ``s2``, labelled agree / disagree /
  other. ``train`` is the tuning split; ``dev`` is reported as held out (never tuned on).
- English: Emergent (Ferreira & Vlachos 2016), ``bench/data/emergent_test.csv``: a
  rumoured claim vs news headlines, labelled for / against / observing. Stories (claims)
  are split by a hash of the claim id into ``dev`` (tuning) and ``held-out``.

Each distinct text becomes one claim (act ``asserts``) by one of ``SPEAKERS`` outlets
(each its own camp, chosen by a hash of the text: some true pairs share a camp, as in
life). A *story* is a connected group of labelled pairs. Truth: a labelled contradiction
(disagree / against) is a positive; so is a pair whose sides follow from the labels
(agree/for keep a side, disagree/against switch it: two headlines, one for and one against
the claim, contradict). A pair of two stories is unrelated (wrong). A pair inside a story
that the labels do not settle (one of its claims only "observing"/"other") is
*unjudged*: precision is computed over the judged suggestions (the unjudged ones are
skipped and counted in their own column), recall over all suggestions.

Two setups, each in a fresh SQLite database: all claims under one shared target (how an
analyst records a running story before splitting it), and one target per story.
Printed: precision of the top 20 and top 50 contradiction suggestions, and recall of the
positive pairs within 2x their number of suggestions.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ANS_DIR = Path("/work/shared/eval/ans")
EMERGENT = Path(__file__).parent / "data" / "emergent_test.csv"
SPEAKERS = 8
SIDE_SWITCH = {"disagree": 1, "against": 1, "agree": 0, "for": 0}  # others: no relation


@dataclass
class Corpus:
    """Texts and labelled pairs (indexes into ``texts``)."""

    name: str
    lang: str
    texts: list[str] = field(default_factory=list)
    pairs: list[tuple[int, int, str]] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def text_id(self, text: str) -> int:
        text = " ".join(text.split())
        if text not in self._index:
            self._index[text] = len(self.texts)
            self.texts.append(text)
        return self._index[text]

    def add(self, a: str, b: str, label: str) -> None:
        i, j = self.text_id(a), self.text_id(b)
        if i != j:
            self.pairs.append((min(i, j), max(i, j), label))


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")


def ans(split: str, folder: Path = ANS_DIR) -> Corpus:
    corpus = Corpus(f"ANS {split}", "ar")
    with (folder / f"{split}.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            corpus.add(row["s1"], row["s2"], row["stance"])
    return corpus


def emergent(part: str, path: Path = EMERGENT) -> Corpus:
    """``part`` is ``dev`` (stories whose claim id hashes even) or ``held-out`` (odd)."""
    corpus = Corpus(f"Emergent {part}", "en")
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if (_hash(row["claim_id"]) % 2 == 0) == (part == "dev"):
                corpus.add(row["claim"], row["headline"], row["stance"])
    return corpus


def stories(corpus: Corpus) -> list[int]:
    """The story (connected group of labelled pairs) of each text (union-find)."""
    parent = list(range(len(corpus.texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in corpus.pairs:
        parent[find(i)] = find(j)
    return [find(i) for i in range(len(corpus.texts))]


def sides(corpus: Corpus) -> dict[int, tuple[int, int]]:
    """(component, side) of each text reachable through agree/disagree labels, for the
    components whose labels are consistent (two-colouring, as ``report`` does)."""
    adjacent: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, j, label in corpus.pairs:
        if label in SIDE_SWITCH:
            adjacent[i].append((j, SIDE_SWITCH[label]))
            adjacent[j].append((i, SIDE_SWITCH[label]))
    out: dict[int, tuple[int, int]] = {}
    for start in sorted(adjacent):
        if start in out:
            continue
        side, stack, consistent = {start: 0}, [start], True
        while stack:
            here = stack.pop()
            for there, flip in adjacent[here]:
                if there not in side:
                    side[there] = side[here] ^ flip
                    stack.append(there)
                elif side[there] != side[here] ^ flip:
                    consistent = False
        if consistent:
            out.update((i, (start, s)) for i, s in side.items())
    return out


@dataclass
class Truth:
    """Which pairs contradict, and which pairs the labels settle at all."""

    positives: set[tuple[int, int]]
    labels: dict[tuple[int, int], str]
    story: list[int]
    side: dict[int, tuple[int, int]]

    def judged(self, pair: tuple[int, int]) -> bool:
        """Settled: labelled, in two stories (unrelated), or both sides known."""
        i, j = pair
        if pair in self.labels or self.story[i] != self.story[j]:
            return True
        return i in self.side and j in self.side and self.side[i][0] == self.side[j][0]


def truth(corpus: Corpus) -> Truth:
    """Contradicting pairs: labelled, or following from the sides of a consistent story."""
    side = sides(corpus)
    out = {(i, j) for i, j, label in corpus.pairs if SIDE_SWITCH.get(label) == 1}
    by_component: dict[int, list[int]] = defaultdict(list)
    for i, (component, _) in side.items():
        by_component[component].append(i)
    for members in by_component.values():
        members.sort()
        out |= {
            (a, b)
            for n, a in enumerate(members)
            for b in members[n + 1 :]
            if side[a][1] != side[b][1]
        }
    labels = {(i, j): label for i, j, label in corpus.pairs}
    return Truth(out, labels, stories(corpus), side)


def records(corpus: Corpus, per_story: bool) -> list[dict]:
    """JSONL records: outlets, targets, one claim per text."""
    story = stories(corpus)
    out: list[dict] = [
        {"type": "entity", "name": f"Outlet {n + 1}", "kind": "media"} for n in range(SPEAKERS)
    ]
    targets = sorted(set(story)) if per_story else [None]
    out += [{"type": "entity", "name": _target(t), "kind": "group"} for t in targets]
    for i, text in enumerate(corpus.texts):
        out.append(
            {
                "type": "claim",
                "key": f"t{i}",
                "speaker": f"Outlet {_hash(text) % SPEAKERS + 1}",
                "target": _target(story[i] if per_story else None),
                "act": "asserts",
                "lang": corpus.lang,
                "text": text,
            }
        )
    return out


def _target(story: int | None) -> str:
    return "The news" if story is None else f"Story {story}"


@dataclass
class Result:
    corpus: str
    setup: str
    held_out: bool
    claims: int
    positives: int
    p20: float
    p50: float
    unjudged: int
    recall: float
    seconds: float


def measure(corpus: Corpus, per_story: bool, held_out: bool, workdir: Path) -> Result:
    from claimdb.api import Claimdb

    known = truth(corpus)
    setup = "one target per story" if per_story else "one shared target"
    path = workdir / f"{corpus.name.replace(' ', '-')}-{int(per_story)}.db"
    path.unlink(missing_ok=True)
    db = Claimdb(str(path), actor="bench")
    wanted = 2 * len(known.positives)
    try:
        lines = enumerate(records(corpus, per_story), start=1)
        db.import_records(lines, path.name)
        text_of = {text: i for i, text in enumerate(corpus.texts)}
        started = time.perf_counter()
        found = db.suggest(max(50, wanted), kind="contradiction")
        seconds = time.perf_counter() - started
    finally:
        db.close()
    pairs = [
        (min(text_of[s.text_a], text_of[s.text_b]), max(text_of[s.text_a], text_of[s.text_b]))
        for s in found
    ]
    judged = [p in known.positives for p in pairs if known.judged(p)]

    def precision(k: int) -> float:
        return sum(judged[:k]) / max(1, len(judged[:k]))

    recall = sum(p in known.positives for p in pairs[:wanted]) / max(1, len(known.positives))
    return Result(
        corpus.name,
        setup,
        held_out,
        len(corpus.texts),
        len(known.positives),
        precision(20),
        precision(50),
        sum(not known.judged(p) for p in pairs[:50]),
        recall,
        seconds,
    )


def table(results: list[Result]) -> str:
    lines = [
        "| corpus | split | setup | claims | contradicting pairs | P@20 | P@50 "
        "| unjudged in top 50 | recall@2x | time |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        split = "held out" if r.held_out else "tuning"
        lines.append(
            f"| {r.corpus} | {split} | {r.setup} | {r.claims:,} | {r.positives:,} "
            f"| {r.p20:.2f} | {r.p50:.2f} | {r.unjudged} | {r.recall:.2f} | {r.seconds:.1f} s |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench quality-suggest", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--ans", type=Path, default=ANS_DIR, help="ANS stance folder.")
    parser.add_argument(
        "--split", choices=("all", "tuning", "held-out"), default="all", help="Which splits."
    )
    args = parser.parse_args(argv)
    corpora: list[tuple[Corpus, bool]] = []
    if args.split in ("all", "tuning"):
        corpora += [(ans("train", args.ans), False), (emergent("dev"), False)]
    if args.split in ("all", "held-out"):
        corpora += [(ans("dev", args.ans), True), (emergent("held-out"), True)]
    results = []
    with tempfile.TemporaryDirectory(prefix="claimdb-quality-") as tmp:
        for corpus, held_out in corpora:
            for per_story in (False, True):
                result = measure(corpus, per_story, held_out, Path(tmp))
                print(f"{result.corpus}, {result.setup}: done", file=sys.stderr)
                results.append(result)
    print("claimdb suggest: quality on labelled real text\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
