"""import and export through the real CLI: all or nothing, lossless JSONL, CSV (ClaimReview:
tests/test_claimreview.py)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from contextlib import suppress
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from claimdb import progress
from claimdb.api import Claimdb
from claimdb.db.tables import Claim, Event
from claimdb.errors import Conflict
from claimdb.io import importer, jsonl
from claimdb.io.export_selection import Selection
from claimdb.models import ACTS, KINDS
from claimdb.text.normalize import normalize
from claimdb.validate import has_word
from tests.conftest import Cli, dump, query


def write(path: Path, *lines: str | dict) -> Path:
    text = "".join(
        (json.dumps(x, ensure_ascii=False) if isinstance(x, dict) else x) + "\n" for x in lines
    )
    path.write_bytes(text.encode("utf-8"))
    return path


def claims(cli: Cli) -> list[dict]:
    return json.loads(cli("claim", "list", "--include-retracted", "-f", "json").stdout)


SMALL = [
    {"type": "entity", "name": "Speaker A", "kind": "person", "aliases": ["المتحدث"]},
    {"type": "entity", "name": "Ministry B", "kind": "ministry"},
    {"type": "entity", "name": "Coalition C", "kind": "coalition", "members": ["Speaker A"]},
    {"type": "source", "key": "src", "title": "Article", "url": "https://example.org/a",
     "text": "قال المتحدث: الضربات دقيقة. Then more text."},
    {"type": "claim", "key": "k1", "speaker": "Speaker A", "target": "Ministry B",
     "text": "الضربات دقيقة", "quote": "الضربات دقيقة", "source": "src", "said_on": "2015-10-02",
     "via": ["Ministry B"], "credibility": 2, "topic": "precision"},
    {"type": "claim", "key": "k2", "speaker": "المتحدث", "target": "Ministry B",
     "text": "Strikes missed", "act": "denies", "said_on": "2015-10-03"},
    {"type": "claim", "speaker": "Coalition C", "target": "Speaker A", "text": "Retracted one",
     "retraction_reason": "misquoted"},
    {"type": "link", "a": "k1", "b": "k2", "relation": "contradicts", "note": "precise vs missed"},
]  # fmt: skip


# -- JSONL import -------------------------------------------------------------------------


def test_jsonl_import_adds_records_and_reports_a_summary(cli: Cli, tmp_path: Path):
    result = cli("import", str(write(tmp_path / "small.jsonl", *SMALL)))
    assert result.stderr.strip().splitlines() == [
        f"imported {tmp_path / 'small.jsonl'}: added 3 entities, 1 source, 3 claims, 1 link"
    ]
    by_text = {c["text"]: c for c in claims(cli)}
    first = by_text["الضربات دقيقة"]
    assert first["speaker"] == "Speaker A" and first["via"] == ["Ministry B"]
    assert by_text["Strikes missed"]["speaker"] == "Speaker A"  # resolved through an alias
    assert by_text["Retracted one"]["retracted"] is True
    (dispute,) = json.loads(cli("report", "-f", "json").stdout)["disputes"]
    assert dispute["links"][0]["note"] == "precise vs missed"


def test_importing_the_same_file_again_adds_nothing(cli: Cli, tmp_path: Path):
    path = write(tmp_path / "small.jsonl", *SMALL)
    cli("import", str(path))
    before = dump(cli.db)
    result = cli("import", str(path))
    assert "nothing new; 8 records already present" in result.stderr
    assert dump(cli.db) == before


def test_one_event_per_import_and_the_search_index_is_filled(cli: Cli, tmp_path: Path):
    cli("import", str(write(tmp_path / "small.jsonl", *SMALL)))
    db = Claimdb(str(cli.db))
    try:
        with db.store.read() as conn:
            ops = conn.execute(select(Event.c.op, Event.c.record)).all()
            claim_events = [op for op, record in ops if record == "claim"]
            imports = (
                conn.execute(select(Event.c.after).where(Event.c.op == "import")).scalars().all()
            )
            if db.store.dialect == "sqlite":
                hits = conn.exec_driver_sql(
                    "SELECT rowid FROM claim_fts WHERE claim_fts MATCH ?", (normalize("missed"),)
                ).all()
                assert len(hits) == 1
    finally:
        db.close()
    assert claim_events == []
    assert ops == [("import", "import")]  # one event for the whole import, none per record
    (after,) = imports
    summary = json.loads(after)
    assert summary["added"]["claim"] == 3 and summary["added"]["entity"] == 3
    assert len(summary["entity_ids"]) == 3 and len(summary["source_ids"]) == 1
    first, last = summary["claim_ids"]
    assert last - first == 2
    assert len(json.loads(cli("log", "-f", "json").stdout)) == 1


def test_as_of_needs_no_per_record_import_events(cli: Cli, tmp_path: Path):
    cli("init")
    before = json.loads(cli("log", "-f", "json").stdout)
    cli("import", str(write(tmp_path / "small.jsonl", *SMALL)))
    (event,) = json.loads(cli("log", "-f", "json").stdout)[len(before) :]
    earlier = json.loads(cli("report", "--as-of", "2000-01-01", "-f", "json").stdout)
    assert earlier["disputes"] == []
    now = json.loads(cli("report", "--as-of", event["at"], "-f", "json").stdout)
    assert len(now["disputes"]) == 1


ORPHAN_FIRST = [
    {"type": "entity", "name": "A"},
    {"type": "entity", "name": "B"},
    {"type": "source", "key": "s", "title": "First report", "url": "https://x.example/1"},
    {"type": "claim", "speaker": "A", "target": "B", "text": "same claim", "source": "s"},
]
ORPHAN_AGAIN = [
    {"type": "source", "key": "s", "title": "Second report", "url": "https://x.example/2"},
    {"type": "claim", "speaker": "A", "target": "B", "text": "same claim", "source": "s"},
    {"type": "source", "key": "alone", "title": "Cited by no claim of the file"},
]


def test_importing_duplicates_leaves_no_orphaned_source(cli: Cli, tmp_path: Path):
    cli("import", str(write(tmp_path / "first.jsonl", *ORPHAN_FIRST)))
    result = cli("import", str(write(tmp_path / "again.jsonl", *ORPHAN_AGAIN)))
    assert "added 1 source; 2 records already present" in result.stderr
    titles = {s for (s,) in query(cli.db, "SELECT title FROM source")}
    assert titles == {"First report", "Cited by no claim of the file"}  # a lone record is kept
    orphans = query(
        cli.db, "SELECT id FROM source WHERE id NOT IN (SELECT source_id FROM claim "
        "WHERE source_id IS NOT NULL) AND title <> 'Cited by no claim of the file'"
    )  # fmt: skip
    assert orphans == []
    cli("check")


def test_stdin_and_create_entities(cli: Cli):
    line = json.dumps({"type": "claim", "speaker": "Brand New", "target": "Also New", "text": "x"})
    error = cli.fails("import", "-", input=line + "\n")
    assert error.startswith("error: <stdin>:1: claim: unknown speaker 'Brand New'")
    assert "--create-entities" in error
    result = cli("import", "-", "--create-entities", input=line + "\n")
    assert "added 2 entities, 1 claim" in result.stderr
    assert claims(cli)[0]["target"] == "Also New"


BAD = [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ({"type": "claims"}, "record has type 'claims'"),
    ({"type": "claim", "speaker": "Speaker A", "target": "X", "text": "t", "spekaer": "x"},
     "claim: unknown field 'spekaer'"),
    ({"type": "claim", "speaker": "Lavrof", "target": "ISIS", "text": "t"},
     "claim: unknown speaker 'Lavrof': did you mean 'Lavrov"),
    ({"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "t", "said_on": "2015-13-45"},
     "said_on '2015-13-45': expected a date"),
    ({"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "t", "act": "claims"},
     "act 'claims': expected one of"),
    ({"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "   "}, "text: empty text"),
    ({"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": 12}, "text: expected text"),
    ({"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "t", "credibility": 9},
     "credibility 9: expected a number from 1 to 6"),
    ({"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "t", "retracted_at": "x"},
     "retracted_at 'x'"),
    ({"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "t", "source": "nope"},
     "source: unknown key 'nope'"),
    ({"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": "t", "source": "src",
      "quote": "not in the article"}, "is not found in the text of source"),
    ({"type": "source", "title": "T", "text": "abc", "sha256": "0" * 64}, "sha256 does not match"),
    ({"type": "link", "a": "k1", "b": "k1", "relation": "contradicts"},
     "cannot be linked to itself"),
    ({"type": "link", "a": "k1", "b": "zz", "relation": "contradicts"}, "unknown claim key 'zz'"),
    ({"type": "link", "a": "k1", "b": "#999", "relation": "supports"}, "claim #999: no such claim"),
    ({"type": "link", "a": "k1", "b": "k2", "relation": "supports"},
     "already linked the other way (contradicts)"),
    ({"type": "claim", "key": "k1", "speaker": "ISIS", "target": "ISIS", "text": "other"},
     "key 'k1' is used by an earlier claim"),
]  # fmt: skip


def test_a_bad_record_names_file_and_line_and_changes_nothing(seeded: Cli, tmp_path: Path):
    before = dump(seeded.db)
    good = SMALL[:4] + [{**c, "text": c["text"] + " (2)"} for c in SMALL[4:6]] + [SMALL[7]]
    for bad, message in BAD:
        path = write(tmp_path / "bad.jsonl", *good, bad, {"type": "entity", "name": "Later"})
        error = seeded.fails("import", str(path))
        assert error.startswith(f"error: {path}:{len(good) + 1}: "), (bad, error)
        assert message in error, (bad, error)
        assert dump(seeded.db) == before, bad


def test_bad_bytes_and_an_error_after_chunks_were_written(
    seeded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(importer, "CHUNK", 2)
    before = dump(seeded.db)
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(b'{"type": "entity", "name": "A"}\n\n{"type": "entity", "name": "\xff"}\n')
    assert seeded.fails("import", str(path)) == f"error: {path}:3: not UTF-8 text"
    many = [
        {"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": f"claim {i}", "key": i}
        for i in range(7)
    ]
    path = write(
        tmp_path / "late.jsonl", *many, {"type": "link", "a": 1, "b": 99, "relation": "supports"}
    )
    assert seeded.fails("import", str(path)).startswith(f"error: {path}:8: link: b: unknown")
    assert dump(seeded.db) == before


def test_an_empty_file_is_an_error(cli: Cli, tmp_path: Path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert cli.fails("import", str(path)) == f"error: {path}: empty: no records to import"
    assert "cannot tell the format" in cli.fails("import", str(tmp_path / "x.txt"))
    assert "cannot read" in cli.fails("import", str(tmp_path / "missing.jsonl"))
    error = cli.fails("export", "-o", str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert error.endswith("cannot write: No such file or directory")


def test_interrupt_rolls_back(seeded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(importer, "CHUNK", 2)
    real = jsonl.records

    def interrupted(lines, name):
        for number, record in real(lines, name):
            if number == 6:
                raise KeyboardInterrupt
            yield number, record

    monkeypatch.setattr(jsonl, "records", interrupted)
    many = [
        {"type": "claim", "speaker": "ISIS", "target": "ISIS", "text": f"c{i}"} for i in range(9)
    ]
    before = dump(seeded.db)
    error = seeded.fails("import", str(write(tmp_path / "i.jsonl", *many)), code=130)
    assert error == "error: interrupted; nothing was written"
    assert dump(seeded.db) == before


# -- JSONL export: lossless -------------------------------------------------------------------


def test_seed_round_trip_is_byte_identical(seeded: Cli, tmp_path: Path):
    first = seeded("export").stdout
    kinds = [json.loads(line)["type"] for line in first.splitlines()]
    assert kinds.count("claim") == 24 and kinds.count("link") == 12
    other = Cli(tmp_path / "other.db")
    other("import", str(write(tmp_path / "seed.jsonl", first.rstrip("\n"))))
    assert other("export").stdout == first


def test_export_filters_keep_what_the_claims_need(seeded: Cli, tmp_path: Path):
    out = tmp_path / "lavrov.jsonl"
    result = seeded("export", "--speaker", "Lavrov", "--output", str(out))
    assert "to " + str(out) in result.stderr and not list(tmp_path.glob(".*partial"))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["speaker"] for r in rows if r["type"] == "claim"} == {"Sergei Lavrov"}
    assert [r["relation"] for r in rows if r["type"] == "link"] == ["supports"]  # #21 ↔ #22
    names = {r["name"] for r in rows if r["type"] == "entity"}
    assert "Russian Ministry of Foreign Affairs" in names  # the parent comes along
    other = Cli(tmp_path / "other.db")
    other("import", str(out))
    assert other("export", "--speaker", "Lavrov").stdout == out.read_text(encoding="utf-8")


TRICKY = [
    "روسيا", "Россия", "🙂👍🏽", 'he said "no", then \'yes\'', "a,b;c", "line\nbreak",
    "tab\there", "cr\r\nlf", "ب" * 3000, "=1+1", "-5", " padded ", "ـــ", "\u200fRLM",
]  # fmt: skip
TEXT = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30),
)
OPTIONAL = st.none() | st.just("") | TEXT
SAYS = TEXT.filter(has_word)  # required text keeps a letter or digit after normalisation
ALIAS = SAYS | st.just("")
DATE = st.none() | st.dates(min_value=date(1000, 1, 1)).map(str)
NAME = st.text(st.sampled_from("abcdxyzمحمدلافروфёд -'&é"), min_size=1, max_size=10).filter(
    lambda n: normalize(n) and n.strip() and not n.strip().startswith("#")
)


@st.composite
def dataset(draw):
    names = draw(st.lists(NAME, min_size=1, max_size=5, unique_by=normalize))
    entities = []
    for i, name in enumerate(names):
        kind = draw(st.sampled_from(KINDS))
        earlier = st.integers(0, i - 1) if i else st.nothing()
        members = draw(st.lists(earlier, max_size=2)) if kind == "coalition" and i else []
        parent = draw(st.none() | earlier) if i else None
        entities.append(
            (name, kind, draw(st.lists(SAYS | st.just(""), max_size=2)), parent, members)
        )
    sources = [
        (title, *draw(st.tuples(OPTIONAL, OPTIONAL, DATE, OPTIONAL, OPTIONAL)),
         draw(st.none() | st.sampled_from("ABCDEF")))
        for title in draw(st.lists(SAYS, max_size=2, unique_by=str.strip))
    ]  # fmt: skip
    count = len(entities)
    claim_list = []
    for _ in range(draw(st.integers(0, 7))):
        source = draw(st.none() | st.integers(0, len(sources) - 1)) if sources else None
        text = sources[source][5] if source is not None else None
        if text and text.strip() and draw(st.booleans()):
            start = draw(st.integers(0, len(text) - 1))
            quote = text[start : draw(st.integers(start + 1, len(text)))]
        else:
            quote = None if text else draw(OPTIONAL)
        claim_list.append(
            dict(
                text=draw(SAYS),
                speaker=draw(st.integers(0, count - 1)),
                target=draw(st.integers(0, count - 1)),
                source=source,
                said_on=draw(DATE),
                act=draw(st.sampled_from(ACTS)),
                lang=draw(OPTIONAL),
                translation=draw(OPTIONAL),
                quote=quote,
                topic=draw(OPTIONAL),
                location=draw(OPTIONAL),
                via=draw(st.lists(st.integers(0, count - 1), max_size=3)),
                credibility=draw(st.none() | st.integers(1, 6)),
                retraction=draw(st.none() | SAYS),
            )
        )
    n = len(claim_list)
    links = draw(
        st.lists(
            st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0)),
                      st.sampled_from(("contradicts", "supports")), OPTIONAL),
            max_size=6 if n > 1 else 0,
        )
    )  # fmt: skip
    return entities, sources, claim_list, links


def build(path: Path, data) -> None:
    entities, sources, claim_list, links = data
    db = Claimdb(str(path), actor="test")
    try:
        ids: list[int] = []
        for name, kind, aliases, parent, members in entities:
            ids.append(
                db.add_entity(
                    name,
                    kind,
                    [a for a in aliases if a.strip()],
                    f"#{ids[parent]}" if parent is not None else None,
                    [f"#{ids[m]}" for m in members],
                )
            )
        source_ids = [db.add_source(*s) for s in sources]
        made = []
        for c in claim_list:
            try:
                claim_id = db.add_claim(
                    c["text"],
                    f"#{ids[c['speaker']]}",
                    f"#{ids[c['target']]}",
                    source=source_ids[c["source"]] if c["source"] is not None else None,
                    via=[f"#{ids[v]}" for v in c["via"]],
                    **{k: c[k] for k in ("said_on", "act", "lang", "translation", "quote")},
                    **{k: c[k] for k in ("topic", "location")},
                )
            except Conflict:  # the same speaker, date and text twice
                continue
            made.append(claim_id)
            with db.store.write() as conn:
                values = {"credibility": c["credibility"]}
                if c["retraction"]:
                    values |= {
                        "retracted_at": "2016-01-01T00:00:00Z",
                        "retraction_reason": c["retraction"],
                    }
                conn.execute(update(Claim).where(Claim.c.id == claim_id).values(**values))
        for a, b, relation, note in links:
            if a < len(made) and b < len(made):
                with suppress(Conflict):  # a self-link or the same pair twice
                    db.link(made[a], made[b], relation, note)
    finally:
        db.close()


def export_jsonl(path: Path) -> str:
    db = Claimdb(str(path))
    try:
        with db.store.read() as conn:
            out = io.StringIO()
            jsonl.export(conn, out, Selection())
            return out.getvalue()
    finally:
        db.close()


def import_jsonl(path: Path, text: str) -> None:
    db = Claimdb(str(path))
    try:
        db.import_stream(io.BytesIO(text.encode("utf-8")), "x.jsonl")
    finally:
        db.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=dataset())
def test_export_import_export_gives_the_same_bytes(data):
    """Through the library (the CLI's start-up would dominate); the CLI path is tested
    on the seed data set above."""
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "first.db", Path(tmp) / "second.db"
        build(first, data)
        exported = export_jsonl(first)
        import_jsonl(second, exported)
        assert export_jsonl(second) == exported
        before = dump(first)
        import_jsonl(first, exported)  # into the database it came from: nothing new
        assert dump(first) == before


# -- CSV ------------------------------------------------------------------------------------


def test_csv_header_errors_name_the_columns(cli: Cli, tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text("speaker,text,spekaer\nA,b,c\n", encoding="utf-8")
    error = cli.fails("import", str(path))
    assert error.startswith(f"error: {path}:1: bad header: missing column(s) target; ")
    assert "unknown column(s) 'spekaer'" in error


def test_csv_import_counts_lines_of_multiline_cells(seeded: Cli, tmp_path: Path):
    before = dump(seeded.db)
    path = tmp_path / "claims.csv"
    rows = [
        ["text", "speaker", "target", "said_on", "via", "source", "credibility"],
        ["first\nsecond line", "Lavrov", "ISIS", "2015-10-02", "Russia; Lavrov", "1", "2"],
        ["bad date", "Lavrov", "ISIS", "2015-02-30", "", "", ""],
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    error = seeded.fails("import", str(path))
    assert error.startswith(f"error: {path}:4: claim: said_on '2015-02-30'")
    assert dump(seeded.db) == before
    with path.open("w", encoding="utf-8-sig", newline="") as f:  # Excel's BOM is fine
        csv.writer(f).writerows(rows[:2])
    assert "added 1 claim" in seeded("import", str(path)).stderr
    (claim,) = [c for c in claims(seeded) if c["text"] == "first\nsecond line"]
    assert claim["via"] == ["Russia", "Sergei Lavrov"] and claim["grade"].endswith("2")


FORMULAS = ["=1+1", "+2", "-3", "@SUM(A1)", "\tx", "\ry"]  # distinct once normalised


def test_csv_export_neutralises_formulas(cli: Cli, tmp_path: Path):
    lines = [{"type": "entity", "name": "=cmd|' /C calc'!A0"}]
    lines += [
        {
            "type": "claim",
            "speaker": "=cmd|' /C calc'!A0",
            "target": "=cmd|' /C calc'!A0",
            "text": t,
        }
        for t in [*FORMULAS, "plain = fine"]
    ]
    cli("import", str(write(tmp_path / "f.jsonl", *lines)))
    rows = list(csv.DictReader(io.StringIO(cli("export", "-f", "csv").stdout)))
    assert [r["text"] for r in rows] == [f"'{t}" for t in FORMULAS] + ["plain = fine"]
    assert {r["speaker"] for r in rows} == {"'=cmd|' /C calc'!A0"}


def test_csv_export_has_names_and_link_summaries_and_a_bom_option(seeded: Cli, tmp_path: Path):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(seeded("export", "-f", "csv").stdout))}
    assert rows["5"]["speaker"] == "Igor Konashenkov" and rows["5"]["camp"] == "Russia"
    assert "#21 Sergei Lavrov" in rows["5"]["contradicts"] and rows["21"]["supports"]
    out = tmp_path / "excel.csv"
    seeded("export", "-f", "csv", "--bom", "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,said_on,speaker")
    assert "--bom applies to --format csv only" in seeded.fails("export", "--bom")


# -- progress ----------------------------------------------------------------------------------


def test_progress_bar_only_when_asked():
    from rich.console import Console

    with progress.bar("x", 10, enabled=False) as advance:
        advance(5)  # does nothing
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80)
    with progress.bar("importing [bold]x", 10, enabled=True, console=console) as advance:
        advance(10)
    assert "importing [bold]x" in screen.getvalue()
