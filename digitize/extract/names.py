"""Vietnamese personal names: recognising one in a run of OCR'd words."""

from __future__ import annotations

from digitize.vietnamese import fold

# Common family names, folded: enough to tell "Nguyễn Văn An" from "Nơi Nhận".
SURNAMES: frozenset[str] = frozenset(
    ["nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong", "ly", "dinh", "trinh", "truong", "mai", "lam", "cao", "ha", "luu", "ta", "quach", "kieu", "dao", "doan", "vuong", "tang", "thai", "chu", "luong", "la", "lai", "tieu", "thach", "mac", "tong", "hua", "kim", "van", "ton", "khong", "nghiem", "giang", "au", "ong", "quan", "tu", "trieu", "lu", "phung", "thieu", "nong", "lo", "y", "ksor", "nie", "rmah", "siu", "kpa", "h'", "lieu", "ninh", "diep", "bach", "thang", "che", "tat", "khuc", "cu", "an"]
)
_PUNCTUATION = ",;.:()\"'"


def name_words(words: list[str], *, max_words: int = 6) -> list[str]:
    """The leading run of capitalised, alphabetic words (a name stops at punctuation)."""
    chosen: list[str] = []
    for word in words:
        bare = word.strip(_PUNCTUATION)
        if not bare or not bare.isalpha() or not bare[0].isupper():
            break
        chosen.append(bare)
        if len(chosen) == max_words or word.rstrip() != word.rstrip(_PUNCTUATION):
            break
    return chosen


def is_personal_name(words: list[str]) -> bool:
    """Two to six capitalised words starting with a known family name (or four and more)."""
    if not 2 <= len(words) <= 6:
        return False
    if not all(w.isalpha() and w[0].isupper() for w in words):
        return False
    title_case = all(w[1:].islower() or len(w) == 1 for w in words)
    upper = all(w.isupper() for w in words)
    if not (title_case or upper):
        return False
    return fold(words[0]) in SURNAMES or (title_case and len(words) >= 4)


def title_case(words: list[str]) -> str:
    """A name in Title Case (names printed in capitals are stored as "Nguyễn Văn An")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)
