"""mkdocs hooks: pages generated at build time, so they can never be older than the code.

- ``cli.md``: the CLI reference, from the commands' own help (``claimdb.cli.reference``);
- ``api.md``: the Python API, the README's example and the public methods of ``Claimdb``
  with their signatures and docstrings;
- ``changelog.md``: ``CHANGELOG.md`` of the repository, as it is.
"""

import inspect
import re
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent


def on_files(files, config):
    from claimdb.cli.reference import markdown

    pages = {
        "cli.md": markdown(),
        "api.md": api_page(),
        "changelog.md": (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"),
    }
    for name, content in pages.items():
        files.append(File.generated(config, name, content=content))
    return files


def api_page() -> str:
    from claimdb import Claimdb

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"^```python\n.*?^```$", readme, re.M | re.S)
    lines = [
        "# Python API",
        "",
        "Everything the command line does goes through one class, `claimdb.Claimdb`: one",
        "object per database (a SQLite path or a `postgresql+psycopg://` URL). Each write is",
        "one transaction, logged in the event log under `actor`; errors are the",
        "`claimdb.errors` family (`NotFound`, `Ambiguous`, `InvalidInput`, `Conflict`,",
        "`DatabaseError`), each carrying the one line the CLI would print.",
        "",
        "The example of the README (the test suite runs it):",
        "",
        example,
        "",
        "## Methods",
        "",
        "Generated from `claimdb/api.py` when this site is built.",
        "",
    ]
    for name, member in inspect.getmembers(Claimdb, inspect.isfunction):
        if name.startswith("_") and name != "__init__":
            continue
        signature = str(inspect.signature(member)).replace("(self, ", "(").replace("(self)", "()")
        shown = "Claimdb" if name == "__init__" else name
        doc = inspect.getdoc(member) or ""
        lines += [f"### `{shown}`", "", "```python", f"{shown}{signature}", "```", ""]
        if doc:
            lines += [doc, ""]
    return "\n".join(lines)
