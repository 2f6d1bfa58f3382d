"""Vietnamese personal names: recognising one in a run of OCR'd words."""

from __future__ import annotations

from digitize.vietnamese import fold

# Common family names: enough to tell "Nguyễn Văn An" from "Nơi Nhận", and to restore the
# tone OCR put wrong on them ("Định" -> "Đinh").
_SURNAME_SPELLINGS = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh "
    "Trương Mai Lâm Cao Hà Lưu Tạ Quách Kiều Đào Đoàn Vương Tăng Thái Chu Lương La Lại Tiêu "
    "Thạch Mạc Tống Hứa Kim Tôn Khổng Nghiêm Giang Âu Ông Quan Từ Triệu Phùng Thiều Nông Lò "
    "Liêu Ninh Diệp Bạch Thân Chế Tất Khúc Cù An Y Ksor Niê Rmah Siu Kpă Lữ Lư"
)
SURNAME_BY_FOLD: dict[str, str] = {}
for _name in _SURNAME_SPELLINGS.split():
    # Two spellings with one folding (Lữ, Lư): keep neither as the repair.
    SURNAME_BY_FOLD[fold(_name)] = "" if fold(_name) in SURNAME_BY_FOLD else _name
SURNAMES: frozenset[str] = frozenset(SURNAME_BY_FOLD)
_PUNCTUATION = ",;.:()\"'"


_HONORIFICS = frozenset({"ong", "ba", "ong/ba", "anh", "chi"})


def name_words(words: list[str], *, max_words: int = 6) -> list[str]:
    """The leading run of capitalised, alphabetic words (a name stops at punctuation).

    A leading "Ông", "Bà" or "Ông/Bà" is a form of address, not part of the name.
    """
    chosen: list[str] = []
    while words and fold(words[0].strip(_PUNCTUATION)) in _HONORIFICS:
        words = words[1:]
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
    """A name in Title Case (names printed in capitals are stored as "Nguyễn Văn An").

    The family name gets its one spelling back when OCR put a wrong tone on it.
    """
    cased = [w[:1].upper() + w[1:].lower() for w in words]
    if cased and (surname := SURNAME_BY_FOLD.get(fold(cased[0]))):
        cased[0] = surname
    return " ".join(cased)
