"""The text of a news article to ingest: a text file, stdin, or a saved web page.

A web page (a name ending in .html/.htm, or text that starts like HTML) is read with
trafilatura, a maintained article extractor (boilerplate removal, metadata), installed
by the ``ingest-html`` extra: its title, site name, date and canonical URL fill the
source record where the user gave none. It is imported only for HTML (about half a
second of start-up), which is why it is an extra and not a core dependency.

Bad input is one ``InvalidInput`` naming the file: a binary file, no text, a page with
no article in it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from claimdb.errors import InvalidInput
from claimdb.io.textfile import read_text

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MIN_WORDS = 5  # an extracted "article" shorter than this is no article (a menu, a form)


@dataclass
class Article:
    """The text to ingest and what the page said about itself (None when unknown)."""

    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None  # YYYY-MM-DD


def read_article(file: str) -> Article:
    """The article in ``file`` ("-" for stdin): plain text as it is, HTML extracted."""
    where = "stdin" if file == "-" else file
    text = sys.stdin.read() if file == "-" else read_text(file)
    if "\x00" in text:
        raise InvalidInput(f"{where}: a binary file, not text")
    if looks_like_html(text, file):
        return from_html(text, where)
    if not text.strip():
        raise InvalidInput(f"{where}: no text to read claims from")
    return Article(text)


def looks_like_html(text: str, file: str = "-") -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    return Path(file).suffix.lower() in HTML_SUFFIXES or head.startswith(
        ("<!doctype html", "<html")
    )


def from_html(html: str, where: str = "the page") -> Article:
    """The article text and metadata of a saved web page."""
    try:
        import trafilatura
    except ImportError:
        raise InvalidInput(
            f"{where}: reading a web page needs the ingest-html extra: "
            "pip install 'claimdb[ingest-html]'"
        ) from None
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    text = (doc.text if doc is not None else None) or ""
    if len(text.split()) < MIN_WORDS:
        raise InvalidInput(f"{where}: no article text found in the web page")
    return Article(
        text=text.strip() + "\n",
        title=doc.title or None,
        publisher=doc.sitename or None,
        url=doc.url or None,
        published=_iso_date(doc.date),
    )


def _iso_date(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 and value[4] == "-" else None
