"""claimdb: a claim-versus-claim fact-tracking database.

The public API is ``claimdb.Claimdb`` (``claimdb/api.py``), imported on first use so
that ``import claimdb`` (and the command line's start-up) stays light.
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["Claimdb", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Claimdb":
        from claimdb.api import Claimdb

        return Claimdb
    raise AttributeError(f"module 'claimdb' has no attribute {name!r}")
