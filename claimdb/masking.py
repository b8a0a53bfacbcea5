"""Database URLs as they may be shown: every secret in them masked.

A secret can sit in a URL's user information (``user:password@``) or in its query
(``?password=…``, ``?sslpassword=…``, any option named like a password, secret or
token). ``display_url`` masks them all; ``scrub`` masks, in any message, the secrets of
every URL this process has shown (a driver may echo its connection string in an error).
Paths (``passfile``, ``sslkey``) are not secrets and stay readable. No heavy imports.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus

MASK = "***"
_SECRET_OPTION = re.compile(r"pass(word|phrase)?$|password|secret|token", re.IGNORECASE)
_SEEN: set[str] = set()  # secret values met in URLs shown so far, raw and decoded


def is_secret_option(name: str) -> bool:
    """``password``, ``sslpassword``, ``PGPASSWORD``…: but not ``passfile`` (a path)."""
    return bool(_SECRET_OPTION.search(name)) and not name.lower().endswith("file")


_USERINFO = re.compile(r"(?P<user>[^:/]*):(?P<password>[^@]*)@")  # as SQLAlchemy reads it


def display_url(target: str) -> str:
    """``target`` with its password and secret-bearing options replaced by ``***``."""
    scheme, sep, rest = target.partition("://")
    if not sep:
        return target
    if m := _USERINFO.match(rest):
        password, rest = m["password"], rest[m.end() :]
        host = re.split(r"[/?]", rest, maxsplit=1)[0]
        if "@" in host:  # an unencoded '@' in the password: mask up to the last one
            extra = host.rpartition("@")[0]
            password, rest = f"{password}@{extra}", rest[len(extra) + 1 :]
        _remember(password)
        rest = f"{m['user']}:{MASK}@{rest}"
    return f"{scheme}://{_OPTION.sub(_masked_option, rest)}"


_OPTION = re.compile(r"(?P<lead>[?&;])(?P<name>[^=&?;]+)=(?P<value>[^&;]*)")


def _masked_option(m: re.Match[str]) -> str:
    if not is_secret_option(unquote_plus(m["name"])):
        return m[0]
    _remember(m["value"])
    return f"{m['lead']}{m['name']}={MASK}"


def _remember(value: str) -> None:
    for form in (value, unquote(value), unquote_plus(value)):
        if len(form) >= 3:  # a shorter "secret" would mask ordinary words in messages
            _SEEN.add(form)


def scrub(message: str) -> str:
    """``message`` with every secret seen in a shown URL replaced by ``***``."""
    for secret in sorted(_SEEN, key=len, reverse=True):
        message = message.replace(secret, MASK)
    return message
