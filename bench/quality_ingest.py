"""``python -m bench quality-ingest``: how well ``claimdb ingest`` reads news it never saw.

The labelled set is ``bench/data/ingest/excerpts.jsonl``: small excerpts of real public
news text (Arabic: headlines of the ANS corpus, Apache-2.0; English: Wikinews articles
and briefs, CC BY 2.5), each with its origin and licence, and every attributed statement
in it labelled by hand: the speaker (the clean name first, then other acceptable names),
the speech act and the reported content (a span of the text). One excerpt in three is
held out: the rules are never tuned on it.

Figures, per language and split, in two modes: *cold* (a new database: nothing
registered, every speaker is proposed as a new entity) and *registered* (the labelled
speakers and their other names exist, as after a few days of use):

- speaker precision: proposals that match a labelled statement (the claim overlaps its
  content) with the right speaker, over all proposals; recall: labelled statements found
  so, over all statements;
- act: matched proposals with the labelled act;
- isolates: matched proposals whose claim is the reported content (the words of the
  claim and of the content agree to 80% both ways), not the whole sentence;
- clean names: cold-mode new speakers (of matched proposals with the right speaker)
  named exactly as one of the labelled names: no title, no content words;
- time to propose the claims of a 500 kB article (the excerpts repeated).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from claimdb.ingest import Proposal, propose
from claimdb.ingest.lexicon import word_key
from claimdb.text.normalize import normalize, tokens

DATA = Path(__file__).parent / "data" / "ingest" / "excerpts.jsonl"
GOALS = {"P": 0.80, "R": 0.80, "act": 0.85, "isolates": 0.80, "clean": 0.80, "500 kB s": 3.0}


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def claim_of(p: Proposal) -> str:
    return getattr(p, "claim", None) or p.quote


def name_of(p: Proposal) -> str:
    return p.speaker or p.new_name or p.speaker_phrase


def same_speaker(name: str, labels: list[str]) -> bool:
    """The proposal names one of the labelled speakers (whole words, either way round)."""
    n = f" {normalize(name)} "
    for label in labels:
        v = f" {normalize(label)} "
        if v.strip() and n.strip() and (v in n or n in v) and len(n.strip()) > 2:
            return True
    return False


def _agree(a: list[str], b: list[str]) -> float:
    """Share of the words of ``a`` found in ``b`` (as a multiset)."""
    if not a:
        return 0.0
    pool: dict[str, int] = {}
    for w in b:
        pool[w] = pool.get(w, 0) + 1
    hit = 0
    for w in a:
        if pool.get(w, 0):
            pool[w] -= 1
            hit += 1
    return hit / len(a)


def isolates(claim: str, content: str) -> bool:
    c, t = tokens(claim), tokens(content)
    return _agree(c, t) >= 0.8 and _agree(t, c) >= 0.8


def overlaps(claim: str, content: str) -> float:
    """How much of the content the claim covers (0 when they share too little)."""
    c, t = tokens(claim), tokens(content)
    cover = _agree(t, c)
    return cover if cover >= 0.5 else 0.0


@dataclass
class Tally:
    statements: int = 0
    proposals: int = 0
    right: int = 0  # matched with the right speaker
    matched: int = 0
    act: int = 0
    isolated: int = 0
    new: int = 0
    clean: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for k in ("statements", "proposals", "right", "matched", "act", "isolated", "new"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.clean += other.clean
        self.failures += other.failures

    def figures(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        return {
            "P": ratio(self.right, self.proposals) if self.proposals else 1.0,
            "R": ratio(self.right, self.statements),
            "act": ratio(self.act, self.matched),
            "isolates": ratio(self.isolated, self.matched),
            "clean": ratio(self.clean, self.new),
        }


def score_excerpt(ex: dict, proposals: list[Proposal], cold: bool) -> Tally:
    sts = ex["statements"]
    t = Tally(statements=len(sts), proposals=len(proposals))
    pairs = []
    for i, p in enumerate(proposals):
        for j, s in enumerate(sts):
            cover = overlaps(claim_of(p), s["content"]) or overlaps(p.sentence, s["content"]) / 2
            if cover:
                pairs.append((same_speaker(name_of(p), s["speaker"]), cover, i, j))
    used_p, used_s = set(), set()
    for ok, _, i, j in sorted(pairs, key=lambda x: (not x[0], -x[1])):
        if i in used_p or j in used_s:
            continue
        used_p.add(i)
        used_s.add(j)
        p, s = proposals[i], sts[j]
        t.matched += 1
        t.right += ok
        t.act += p.act == s["act"]
        t.isolated += isolates(claim_of(p), s["content"])
        if ok and cold and p.new_speaker:
            t.new += 1
            t.clean += any(normalize(p.new_name or "") == normalize(v) for v in s["speaker"])
        if not ok or p.act != s["act"] or not isolates(claim_of(p), s["content"]):
            t.failures.append(
                f"{ex['id']}: {name_of(p)!r}/{p.act} {claim_of(p)!r}  "
                f"<> {s['speaker'][0]!r}/{s['act']} {s['content']!r}"
            )
    for j, s in enumerate(sts):
        if j not in used_s:
            t.failures.append(f"{ex['id']}: MISSED {s['speaker'][0]!r}/{s['act']} {s['content']!r}")
    for i, p in enumerate(proposals):
        if i not in used_p:
            t.failures.append(f"{ex['id']}: EXTRA {name_of(p)!r}/{p.act} {claim_of(p)!r}")
    return t


def registry(excerpts: list[dict]):
    """A resolve callback knowing every labelled speaker by each of its names."""
    known: dict[str, str] = {}
    for ex in excerpts:
        for s in ex["statements"]:
            for v in s["speaker"]:
                known.setdefault(normalize(v), s["speaker"][0])
    return lambda phrase: known.get(normalize(phrase))


def run(excerpts: list[dict], registered: bool) -> dict[tuple[str, str], Tally]:
    resolve = registry(excerpts) if registered else (lambda phrase: None)
    out: dict[tuple[str, str], Tally] = {}
    for ex in excerpts:
        proposals = propose(ex["text"], None, resolve)
        out.setdefault((ex["lang"], ex["split"]), Tally()).add(
            score_excerpt(ex, proposals, cold=not registered)
        )
    return out


def article(excerpts: list[dict], lang: str, size: int = 500_000) -> str:
    """A ``size``-byte article made of the excerpts of one language, repeated."""
    texts = [ex["text"].rstrip(".") + "." for ex in excerpts if ex["lang"] == lang]
    parts, n = [], 0
    while n < size:
        for t in texts:
            parts.append(t)
            n += len(t.encode("utf-8")) + 2
    return "\n\n".join(parts)


def article_seconds(excerpts: list[dict], lang: str) -> float:
    """Seconds to propose the claims of a 500 kB article (the rules alone)."""
    text = article(excerpts, lang)
    word_key.cache_clear()  # cold: the words of the excerpts were seen by the runs above
    start = time.perf_counter()
    propose(text, lang)
    return time.perf_counter() - start


def database_seconds(excerpts: list[dict], lang: str) -> float:
    """Seconds for the whole of `claimdb ingest --format json` but its output on the same
    article: the proposals resolved against a database holding the seed data set, each
    with its target (Claimdb.ingest_plan)."""
    from claimdb.api import Claimdb
    from claimdb.cli.data import seed_files

    text = article(excerpts, lang)
    with tempfile.TemporaryDirectory() as tmp:
        db = Claimdb(str(Path(tmp) / "bench.db"))
        try:
            db.load(seed_files())
            word_key.cache_clear()
            start = time.perf_counter()
            db.ingest_plan(text)
            return time.perf_counter() - start
        finally:
            db.close()


def _cell(value: float | None, goal: float) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" + ("" if value >= goal else " ✗")


def table(results: dict[str, dict[tuple[str, str], Tally]], seconds: dict[str, float]) -> str:
    lines = [
        "| mode | lang | split | statements | proposals | speaker P | speaker R | act "
        "| isolates | clean names | 500 kB |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode, by in results.items():
        for (lang, split), t in sorted(by.items()):
            f = t.figures()
            clean = _cell(f["clean"], GOALS["clean"]) if mode == "cold" else "—"
            secs = seconds[lang]
            lines.append(
                f"| {mode} | {lang} | {split} | {t.statements} | {t.proposals} "
                f"| {_cell(f['P'], GOALS['P'])} | {_cell(f['R'], GOALS['R'])} "
                f"| {_cell(f['act'], GOALS['act'])} | {_cell(f['isolates'], GOALS['isolates'])} "
                f"| {clean} | {secs:.2f} s{'' if secs < GOALS['500 kB s'] else ' ✗'} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench quality-ingest", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--failures", choices=("dev", "heldout"), help="List the misses.")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args(argv)
    excerpts = load()
    results = {mode: run(excerpts, mode == "registered") for mode in ("cold", "registered")}
    seconds = {lang: article_seconds(excerpts, lang) for lang in ("ar", "en")}
    with_db = {lang: database_seconds(excerpts, lang) for lang in ("ar", "en")}
    n = len({ex["id"] for ex in excerpts})
    print(f"ingest quality on {n} excerpts of real news (ar: ANS headlines, en: Wikinews)\n")
    print(table(results, seconds))
    print(
        "\n500 kB with a database (the seed data set): proposals resolved and targeted in "
        + ", ".join(f"{lang} {s:.2f} s" for lang, s in with_db.items())
    )
    if args.failures:
        for (_, split), t in sorted(results["cold"].items()):
            if split == args.failures:
                print("\n".join(["", *t.failures]))
    if args.json:
        rows = [
            {
                "mode": m,
                "lang": lang,
                "split": s,
                **t.figures(),
                "seconds_500kB": seconds[lang],
                "seconds_500kB_with_database": with_db[lang],
            }
            for m, by in results.items()
            for (lang, s), t in sorted(by.items())
        ]
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
