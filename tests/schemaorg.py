"""Checks of JSON-LD against the schema.org vocabulary and Google's ClaimReview fields.

The vocabulary is the few terms vendored in tests/fixtures/schemaorg-terms.json (its
``_about`` says where they come from: schema.org release 30.0, CC BY-SA 3.0). Google's
fields are those of "Fact check (ClaimReview) structured data",
https://developers.google.com/search/docs/appearance/structured-data/factcheck.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

TERMS = Path(__file__).parent / "fixtures" / "schemaorg-terms.json"
DATATYPES = {
    "Text": lambda v: isinstance(v, str) and v.strip() != "",
    "URL": lambda v: isinstance(v, str) and re.fullmatch(r"https?://\S+", v) is not None,
    "Date": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None,
    "DateTime": lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}T\S+", v),
    "Number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}

# Google: required, then recommended properties, per type.
GOOGLE = {
    "ClaimReview": (("claimReviewed", "reviewRating", "url"), ("author", "itemReviewed")),
    "Claim": ((), ("author", "datePublished")),
    "Rating": (("alternateName",), ("name",)),
    "author": ((), ("name", "url")),
}
RATING_SCALE = ("ratingValue", "bestRating", "worstRating")  # recommended: all or none


@cache
def vocabulary() -> dict[str, Any]:
    return json.loads(TERMS.read_text(encoding="utf-8"))


def ancestors(type_: str) -> set[str]:
    types = vocabulary()["types"]
    out, todo = set(), [type_]
    while todo:
        t = todo.pop()
        if t not in out:
            out.add(t)
            todo += types[t]["subTypeOf"]
    return out


def problems(node: Any, where: str = "$") -> list[str]:
    """Every way ``node`` (a JSON-LD object) breaks the vocabulary: unknown types or
    properties, a property outside its domain, a value outside its range."""
    vocab = vocabulary()
    if not isinstance(node, dict):
        return [f"{where}: expected an object"]
    type_ = node.get("@type")
    if type_ not in vocab["types"]:
        return [f"{where}: unknown type {type_!r}"]
    mine = ancestors(type_)
    out = []
    for key, value in node.items():
        if key in ("@context", "@type"):
            continue
        term = vocab["properties"].get(key)
        if term is None:
            out.append(f"{where}.{key}: not a schema.org property (or not vendored)")
            continue
        if not mine & set(term["domainIncludes"]):
            out.append(f"{where}.{key}: not a property of {type_}")
        items = value if isinstance(value, list) else [value]
        for n, item in enumerate(items):
            at = f"{where}.{key}" + (f"[{n}]" if isinstance(value, list) else "")
            out += _value_problems(item, term["rangeIncludes"], at)
    return out


def _value_problems(value: Any, ranges: list[str], where: str) -> list[str]:
    if isinstance(value, dict):
        t = value.get("@type")
        if t not in vocabulary()["types"] or not ancestors(t) & set(ranges):
            return [f"{where}: a {t} is not one of {ranges}"]
        return problems(value, where)
    if any(DATATYPES[r](value) for r in ranges if r in DATATYPES):
        return []
    return [f"{where}: {value!r} is not one of {ranges}"]


def google_problems(review: dict[str, Any], short: bool = False) -> list[str]:
    """Google's required and recommended ClaimReview fields that are missing."""
    out = []

    def need(node: dict[str, Any], kind: str, where: str) -> None:
        required, recommended = GOOGLE[kind]
        out.extend(f"{where}.{k}: required by Google" for k in required if k not in node)
        out.extend(f"{where}.{k}: recommended by Google" for k in recommended if k not in node)

    need(review, "ClaimReview", "$")
    need(review.get("author", {}), "author", "$.author")
    need(review.get("itemReviewed", {}), "Claim", "$.itemReviewed")
    rating = review.get("reviewRating", {})
    need(rating, "Rating", "$.reviewRating")
    if 0 < sum(k in rating for k in RATING_SCALE) < len(RATING_SCALE):
        out.append("$.reviewRating: ratingValue, bestRating and worstRating go together")
    scale = [rating.get(k) for k in ("worstRating", "ratingValue", "bestRating")]
    if all(isinstance(v, int | float) for v in scale) and not scale[0] <= scale[1] <= scale[2]:
        out.append("$.reviewRating.ratingValue: outside worstRating..bestRating")
    if short and len(review.get("claimReviewed", "")) > 75:
        out.append("$.claimReviewed: longer than the recommended 75 characters")
    return out
