"""Document types: the 29 of Nghị định 30/2020/NĐ-CP and the usual results and receipts."""

from __future__ import annotations

from digitize.vietnamese import fold

# Canonical name -> abbreviation used in the số ký hiệu (Phụ lục III, Nghị định 30/2020/NĐ-CP).
ADMINISTRATIVE_TYPES: dict[str, str] = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Quy chế": "QC",
    "Quy định": "QyĐ",
    "Thông cáo": "TC",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kế hoạch": "KH",
    "Phương án": "PA",
    "Đề án": "ĐA",
    "Dự án": "DA",
    "Báo cáo": "BC",
    "Biên bản": "BB",
    "Tờ trình": "TTr",
    "Hợp đồng": "HĐ",
    "Công văn": "",
    "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT",
    "Giấy ủy quyền": "GUQ",
    "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP",
    "Phiếu gửi": "PG",
    "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
    "Thư công": "",
}

# Results of procedures and the one-stop-shop forms (Thông tư 01/2018/TT-VPCP).
RESULT_TYPES: dict[str, str] = {
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả": "",
    "Phiếu kiểm soát quá trình giải quyết hồ sơ": "",
    "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ": "",
    "Phiếu từ chối tiếp nhận giải quyết hồ sơ": "",
    "Phiếu xin lỗi và hẹn lại ngày trả kết quả": "",
    "Giấy chứng nhận": "GCN",
    "Giấy phép": "GP",
    "Giấy xác nhận": "GXN",
    "Chứng chỉ": "CC",
    "Giấy khai sinh": "",
    "Trích lục": "",
    "Đơn đề nghị": "",
    "Tờ khai": "",
}

ALL_TYPES: dict[str, str] = {**ADMINISTRATIVE_TYPES, **RESULT_TYPES}

# Folded, comma-free word tuples, longest first, so "Giấy chứng nhận" wins over "Giấy ...".
TYPE_KEYS: list[tuple[tuple[str, ...], str]] = sorted(
    ((tuple(fold(name).replace(",", " ").split()), name) for name in ALL_TYPES),
    key=lambda item: -len(item[0]),
)

# Folded upper-case abbreviation -> its canonical spelling; ambiguous folds (HD/HĐ, DA/ĐA)
# map to None and are settled by the document type when it is known.
_abbrevs: dict[str, str | None] = {}
for _name, _abbr in ALL_TYPES.items():
    if _abbr:
        _key = fold(_abbr).upper()
        _abbrevs[_key] = None if _key in _abbrevs and _abbrevs[_key] != _abbr else _abbr
ABBREVIATION_BY_FOLD: dict[str, str | None] = _abbrevs
