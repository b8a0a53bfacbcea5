"""Wrapping and reordering right-to-left text for terminals (pure)."""

from __future__ import annotations

import re
import sys

import pytest
from bidi import get_display
from bidi.mirror import MIRRORED
from hypothesis import given
from hypothesis import strategies as st

from claimdb.text.bidi import (
    cell_width,
    display_lines,
    has_rtl,
    is_rtl_paragraph,
    resolve_mode,
    terminal_does_bidi,
    wrap,
)

CLAIM = "أعلنت وزارة الدفاع الروسية أن مقاتلاتها نفذت 18 طلعة جوية ضد 12 موقعا Su-34 في الرقة"

any_char = st.one_of(
    st.characters(exclude_categories=()),
    st.characters(categories=["Cs"]),
    st.characters(min_codepoint=0x0590, max_codepoint=0x06FF),  # Hebrew and Arabic
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),  # wide CJK
    st.sampled_from("()[]«»<> 0123456789-.,:\n\u064e\u0651\u0301\u200f\u202b\u202c\u2067\u2069"),
)
any_text = st.text(any_char, max_size=80)


# --- the example cell ----------------------------------------------------------------


def test_mixed_claim_wraps_then_reorders_each_line() -> None:
    width = 30
    logical = [line for line, _ in wrap(CLAIM, width)]
    shown = display_lines(CLAIM, width)
    assert len(logical) == len(shown) == 3
    # reading order: the first logical chunk is the first line shown
    assert logical[0].startswith("أعلنت وزارة")
    assert logical[2].endswith("Su-34 في الرقة")
    for logical_line, shown_line in zip(logical, shown, strict=True):
        assert shown_line == get_display(logical_line)
        assert cell_width(shown_line) <= width
    # the first word of the sentence is drawn at the right end of the first line
    assert shown[0].endswith(get_display("أعلنت"))
    assert "Su-34" in shown[2]  # Latin and numbers keep their own order
    assert " ".join(logical).split() == CLAIM.split()


def test_wrapping_keeps_words_and_breaks_only_long_ones() -> None:
    assert wrap("alpha beta gamma", 10) == [("alpha beta", False), ("gamma", False)]
    assert wrap("abcdefghij", 4) == [("abcd", False), ("efgh", False), ("ij", False)]
    assert wrap("one\n\ntwo", 10) == [("one", False), ("", False), ("two", False)]
    assert wrap("", 10) == [("", False)]


def test_cell_widths() -> None:
    assert cell_width("abc") == 3
    assert cell_width("كُتِبَ") == 3  # harakat take no cell
    assert cell_width("中文") == 4
    assert wrap("中文字", 4) == [("中文", False), ("字", False)]


def test_latin_text_is_returned_unchanged() -> None:
    text = "Strikes (exclusively) against ISIS: 18 sorties, 12 sites."
    assert display_lines(text, 20) == [line for line, _ in wrap(text, 20)]


def test_paragraph_direction_holds_for_a_line_that_starts_in_latin() -> None:
    # the second line starts with Latin, but its paragraph is Arabic: base RTL
    lines = wrap("قال Su-34 نفذت", 6)
    assert lines[1] == ("Su-34", True)
    text = "نفذت الطائرات Su-34 طلعات"
    for (line, rtl), shown in zip(wrap(text, 20), display_lines(text, 20), strict=True):
        assert shown == get_display(line, base_dir="R" if rtl else "L")


def test_brackets_are_mirrored_in_right_to_left_runs() -> None:
    # python-bidi >= 0.5 leaves UAX #9 rule L4 out; display_lines applies it
    assert display_lines("نص (قوس)", 40) == ["(سوق) صن"]
    assert display_lines("«داعش» ISIS", 40) == ["ISIS «شعاد»"]


def test_combining_marks_follow_their_letter() -> None:
    # a terminal attaches a mark to the cell before it, so marks come after the base
    assert display_lines("كُتِبَ", 40) == ["بَتِكُ"]


def test_bidi_controls_are_dropped_after_reordering() -> None:
    assert display_lines("\u202bنص\u202c x", 40) == ["x صن"]


def test_shaping_joins_letters() -> None:
    pytest.importorskip("arabic_reshaper")
    (line,) = display_lines("كتب لا", 40, shape=True)
    assert line == "\ufefb \ufe90\ufe98\ufedb"  # lam-alef ligature; final, medial, initial


def test_shaping_without_the_package_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "arabic_reshaper", None)
    with pytest.raises(ImportError, match="arabic-reshaper"):
        display_lines("كتب", 40, shape=True)
    assert display_lines("plain text", 40, shape=True) == ["plain text"]


def test_width_must_be_positive() -> None:
    with pytest.raises(ValueError, match="width"):
        display_lines("x", 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("نص", True),
        ("שלום", True),
        ("ܫܠܡܐ", True),  # Syriac
        ("ދިވެހި", True),  # Thaana
        ("Latin ١٢٣", False),  # Arabic-Indic digits alone are not strong RTL
        ("\u064e", False),
        ("", False),
    ],
)
def test_has_rtl(text: str, expected: bool) -> None:
    assert has_rtl(text) is expected


def test_paragraph_direction_is_that_of_the_first_strong_letter() -> None:
    assert is_rtl_paragraph("12 نص abc")
    assert not is_rtl_paragraph("Su-34 في")
    assert not is_rtl_paragraph("123")


# --- properties ----------------------------------------------------------------------


@given(any_text, st.integers(2, 60))
def test_display_lines_never_raise_and_fit(text: str, width: int) -> None:
    lines = display_lines(text, width)
    assert lines
    assert all(cell_width(line) <= width for line in lines)


@given(any_text, st.integers(2, 60))
def test_shaped_lines_fit_too(text: str, width: int) -> None:
    pytest.importorskip("arabic_reshaper")
    assert all(cell_width(line) <= width for line in display_lines(text, width, shape=True))


@given(any_text, st.integers(1, 60))
def test_wrapping_loses_no_character(text: str, width: int) -> None:
    lines = [line for line, _ in wrap(text, width)]
    printable = re.sub("[\ud800-\udfff]", "\ufffd", text)  # lone surrogates become U+FFFD
    assert "".join(line.replace(" ", "") for line in lines) == "".join(printable.split())
    assert len(lines) == len(display_lines(text, width))


arabic_words = st.lists(
    st.lists(
        st.tuples(st.sampled_from("ابتكلمن"), st.sampled_from(["", "\u064e", "\u0651\u064e"])),
        min_size=1,
        max_size=6,
    ),
    min_size=1,
    max_size=6,
)


@given(arabic_words, st.integers(8, 40))
def test_marks_stay_with_their_letter(words: list[list[tuple[str, str]]], width: int) -> None:
    text = " ".join("".join(letter + marks for letter, marks in word) for word in words)
    clusters = sorted(letter + marks for word in words for letter, marks in word)
    shown: list[str] = []
    for line in display_lines(text, width):
        for char in line.replace(" ", ""):
            if char in "\u064e\u0651":
                shown[-1] += char  # a terminal draws it over the cell before
            else:
                shown.append(char)
    assert sorted(shown) == clusters


bracketed = st.text(st.sampled_from("ابت abc 12 ()[]«»<>-"), max_size=40)


@given(bracketed, st.integers(4, 40))
def test_only_mirroring_differs_from_get_display(text: str, width: int) -> None:
    for (line, rtl), shown in zip(wrap(text, width), display_lines(text, width), strict=True):
        plain = get_display(line, base_dir="R" if rtl else "L") if has_rtl(line) else line
        assert len(shown) == len(plain)
        for ours, theirs in zip(shown, plain, strict=True):
            assert ours == theirs or MIRRORED.get(theirs) == ours


# --- when to reorder -----------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"VTE_VERSION": "5800"},
        {"VTE_VERSION": "7600", "TERM": "xterm-256color"},
        {"KONSOLE_VERSION": "230805"},
        {"MLTERM": "3.9.3"},
        {"TERM_PROGRAM": "Apple_Terminal"},
        {"TERM_PROGRAM": "mintty"},
    ],
)
def test_auto_leaves_bidi_terminals_alone(env: dict[str, str]) -> None:
    assert terminal_does_bidi(env)
    assert resolve_mode("auto", isatty=True, env=env) == (False, False)


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "xterm-256color"},
        {"TERM": "linux"},
        {"TMUX": "/tmp/tmux-0/default,1,0", "TERM_PROGRAM": "tmux"},
        {"WT_SESSION": "abc"},
        {"TERM_PROGRAM": "vscode"},
        {"TERM_PROGRAM": "iTerm.app"},
        {"VTE_VERSION": "5202"},  # before VTE's BiDi support
        {"VTE_VERSION": "not a number"},
        {},
    ],
)
def test_auto_reorders_for_other_terminals(env: dict[str, str]) -> None:
    assert not terminal_does_bidi(env)
    assert resolve_mode("auto", isatty=True, env=env) == (True, False)


def test_auto_never_reorders_into_a_pipe() -> None:
    assert resolve_mode("auto", isatty=False, env={"TERM": "xterm"}) == (False, False)


def test_on_and_off_are_what_they_say() -> None:
    konsole = {"KONSOLE_VERSION": "230805", "CLAIMDB_SHAPE": "1"}
    assert resolve_mode("on", isatty=False, env=konsole) == (True, True)
    assert resolve_mode("off", isatty=True, env={"CLAIMDB_SHAPE": "1"}) == (False, False)
    assert resolve_mode(" ON ", isatty=True, env={}) == (True, False)


@pytest.mark.parametrize(
    ("value", "shape"), [("1", True), ("yes", True), ("0", False), ("", False)]
)
def test_shaping_is_opt_in(value: str, shape: bool) -> None:
    assert resolve_mode("auto", isatty=True, env={"CLAIMDB_SHAPE": value}) == (True, shape)


def test_unknown_mode_is_an_error() -> None:
    with pytest.raises(ValueError, match="auto, on, off"):
        resolve_mode("sometimes", isatty=True, env={})
