"""Text that reduces to nothing: a claim, a name or an alias must keep a letter or digit
after normalisation; characters that show as nothing never tell two names apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Cli, dump

NOTHING = {
    "zero-width characters": "\u200b\u200c\u200d",
    "Arabic vowel marks": "\u064e\u064f\u0650\u0651",
    "punctuation": "!!!",
    "tag characters": "\U000e0049\U000e0053\U000e0049\U000e0053",
    "Hangul fillers": "\u3164\u3164",
    "variation selectors and a word joiner": "\ufe0f\u2060\ufe0e",
}


@pytest.mark.parametrize("text", NOTHING)
@pytest.mark.parametrize(
    "command",
    [
        ("claim", "add", "--speaker", "Russia", "--target", "ISIS", "{}"),
        ("claim", "edit", "5", "--text", "{}"),
        ("entity", "add", "{}", "--kind", "group"),
        ("entity", "alias", "Russia", "{}"),
    ],
)
def test_text_without_a_letter_or_digit_is_refused(seeded: Cli, text: str, command):
    before = dump(seeded.db)
    line = seeded.fails(*(a.replace("{}", NOTHING[text]) for a in command))
    assert "no letter or digit" in line, line
    assert dump(seeded.db) == before


@pytest.mark.parametrize("text", ["!!!", "\u200b"])
def test_an_import_record_without_a_letter_or_digit_names_file_and_line(
    seeded: Cli, tmp_path: Path, text: str
):
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"type":"entity","name":"Somebody","kind":"group"}\n'
        f'{{"type":"claim","speaker":"Russia","target":"ISIS","text":"{text}"}}\n',
        encoding="utf-8",
    )
    line = seeded.fails("import", str(path))
    assert line.startswith(f"error: {path}:2: claim: text ") and "no letter or digit" in line


def test_text_with_a_word_among_marks_is_accepted(seeded: Cli):
    seeded("claim", "add", "--speaker", "Russia", "--target", "ISIS", "\u200b!!! 7 ???")
    seeded("entity", "add", "\u0645\u064e\u0646", "--kind", "person")  # a word with harakat


def test_a_punctuation_name_finds_no_entity(seeded: Cli):
    seeded.sql(  # an entity made before names had to say something
        "INSERT INTO entity (name, key, kind, created_at) VALUES ('!!!', '', 'group', 'x')"
    )
    line = seeded.fails("claim", "list", "--speaker", "???")
    assert "no letter or digit" in line


@pytest.mark.parametrize(
    "disguised",
    [
        "IS\U000e0020IS",  # a tag space inside the word
        "ISIS\U000e0041\U000e007f",  # a trailing tag sequence
        "IS\ufe0fIS",  # a variation selector
        "I\u034fSIS",  # a combining grapheme joiner
        "IS\u2060IS",  # a word joiner
    ],
)
def test_invisible_characters_do_not_make_a_second_entity(seeded: Cli, disguised: str):
    line = seeded.fails("entity", "add", disguised, "--kind", "group")
    assert "exists already" in line, line
    shown = seeded("claim", "list", "--speaker", disguised, "-f", "json").stdout
    assert shown == seeded("claim", "list", "--speaker", "ISIS", "-f", "json").stdout


def test_has_word_agrees_with_normalize_on_every_character_of_the_bmp():
    from claimdb.text.normalize import normalize
    from claimdb.validate import has_word

    differ = [
        hex(cp)
        for cp in range(0x10000)
        if not 0xD800 <= cp <= 0xDFFF and has_word(chr(cp)) != bool(normalize(chr(cp)))
    ]
    assert differ == []


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_has_word_agrees_with_normalize(text: str):
    from claimdb.text.normalize import normalize
    from claimdb.validate import has_word

    assert has_word(text) == bool(normalize(text))
