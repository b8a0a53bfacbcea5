"""ClaimReview in: fact-checkers' reviews as import records (pure: no database).

Takes the shapes fact-checks come in:

- schema.org ClaimReview JSON-LD: one object, a list of them, an ``@graph`` (other
  node types are skipped), or a ``DataFeed`` whose items are ClaimReviews;
- the Google Fact Check Tools API's JSON: ``{"claims": [{"text", "claimant",
  "claimDate", "claimReview": [{"publisher": {"name", "site"}, "url", "title",
  "reviewDate", "textualRating", "languageCode"}]}]}``.

Each review becomes import records (``claimdb.io.jsonl`` documents them), checked and
written by the one importer, all or nothing:

- the claim: its text (``itemReviewed.text``, else ``claimReviewed``), the claimant as
  speaker (named, resolved like every name: did-you-mean, ``--create-entities``), the
  target (``itemReviewed.about``, else the option ``target``, else the claimant), the
  date it was made, its language, and its appearance (a URL) as its source;
- the review as a source: its title, the fact-checker as publisher, URL, date and
  language; its reliability is left to the analyst;
- a **verdict** linking the two: the textual rating (``alternateName``, else
  ``name``), ``ratingValue`` / ``bestRating`` / ``worstRating`` when given (numbers, or
  text that is a number), ``ratingExplanation``.

Errors name the review by its place in the file: ``review 3``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from claimdb.errors import InvalidInput

Record = tuple[str, dict[str, Any]]  # (label such as 'review 3', import record)


def parse(raw: bytes, name: str) -> Any:
    """The JSON document in ``raw`` (UTF-8, a BOM allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name}: not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(
            f"{name}: not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
        ) from None


def read(raw: bytes, name: str, target: str | None = None) -> tuple[list[Record], dict[str, str]]:
    """``records`` of the JSON document in ``raw``."""
    return records(parse(raw, name), name, target)


def records(
    document: Any, name: str, target: str | None = None
) -> tuple[list[Record], dict[str, str]]:
    """The import records of every review in ``document``, and the kind (person or
    organisation) each claimant's markup gives, for entities created by name."""
    out: list[Record] = []
    kinds: dict[str, str] = {}
    for number, (review, claim) in enumerate(_reviews(document, name), 1):
        label = f"review {number}"
        try:
            out += [(label, record) for record in _records(review, claim, number, target, kinds)]
        except InvalidInput as e:
            raise InvalidInput(f"{name}: {label}: {e}") from None
    if not out:
        raise InvalidInput(f"{name}: no ClaimReview found (a list, an @graph or one object)")
    return out, kinds


# -- the shapes -------------------------------------------------------------------------


def _reviews(document: Any, name: str) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(review, Fact Check Tools claim or None) in document order."""
    if isinstance(document, dict) and isinstance(document.get("claims"), list):
        for claim in document["claims"]:
            if not isinstance(claim, dict):
                raise InvalidInput(f"{name}: claims: expected objects")
            for review in _as_list(claim.get("claimReview")):
                yield review, claim
        return
    for node in _nodes(document):
        if _is(node, "ClaimReview"):
            yield node, None


def _nodes(document: Any) -> Iterator[Any]:
    if isinstance(document, list):
        for item in document:
            yield from _nodes(item)
    elif isinstance(document, dict):
        if "@graph" in document:
            yield from _nodes(document["@graph"])
        elif _is(document, "DataFeed"):
            for element in _as_list(document.get("dataFeedElement")):
                yield from _nodes(element.get("item") if _is(element, "DataFeedItem") else element)
        else:
            yield document


def _is(node: Any, type_: str) -> bool:
    if not isinstance(node, dict):
        return False
    types = node.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.rsplit("/", 1)[-1] == type_ for t in names)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else ([] if value is None else [value])


def _first(value: Any) -> Any:
    items = _as_list(value)
    return items[0] if items else None


# -- one review ---------------------------------------------------------------------------


def _records(
    review: dict[str, Any],
    fct: dict[str, Any] | None,
    n: int,
    target: str | None,
    kinds: dict[str, str],
) -> list[dict[str, Any]]:
    if not isinstance(review, dict):
        raise InvalidInput("expected an object")
    if fct is not None:
        claim, verdict, source = _from_fact_check_tools(review, fct)
    else:
        claim, verdict, source = _from_json_ld(review, kinds)
    claim["target"] = claim.pop("about", None) or target or claim["speaker"]
    out: list[dict[str, Any]] = []
    appearance = claim.pop("appearance", None)
    if appearance:
        out.append({"type": "source", "key": f"a{n}", **appearance})
        claim["source"] = f"a{n}"
    out.append({"type": "source", "key": f"r{n}", **source})
    out.append({"type": "claim", "key": f"c{n}", **claim})
    out.append({"type": "verdict", "claim": f"c{n}", "source": f"r{n}", **verdict})
    return [_without_nones(r) for r in out]


def _without_nones(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


def _from_json_ld(r: dict[str, Any], kinds: dict[str, str]):
    reviewed = _text(r.get("claimReviewed"), "claimReviewed", required=True)
    item = _first(r.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    author = _first(item.get("author"))
    speaker = _name(author, "itemReviewed.author (the claimant)")
    if _is(author, "Person"):
        kinds[speaker] = "person"
    about = _first(item.get("about"))
    claim = {
        "speaker": speaker,
        "about": _name(about, "itemReviewed.about") if about else None,
        "text": _text(item.get("text"), "itemReviewed.text") or reviewed,
        "said_on": _date(item.get("datePublished"), "itemReviewed.datePublished"),
        "lang": _lang(item.get("inLanguage")) or _lang(r.get("inLanguage")),
        "appearance": _appearance(item),
    }
    rating = _first(r.get("reviewRating"))
    if not isinstance(rating, dict):
        raise InvalidInput("reviewRating: missing (the fact-checker's rating)")
    textual = _text(rating.get("alternateName"), "reviewRating.alternateName") or _text(
        rating.get("name"), "reviewRating.name"
    )
    if not textual:
        raise InvalidInput("reviewRating.alternateName: missing (the textual rating)")
    verdict = {
        "rating": textual,
        "explanation": _text(rating.get("ratingExplanation"), "reviewRating.ratingExplanation"),
    }
    for field, key in (("ratingValue", "rating_value"), ("bestRating", "best_rating")):
        verdict[key] = _number(rating.get(field), f"reviewRating.{field}")
    verdict["worst_rating"] = _number(rating.get("worstRating"), "reviewRating.worstRating")
    publisher = _first(r.get("author")) or _first(r.get("publisher"))
    url = _text(r.get("url"), "url")
    reviewer = _reviewer(publisher, url)
    source = {
        "title": _text(r.get("name"), "name")
        or _text(r.get("headline"), "headline")
        or url
        or f"fact check by {reviewer}",
        "publisher": reviewer,
        "url": url,
        "published": _date(r.get("datePublished"), "datePublished"),
        "lang": _lang(r.get("inLanguage")),
    }
    return claim, verdict, source


def _from_fact_check_tools(review: dict[str, Any], claim: dict[str, Any]):
    text = _text(claim.get("text"), "claims.text", required=True)
    speaker = _text(claim.get("claimant"), "claims.claimant")
    if not speaker:
        raise InvalidInput("claims.claimant: missing (who made the claim)")
    lang = _lang(review.get("languageCode"))
    out_claim = {
        "speaker": speaker,
        "text": text,
        "said_on": _date(claim.get("claimDate"), "claims.claimDate"),
        "lang": lang,
    }
    rating = _text(review.get("textualRating"), "claimReview.textualRating")
    if not rating:
        raise InvalidInput("claimReview.textualRating: missing (the textual rating)")
    url = _text(review.get("url"), "claimReview.url")
    publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
    reviewer = _text(publisher.get("name"), "publisher.name") or _host(url) or "unknown"
    source = {
        "title": _text(review.get("title"), "claimReview.title")
        or url
        or f"fact check by {reviewer}",
        "publisher": reviewer,
        "url": url,
        "published": _date(review.get("reviewDate"), "claimReview.reviewDate"),
        "lang": lang,
    }
    return out_claim, {"rating": rating}, source


# -- fields -------------------------------------------------------------------------------


def _text(value: Any, field: str, required: bool = False) -> str | None:
    value = _first(value) if isinstance(value, list) else value
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f"{field}: missing")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, not {type(value).__name__}")
    return value.strip()


def _name(node: Any, field: str) -> str:
    if isinstance(node, str) and node.strip():
        return node.strip()
    if isinstance(node, dict):
        name = _text(node.get("name"), f"{field}.name")
        if name:
            return name
    raise InvalidInput(f"{field}: missing a name")


def _reviewer(node: Any, url: str | None) -> str:
    """The fact-checker's name: the author's name, else its site, else the review's."""
    if isinstance(node, str) and node.strip():
        return node.strip()
    if isinstance(node, dict):
        name = _text(node.get("name"), "author.name")
        if name:
            return name
        host = _host(_text(node.get("url"), "author.url"))
        if host:
            return host
    return _host(url) or "unknown"


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _date(value: Any, field: str) -> str | None:
    text = _text(value, field)
    if text is None:
        return None
    day = text[:10]
    if len(day) != 10 or day[4] != "-" or day[7] != "-":
        raise InvalidInput(f"{field}: {text!r} is not a date (YYYY-MM-DD...)")
    return day


def _lang(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _number(value: Any, field: str) -> float | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            pass
        else:
            return int(number) if number.is_integer() else number
    raise InvalidInput(f"{field}: {value!r} is not a number")


def _appearance(item: dict[str, Any]) -> dict[str, Any] | None:
    """The claim's source: where it appeared (a URL, a CreativeWork), if given."""
    for key in ("appearance", "firstAppearance"):
        for node in _as_list(item.get(key)):
            if isinstance(node, str) and node.strip():
                return {"title": node.strip(), "url": node.strip()}
            if isinstance(node, dict):
                url = _text(node.get("url"), f"itemReviewed.{key}.url")
                title = _text(node.get("name"), f"itemReviewed.{key}.name") or _text(
                    node.get("headline"), f"itemReviewed.{key}.headline"
                )
                publisher = _first(node.get("publisher"))
                if url or title:
                    return {
                        "title": title or url,
                        "url": url,
                        "publisher": _name(publisher, "publisher") if publisher else None,
                    }
    return None
