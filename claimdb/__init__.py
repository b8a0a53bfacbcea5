"""claimdb: a claim-versus-claim fact-tracking database.

``from claimdb import Claimdb`` gives the public API (``claimdb/api.py``). It is imported
on first use (PEP 562 module ``__getattr__``), so that ``claimdb --help`` does not load
SQLAlchemy at start-up.
"""

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["Claimdb", "__version__"]

if TYPE_CHECKING:
    from claimdb.api import Claimdb


def __getattr__(name: str):
    if name == "Claimdb":
        from claimdb.api import Claimdb

        return Claimdb
    raise AttributeError(f"module 'claimdb' has no attribute {name!r}")
