"""The 12-digit personal identification number (số định danh cá nhân, on the CCCD card).

Structure (Nghị định 137/2015/NĐ-CP, Thông tư 07/2016/TT-BCA): 3 digits of the province of
birth registration, 1 digit for century and sex, 2 digits of the birth year, 6 random digits.
The number is personal data: never log it or put it in an exception message; use
``mask_identity`` for anything a person may read in a log.
"""

from __future__ import annotations

import datetime as dt

# The 63 province codes (001 Hà Nội ... 096 Cà Mau); the gaps are codes never assigned.
PROVINCE_CODES: frozenset[str] = frozenset(
    f"{n:03d}"
    for n in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35,
        36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70,
        72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)
# Century digit pairs: 0/1 born 1900-1999 (male/female), 2/3 born 2000-2099, and so on.
_CENTURY_START = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100}


def identity_problem(number: str, today: dt.date | None = None) -> str | None:
    """Why ``number`` is not a valid identity number, or None when it is.

    The reason never contains the number itself.
    """
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        return "không phải 12 chữ số"
    if number[:3] not in PROVINCE_CODES:
        return "mã tỉnh không hợp lệ"
    century = int(number[3])
    if century not in _CENTURY_START:
        return "mã thế kỷ/giới tính không hợp lệ"
    birth_year = _CENTURY_START[century] + int(number[4:6])
    if birth_year > (today or dt.date.today()).year:
        return "năm sinh ở tương lai"
    return None


def is_valid_identity(number: str) -> bool:
    """True when ``number`` has the structure of a personal identification number."""
    return identity_problem(number) is None


def birth_year(number: str) -> int | None:
    """The birth year encoded in a valid identity number, else None."""
    if not is_valid_identity(number):
        return None
    return _CENTURY_START[int(number[3])] + int(number[4:6])


def mask_identity(number: str) -> str:
    """The number with all but its last 3 digits hidden, safe for logs: ``*********234``."""
    digits = "".join(c for c in number if c.isdigit())
    if len(digits) < 6:
        return "*" * len(digits)
    return "*" * (len(digits) - 3) + digits[-3:]
