"""The one package that imports rich: result objects → table, JSON, CSV or Markdown.

``output`` holds what every command shares (tables, records, messages, JSON, CSV),
``report_formats`` the contradiction report, ``commands`` the layout of the other commands'
results. Commands use ``claimdb.render`` (this module) for all of it.
"""

from claimdb.render import commands
from claimdb.render.output import (
    configure,
    console,
    emit_csv,
    emit_json,
    listing,
    message,
    passage,
    record,
    table,
)
from claimdb.render.report_formats import (
    CLAIM_FIELDS,
    claim_dict,
    report,
    report_data,
    report_markdown,
)

__all__ = [
    "CLAIM_FIELDS",
    "claim_dict",
    "commands",
    "configure",
    "console",
    "emit_csv",
    "emit_json",
    "listing",
    "message",
    "passage",
    "record",
    "report",
    "report_data",
    "report_markdown",
    "table",
]
