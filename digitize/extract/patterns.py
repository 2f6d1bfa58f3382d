"""Parsers for the coded fields, tolerant of the OCR errors seen in practice.

Each parser takes one line of text and returns a ``Parsed`` (canonical value, where it was in
the text, how many characters had to be repaired) or None. They know nothing about pages.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from digitize.extract.doctypes import ABBREVIATION_BY_FOLD, ALL_TYPES
from digitize.extract.identity import is_valid_identity
from digitize.extract.layout import fold_same_length
from digitize.vietnamese import fold


class Parsed(NamedTuple):
    """A value found in a line: canonical ``value``, span ``[start, end)``, ``repairs`` made."""

    value: str
    start: int
    end: int
    repairs: int


# Characters Tesseract reads instead of a digit.
_DIGIT_LOOKALIKES = {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1",
                     "i": "1", "S": "5", "B": "8", "Z": "2"}
# Digits and their common stand-ins inside a number; the looser ones (S, B, Z) only where the
# whole field is digits.
_D = "[0-9OoIl|]"
_DW = "[0-9OoIl|SBZ]"


def repair_digits(text: str) -> tuple[str, int]:
    """Replace digit look-alikes by digits; returns the digits and the count of repairs."""
    out = []
    repairs = 0
    for char in text:
        if char.isdigit():
            out.append(char)
        elif char in _DIGIT_LOOKALIKES:
            out.append(_DIGIT_LOOKALIKES[char])
            repairs += 1
        elif not char.isspace():
            out.append(char)
    return "".join(out), repairs


# --- số ký hiệu ---------------------------------------------------------------------------

# "Số:" and what OCR makes of it: So, Sô, S6, S0, Sổ, Sé; the colon may be lost.
# It opens its line: "Thời gian nhận hồ sơ: 11 giờ" is not a number.
_NUMBER_CUE = re.compile(r"^\W{0,2}s[o0o6e]\s*[:;.,]?\s*(?=[0-9oil|])", re.IGNORECASE)
_SEP_CHARS = r"[/'|\\lI1]"
_LETTER = r"[^\W\d_]"
_ABBR = rf"{_LETTER}[^\W_]*"
_NUMBER_SYMBOL = re.compile(
    rf"(?P<num>{_D}{{1,6}}?)\s*(?P<s1>{_SEP_CHARS})\s*"
    rf"(?:(?P<year>[12][0-9Oo]{{3}})\s*(?P<s2>{_SEP_CHARS})\s*)?"
    rf"(?P<abbr>{_ABBR}(?:\s*-\s*{_ABBR})*)"
)
# A slash where OCR lost it between the number and the letters: "06TB-...".
_NUMBER_SYMBOL_NO_SEP = re.compile(
    rf"(?P<num>[0-9]{{1,6}})(?P<s1>)(?P<year>)(?P<s2>)(?P<abbr>[A-ZĐ]{_ABBR[len(_LETTER):]}(?:\s*-\s*{_ABBR})+)"
)


def canonical_abbreviation(part: str, document_type: str | None = None) -> tuple[str, int]:
    """A document-type abbreviation in its official spelling (QD -> QĐ, QYĐ -> QyĐ, CTR -> CTr).

    Returns the part and 1 when it was changed. Parts that are not a type abbreviation
    (agency abbreviations like UBND) are returned unchanged.
    """
    key = fold(part).upper()
    if key not in ABBREVIATION_BY_FOLD:
        return part, 0
    canonical = ABBREVIATION_BY_FOLD[key]
    if canonical is None:  # HD/HĐ, DA/ĐA: the document type decides
        official = ALL_TYPES.get(document_type or "", "")
        canonical = official if official and fold(official).upper() == key else None
        if canonical is None:
            return part, 0
    return canonical, int(canonical != part)


def _symbol_value(match: re.Match[str], document_type: str | None) -> tuple[str, int]:
    num, repairs = repair_digits(match["num"])
    parts = [num]
    if match["year"]:
        year, fixed = repair_digits(match["year"])
        parts.append(year)
        repairs += fixed
    pieces = [p.strip() for p in match["abbr"].split("-")]
    first, fixed = canonical_abbreviation(pieces[0], document_type)
    repairs += fixed
    # The separator was not a plain slash: count it as repaired.
    repairs += sum(1 for key in ("s1", "s2") if match[key] not in (None, "/"))
    parts.append("-".join([first, *pieces[1:]]))
    return "/".join(parts), repairs


def parse_number_symbol(
    text: str, *, require_cue: bool = True, document_type: str | None = None
) -> Parsed | None:
    """The số ký hiệu in ``text``, canonical (``06/TB-BCĐCCHC``, ``45/2020/NĐ-CP``).

    With ``require_cue`` it must follow "Số:" (or an OCR-damaged form of it).
    """
    folded = fold_same_length(text)
    starts = [m.end() for m in _NUMBER_CUE.finditer(folded)] if require_cue else [0]
    for begin in starts:
        tail = text[begin:]
        match = _NUMBER_SYMBOL.match(tail) if require_cue else _NUMBER_SYMBOL.search(tail)
        if match is None and require_cue:
            match = _NUMBER_SYMBOL_NO_SEP.match(tail)
        if match is None or not any(c.isdigit() for c in match["num"]):
            continue
        if not match["abbr"][0].isupper():
            continue
        value, repairs = _symbol_value(match, document_type)
        return Parsed(value, begin + match.start(), begin + match.end(), repairs)
    return None


# --- dates --------------------------------------------------------------------------------

_TEXT_DATE = re.compile(
    rf"\bn[gq][a-z]{{1,2}}\s*(?P<d>{_D}{{1,2}})\s*,?\s*th[a-z]{{2,4}}\s*(?P<m>{_D}{{1,2}})"
    rf"\s*,?\s*n[a-z]{{1,2}}\s*(?P<y>{_D}{{4}})",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    rf"(?<![0-9/.-])(?P<d>{_D}?[0-9])\s*(?P<s>[/.-])\s*(?P<m>{_D}?[0-9])\s*(?P=s)\s*"
    rf"(?P<y>[12][0-9]{{3}})(?![0-9])"
)


def make_date(day: str, month: str, year: str) -> tuple[dt.date | None, int]:
    """A valid date (1945-2100) from OCR'd parts, and the repairs made; None when impossible."""
    d, r1 = repair_digits(day)
    m, r2 = repair_digits(month)
    y, r3 = repair_digits(year)
    if not (d.isdigit() and m.isdigit() and y.isdigit()):
        return None, 0
    try:
        date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None, 0
    if not 1945 <= date.year <= 2100:
        return None, 0
    return date, r1 + r2 + r3


def parse_text_date(text: str) -> Parsed | None:
    """A written date "ngày 17 tháng 10 năm 2023" (diacritics optional), as ISO 2023-10-17."""
    for match in _TEXT_DATE.finditer(fold_same_length(text)):
        date, repairs = make_date(match["d"], match["m"], match["y"])
        if date is not None:
            return Parsed(date.isoformat(), match.start(), match.end(), repairs)
    return None


def parse_numeric_date(text: str) -> Parsed | None:
    """A numeric date 17/10/2023, 17-10-2023 or 17.10.2023, as ISO 2023-10-17."""
    for match in _NUMERIC_DATE.finditer(text):
        date, repairs = make_date(match["d"], match["m"], match["y"])
        if date is not None:
            return Parsed(date.isoformat(), match.start(), match.end(), repairs)
    return None


def parse_date(text: str) -> Parsed | None:
    """A written date, else a numeric one."""
    return parse_text_date(text) or parse_numeric_date(text)


def place_before(text: str, date_start: int) -> Parsed | None:
    """The place name before ", ngày ...": the run of capitalised words before the comma."""
    head = text[:date_start].rstrip()
    if not head.endswith(","):
        return None
    words = head[:-1].split()
    chosen: list[str] = []
    for word in reversed(words):
        bare = word.strip("()")
        if any(c.isdigit() for c in bare) or "/" in bare or ":" in bare or len(chosen) >= 6:
            break
        if bare in {"-", "–"} or bare[:1].isupper() or bare.lower() in {"tp.", "tx."}:
            chosen.append(bare)
            continue
        break
    while chosen and chosen[-1] in {"-", "–"}:
        chosen.pop()
    if not chosen:
        return None
    value = " ".join(reversed(chosen))
    start = head.rfind(chosen[-1], 0, len(head) - 1)
    return Parsed(value, max(start, 0), len(head) - 1, 0)


# --- codes --------------------------------------------------------------------------------

_SEP_DOT = r"\s*[.,]\s*"
_DOSSIER = re.compile(
    rf"(?<![0-9A-Za-z.])(?P<a>{_D}{{3}}){_SEP_DOT}(?P<b>{_D}{{2}}){_SEP_DOT}(?P<c>{_D}{{2}})"
    rf"{_SEP_DOT}(?P<d>[A-Z]{_D}{{2}})\s*-\s*(?P<date>{_D}{{6}})\s*-\s*(?P<serial>{_D}{{4,7}})"
    rf"(?![0-9])"
)


def parse_dossier_code(text: str) -> Parsed | None:
    """A mã hồ sơ ``000.00.16.H42-231017-0001``: agency code, yymmdd received, serial."""
    for match in _DOSSIER.finditer(text):
        repairs = 0
        parts = []
        for key in ("a", "b", "c"):
            digits, fixed = repair_digits(match[key])
            parts.append(digits)
            repairs += fixed
        letter_code, fixed = repair_digits(match["d"][1:])
        parts.append(match["d"][0] + letter_code)
        received, fixed2 = repair_digits(match["date"])
        serial, fixed3 = repair_digits(match["serial"])
        repairs += fixed + fixed2 + fixed3
        day, _ = make_date(received[4:6], received[2:4], "20" + received[:2])
        if day is None:
            continue
        repairs += sum(1 for sep in re.findall(r"[.,]", match.group(0)) if sep == ",")
        value = ".".join(parts) + f"-{received}-{serial}"
        return Parsed(value, match.start(), match.end(), repairs)
    return None


_PROCEDURE = re.compile(
    # Not inside a longer dotted code, except right after "mã." (OCR's dot for a space).
    rf"(?:(?<=[mM][aãAÃ]\.)|(?<![0-9A-Za-z.,]))(?P<level>[123Il]){_SEP_DOT}(?P<num>{_D}{{6}})"
    rf"(?P<suffix>{_SEP_DOT}{_D}{{3}}{_SEP_DOT}{_D}{{2}}{_SEP_DOT}{_D}{{2}}{_SEP_DOT}[A-Z]{_D}{{2}})?"
    rf"(?![0-9])"
)


def parse_procedure_code(text: str) -> Parsed | None:
    """A mã thủ tục ``1.004227``, optionally with the agency suffix ``.000.00.00.H29``."""
    for match in _PROCEDURE.finditer(text):
        level, r1 = repair_digits(match["level"])
        num, r2 = repair_digits(match["num"])
        if num.count("0") == 6 or not any(c.isdigit() for c in match["num"]):
            continue
        value = f"{level}.{num}"
        repairs = r1 + r2
        if match["suffix"]:
            pieces = re.split(r"\s*[.,]\s*", match["suffix"].strip(" .,"))
            fixed_pieces = []
            for piece in pieces:
                if piece[:1].isalpha() and piece[:1].isupper() and len(piece) == 3:
                    digits, fixed = repair_digits(piece[1:])
                    fixed_pieces.append(piece[0] + digits)
                else:
                    digits, fixed = repair_digits(piece)
                    fixed_pieces.append(digits)
                repairs += fixed
            value += "." + ".".join(fixed_pieces)
        return Parsed(value, match.start(), match.end(), repairs)
    return None


_RESULT = re.compile(
    rf"(?<![0-9A-Za-z])(?P<kq>K[QO0]){_SEP_DOT}(?P<rest>[A-Z0-9Oo]{{1,6}}(?:{_SEP_DOT}[0-9A-Z]{{1,8}})+)"
    rf"(?![0-9A-Za-z])"
)


def parse_result_code(text: str) -> Parsed | None:
    """A result code ``KQ.G01.00262`` (mã kết quả)."""
    for match in _RESULT.finditer(text):
        repairs = int(match["kq"] != "KQ")
        pieces = re.split(r"\s*[.,]\s*", match["rest"])
        fixed_pieces = []
        for piece in pieces:
            digits, fixed = repair_digits(piece)
            if digits.isdigit() and any(c.isdigit() for c in piece):
                fixed_pieces.append(digits)
            elif piece[:1].isalpha() and any(c.isdigit() for c in piece[1:]):
                digits, fixed = repair_digits(piece[1:])
                fixed_pieces.append(piece[0] + digits)
            else:
                fixed_pieces.append(piece)
                fixed = 0
            repairs += fixed
        if not any(c.isdigit() for c in "".join(fixed_pieces)):
            continue
        return Parsed("KQ." + ".".join(fixed_pieces), match.start(), match.end(), repairs)
    return None


_IDENTITY = re.compile(rf"(?<![0-9A-Za-z])(?P<n>{_DW}(?: ?{_DW}){{11}})(?![0-9A-Za-z])")


def parse_identity_number(text: str) -> Parsed | None:
    """A valid 12-digit identity number; single spaces between digits are tolerated."""
    for match in _IDENTITY.finditer(text):
        raw = match["n"]
        if sum(c.isdigit() for c in raw) < 10:
            continue
        digits, repairs = repair_digits(raw)
        if is_valid_identity(digits):
            return Parsed(digits, match.start(), match.end(), repairs)
    return None


# --- consistency repairs ------------------------------------------------------------------


def agency_initials(agency: str) -> list[str]:
    """The abbreviations an agency signs with: "SỞ GIÁO DỤC VÀ ĐÀO TẠO" -> ["SGDĐT"].

    An Ủy ban nhân dân signs "UBND" whatever its place.
    """
    words = [w for w in agency.replace("-", " ").split() if fold(w) != "va"]
    initials = "".join(w[0].upper() for w in words if w[0].isalpha())
    found = [initials] if len(initials) >= 2 else []
    if fold(" ".join(words[:4])) == "uy ban nhan dan":
        found.append("UBND")
    return found


def _close(piece: str, target: str, shortest: int = 3) -> bool:
    a, b = fold(piece).upper(), fold(target).upper()
    return a == b or (min(len(a), len(b)) >= shortest and Levenshtein.distance(a, b) <= 1)


def repair_symbol(
    value: str, document_type: str | None, agency: str | None
) -> tuple[str, int]:
    """Make a số ký hiệu agree with the document's type and agency where OCR garbled them.

    "1864/QĐĐ-SLĐTBXH" on a Quyết định -> "1864/QĐ-SLĐTBXH"; "06/TB-RCĐCCHC" from the
    "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH" -> "06/TB-BCĐCCHC". Returns the value and repairs made.
    """
    head, _, symbol = value.rpartition("/")
    pieces = symbol.split("-")
    repairs = 0
    type_abbr = ALL_TYPES.get(document_type or "", "")
    agency_at = 0
    if type_abbr and len(pieces) >= 2:
        agency_at = 1
        if pieces[0] != type_abbr and _close(pieces[0], type_abbr, shortest=2):
            pieces[0] = type_abbr
            repairs += 1
    if agency and len(pieces) > agency_at:
        for initials in agency_initials(agency):
            if pieces[agency_at] != initials and _close(pieces[agency_at], initials):
                pieces[agency_at] = initials
                repairs += 1
                break
    return f"{head}/{'-'.join(pieces)}", repairs
