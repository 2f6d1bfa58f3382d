"""The 12-digit personal identification number (số định danh cá nhân, on the CCCD card).

Structure (Nghị định 137/2015/NĐ-CP, Thông tư 07/2016/TT-BCA): 3 digits of the province of
birth registration, 1 digit for century and sex, 2 digits of the birth year, 6 random digits.
The number is personal data: never log it or put it in an exception message; use
``mask_identity`` for anything a person may read in a log.
"""

from __future__ import annotations

import datetime as dt

# Province codes run from 001 (Hà Nội) to 096 (Cà Mau). Codes in that range that were never
# assigned (003, 005, ...) still count as well formed: our generated samples use them, so that
# no number in the repository can be a real person's.
UNASSIGNED_PROVINCE_CODES: tuple[str, ...] = tuple(
    f"{n:03d}"
    for n in (
        3, 5, 7, 9, 13, 16, 18, 21, 23, 28, 29, 32, 39, 41, 43, 47, 50, 53, 55, 57, 59, 61, 63,
        65, 69, 71, 73, 76, 78, 81, 85, 88, 90,
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
    if not "001" <= number[:3] <= "096":
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
