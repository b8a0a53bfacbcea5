"""Schema upgrades: an ordered list of small steps, each in the upgrade transaction.

``CURRENT`` is the version schema.sql creates. A step registered with
``@migration(v)`` turns version ``v`` into ``v + 1``.
"""

from __future__ import annotations

CURRENT = 1
