"""Words that headers are made of, to undo OCR's diacritic slips ("UBND TÍNH" -> "UBND TỈNH").

A word is only restored when its accent-free form belongs to exactly one entry: "TAI" could be
TÀI or TẢI and is left alone.
"""

from __future__ import annotations

import re

from digitize.extract.layout import fold_same_length
from digitize.vietnamese import fold, normalize

PROVINCES: tuple[str, ...] = (
    "Hà Nội", "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Điện Biên",
    "Lai Châu", "Sơn La", "Yên Bái", "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Quảng Ninh",
    "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hải Phòng", "Hưng Yên",
    "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai",
    "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai",
    "Bà Rịa - Vũng Tàu", "Hồ Chí Minh", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh",
    "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng",
    "Bạc Liêu", "Cà Mau",
)  # fmt: skip

_AGENCY_WORDS = (
    "ỦY BAN NHÂN DÂN HỘI ĐỒNG UBND HĐND TỈNH THÀNH PHỐ HUYỆN QUẬN THỊ XÃ PHƯỜNG TRẤN SỞ "
    "BAN PHÒNG CỤC CHI TRUNG TÂM VĂN BỘ PHẬN MỘT CỬA GIÁO DỤC VÀ ĐÀO TẠO XÂY DỰNG TƯ PHÁP "
    "KẾ HOẠCH ĐẦU Y TẾ TÀI NGUYÊN MÔI TRƯỜNG LAO ĐỘNG THƯƠNG BINH HỘI GIAO THÔNG VẬN TẢI "
    "CHÍNH NỘI VỤ KHOA HỌC CÔNG NGHỆ NÔNG NGHIỆP PHÁT TRIỂN THÔN HÓA THỂ THAO DU LỊCH "
    "TIN TRUYỀN NGOẠI THANH TRA CHỈ ĐẠO CẢI CÁCH HÀNH AN QUẢN LÝ DÂN TỘC"
)


# Phrases whose words are ambiguous alone (ĐÀO/ĐẠO, TÀI/TẢI, HÓA/HÒA) but not together.
AGENCY_PHRASES: tuple[str, ...] = (
    "GIÁO DỤC VÀ ĐÀO TẠO", "CHỈ ĐẠO", "KẾ HOẠCH VÀ ĐẦU TƯ", "TÀI NGUYÊN VÀ MÔI TRƯỜNG",
    "GIAO THÔNG VẬN TẢI", "LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "VĂN HÓA", "THỂ THAO VÀ DU LỊCH",
    "NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "KHOA HỌC VÀ CÔNG NGHỆ", "THÔNG TIN VÀ TRUYỀN THÔNG",
    "TÀI CHÍNH", "NỘI VỤ", "TƯ PHÁP", "XÂY DỰNG", "Y TẾ", "CÔNG THƯƠNG", "NGOẠI VỤ",
    "THANH TRA", "VĂN PHÒNG", "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "CẢI CÁCH HÀNH CHÍNH",
    "BAN CHỈ ĐẠO", "DÂN TỘC", "BỘ PHẬN MỘT CỬA",
)  # fmt: skip


def _unique_map(words: list[str]) -> dict[str, str]:
    found: dict[str, str | None] = {}
    for word in words:
        key = fold(word)
        found[key] = word if found.get(key, word) == word else None
    return {k: v for k, v in found.items() if v is not None}


AGENCY_WORD_BY_FOLD: dict[str, str] = _unique_map(
    [normalize(w) for w in _AGENCY_WORDS.split()]
)
PROVINCE_BY_FOLD: dict[str, str] = {fold(p): normalize(p) for p in PROVINCES}
_PHRASE_BY_FOLD: dict[str, str] = {
    **{fold(p): normalize(p).upper() for p in AGENCY_PHRASES},
    **{k: v.upper() for k, v in PROVINCE_BY_FOLD.items()},
}
_PHRASE_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(_PHRASE_BY_FOLD, key=len, reverse=True))
    + r")\b"
)


def repair_header(text: str) -> tuple[str, int]:
    """An upper-case header line with agency words, phrases and province names restored."""
    repairs = 0
    words = []
    for word in text.split(" "):
        canonical = AGENCY_WORD_BY_FOLD.get(fold(word))
        if canonical is not None and canonical != word and word.isupper():
            words.append(canonical)
            repairs += 1
        else:
            words.append(word)
    text = " ".join(words)
    folded = fold_same_length(text)
    for match in reversed(list(_PHRASE_PATTERN.finditer(folded))):
        canonical = _PHRASE_BY_FOLD[match.group(1)]
        if text[match.start() : match.end()] != canonical:
            text = text[: match.start()] + canonical + text[match.end() :]
            repairs += 1
    return text, repairs


def repair_place(place: str) -> tuple[str, int]:
    """A place that is a province, spelt as the province is."""
    canonical = PROVINCE_BY_FOLD.get(fold(place))
    if canonical is None or canonical == place:
        return place, 0
    return canonical, 1
