"""Right-to-left text for terminals that do not reorder it themselves (pure).

Stored text is always in logical (typed) order. For display, a cell is first wrapped
in logical order to the column width, then each line is reordered on its own with the
Unicode Bidirectional Algorithm (python-bidi), and optionally shaped (arabic-reshaper:
joined letter forms for terminals that draw each letter in isolation). Wrapping first
keeps the first words of a sentence on the first line, whatever the script.

Whether to reorder is decided by :func:`resolve_mode`: terminals that run the
bidirectional algorithm themselves (GNOME Terminal and other VTE >= 0.58 terminals,
Konsole, mlterm, mintty, Apple Terminal) must not get reordered text, or it would be
reversed twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

__all__ = [
    "MODES",
    "cell_width",
    "display_lines",
    "has_rtl",
    "is_rtl_paragraph",
    "resolve_mode",
    "terminal_does_bidi",
    "wrap",
]

MODES = ("auto", "on", "off")

# Blocks that hold right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, ...,
# presentation forms, and the RTL scripts of the supplementary planes): a fast
# pre-check before asking unicodedata for the exact bidirectional class.
_RTL_BLOCKS = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _is_strong_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a strong right-to-left character (Arabic, Hebrew, ...)."""
    if not _RTL_BLOCKS.search(text):
        return False
    return any(_is_strong_rtl(char) for char in text)


def is_rtl_paragraph(text: str) -> bool:
    """Whether the first strong character of ``text`` is right-to-left (UAX #9 P2/P3)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


# --- cell widths and wrapping --------------------------------------------------------


def _char_width(char: str) -> int:
    """Terminal cells taken by one character: 0 for marks and controls, 2 for wide."""
    if char.isascii():
        return 1 if char.isprintable() else 0
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc", "Cs") or "\u1160" <= char <= "\u11ff":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text`` (no new dependency; close to wcwidth)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(_char_width(char) for char in text)


def _chunks(word: str, width: int) -> list[str]:
    """Split a word longer than ``width`` cells; zero-width marks stay with their base."""
    pieces: list[str] = []
    current, used = "", 0
    for char in word:
        size = _char_width(char)
        if current and size and used + size > width:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += size
    if current:
        pieces.append(current)
    return pieces


def _wrap_paragraph(paragraph: str, width: int) -> list[str]:
    lines: list[str] = []
    current, used = "", 0
    for word in paragraph.split():
        size = cell_width(word)
        if current and used + 1 + size <= width:
            current, used = f"{current} {word}", used + 1 + size
            continue
        if current:
            lines.append(current)
        if size <= width:
            current, used = word, size
        else:
            *full, current = _chunks(word, width)
            lines.extend(full)
            used = cell_width(current)
    lines.append(current)
    return lines


def wrap(text: str, width: int) -> list[tuple[str, bool]]:
    """Wrap ``text`` in logical order to ``width`` cells.

    Returns ``(line, rtl)`` pairs, where ``rtl`` is the direction of the paragraph
    (the text between newlines) the line comes from. Words are kept whole unless longer
    than the width; runs of spaces collapse. A character wider than ``width`` gets a
    line of its own.
    """
    if width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    text = _SURROGATE.sub("\ufffd", text)  # lone surrogates cannot be printed
    result: list[tuple[str, bool]] = []
    for paragraph in text.splitlines() or [""]:
        rtl = is_rtl_paragraph(paragraph)
        result.extend((line, rtl) for line in _wrap_paragraph(paragraph, width))
    return result


# --- display -------------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LEVELS = re.compile(r"levels:\s*\[(.*?)\]\s*,\s*paragraphs", re.DOTALL)
_LEVEL = re.compile(r"Level\(\s*(\d+)")
_L1_RESET = {"WS", "S", "B", "BN", "FSI", "LRI", "RLI", "PDI"}


def _reshape(line: str) -> str:
    try:
        import arabic_reshaper
    except ImportError as error:
        raise ImportError(
            "Arabic letter shaping needs the arabic-reshaper package: "
            "pip install 'claimdb[shaping]' (or turn shaping off: unset CLAIMDB_SHAPE)"
        ) from error
    return arabic_reshaper.reshape(line)


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me")


def _char_levels(line: str, base_dir: str) -> list[int] | None:
    """Resolved embedding level of each character, from python-bidi's debug output.

    python-bidi >= 0.5 (unicode-bidi in Rust) reports levels per UTF-8 byte in a debug
    dump; ``None`` if that dump cannot be read (a future format).
    """
    from bidi import get_display

    match = _LEVELS.search(str(get_display(line, base_dir=base_dir, debug=True)))
    if match is None:
        return None
    by_byte = [int(level) for level in _LEVEL.findall(match.group(1))]
    levels, offset = [], 0
    for char in line:
        if offset >= len(by_byte):
            return None
        levels.append(by_byte[offset])
        offset += len(char.encode("utf-8"))
    if offset != len(by_byte):
        return None
    # UAX #9 L1: trailing whitespace and isolates go back to the paragraph level.
    base = 1 if base_dir == "R" else 0
    for index in range(len(line) - 1, -1, -1):
        if unicodedata.bidirectional(line[index]) not in _L1_RESET:
            break
        levels[index] = base
    return levels


def _visual_order(levels: list[int]) -> list[int]:
    """UAX #9 L2: logical indices in display order."""
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    for level in range(max(levels), min(odd) - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return order


def _mirror_and_attach(line: str, levels: list[int], order: list[int]) -> str:
    """UAX #9 L3 and L4, which python-bidi >= 0.5 leaves out.

    In right-to-left runs, put combining marks back after their base letter (a
    terminal attaches a mark to the cell before it) and mirror paired characters
    ("(" drawn as ")").
    """
    from bidi.mirror import MIRRORED

    out: list[str] = []
    marks: list[int] = []
    for index in order:
        char = line[index]
        odd = levels[index] % 2 == 1
        if odd and _is_mark(char):
            marks.append(index)
            continue
        out.append(MIRRORED.get(char, char) if odd else char)
        if marks and odd and index == min(marks) - 1:
            out.extend(line[mark] for mark in reversed(marks))
        else:
            out.extend(line[mark] for mark in marks)
        marks = []
    out.extend(line[mark] for mark in marks)
    return "".join(out)


def _display_line(line: str, rtl: bool, shape: bool) -> str:
    """One logical line in display order (python-bidi's get_display, then L3 and L4)."""
    from bidi import get_display

    if shape:
        line = _reshape(line)
    base_dir = "R" if rtl else "L"
    display = str(get_display(line, base_dir=base_dir))
    if any(_is_mark(char) or unicodedata.mirrored(char) for char in line):
        levels = _char_levels(line, base_dir)
        if levels is not None:
            order = _visual_order(levels)
            if "".join(line[index] for index in order) == display:
                display = _mirror_and_attach(line, levels, order)
    return _BIDI_CONTROLS.sub("", display)


def display_lines(text: str, width: int, shape: bool = False) -> list[str]:
    """Lines of ``text`` in display (visual) order, each at most ``width`` cells.

    The logical text is wrapped first (:func:`wrap`), then each line holding
    right-to-left letters is reordered on its own with ``bidi.get_display``, using the
    direction of its paragraph as base direction (so that a line starting with a Latin
    word inside an Arabic sentence stays right-to-left); marks are kept after their
    letter, brackets mirrored, and bidi control characters, having done their work,
    dropped. With ``shape``, Arabic letters are first replaced by their joined
    presentation forms (needs arabic-reshaper). Lines without right-to-left letters are
    returned as they are.
    """
    return [
        _display_line(line, rtl, shape) if has_rtl(line) else line
        for line, rtl in wrap(text, width)
    ]


# --- when to reorder -----------------------------------------------------------------

_TRUE = {"1", "on", "yes", "true"}


def terminal_does_bidi(env: Mapping[str, str]) -> bool:
    """Whether the terminal described by ``env`` reorders right-to-left text itself.

    mlterm (MLTERM), Konsole (KONSOLE_VERSION; its "Bi-Directional text rendering"
    profile option), Apple Terminal (TERM_PROGRAM=Apple_Terminal), mintty
    (TERM_PROGRAM=mintty; its Bidi option) and VTE terminals from VTE 0.58
    (VTE_VERSION >= 5800: GNOME Terminal, Tilix, Terminator, xfce4-terminal...), whose
    BiDi support landed in 0.57.3 and is on by default.
    """
    if "MLTERM" in env or "KONSOLE_VERSION" in env:
        return True
    if env.get("TERM_PROGRAM") in ("Apple_Terminal", "mintty"):
        return True
    vte = env.get("VTE_VERSION", "")
    return vte.isdigit() and int(vte) >= 5800


def resolve_mode(mode: str, *, isatty: bool, env: Mapping[str, str]) -> tuple[bool, bool]:
    """``(reorder, shape)`` for a ``--bidi`` mode of ``auto``, ``on`` or ``off``.

    ``auto`` reorders only on a terminal (never into a pipe or a file, which keep
    logical order) that does not reorder by itself. Shaping is opt-in, with
    ``CLAIMDB_SHAPE=1``, and only together with reordering: presentation forms need a
    font that has them and the optional arabic-reshaper package, and unjoined letters
    in the right order stay readable where missing glyphs would not.
    """
    choice = mode.strip().lower()
    if choice not in MODES:
        raise ValueError(f"bidi mode must be one of {', '.join(MODES)}, not {mode!r}")
    if choice == "off":
        reorder = False
    elif choice == "on":
        reorder = True
    else:
        reorder = isatty and not terminal_does_bidi(env)
    shape = reorder and env.get("CLAIMDB_SHAPE", "").strip().lower() in _TRUE
    return reorder, shape
