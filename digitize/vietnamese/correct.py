"""Correct Tesseract's Vietnamese: non-words by dictionary and context, real words by context only.

A token that is not a known syllable is replaced by the best known word with the same
accent-folded skeleton (tone marks, â/ă/a, ô/ơ/o, ư/u, đ/d) or, failing that, one letter
edit away, ranked by frequency and by neighbour pairs. A known word is swapped for another
reading of its skeleton only when a neighbour pair supports the other reading and none
supports it ("thú tục" -> "thủ tục"). Codes, dates, numbers and abbreviations are left alone.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from digitize.records import Word
from digitize.vietnamese.lexicon import Lexicon
from digitize.vietnamese.syllable import ALPHABET, is_vietnamese_syllable
from digitize.vietnamese.text import TONE_MARKS, fold, normalize, place_tone, split_tone

# Tesseract's word confidence above which a real word needs twice the evidence to change.
HIGH_CONFIDENCE = 93.0
# Channel costs: what a change of each kind costs against dictionary and context evidence.
COST_TONE_DROPPED = 0.7
COST_TONE_CHANGED = 1.0
COST_MARK_CHANGED = 1.0  # â/ă/a, ô/ơ/o, ê/e, ư/u, đ/d, or a foreign letter (ñ, ä)
COST_LETTER_EDIT = 2.5
MAX_COST_NON_SYLLABLE = 4.5  # not a Vietnamese syllable at all: accept a bolder fix
MAX_COST_UNKNOWN_SYLLABLE = 1.5  # spelled like a syllable but not in the dictionary
CONTEXT_WEIGHT = 1.5
REAL_WORD_SUPPORT = 3  # neighbour-pair count (one curated phrase) needed to swap a real word

_TOKEN = re.compile(r"\S+")
_EDGES = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_INNER = re.compile(r"([-.,;:'’])")
_LETTERS = re.compile(r"[^\W\d_]+")
_SKELETON_LETTERS = "abcdeghiklmnopqrstuvxy"
# Skeleton-level look-alikes in print: (seen, meant).
_CONFUSIONS = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("ii", "u"), ("li", "h"), ("in", "m"),
    ("ni", "m"), ("c", "e"), ("e", "c"), ("o", "c"), ("n", "u"), ("u", "n"), ("h", "b"),
    ("b", "h"), ("l", "i"), ("i", "l"), ("t", "f"), ("f", "t"), ("j", "i"), ("w", "v"),
    ("z", "x"), ("vv", "w"), ("q", "g"), ("g", "q"), ("y", "v"), ("v", "y"),
)  # fmt: skip


@dataclass
class _Slot:
    """One correctable run of letters inside a token."""

    token: int  # index of the token it belongs to
    start: int  # span of the letters inside the token's text
    end: int
    seen: str  # what Tesseract printed, canonical lower-case
    lower: str  # the same with foreign letters repaired (ñ -> n, its tilde as the tone)
    case: str  # "lower", "title" or "upper"
    confidence: float | None
    value: str = ""  # current choice, lower-case


def _case_of(word: str) -> str | None:
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper" if len(word) > 1 else "title"
    if word[0].isupper() and word[1:].islower():
        return "title"
    return None  # mIxed: a name or code we do not understand


def _apply_case(word: str, case: str) -> str:
    if case == "upper":
        return word.upper()
    if case == "title":
        return word[:1].upper() + word[1:]
    return word


def _is_abbreviation(core: str, lexicon: Lexicon) -> bool:
    """UBND, HĐND, VT, III: upper-case letters that are no Vietnamese word."""
    return core.isupper() and (
        len(core) == 1 or not (is_vietnamese_syllable(core) or core.lower() in lexicon)
    )


def _slots_of(token: str, index: int, confidence: float | None, lexicon: Lexicon) -> list[_Slot]:
    """The correctable letter runs of ``token``; none for codes, dates and numbers."""
    match = _EDGES.match(token)
    assert match is not None  # the pattern matches any string
    core = match.group(2)
    if not core or any(c.isdigit() for c in core):
        return []
    offset = match.start(2)
    parts = _INNER.split(core)
    if len(parts) > 1 and (any(not p for p in parts[::2]) or any(p.isupper() for p in parts[::2])):
        return []  # QĐ-UBND, KQ.G, a.b.: a code, not words glued by punctuation
    slots: list[_Slot] = []
    position = offset
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if not _LETTERS.fullmatch(part):
                return []  # other symbols (/, @, _): a code or address
            case = _case_of(part)
            if case is None or _is_abbreviation(part, lexicon):
                return []
            seen = normalize(part).lower()
            lower = _repair_foreign_letters(seen)
            slots.append(
                _Slot(index, position, position + len(part), seen, lower, case, confidence)
            )
        position += len(part)
    return slots


@lru_cache(maxsize=1 << 12)
def _repair_foreign_letters(word: str) -> str:
    """ñ, ä, ì on a consonant...: keep the base letter; a tone mark that landed on the wrong
    letter ("Nguyêñ") becomes the syllable's tone when it has none."""
    bare, tone = split_tone(word)
    if tone < 0 or ALPHABET.issuperset(bare):
        return word
    letters: list[str] = []
    for char in bare:
        if char in ALPHABET:
            letters.append(char)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        letters.append(decomposed[0])
        for mark in decomposed[1:]:
            if tone == 0 and mark in TONE_MARKS:
                tone = TONE_MARKS.index(mark)
    return place_tone("".join(letters), tone) if tone else "".join(letters)


@lru_cache(maxsize=1 << 15)
def _channel_cost(seen: str, candidate: str) -> float:
    """Cost of Tesseract printing ``seen`` for ``candidate`` (same skeleton length assumed)."""
    seen_bare, seen_tone = split_tone(seen)
    cand_bare, cand_tone = split_tone(candidate)
    cost = 0.0
    if seen_tone != cand_tone:
        cost += COST_TONE_DROPPED if seen_tone == 0 else COST_TONE_CHANGED
    if len(seen_bare) != len(cand_bare):
        return cost + COST_LETTER_EDIT * abs(len(seen_bare) - len(cand_bare)) + COST_MARK_CHANGED
    for a, b in zip(seen_bare, cand_bare, strict=True):
        if a != b:
            cost += COST_MARK_CHANGED if fold(a) == fold(b) else COST_LETTER_EDIT
    return cost


def _edit_skeletons(skeleton: str) -> set[str]:
    """Skeletons one look-alike substitution or one letter edit away."""
    out: set[str] = set()
    for seen, meant in _CONFUSIONS:
        start = skeleton.find(seen)
        while start >= 0:
            out.add(skeleton[:start] + meant + skeleton[start + len(seen) :])
            start = skeleton.find(seen, start + 1)
    for i in range(len(skeleton) + 1):
        if i < len(skeleton):
            out.add(skeleton[:i] + skeleton[i + 1 :])
            out.update(skeleton[:i] + c + skeleton[i + 1 :] for c in _SKELETON_LETTERS)
        out.update(skeleton[:i] + c + skeleton[i:] for c in _SKELETON_LETTERS)
    out.discard(skeleton)
    return out


def _candidates(word: str, lexicon: Lexicon) -> list[tuple[str, float]]:
    """Known words Tesseract may have misread as ``word``, with their channel cost."""
    same = lexicon.same_skeleton(word)
    if same:
        return [(c, _channel_cost(word, c)) for c in same if c != word]
    skeleton = fold(word)
    if len(skeleton) < 3:
        return []  # too short to guess a letter edit safely
    out: list[tuple[str, float]] = []
    for key in _edit_skeletons(skeleton):
        for c in lexicon.skeletons.get(key, ()):
            out.append((c, COST_LETTER_EDIT + 0.5 * _mark_distance(word, c)))
    return out


def _mark_distance(seen: str, candidate: str) -> int:
    """Rough count of diacritic differences between words of different skeletons."""
    seen_marks = {c for c in seen if fold(c) != c}
    cand_marks = {c for c in candidate if fold(c) != c}
    return len(seen_marks ^ cand_marks)


def _context(lexicon: Lexicon, left: str | None, word: str, right: set[str]) -> float:
    score = math.log1p(lexicon.pair(left, word)) if left else 0.0
    if right:
        score += math.log1p(max(lexicon.pair(word, r) for r in right))
    return score


def _support(lexicon: Lexicon, left: str | None, word: str, right: str | None) -> int:
    before = lexicon.pair_before(left, word, right) if left else 0
    return before + (lexicon.pair(word, right) if right else 0)


def _right_forms(slot: _Slot | None, lexicon: Lexicon) -> set[str]:
    if slot is None:
        return set()
    if slot.value in lexicon:
        return {slot.value}
    return set(lexicon.same_skeleton(slot.value))


def _fix_non_word(slot: _Slot, left: _Slot | None, right: _Slot | None, lexicon: Lexicon) -> str:
    word = slot.value
    valid = is_vietnamese_syllable(word)
    limit = MAX_COST_UNKNOWN_SYLLABLE if valid else MAX_COST_NON_SYLLABLE
    candidates = [(c, cost) for c, cost in _candidates(word, lexicon) if cost <= limit]
    if not candidates:
        return word
    left_word = left.value if left else None
    right_words = _right_forms(right, lexicon)

    def score(item: tuple[str, float]) -> float:
        candidate, cost = item
        context = _context(lexicon, left_word, candidate, right_words)
        return math.log(lexicon.count(candidate)) + CONTEXT_WEIGHT * context - cost

    return max(candidates, key=score)[0]


def _fix_real_word(slot: _Slot, left: _Slot | None, right: _Slot | None, lexicon: Lexicon) -> str:
    word = slot.value
    left_word = left.value if left else None
    right_word = right.value if right else None
    if _support(lexicon, left_word, word, right_word):
        return word
    need = REAL_WORD_SUPPORT
    if left_word is None or right_word is None:
        need *= 2  # evidence from one side only
    if slot.confidence is not None and slot.confidence >= HIGH_CONFIDENCE:
        need *= 2
    best, best_key = word, (0, 0)
    for candidate in lexicon.same_skeleton(word):
        if candidate == word or _channel_cost(word, candidate) > 2 * COST_MARK_CHANGED:
            continue
        key = (_support(lexicon, left_word, candidate, right_word), lexicon.count(candidate))
        if key[0] >= need and key > best_key:
            best, best_key = candidate, key
    return best


def _correct_slots(slots: list[_Slot], breaks: set[int], lexicon: Lexicon) -> None:
    """Two passes: non-words first, then real-word confusions with fixed neighbours."""
    for slot in slots:
        slot.value = slot.lower

    def neighbours(i: int) -> tuple[_Slot | None, _Slot | None]:
        left = slots[i - 1] if i > 0 and i not in breaks else None
        right = slots[i + 1] if i + 1 < len(slots) and i + 1 not in breaks else None
        return left, right

    for i, slot in enumerate(slots):
        if slot.value not in lexicon or not is_vietnamese_syllable(slot.value):
            if slot.value in lexicon:
                continue  # a known proper name (Đắk, Kạn) spelled outside the rules
            slot.value = _fix_non_word(slot, *neighbours(i), lexicon)
    for i, slot in enumerate(slots):
        if slot.value in lexicon:
            slot.value = _fix_real_word(slot, *neighbours(i), lexicon)


# Grades and levels take Roman numerals ("hạng III", "công trình cấp II"), which Tesseract
# often prints as look-alike letters: "HI", "H", "Il", "1I".
_RANK_WORDS = {"hạng", "cấp", "loại", "bậc", "nhóm", "khu", "vùng", "độ"}
_ROMAN = re.compile(r"^(I{1,3}|IV|V|VI{1,3}|IX|X)$")
_ROMAN_LOOKALIKE = re.compile(r"^[IHl1|]{1,3}$")


def _roman_after_rank(token: str, previous: str | None) -> str:
    """"HI" -> "III" and "H" -> "II" after a rank word; anything else is left alone."""
    core = token.rstrip(",.;:)")
    if previous is None or previous.lower().lstrip("(") not in _RANK_WORDS or _ROMAN.match(core):
        return token
    if not _ROMAN_LOOKALIKE.match(core) or core.isdigit():
        return token
    roman = core.replace("H", "II").replace("l", "I").replace("1", "I").replace("|", "I")
    return roman + token[len(core) :] if _ROMAN.match(roman) else token


def _correct_tokens(
    tokens: list[str], confidences: list[float | None], contexts: list[int], lexicon: Lexicon
) -> list[str]:
    """Correct whitespace-free tokens; ``contexts`` changes value where context breaks."""
    tokens = [
        _roman_after_rank(token, tokens[index - 1] if index else None)
        for index, token in enumerate(tokens)
    ]
    slots: list[_Slot] = []
    breaks: set[int] = set()
    previous_context: int | None = None
    for index, token in enumerate(tokens):
        token_slots = _slots_of(token, index, confidences[index], lexicon)
        if not token_slots or contexts[index] != previous_context:
            breaks.add(len(slots))  # a code or a new paragraph: neighbours do not carry over
        previous_context = contexts[index]
        if token_slots:
            slots.extend(token_slots)
            if token[token_slots[-1].end :].strip(",;"):
                breaks.add(len(slots))  # a full stop, colon or bracket ends the phrase
    _correct_slots(slots, breaks, lexicon)
    out = list(tokens)
    for slot in reversed(slots):  # right to left keeps earlier spans valid
        if slot.value == slot.seen:
            continue
        text = out[slot.token]
        out[slot.token] = text[: slot.start] + _apply_case(slot.value, slot.case) + text[slot.end :]
    return out


def correct_text(text: str, lexicon: Lexicon) -> str:
    """Normalise and correct OCR text, keeping its spacing, line breaks and punctuation."""
    text = normalize(text)
    matches = list(_TOKEN.finditer(text))
    tokens = [m.group() for m in matches]
    # A blank line starts a new context; single line breaks inside a paragraph do not.
    contexts = [text.count("\n\n", 0, m.start()) for m in matches]
    corrected = _correct_tokens(tokens, [None] * len(tokens), contexts, lexicon)
    pieces: list[str] = []
    last = 0
    for match, new in zip(matches, corrected, strict=True):
        pieces.append(text[last : match.start()])
        pieces.append(new)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def correct_words(words: list[Word], lexicon: Lexicon) -> list[Word]:
    """Normalised, corrected copies of ``words`` (in reading order).

    A changed word keeps Tesseract's text in ``original``. Neighbour context runs within a
    paragraph; a word with a high confidence needs stronger evidence to be changed.
    """
    tokens = [normalize(w.text).replace(" ", "") for w in words]
    contexts = [hash((w.block, w.paragraph)) for w in words]
    corrected = _correct_tokens(tokens, [w.confidence for w in words], contexts, lexicon)
    out: list[Word] = []
    for word, new in zip(words, corrected, strict=True):
        if new == word.text:
            out.append(word)
        else:
            out.append(replace(word, text=new, original=word.original or word.text))
    return out
