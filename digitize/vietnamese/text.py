"""One canonical form for Vietnamese text, and the accent-folded search key.

The canonical form is NFC with the traditional ("old style") tone-mark placement used by
most administrative texts: "hòa", "thủy", "khỏe", "hóa", with "quý" and "già" unchanged
because the u of qu- and the i of gi- belong to the onset.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Tone numbers: 0 ngang, 1 huyền, 2 hỏi, 3 ngã, 4 sắc, 5 nặng.
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
NGANG, HUYEN, HOI, NGA, SAC, NANG = range(6)

_VOWELS = "aăâeêioôơuưy"
_MODIFIED_VOWELS = frozenset("ăâêôơư")  # carry a quality mark: they take the tone first


def _build_tone_tables() -> tuple[dict[str, tuple[str, int]], dict[tuple[str, int], str]]:
    toned: dict[str, tuple[str, int]] = {}
    compose: dict[tuple[str, int], str] = {}
    for base in _VOWELS + _VOWELS.upper():
        for tone, mark in enumerate(TONE_MARKS):
            char = unicodedata.normalize("NFC", base + mark)
            compose[(base, tone)] = char
            if tone:
                toned[char] = (base, tone)
    return toned, compose


_TONED, _COMPOSE = _build_tone_tables()

# Onset, vowel run, final consonant. Backtracking makes "gìn" = g + in, "già" = gi + a.
_SYLLABLE_SHAPE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?([aăâeêioôơuưy]{1,3})(ch|ng|nh|[cmnpt])?"
)

# Look-alike code points seen from Tesseract, Windows fonts and old converters.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð (eth) for Đ
        "\u00f0": "\u0111",  # ð (eth) for đ
        "\u0189": "\u0110",  # Ɖ (African D) for Đ
        "\u0256": "\u0111",  # ɖ for đ
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,  # soft hyphen
    }
)
_QUALITY_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex, breve, horn
_WORD = re.compile(r"[^\W\d_]+")
_HSPACE = re.compile(r"[^\S\r\n]+")
_EDGE_SPACE = re.compile(r" *(\r?\n) *")


def split_tone(word: str) -> tuple[str, int]:
    """Return ``word`` without its tone mark and the tone number (0 when none).

    Words carrying more than one tone mark are returned unchanged with tone -1.
    """
    tone = NGANG
    chars = list(word)
    for i, char in enumerate(chars):
        info = _TONED.get(char)
        if info is not None:
            if tone:
                return word, -1
            chars[i], tone = info
    return ("".join(chars) if tone else word), tone


def tone_position(bare_lower: str) -> int:
    """Index in ``bare_lower`` (a toneless, lower-case syllable) where the tone goes, or -1.

    Traditional placement: on the (last) vowel with a quality mark (ươ -> ơ, uyê -> ê);
    else on the last vowel of a closed syllable (hoàn); else on the first of two vowels
    (hòa, thủy, khỏe) or the middle of three (ngoài, khuỷu).
    """
    match = _SYLLABLE_SHAPE.fullmatch(bare_lower)
    if match is None:
        return -1
    start, end = match.span(2)
    nucleus = match.group(2)
    for i in range(len(nucleus) - 1, -1, -1):
        if nucleus[i] in _MODIFIED_VOWELS:
            return start + i
    if match.group(3):
        return end - 1
    return start + (1 if len(nucleus) == 3 else 0)


def place_tone(bare: str, tone: int) -> str:
    """Put ``tone`` on the toneless syllable ``bare`` at its canonical place (case kept)."""
    if tone <= 0:
        return bare
    pos = tone_position(bare.lower())
    if pos < 0:
        return bare
    return bare[:pos] + _COMPOSE[(bare[pos], tone)] + bare[pos + 1 :]


@lru_cache(maxsize=1 << 16)
def _canonical_word(word: str) -> str:
    bare, tone = split_tone(word)
    if tone <= 0:
        return word
    placed = place_tone(bare, tone)
    return word if placed == bare else placed


def _order_marks(text: str) -> str:
    """Put quality marks before tone marks in combining runs so NFC can compose them."""
    decomposed = unicodedata.normalize("NFD", text)
    out: list[str] = []
    run: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            run.append(char)
            continue
        if run:
            run.sort(key=lambda c: c not in _QUALITY_MARKS)
            out.extend(run)
            run = []
        out.append(char)
    run.sort(key=lambda c: c not in _QUALITY_MARKS)
    out.extend(run)
    return unicodedata.normalize("NFC", "".join(out))


def _has_combining(text: str) -> bool:
    return any("\u0300" <= c <= "\u036f" for c in text)


def normalize(text: str) -> str:
    """Canonical Vietnamese text: NFC, traditional tone placement, look-alikes fixed.

    Also removes zero-width characters and collapses runs of spaces inside a line (and
    trims spaces at line ends). Idempotent; meant for every word, file name and query.
    """
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        text = text.translate(_LOOKALIKES)
        if _has_combining(text):
            text = _order_marks(text)
        text = _WORD.sub(lambda m: _canonical_word(m.group()), text)
    text = _HSPACE.sub(" ", text)
    if " \n" in text or "\n " in text or " \r" in text:
        text = _EDGE_SPACE.sub(r"\1", text)
    return text.strip(" ")


def _build_fold_table() -> dict[int, int | None]:
    table: dict[int, int | None] = {}
    for code in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        bare = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        ).lower()
        if len(bare) == 1 and bare != char:
            table[code] = ord(bare)
    for char in "đĐðÐɖƉ":
        table[ord(char)] = ord("d")
    for code in range(0x300, 0x370):  # stray combining marks (NFD input)
        table[code] = None
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Lower-case, diacritics stripped, đ/Đ -> d: the key for accent-insensitive search.

    "Đường Nguyễn Huệ" -> "duong nguyen hue". Works on NFC and NFD input alike.
    """
    return text.translate(_FOLD).lower()
