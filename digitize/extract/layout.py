"""Lines of text rebuilt from OCR words, split where a page has two columns side by side.

Tesseract often reads the left header ("UBND TỈNH ...") and the right header ("CỘNG HÒA ...")
as one line; the gap between them tells them apart.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from digitize.records import Box, Word
from digitize.vietnamese import fold

# Stray look-alikes that Tesseract produces for Vietnamese letters.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "’": "'", "‘": "'", "–": "-", "—": "-"})
# A gap wider than this many word heights separates two columns.
_COLUMN_GAP = 2.4


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    # Keep one character per character so offsets in the folded text are offsets in the text.
    return folded if len(folded) == 1 else char.lower()[:1] or char


def fold_same_length(text: str) -> str:
    """``fold`` applied character by character, so ``result[i]`` is the folding of ``text[i]``."""
    return "".join(_fold_char(c) for c in text)


def clean_word(text: str) -> str:
    """NFC and common OCR look-alikes replaced (Icelandic Ð for Đ, curly quotes, dashes)."""
    return unicodedata.normalize("NFC", text).translate(_LOOKALIKES)


@dataclass(frozen=True)
class Line:
    """One visual run of words on one page: a column's part of a Tesseract line."""

    page: int
    words: tuple[Word, ...]
    text: str  # words joined by single spaces, cleaned
    folded: str  # fold_same_length(text)
    starts: tuple[int, ...]  # offset of each word in ``text``
    box: Box

    @property
    def center_x(self) -> float:
        return self.box.left + self.box.width / 2

    @property
    def bottom(self) -> int:
        return self.box.top + self.box.height

    @property
    def height(self) -> int:
        return self.box.height

    def words_in(self, start: int, end: int) -> list[Word]:
        """The words that the character span ``[start, end)`` of ``text`` touches."""
        chosen = []
        for word, begin in zip(self.words, self.starts, strict=True):
            finish = begin + len(clean_word(word.text))
            if begin < end and finish > start:
                chosen.append(word)
        return chosen

    def span_box(self, start: int, end: int) -> Box | None:
        """The union box of the words under a character span."""
        return union_box([w.box for w in self.words_in(start, end)])

    def span_confidence(self, start: int, end: int) -> float:
        """Mean OCR confidence (0-1) of the words under a character span."""
        words = self.words_in(start, end)
        if not words:
            return 0.0
        return max(0.0, min(1.0, sum(w.confidence for w in words) / len(words) / 100))

    def is_upper(self) -> bool:
        """Mostly capital letters: titles, headers and signer titles are set in capitals."""
        letters = [c for c in self.text if c.isalpha()]
        return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def union_box(boxes: Sequence[Box]) -> Box | None:
    """The smallest box holding all ``boxes``; None for none."""
    if not boxes:
        return None
    left = min(b.left for b in boxes)
    top = min(b.top for b in boxes)
    right = max(b.left + b.width for b in boxes)
    bottom = max(b.top + b.height for b in boxes)
    return Box(left, top, right - left, bottom - top)


def make_line(page: int, words: Sequence[Word]) -> Line:
    """A Line from words already in reading order."""
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for word in words:
        text = clean_word(word.text)
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 1
    text = " ".join(parts)
    box = union_box([w.box for w in words]) or Box(0, 0, 0, 0)
    return Line(page, tuple(words), text, fold_same_length(text), tuple(starts), box)


_MOTTO = re.compile(r"cong hoa xa hoi|doc lap ?- ?tu do")


def _split_columns(words: list[Word]) -> list[list[Word]]:
    heights = [w.box.height for w in words if w.text.strip()]
    unit = statistics.median(heights) if heights else 0
    runs: list[list[Word]] = [[words[0]]]
    for prev, word in itertools.pairwise(words):
        gap = word.box.left - (prev.box.left + prev.box.width)
        if unit and gap > _COLUMN_GAP * unit:
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def _split_at_motto(page: int, run: list[Word]) -> list[Line]:
    # The national motto starts the right header even when the column gap is narrow.
    line = make_line(page, run)
    match = _MOTTO.search(line.folded)
    if match is None or match.start() == 0:
        return [line]
    index = next(i for i, s in enumerate(line.starts) if s >= match.start())
    return [make_line(page, run[:index]), make_line(page, run[index:])]


def page_lines(page: int, words: Sequence[Word]) -> list[Line]:
    """The lines of one page, top to bottom, each split at column gaps."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        if word.text.strip():
            groups.setdefault((word.block, word.paragraph, word.line), []).append(word)
    lines: list[Line] = []
    for group in groups.values():
        group.sort(key=lambda w: w.box.left)
        for run in _split_columns(group):
            lines.extend(_split_at_motto(page, run))
    lines.sort(key=lambda ln: (ln.box.top + ln.box.height / 2, ln.box.left))
    return lines
