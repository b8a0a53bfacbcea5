"""No secret printed: every form of a password in a database URL is masked wherever
the URL is shown (``info``, ``check``, the ``copy`` summary, connection errors).

A refused connection (127.0.0.1 port 1) needs no server; the real server in
``$CLAIMDB_TEST_PG_URL`` checks the lines shown once connected.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from claimdb.masking import display_url, scrub
from tests.conftest import Cli

SECRET = "s3cr3t-Pa55"
REFUSED = "127.0.0.1:1"

FORMS = {
    "userinfo": f"postgresql+psycopg://u:{SECRET}@{REFUSED}/db",
    "query password": f"postgresql+psycopg://u@{REFUSED}/db?password={SECRET}",
    "sslpassword": f"postgresql://u@{REFUSED}/db?sslmode=prefer&sslpassword={SECRET}",
    "user in query": f"postgresql://{REFUSED}/db?user=u&password={SECRET}",
    "upper case": f"postgresql://u@{REFUSED}/db?PASSWORD={SECRET}",
    "percent-encoded": f"postgresql://u:{SECRET.replace('-', '%2D')}@{REFUSED}/db",
    "'@' in password": f"postgresql://u:{SECRET}@x@{REFUSED}/db",
    "unparseable port": f"postgresql://u:{SECRET}@127.0.0.1:port/db",
    "unclosed bracket": f"postgresql://u:{SECRET}@[::1",
    "not postgresql": f"mysql://u@{REFUSED}/db?password={SECRET}",
}


def secret_free(result) -> None:
    shown = result.stdout + result.stderr
    for form in (SECRET, SECRET.replace("-", "%2D"), SECRET.split("-")[1]):
        assert form not in shown, shown


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("command", [("info",), ("check",), ("info", "-f", "json")])
def test_connection_errors_show_no_password(form: str, command: tuple[str, ...]):
    result = Cli(FORMS[form])(*command, ok=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "***" in lines[0] and "unexpected" not in lines[0]
    secret_free(result)


@pytest.mark.parametrize("form", FORMS)
def test_copy_to_a_url_shows_no_password(form: str, tmp_path: Path):
    source = Cli(tmp_path / "source.db")
    source("init")
    result = source("copy", "--to", FORMS[form], ok=False)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    secret_free(result)


def test_display_keeps_what_is_not_secret():
    shown = display_url(
        "postgresql://u@h:5432/db?passfile=/home/u/.pgpass&password=x&sslmode=require"
    )
    assert shown == "postgresql://u@h:5432/db?passfile=/home/u/.pgpass&password=***&sslmode=require"
    assert display_url("/tmp/claims.db") == "/tmp/claims.db"
    assert display_url("postgresql://h/db") == "postgresql://h/db"
    display_url(f"postgresql://u:{SECRET}@h/db")
    assert scrub(f'failed for "{SECRET}"') == 'failed for "***"'


# -- on the real server ------------------------------------------------------------------------


def forms_of(url: str) -> dict[str, str]:
    """The server URL with its password given each way libpq accepts."""
    parsed = make_url(url)
    bare = parsed.set(password=None).render_as_string(hide_password=False)
    return {
        "userinfo": url,
        "query password": f"{bare}?password={parsed.password}",
        "query with other options": f"{bare}?application_name=x&password={parsed.password}",
    }


@pytest.mark.parametrize("form", ["userinfo", "query password", "query with other options"])
def test_server_lines_show_no_password(pg_url: str, form: str, tmp_path: Path):
    url = forms_of(pg_url)[form]
    password = make_url(pg_url).password
    assert password and password in url
    cli = Cli(url)
    shown = [
        cli("init"),
        cli("entity", "add", "Someone", "--kind", "person"),
        cli("info"),
        cli("info", "-f", "json"),
        cli("check"),
        cli("copy", "--to", str(tmp_path / "copy.db")),
        Cli(tmp_path / "copy.db")("copy", "--to", url, ok=False),  # not empty: refused
    ]
    assert "***" in json.loads(shown[3].stdout)["database"]
    assert "not empty" in shown[-1].stderr
    for result in shown:
        assert password not in result.stdout + result.stderr


def test_wrong_password_on_the_server_is_one_line_without_it(pg_url: str):
    wrong = make_url(pg_url).set(password="Wr0ng-" + SECRET)
    result = Cli(wrong.render_as_string(hide_password=False))("info", ok=False)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "authentication failed" in lines[0], result.stderr
    assert SECRET not in result.stderr
