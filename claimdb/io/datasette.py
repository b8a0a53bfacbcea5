"""Browsing a claimdb file in Datasette: its metadata, and the command that serves it.

Datasette finds the full-text table by itself (``claim_fts`` is declared
``content="claim"``), so its search box works on the claim table; the metadata adds
titles, descriptions, facets (speaker, camp, act, topic), search on the readable view
of claims, and canned queries for the disputes and the timeline.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from claimdb.errors import InvalidInput

__all__ = ["INSTALL_HINT", "metadata", "serve"]

INSTALL_HINT = "install it with: pip install 'claimdb[datasette]'"

_DISPUTES = """\
SELECT l.id AS link, l.claim_a, sa.name AS speaker_a, a.said_on AS said_on_a, a.text AS text_a,
       l.claim_b, sb.name AS speaker_b, b.said_on AS said_on_b, b.text AS text_b, l.note
FROM link l
JOIN claim a ON a.id = l.claim_a
JOIN entity sa ON sa.id = a.speaker_id
JOIN claim b ON b.id = l.claim_b
JOIN entity sb ON sb.id = b.speaker_id
WHERE l.relation = 'contradicts' AND l.removed_at IS NULL
  AND a.retracted_at IS NULL AND b.retracted_at IS NULL
ORDER BY l.claim_a, l.claim_b"""

_TIMELINE = """\
SELECT said_on, id, speaker, camp, act, target, topic, text
FROM claims_readable
WHERE retracted_at IS NULL
  AND (:topic = '' OR topic = :topic)
  AND (:speaker = '' OR speaker = :speaker OR camp = :speaker)
ORDER BY said_on IS NULL, said_on, id"""


def metadata(name: str) -> dict[str, Any]:
    """Datasette metadata for a claimdb database that Datasette names ``name``."""
    return {
        "title": "claimdb",
        "description": "Who said what about whom, and who contradicts whom.",
        "databases": {
            name: {
                "tables": {
                    "claims_readable": {
                        "title": "Claims",
                        "description": "One statement by one speaker about one target, with "
                        "names instead of ids; camp is the speaker's root ancestor. The search "
                        "box finds words as written or folded (غزة or غزه), with or without "
                        "the article and proclitics.",
                        "facets": ["speaker", "camp", "act", "topic"],
                        "fts_table": "claim_fts",
                        "fts_pk": "id",
                        "sort_desc": "said_on",
                    },
                    "links_readable": {
                        "title": "Links",
                        "description": "Live links between two claims: contradicts or supports.",
                        "facets": ["relation"],
                    },
                    "entities_readable": {
                        "title": "Entities",
                        "description": "Speakers and targets; parent defines the camp.",
                        "facets": ["kind", "parent"],
                    },
                    "claim": {
                        "description": "Claims as stored (ids); search_key is the folded "
                        "words and their stems that search matches.",
                        "facets": ["speaker_id", "act", "topic"],
                    },
                    "entity": {"label_column": "name"},
                    "source": {"label_column": "title"},
                },
                "queries": {
                    "disputes": {
                        "title": "Disputes",
                        "description": "Every live 'contradicts' link between two standing "
                        "claims, both sides side by side.",
                        "sql": _DISPUTES,
                    },
                    "timeline": {
                        "title": "Timeline",
                        "description": "Claims by date; optionally one topic, or one speaker "
                        "or camp (leave a box empty for all).",
                        "sql": _TIMELINE,
                    },
                },
            }
        },
    }


def serve(path: Path, host: str, port: int, extra: list[str] | None = None) -> int:
    """Run ``datasette serve`` on the SQLite file at ``path`` until it stops; its exit code."""
    if importlib.util.find_spec("datasette") is None:
        raise InvalidInput(f"claimdb datasette: Datasette is not installed; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="claimdb-datasette-") as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(path.stem), ensure_ascii=False), encoding="utf-8")
        command = [sys.executable, "-m", "datasette", "serve", str(path)]
        command += ["--metadata", str(meta), "--host", host, "--port", str(port), *(extra or [])]
        try:
            return subprocess.call(command)
        except KeyboardInterrupt:
            return 130
