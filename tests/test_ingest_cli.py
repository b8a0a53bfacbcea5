"""`claimdb ingest`, `claimdb open` and the questions of `claim add`, through the real CLI."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from claimdb.api import Claimdb
from claimdb.ingest import score
from tests.conftest import ROOT, SEED, dump

ARTICLE = ROOT / "seeds" / "rt-arabic-2015-10-02-russian-strikes-syria.txt"
FORCE = {"CLAIMDB_INTERACTIVE": "1"}  # answer the questions through stdin

ENGLISH = (
    "Moscow, 2 October. The Russian Ministry of Defence said on Friday that its jets had hit "
    "12 ISIS sites in Raqqa and Hama. Activists denied that the strikes had hit ISIS. "
    "Catherine Ray expressed concern about the Civilians killed in Hama.\n"
)


def claims(cli) -> list[dict]:
    return json.loads(cli("claim", "list", "-f", "json").stdout)


def setup(cli, *entities: tuple) -> None:
    """Entities added through the library: (name, kind, aliases, parent)."""
    db = Claimdb(str(cli.db))
    try:
        for name, kind, aliases, parent in entities:
            db.add_entity(name, kind, aliases, parent)
    finally:
        db.close()


def english_db(cli, tmp_path: Path) -> Path:
    setup(
        cli,
        *[(name, "organisation", [], None) for name in ("Russian Ministry of Defence", "ISIS")],
        ("Activists", "group", [], None),
        ("Civilians", "group", [], None),
        ("Catherine Ray", "person", ["Ray"], None),
    )
    path = tmp_path / "paragraph.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


# --- measured on the seed article ---------------------------------------------------------
def test_seed_article_json_precision_and_recall(seeded) -> None:
    before = dump(seeded.db)
    result = seeded("ingest", str(ARTICLE), "--format", "json")
    proposals = json.loads(result.stdout)
    data = tomllib.loads(SEED.read_text(encoding="utf-8"))
    names = {e["key"]: e for e in data["entity"]}

    def voices(key: str) -> set[str]:
        claim = next(c for c in data["claim"] if c["key"] == key)
        keys = [claim["speaker"], *claim.get("via", []), names[claim["speaker"]].get("parent")]
        return {names[k]["name"] for k in keys if k}

    precision, recall = score(
        [(p["speaker"], p["quote"]) for p in proposals],
        [(c["key"], c["quote"]) for c in data["claim"]],
        lambda speaker, key: speaker in voices(key),
    )
    print(f"\ningest (CLI, JSON) on the seed: precision={precision:.2f} recall={recall:.2f}")
    assert precision >= 0.8 and recall >= 0.8
    text = ARTICLE.read_text(encoding="utf-8")
    assert all(p["quote"] in text for p in proposals)
    assert {"index", "sentence", "speaker_phrase", "camp_phrase", "verb", "lang", "target"} <= set(
        proposals[0]
    )
    assert dump(seeded.db) == before  # JSON mode writes nothing


def test_english_paragraph_accept_all(cli, tmp_path: Path) -> None:
    path = english_db(cli, tmp_path)
    result = cli(
        "ingest", str(path), "--accept-all", "--title", "Wire report", "--published", "2015-10-02"
    )
    assert "wrote 3 claims from source #1 (new)" in result.stderr
    rows = claims(cli)
    assert [(c["speaker"], c["act"], c["target"]) for c in rows] == [
        ("Russian Ministry of Defence", "asserts", "ISIS"),
        ("Activists", "denies", "ISIS"),
        ("Catherine Ray", "concern", "Civilians"),
    ]
    assert {c["said_on"] for c in rows} == {"2015-10-02"}
    assert rows[1]["quote"] == "Activists denied that the strikes had hit ISIS."
    assert [p["claim"] for p in json.loads(result.stdout)] == [c["id"] for c in rows]
    again = cli("ingest", str(path), "--accept-all", "--title", "Wire report")  # same text
    assert "wrote 0 claims from source #1" in again.stderr and "3 already recorded" in again.stderr
    assert len(claims(cli)) == 3


def test_accept_all_skips_what_it_cannot_write(cli, tmp_path: Path) -> None:
    setup(cli, ("European Union", "organisation", ["EU"], None), ("Russia", "state", [], None))
    path = tmp_path / "eu.txt"
    path.write_text(
        "The EU's spokeswoman Catherine Ray said Russia must stop. The EU said it was ready.",
        encoding="utf-8",
    )
    before = dump(cli.db)
    result = cli("ingest", str(path), "--accept-all", "--title", "EU", "-f", "json")
    assert [p["new_name"] for p in json.loads(result.stdout)] == ["Catherine Ray", None]
    assert "skipped 1: no target" in result.stderr
    assert "skipped 1: unknown speaker (pass --create-entities)" in result.stderr
    assert "nothing to write" in result.stderr and dump(cli.db) == before
    created = cli("ingest", str(path), "--accept-all", "--title", "EU", "--create-entities")
    assert "new entities: Catherine Ray" in created.stderr
    ray = json.loads(cli("entity", "show", "Catherine Ray", "-f", "json").stdout)
    assert ray["kind"] == "person" and "European Union" in json.dumps(ray, ensure_ascii=False)
    assert [(c["speaker"], c["target"]) for c in claims(cli)] == [("Catherine Ray", "Russia")]


def test_existing_source_checks_quotes(seeded, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("وقال كوناشينكوف إن الطائرات الروسية ضربت مواقع داعش.", encoding="utf-8")
    before = dump(seeded.db)
    result = seeded("ingest", str(other), "--source", "1", "--accept-all")
    assert "skipped 1: quote not in the text of source #1" in result.stderr
    assert dump(seeded.db) == before
    same = seeded("ingest", str(ARTICLE), "--source", "#1", "--accept-all", "-f", "json")
    assert "already recorded" in same.stderr  # the hand-entered claims are found again
    assert "error: source #9: no such source" in seeded.fails(
        "ingest", str(ARTICLE), "--source", "9", "--accept-all"
    )


def test_ingest_usage_errors_and_stdin(cli, tmp_path: Path) -> None:
    path = english_db(cli, tmp_path)
    result = cli("ingest", str(path), "--accept-all", ok=False)
    assert result.exit_code == 2 and "--title" in result.stderr
    assert cli("ingest", "-", "--review", "--title", "T", input=ENGLISH, ok=False).exit_code == 2
    piped = cli("ingest", "-", "--format", "json", input=ENGLISH)
    assert [p["speaker"] for p in json.loads(piped.stdout)][:2] == [
        "Russian Ministry of Defence",
        "Activists",
    ]
    assert "not UTF-8" in cli.fails("ingest", str(_latin1(tmp_path)), "-f", "json")
    assert "'fr'" in cli.fails("ingest", str(path), "--lang", "fr", "-f", "json")


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le ministère a dit".encode("latin-1"))
    return path


# --- the review loop ----------------------------------------------------------------------
def test_review_loop_edits_and_writes_once(cli, tmp_path: Path) -> None:
    path = english_db(cli, tmp_path)
    answers = [
        "s",  # 1: change the speaker...
        "Activits",  # ...a typo: did you mean, asked again
        "Activists",
        "c",  # and the act
        "denies",
        "a",
        "k",  # 2: skip
        "t",  # 3: another target
        "ISIS",
        "a",
        "y",  # write the two
    ]
    result = cli(
        "ingest", str(path), "--title", "Wire", "--review", input="\n".join(answers) + "\n"
    )
    assert "did you mean 'Activists'" in result.stderr
    assert "Proposal 3 of 3" in result.stdout
    rows = claims(cli)
    assert [(c["speaker"], c["act"], c["target"]) for c in rows] == [
        ("Activists", "denies", "ISIS"),
        ("Catherine Ray", "concern", "ISIS"),
    ]


def test_review_writes_in_one_transaction(cli, tmp_path: Path, monkeypatch) -> None:
    from claimdb.errors import InvalidInput
    from claimdb.records import claims

    path = english_db(cli, tmp_path)
    before = dump(cli.db)
    insert, calls = claims.add, []

    def second_fails(conn, actor, **fields):
        calls.append(fields["text"])
        if len(calls) == 2:
            raise InvalidInput("the second claim fails")
        return insert(conn, actor, **fields)

    monkeypatch.setattr(claims, "add", second_fails)
    result = cli("ingest", str(path), "--title", "W", "--review", input="a\na\nq\ny\n", ok=False)
    assert result.exit_code == 1 and result.stderr.endswith(":error: the second claim fails\n")
    assert len(calls) == 2
    assert dump(cli.db) == before  # neither the source nor the first claim was kept


def test_review_new_speaker_quit_and_decline(cli, tmp_path: Path) -> None:
    path = english_db(cli, tmp_path)
    before = dump(cli.db)
    declined = cli("ingest", str(path), "--title", "W", "--review", input="a\nq\nn\n", ok=False)
    assert declined.exit_code == 1 and dump(cli.db) == before
    cut = cli("ingest", str(path), "--title", "W", "--review", input="a\na\n", ok=False)
    assert cut.exit_code != 0 and dump(cli.db) == before  # input ended: nothing written
    new = cli(
        "ingest", str(path), "--title", "W", "--review", input="s\n+Defence ministry\na\nq\ny\n"
    )
    assert "creating 1 new entities: Defence ministry" in new.stderr
    assert [c["speaker"] for c in claims(cli)] == ["Defence ministry"]


# --- open: the quote in its source ---------------------------------------------------------
def test_open_highlights_the_quote_in_context(seeded) -> None:
    shown = seeded("open", "12", "--context", "40").stdout
    assert "claim #12 in source #1" in shown and "RT Arabic" in shown
    marked = shown[shown.index("⟦") + 1 : shown.index("⟧")]
    assert " ".join(marked.split()).startswith("أفاد ناشطون بأن الضربات الروسية")
    assert shown.index("⟦") > shown.index("…")  # text before it, cut at a word
    whole = seeded("open", "#12", "--all").stdout
    assert len(whole) > len(shown) and "…" not in whole.split("\n", 1)[1]
    reordered = seeded("--bidi", "on", "open", "12", "--context", "40").stdout
    assert "⟦" in reordered and "نوطشان دافأ" in reordered  # display order, marks kept


def test_open_errors_and_markup(cli) -> None:
    db = Claimdb(str(cli.db))
    try:
        db.add_entity("A")
        db.add_claim("no source here", "A", "A")
        text = "Intro.\r\n[bold]A said[/] \x1b[31mred\x1b[0m things.\r\nOutro."
        db.add_claim("x", "A", "A", source=db.add_source("S", text=text), quote="[bold]A said[/]")
        db.add_claim("y", "A", "A", source=db.add_source("No text"))
    finally:
        db.close()
    shown = cli("open", "2").stdout
    assert "Intro.\n⟦[bold]A said[/]⟧ \\x1b[31mred" in shown and "x0d" not in shown
    assert "claim #1 has no source" in cli.fails("open", "1")
    assert "source #2 of claim #3 holds no text" in cli.fails("open", "3")
    assert "no such claim" in cli.fails("open", "7")


# --- claim add, asked ---------------------------------------------------------------------
def test_claim_add_asks_for_each_field(seeded) -> None:
    answers = [
        "الضربات دقيقة",  # text
        "Konashenkof",  # speaker: a typo, did you mean
        "كوناشينكوف",
        "داعش",  # target
        "maybe",  # act: not an act, asked again
        "denies",
        "2015-13-01",  # said on: not a date, asked again
        "2015-10-02",
        "",  # source
        "",  # quote
        "",  # lang: the one detected (ar)
        "The strikes are precise",  # translation
        "precision",  # topic
        "",  # location
        "",  # via
        "y",
    ]
    result = seeded("claim", "add", input="\n".join(answers) + "\n", env=FORCE)
    assert "error: unknown speaker 'Konashenkof': did you mean 'Konashenkov" in result.stderr
    assert "expected one of" in result.stderr and "expected a date" in result.stderr
    assert "New claim" in result.stdout
    new_id = result.stdout.strip().splitlines()[-1]
    claim = json.loads(seeded("claim", "show", new_id, "-f", "json").stdout)
    assert (claim["speaker"], claim["target"], claim["act"]) == (
        "Igor Konashenkov",
        "ISIS",
        "denies",
    )
    assert (claim["lang"], claim["said_on"], claim["translation"], claim["topic"]) == (
        "ar",
        "2015-10-02",
        "The strikes are precise",
        "precision",
    )


def test_claim_add_without_text_off_a_terminal_is_a_usage_error(seeded) -> None:
    before = dump(seeded.db)
    result = seeded("claim", "add", "--speaker", "Lavrov", "--target", "ISIS", ok=False)
    assert result.exit_code == 2 and "TEXT" in result.stderr
    missing = seeded("claim", "add", "text", "--target", "ISIS", ok=False)
    assert missing.exit_code == 2 and "--speaker" in missing.stderr
    declined = seeded("claim", "add", "--speaker", "Lavrov", input="x\n\n\n\n\n\n\n\n\n\n\n\n\nn\n",
                      env=FORCE, ok=False)  # fmt: skip
    assert declined.exit_code == 1 and dump(seeded.db) == before


def test_claim_add_asks_only_what_is_missing(seeded) -> None:
    result = seeded(
        "claim", "add", "Russia targets ISIS", "--speaker", "Lavrov", input="+Nusra\ny\n", env=FORCE
    )
    new_id = result.stdout.strip().splitlines()[-1]
    claim = json.loads(seeded("claim", "show", new_id, "-f", "json").stdout)
    assert (claim["speaker"], claim["target"]) == ("Sergei Lavrov", "Nusra")
