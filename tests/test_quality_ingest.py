"""The labelled set of the ingest quality benchmark is well formed (bench/quality_ingest.py)."""

from bench.quality_ingest import isolates, load, main, same_speaker

ACTS = {"asserts", "denies", "demands", "concern", "accuses"}


def test_every_statement_is_a_span_of_its_excerpt_with_origin_and_licence():
    excerpts = load()
    assert len({e["id"] for e in excerpts}) == len(excerpts)
    for lang in ("ar", "en"):
        mine = [e for e in excerpts if e["lang"] == lang]
        assert len(mine) >= 20
        assert {e["split"] for e in mine} == {"dev", "heldout"}
    assert sum(len(e["statements"]) for e in excerpts) >= 100
    for e in excerpts:
        assert e["origin"] and e["licence"]
        for s in e["statements"]:
            assert s["content"] in e["text"], e["id"]
            assert s["act"] in ACTS and s["speaker"]


def test_scoring_helpers():
    assert same_speaker("Deputy Prime Minister Ray", ["Ray"])
    assert not same_speaker("who", ["Ray"])
    assert isolates("the plan was desperate", "the plan was desperate")
    assert not isolates("Ray said on Monday that the plan was desperate", "the plan was desperate")


def test_the_benchmark_prints_its_table(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "| cold | ar | heldout |" in out and "| registered | en | dev |" in out
