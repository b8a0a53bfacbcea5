"""The tables as SQLAlchemy Core ``Table`` objects, read from schema.sql (``schema``).

Queries use them as ``Claim.c.text``; ``insert(Claim)``. Declared nowhere else.
"""

from __future__ import annotations

from claimdb.db.schema import schema

_tables = schema().metadata.tables

Entity = _tables["entity"]
Alias = _tables["alias"]
Membership = _tables["membership"]
Source = _tables["source"]
Claim = _tables["claim"]
ClaimVia = _tables["claim_via"]
Link = _tables["link"]
Verdict = _tables["verdict"]
Event = _tables["event"]
SchemaVersion = _tables["schema_version"]
