"""Vietnamese text: one canonical form, accent folding, syllable rules, OCR correction."""

from __future__ import annotations

from digitize.vietnamese.correct import correct_text, correct_words
from digitize.vietnamese.lexicon import Lexicon, build_lexicon, default_lexicon
from digitize.vietnamese.syllable import is_vietnamese_syllable
from digitize.vietnamese.text import fold, normalize

__all__ = [
    "Lexicon",
    "build_lexicon",
    "correct_text",
    "correct_words",
    "default_lexicon",
    "fold",
    "is_vietnamese_syllable",
    "normalize",
]
