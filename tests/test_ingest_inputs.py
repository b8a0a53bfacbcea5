"""What `claimdb ingest` reads: text files, stdin, saved web pages; a file with an Arabic and
an English part; bad input gets one `error:` line and leaves the database as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimdb.io.article import from_html, read_article
from tests.conftest import dump, query

PAGE = """<!doctype html><html><head><title>Ministry denies strikes - Example News</title>
<meta property="og:url" content="https://news.example.org/2015/10/01/ministry"/>
<meta property="og:site_name" content="Example News"/>
<meta property="article:published_time" content="2015-10-01T10:00:00Z"/></head>
<body><nav>Home | World | Sport</nav><article><h1>Ministry denies strikes</h1>
<p>The Russian Ministry of Defence said on Thursday that its jets had hit 12 ISIS sites.</p>
<p>وقالت وزارة الدفاع الروسية إن الغارات أصابت أهدافها بدقة عالية.</p>
<p>Activists said twelve civilians were killed in the strikes near the town.</p></article>
<footer>Copyright 2015 Example News. All rights reserved.</footer></body></html>
"""

MIXED = (
    "The Russian Ministry of Defence said its jets had hit 12 ISIS sites.\n"
    "وقالت وزارة الدفاع الروسية إن الغارات أصابت أهدافها بدقة عالية.\n"
)


def proposals(result) -> list[dict]:
    return json.loads(result.stdout)


def test_a_saved_web_page_gives_its_article_and_metadata(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    article = read_article(str(page))
    assert "Home | World" not in article.text and "Copyright" not in article.text
    assert "ISIS sites" in article.text and "أصابت أهدافها" in article.text
    assert (article.title, article.publisher, article.published) == (
        "Ministry denies strikes",
        "Example News",
        "2015-10-01",
    )
    assert article.url == "https://news.example.org/2015/10/01/ministry"


def test_ingest_a_web_page_writes_a_source_named_by_the_page(cli, tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text(PAGE, encoding="utf-8")
    cli("entity", "add", "Russian Ministry of Defence", "--kind", "organisation")
    cli("entity", "add", "ISIS", "--kind", "organisation")
    result = cli("ingest", str(page), "--accept-all", "--create-entities")
    rows = proposals(result)
    assert any(r["claim"] and r["speaker"] == "Russian Ministry of Defence" for r in rows)
    assert query(cli.db, "SELECT title, publisher, url, published_on FROM source") == [
        (
            "Ministry denies strikes",
            "Example News",
            "https://news.example.org/2015/10/01/ministry",
            "2015-10-01",
        )
    ]


def test_a_text_with_an_arabic_and_an_english_part_yields_both(cli, tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(MIXED, encoding="utf-8")
    rows = proposals(cli("ingest", str(path), "--format", "json"))
    assert [r["lang"] for r in rows] == ["en", "ar"]
    assert rows[1]["text"] == "الغارات أصابت أهدافها بدقة عالية."


def test_stdin_and_json_write_nothing(cli) -> None:
    cli("entity", "add", "ISIS", "--kind", "organisation")
    before = dump(cli.db)
    rows = proposals(cli("ingest", "-", "--format", "json", input=MIXED))
    assert len(rows) == 2 and dump(cli.db) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "not UTF-8 text"),
        ("nul.txt", b"said\x00\x01\x02", "a binary file, not text"),
        ("empty.txt", b"  \n\n", "no text to read claims from"),
        ("login.html", b"<html><body><nav>Home</nav><form></form></body></html>", "no article"),
    ],
)
def test_bad_input_is_one_error_line_and_writes_nothing(
    cli, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    cli("entity", "add", "ISIS", "--kind", "organisation")
    before = dump(cli.db)
    line = cli.fails("ingest", str(path), "--title", "T", "--accept-all")
    assert message in line and name in line
    assert dump(cli.db) == before


def test_an_html_page_without_the_extra_says_which_extra(monkeypatch) -> None:
    import builtins

    real = builtins.__import__

    def no_trafilatura(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_trafilatura)
    with pytest.raises(Exception, match=r"claimdb\[ingest-html\]"):
        from_html(PAGE, "page.html")


def test_reported_speech_is_written_with_its_via(cli, tmp_path: Path) -> None:
    for name in ("RT", "Russian Ministry of Defence", "ISIS"):
        cli("entity", "add", name, "--kind", "organisation")
    path = tmp_path / "rt.txt"
    path.write_text(
        "RT reported that the Russian Ministry of Defence said its jets had hit ISIS sites.\n",
        encoding="utf-8",
    )
    (row,) = proposals(cli("ingest", str(path), "--title", "RT report", "--accept-all"))
    assert (row["speaker"], row["via"]) == ("Russian Ministry of Defence", ["RT"])
    claim = json.loads(cli("claim", "show", str(row["claim"]), "-f", "json").stdout)
    assert (claim["via"], claim["text"]) == (["RT"], "its jets had hit ISIS sites.")
    assert claim["quote"].startswith("RT reported that")
