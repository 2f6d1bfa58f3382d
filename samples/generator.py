"""Generated scans of Vietnamese administrative documents, with ground truth.

Every person, number and code here is made up by a seeded random generator: the
scans are safe to commit, to show and to benchmark on.

    spec = random_spec(random.Random(7))
    pages = render_document(spec)                  # upright 300 dpi RGB pages + their text
    scan, dpi = degrade(pages[0].image, "skew", random.Random(7))

Layout follows Nghị định 30/2020/NĐ-CP (two-column header, centred title,
justified 13-14 pt body, "Nơi nhận" bottom left, signature block with seal right).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import struct
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import cv2
import numpy as np
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from digitize.extract.identity import UNASSIGNED_PROVINCE_CODES

GENERATOR = "samples.generator 1"
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FONT_FILES = {
    "regular": FONT_DIR / "LiberationSerif-Regular.ttf",
    "bold": FONT_DIR / "LiberationSerif-Bold.ttf",
    "italic": FONT_DIR / "LiberationSerif-Italic.ttf",
    "bold_italic": FONT_DIR / "LiberationSerif-BoldItalic.ttf",
}
A4_MM = (210.0, 297.0)
RENDER_DPI = 300

CONDITIONS: tuple[str, ...] = (
    "clean",
    "dpi200",
    "skew",
    "rot90",
    "rot180",
    "rot270",
    "seal",
    "shadow",
    "grey",
    "jpeg35",
    "noise",
    "photo",
)


def nfc(text: str) -> str:
    """The one Unicode form every generated string is in."""
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- data


class DocumentType(StrEnum):
    QUYET_DINH = "Quyết định"
    THONG_BAO = "Thông báo"
    CONG_VAN = "Công văn"
    GIAY_CHUNG_NHAN = "Giấy chứng nhận"
    GIAY_PHEP = "Giấy phép"
    GIAY_TIEP_NHAN = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


class Style(StrEnum):
    """How a body paragraph is set."""

    JUSTIFY = "justify"  # justified, first line indented
    ITALIC = "italic"  # justified italic (the "Căn cứ ..." lines)
    CENTRE_BOLD = "centre_bold"  # "QUYẾT ĐỊNH:", the authority line
    FIELD = "field"  # "Mã hồ sơ: ..." lines, left aligned, indented
    KINH_GUI = "kinh_gui"  # "Kính gửi: ..." of a công văn


class Paragraph(NamedTuple):
    text: str
    style: Style = Style.JUSTIFY
    bold_lead: str = ""  # leading words printed bold, e.g. "Điều 1."


class Agency(NamedTuple):
    parent: str | None  # "UBND TỈNH PHÚ YÊN"; None for the provincial People's Committee
    name: str  # "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    abbreviation: str  # "SGDĐT"
    code: str  # agency part of dossier codes, "000.00.16.H42"
    head: str  # authority line of a decision, "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    place: str  # "Phú Yên"
    units: tuple[str, ...]  # internal units that draft công văn, "CTrTT"
    topic: str  # key into _PROCEDURES_BY_TOPIC


@dataclass
class DocumentSpec:
    """Everything printed on one generated document (and nothing else)."""

    parent_agency: str | None
    agency: str
    agency_abbreviation: str
    agency_code: str
    document_type: DocumentType
    number_symbol: str | None  # "1906/SGDĐT-CTrTT"
    place: str
    issue_date: date
    title: str | None  # printed type line: "QUYẾT ĐỊNH"; None for a công văn
    subject: str | None  # printed trích yếu: "Về việc ...", "V/v ..."
    body: list[Paragraph]
    recipients: list[str]  # the "Nơi nhận" lines after the heading
    signer_titles: list[str]  # ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    signer: str
    seal: bool = True
    dossier_code: str | None = None  # "000.00.16.H42-231017-0001"
    procedure_code: str | None = None  # "1.004227"
    procedure_name: str | None = None
    result_code: str | None = None  # "KQ.G01.00262"
    applicant: str | None = None
    citizen_id: str | None = None  # 12 digits, structurally valid, generated
    qr: str | None = None  # QR payload printed top left (the dossier code)

    def fields(self) -> dict[str, str | None]:
        """The ground-truth fields of this document, as the extractor should find them."""
        return {
            "document_type": self.document_type.value,
            "number_symbol": self.number_symbol,
            "place": self.place,
            "issue_date": self.issue_date.isoformat(),
            "agency": self.agency,
            "parent_agency": self.parent_agency,
            "subject": self.subject,
            "signer": self.signer,
            "dossier_code": self.dossier_code,
            "procedure_code": self.procedure_code,
            "procedure_name": self.procedure_name,
            "result_code": self.result_code,
            "citizen_id": self.citizen_id,
            "applicant": self.applicant,
            "qr": self.qr,
        }


@dataclass
class RenderedPage:
    """One upright page as printed, and the text a perfect OCR would read from it.

    ``lines``: printed lines in reading order (left header block, right header block,
    then the body top to bottom; at the foot the "Nơi nhận" block before the signature
    block), NFC, without the seal's ring text and the QR code.
    """

    image: Image.Image
    lines: list[str]
    dpi: int = RENDER_DPI

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class Degraded(NamedTuple):
    """A degraded scan and what was done to it, so tests can check the recovery."""

    image: Image.Image
    dpi: int
    rotation: int  # the page was turned this many degrees counter-clockwise (0/90/180/270)
    skew: float  # then rotated this many degrees counter-clockwise (small angle)


# --------------------------------------------------------------------------- vocab

_PROVINCES: tuple[tuple[str, str, str], ...] = (
    # (name, dossier-code suffix, citizen-ID province code)
    ("Phú Yên", "H42", "054"),
    ("Bình Định", "H08", "052"),
    ("Khánh Hòa", "H34", "056"),
    ("Quảng Nam", "H47", "049"),
    ("Nghệ An", "H40", "040"),
    ("Lâm Đồng", "H38", "068"),
    ("Thừa Thiên Huế", "H57", "046"),
    ("Đắk Lắk", "H22", "066"),
)

_DEPARTMENTS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    # (name, abbreviation, dossier-code unit, internal units, topic)
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SGDĐT", "16", ("CTrTT", "GDTrH", "VP", "KTKĐ"), "education"),
    ("SỞ XÂY DỰNG", "SXD", "13", ("QLXD", "KTQH", "VP"), "construction"),
    ("SỞ TƯ PHÁP", "STP", "18", ("HCTP", "BTTP", "VP"), "justice"),
    ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SKHĐT", "10", ("ĐKKD", "TH", "VP"), "investment"),
    ("SỞ Y TẾ", "SYT", "20", ("NVY", "QLD", "VP"), "health"),
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "STNMT", "14", ("QLĐĐ", "TNN", "VP"), "land"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "SLĐTBXH", "17", ("LĐVL", "BTXH", "VP"), "labour"),
    ("SỞ GIAO THÔNG VẬN TẢI", "SGTVT", "12", ("QLVT", "QLPT", "VP"), "transport"),
)

_PROCEDURES_BY_TOPIC: dict[str, tuple[tuple[str, str], ...]] = {
    "education": (
        ("1.005095", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc"),
        ("1.005092", "Chỉnh sửa nội dung văn bằng, chứng chỉ"),
        ("1.004227", "Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục"),
    ),
    "construction": (
        ("1.009972", "Cấp giấy phép xây dựng mới đối với công trình cấp III"),
        ("1.009982", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III"),
        ("1.009976", "Điều chỉnh giấy phép xây dựng đối với công trình cấp III"),
    ),
    "justice": (
        ("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"),
        ("2.001806", "Đăng ký hành nghề và cấp Thẻ công chứng viên"),
    ),
    "investment": (
        ("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân"),
        ("2.002004", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp"),
        ("1.009645", "Cấp giấy chứng nhận đăng ký đầu tư"),
    ),
    "health": (
        ("1.003551", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh"),
        ("2.000123", "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
    ),
    "land": (
        ("1.004253", "Cấp giấy phép khai thác, sử dụng nước dưới đất"),
        ("1.003010", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"),
    ),
    "labour": (
        ("1.000459", "Cấp giấy phép lao động cho người lao động nước ngoài"),
        ("1.000401", "Giải quyết hưởng trợ cấp thất nghiệp"),
    ),
    "transport": (
        ("1.002809", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp"),
        ("1.002286", "Cấp giấy phép kinh doanh vận tải bằng xe ô tô"),
        ("1.001023", "Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn"),
    ),
}

BUILTIN_PROCEDURES: tuple[tuple[str, str], ...] = tuple(
    p for group in _PROCEDURES_BY_TOPIC.values() for p in group
)

_SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh",
)  # fmt: skip
_MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Xuân", "Đình")
_MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Thúy", "Mỹ")
_GIVEN_MALE = (
    "Anh", "Bảo", "Cường", "Dũng", "Hải", "Hùng", "Khoa", "Long", "Nam", "Phúc",
    "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Lộc", "Huy", "Toàn", "Đạt", "Nghĩa",
)  # fmt: skip
_GIVEN_FEMALE = (
    "Hà", "Hằng", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Phương", "Thảo",
    "Trang", "Tuyết", "Vy", "Yến", "Hạnh", "Diệp", "Quỳnh", "Ánh", "Oanh", "Giang",
)  # fmt: skip
_COMMUNES = (
    "An Phú", "Hòa Kiến", "Bình Ngọc", "Xuân Lâm", "Hòa Thành", "Tân Lập", "Phước Hậu",
    "Sơn Thành Đông", "Đức Bình", "Ea Tu", "Cẩm Thanh", "Diên Phú", "Nghĩa Đồng",
)  # fmt: skip
_DISTRICTS = (
    "Tuy An", "Đồng Xuân", "Sơn Hòa", "Tây Hòa", "Phú Hòa", "Diên Khánh", "Đức Trọng",
    "Phú Vang", "Krông Pắc", "Điện Bàn", "Nghi Lộc", "Tuy Phước",
)  # fmt: skip

_LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, "
    "bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
    "phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực "
    "hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;",
    "Căn cứ Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính phủ sửa đổi, "
    "bổ sung một số điều của Nghị định số 61/2018/NĐ-CP;",
    "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực "
    "hiện thủ tục hành chính trên môi trường điện tử;",
    "Căn cứ Thông tư số 01/2018/TT-VPCP ngày 23 tháng 11 năm 2018 của Văn phòng Chính "
    "phủ hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP;",
)

_FILLER = (
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các cơ quan, đơn vị, "
    "tổ chức và cá nhân phản ánh kịp thời về {agency_short} để được hướng dẫn, giải quyết "
    "theo quy định.",
    "Các cơ quan, đơn vị có trách nhiệm niêm yết công khai thủ tục hành chính, tiếp nhận "
    "và trả kết quả giải quyết hồ sơ đúng thời hạn; không yêu cầu tổ chức, cá nhân nộp "
    "thêm giấy tờ ngoài thành phần hồ sơ đã được công bố.",
    "Đẩy mạnh việc tiếp nhận hồ sơ trực tuyến trên Cổng dịch vụ công quốc gia và Hệ thống "
    "thông tin giải quyết thủ tục hành chính của tỉnh; tăng cường số hóa hồ sơ, kết quả "
    "giải quyết thủ tục hành chính theo quy định tại Nghị định số 45/2020/NĐ-CP.",
    "Thủ trưởng các phòng, ban chuyên môn thường xuyên kiểm tra, đôn đốc việc giải quyết "
    "hồ sơ; kịp thời chấn chỉnh các trường hợp chậm trễ, gây phiền hà cho người dân và "
    "doanh nghiệp; báo cáo kết quả thực hiện trước ngày 15 hằng tháng.",
    "Việc lưu trữ hồ sơ, kết quả giải quyết thủ tục hành chính thực hiện theo quy định "
    "của pháp luật về lưu trữ; bảo đảm an toàn, bảo mật thông tin cá nhân của tổ chức, "
    "công dân trong quá trình khai thác, sử dụng.",
    "Giao Văn phòng chủ trì, phối hợp với các phòng chuyên môn theo dõi, tổng hợp tình "
    "hình thực hiện; định kỳ hằng quý báo cáo lãnh đạo {agency_short} và Ủy ban nhân dân "
    "tỉnh theo quy định.",
    "Cán bộ, công chức làm việc tại Bộ phận Một cửa có trách nhiệm hướng dẫn tổ chức, cá "
    "nhân kê khai, chuẩn bị hồ sơ đầy đủ, chính xác; trường hợp hồ sơ chưa đầy đủ thì "
    "hướng dẫn bổ sung một lần bằng văn bản.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước được giao trong dự toán "
    "hằng năm của các cơ quan, đơn vị và các nguồn kinh phí hợp pháp khác.",
    "Rà soát, cập nhật đầy đủ, chính xác dữ liệu hồ sơ trên Hệ thống thông tin giải quyết "
    "thủ tục hành chính; mỗi hồ sơ phải có mã hồ sơ, ngày tiếp nhận, ngày hẹn trả và kết "
    "quả giải quyết được số hóa, ký số theo quy định.",
    "Đối với hồ sơ quá hạn giải quyết, cơ quan, đơn vị có trách nhiệm gửi văn bản xin lỗi "
    "tổ chức, cá nhân, trong đó ghi rõ lý do quá hạn và thời gian trả kết quả; đồng thời "
    "xác định trách nhiệm của cán bộ, công chức có liên quan.",
    "Tăng cường công tác tuyên truyền, hướng dẫn người dân, doanh nghiệp sử dụng dịch vụ "
    "công trực tuyến, thanh toán trực tuyến phí, lệ phí và nhận kết quả qua dịch vụ bưu "
    "chính công ích.",
    "Kết quả giải quyết thủ tục hành chính đã được số hóa có giá trị sử dụng để thay thế "
    "thành phần hồ sơ khi tổ chức, cá nhân thực hiện các thủ tục hành chính khác có liên "
    "quan theo quy định của pháp luật.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước {agency_short} nếu để xảy ra "
    "tình trạng nhũng nhiễu, gây phiền hà, yêu cầu bổ sung hồ sơ quá một lần hoặc tiếp "
    "nhận hồ sơ không đúng quy định.",
)

_CONG_VAN_SUBJECTS = (
    "V/v triển khai thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "V/v hướng dẫn tiếp nhận hồ sơ trực tuyến toàn trình",
    "V/v rà soát, đánh giá thủ tục hành chính năm {year}",
    "V/v chấn chỉnh tình trạng giải quyết hồ sơ quá hạn",
    "V/v cung cấp thông tin phục vụ công tác cải cách hành chính",
)

_THONG_BAO_SUBJECTS = (
    "Kết luận của lãnh đạo Sở tại cuộc họp giao ban công tác cải cách hành chính",
    "Về việc điều chỉnh thời gian tiếp nhận hồ sơ tại Bộ phận Một cửa",
    "Về việc tạm dừng tiếp nhận hồ sơ trực tiếp trong thời gian nâng cấp hệ thống",
)

_DOC_TYPE_WEIGHTS: tuple[tuple[DocumentType, int], ...] = (
    (DocumentType.QUYET_DINH, 4),
    (DocumentType.GIAY_TIEP_NHAN, 3),
    (DocumentType.GIAY_CHUNG_NHAN, 2),
    (DocumentType.GIAY_PHEP, 2),
    (DocumentType.THONG_BAO, 2),
    (DocumentType.CONG_VAN, 2),
)

_TYPE_SYMBOL = {
    DocumentType.QUYET_DINH: "QĐ",
    DocumentType.THONG_BAO: "TB",
    DocumentType.GIAY_CHUNG_NHAN: "GCN",
    DocumentType.GIAY_PHEP: "GP",
}


# --------------------------------------------------------------------------- random spec


def vietnamese_date(place: str, day: date) -> str:
    """'Phú Yên, ngày 05 tháng 3 năm 2023' (days below 10 and months 1-2 get a zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def fake_person(rng: random.Random, female: bool | None = None) -> tuple[str, bool]:
    """A made-up full name from common name parts, and whether it is a woman's."""
    if female is None:
        female = rng.random() < 0.5
    middle = rng.choice(_MIDDLE_FEMALE if female else _MIDDLE_MALE)
    given = rng.choice(_GIVEN_FEMALE if female else _GIVEN_MALE)
    return f"{rng.choice(_SURNAMES)} {middle} {given}", female


def fake_citizen_id(rng: random.Random, province_code: str, female: bool) -> str:
    """A structurally valid 12-digit số định danh cá nhân for a made-up person.

    Province (3 digits) + century/gender (0 male/1 female born 19xx, 2/3 born 20xx)
    + 2-digit birth year + 6 random digits. The province part is a code never assigned
    (chosen from the real one), so the number cannot belong to anybody.
    """
    province_code = UNASSIGNED_PROVINCE_CODES[int(province_code) % len(UNASSIGNED_PROVINCE_CODES)]
    born = rng.randint(1955, 2005)
    century_gender = (0 if born < 2000 else 2) + (1 if female else 0)
    return f"{province_code}{century_gender}{born % 100:02d}{rng.randrange(10**6):06d}"


def _lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:]


def _random_agency(rng: random.Random) -> tuple[Agency, str]:
    province, suffix, id_code = rng.choice(_PROVINCES)
    upper = province.upper()
    if rng.random() < 0.15:
        return (
            Agency(
                parent=None,
                name=f"ỦY BAN NHÂN DÂN TỈNH {upper}",
                abbreviation="UBND",
                code=f"000.00.00.{suffix}",
                head=f"ỦY BAN NHÂN DÂN TỈNH {upper}",
                place=province,
                units=("VP", "KT", "NC"),
                topic=rng.choice(list(_PROCEDURES_BY_TOPIC)),
            ),
            id_code,
        )
    name, abbr, unit, units, topic = rng.choice(_DEPARTMENTS)
    return (
        Agency(
            parent=f"UBND TỈNH {upper}",
            name=name,
            abbreviation=abbr,
            code=f"000.00.{unit}.{suffix}",
            head=f"GIÁM ĐỐC {name}",
            place=province,
            units=units,
            topic=topic,
        ),
        id_code,
    )


def _signer_titles(agency: Agency, rng: random.Random) -> list[str]:
    if agency.parent is None:
        return ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    if rng.random() < 0.6:
        return ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    return ["GIÁM ĐỐC"]


_SHORT_NAMES = {
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO": "Sở Giáo dục và Đào tạo",
    "SỞ XÂY DỰNG": "Sở Xây dựng",
    "SỞ TƯ PHÁP": "Sở Tư pháp",
    "SỞ KẾ HOẠCH VÀ ĐẦU TƯ": "Sở Kế hoạch và Đầu tư",
    "SỞ Y TẾ": "Sở Y tế",
    "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG": "Sở Tài nguyên và Môi trường",
    "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI": "Sở Lao động - Thương binh và Xã hội",
    "SỞ GIAO THÔNG VẬN TẢI": "Sở Giao thông vận tải",
}


def _agency_short(agency: Agency) -> str:
    """The agency as named in running text: 'Sở Xây dựng'."""
    if agency.parent is None:
        return "Ủy ban nhân dân tỉnh"
    return _SHORT_NAMES[agency.name]


def random_spec(
    rng: random.Random,
    procedures: Sequence[tuple[str, str]] | None = None,
    *,
    document_type: DocumentType | None = None,
    long: bool | None = None,
) -> DocumentSpec:
    """A realistic made-up document: agency, number, date, body, signer, procedure fields.

    ``procedures`` are (code, name) pairs to draw from (the built-in ~20 when None).
    ``document_type`` and ``long`` (a body that runs to 2-3 pages) are drawn when None.
    """
    agency, id_province = _random_agency(rng)
    if document_type is None:
        kinds, weights = zip(*_DOC_TYPE_WEIGHTS, strict=True)
        document_type = rng.choices(kinds, weights)[0]
    if long is None:
        long = rng.random() < 0.2
    pool = tuple(procedures) if procedures else _PROCEDURES_BY_TOPIC[agency.topic]
    issue = date(2019, 1, 1) + timedelta(days=rng.randrange(5 * 365))
    if issue.weekday() >= 5:  # offices sign on working days
        issue -= timedelta(days=issue.weekday() - 4)
    short = _agency_short(agency)
    serial = rng.randint(1, 2999)

    is_result = document_type not in (DocumentType.CONG_VAN,) and (
        document_type is not DocumentType.THONG_BAO or rng.random() < 0.5
    )
    spec = DocumentSpec(
        parent_agency=agency.parent,
        agency=agency.name,
        agency_abbreviation=agency.abbreviation,
        agency_code=agency.code,
        document_type=document_type,
        number_symbol=None,
        place=agency.place,
        issue_date=issue,
        title=None,
        subject=None,
        body=[],
        recipients=[],
        signer_titles=_signer_titles(agency, rng),
        signer=fake_person(rng)[0],
    )

    if is_result:
        code, name = rng.choice(pool)
        applicant, female = fake_person(rng)
        received = issue - timedelta(days=0 if document_type is DocumentType.GIAY_TIEP_NHAN
                                     else rng.randint(3, 20))
        spec.procedure_code = code
        spec.procedure_name = nfc(name)
        spec.applicant = applicant
        spec.citizen_id = fake_citizen_id(rng, id_province, female)
        spec.dossier_code = f"{agency.code}-{received:%y%m%d}-{rng.randint(1, 350):04d}"
        if document_type is not DocumentType.GIAY_TIEP_NHAN:
            spec.result_code = f"KQ.G{rng.randint(1, 12):02d}.{rng.randint(1, 99999):05d}"
        if document_type in (DocumentType.GIAY_TIEP_NHAN, DocumentType.GIAY_CHUNG_NHAN,
                             DocumentType.GIAY_PHEP) or rng.random() < 0.5:
            spec.qr = spec.dossier_code
        address = (f"Thôn {rng.randint(1, 12)}, xã {rng.choice(_COMMUNES)}, "
                   f"huyện {rng.choice(_DISTRICTS)}, tỉnh {agency.place}")
        _fill_result(spec, agency, rng, short, serial, received, address, long)
    else:
        _fill_notice(spec, agency, rng, short, serial, long)

    # Everything that enters the repository or the OCR comparison is NFC.
    spec.body = [Paragraph(nfc(p.text), p.style, nfc(p.bold_lead)) for p in spec.body]
    spec.recipients = [nfc(r) for r in spec.recipients]
    if spec.subject:
        spec.subject = nfc(spec.subject)
    return spec


def _procedure_fields(spec: DocumentSpec) -> list[Paragraph]:
    """The procedure lines a result prints, worded as the one-stop systems print them."""
    lines = [
        Paragraph(f"Ông/Bà: {spec.applicant}", Style.FIELD),
        Paragraph(f"Số định danh cá nhân: {spec.citizen_id}", Style.FIELD),
        Paragraph(f"Mã hồ sơ: {spec.dossier_code}", Style.FIELD),
        Paragraph(f"Thủ tục: {spec.procedure_name} (mã {spec.procedure_code})", Style.FIELD),
    ]
    if spec.result_code:
        lines.append(Paragraph(f"Mã kết quả: {spec.result_code}", Style.FIELD))
    return lines


def _fill_result(
    spec: DocumentSpec,
    agency: Agency,
    rng: random.Random,
    short: str,
    serial: int,
    received: date,
    address: str,
    long: bool,
) -> None:
    kind = spec.document_type
    name = spec.procedure_name or ""
    fields = _procedure_fields(spec)
    received_text = f"{received:%d/%m/%Y}"
    if kind is DocumentType.GIAY_TIEP_NHAN:
        spec.title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
        spec.number_symbol = None
        spec.subject = None
        due = received + timedelta(days=rng.choice((3, 5, 10, 15, 20)))
        spec.body = [
            Paragraph(f"Mã hồ sơ: {spec.dossier_code}", Style.CENTRE_BOLD),
            Paragraph(f"Bộ phận tiếp nhận và trả kết quả {short} tiếp nhận hồ sơ của:"),
            Paragraph(f"Ông/Bà: {spec.applicant}", Style.FIELD),
            Paragraph(f"Số định danh cá nhân: {spec.citizen_id}", Style.FIELD),
            Paragraph(f"Địa chỉ: {address}", Style.FIELD),
            Paragraph(f"Thủ tục: {name} (mã {spec.procedure_code})", Style.FIELD),
            Paragraph("1. Đơn đề nghị theo mẫu quy định; 2. Bản sao giấy tờ tùy thân; "
                      "3. Các giấy tờ khác theo thành phần hồ sơ đã công bố.", Style.FIELD),
            Paragraph("Số lượng hồ sơ: 01 (bộ).", Style.FIELD),
            Paragraph(f"Thời gian nhận hồ sơ: {rng.randint(7, 16):02d} giờ "
                      f"{rng.choice((0, 15, 30, 45)):02d} phút, ngày {received_text}.",
                      Style.FIELD),
            Paragraph(f"Thời gian trả kết quả giải quyết hồ sơ: ngày {due:%d/%m/%Y}.",
                      Style.FIELD),
            Paragraph("Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: "
                      f"{rng.randint(1, 400):03d}.", Style.FIELD),
        ]
        if long:
            spec.body += [Paragraph(rng.choice(_FILLER).format(agency_short=short))]
        spec.signer_titles = ["NGƯỜI TIẾP NHẬN HỒ SƠ"]
        spec.seal = False
        spec.recipients = []
        return

    applicant_line = f"Ông/Bà {spec.applicant}"
    request = (f"Xét hồ sơ đề nghị của {applicant_line} (mã hồ sơ {spec.dossier_code}) "
               f"tiếp nhận ngày {received_text};")
    bases = rng.sample(_LEGAL_BASES, 3 if not long else len(_LEGAL_BASES))
    spec.subject = f"Về việc {_lcfirst(name)}"
    unit = rng.choice(agency.units[:-1] or agency.units)
    symbol = _TYPE_SYMBOL.get(kind, "QĐ")
    year_form = kind is DocumentType.QUYET_DINH and agency.parent is None and rng.random() < 0.3
    spec.number_symbol = (f"{serial}/{spec.issue_date.year}/{symbol}-{agency.abbreviation}"
                          if year_form else f"{serial}/{symbol}-{agency.abbreviation}")
    spec.recipients = ["- Như Điều 3;" if kind is DocumentType.QUYET_DINH else "- Như trên;",
                       f"- {applicant_line};", "- Giám đốc Sở (b/c);" if agency.parent
                       else "- Chủ tịch, các PCT UBND tỉnh;", f"- Lưu: VT, {unit}."]
    filler = [Paragraph(t.format(agency_short=short))
              for t in rng.sample(_FILLER, 5 if long else 0)]
    if kind is DocumentType.QUYET_DINH:
        spec.title = "QUYẾT ĐỊNH"
        spec.body = [
            Paragraph(agency.head, Style.CENTRE_BOLD),
            *[Paragraph(b, Style.ITALIC) for b in bases],
            Paragraph(request, Style.ITALIC),
            Paragraph(f"Theo đề nghị của Trưởng phòng {unit},", Style.ITALIC),
            Paragraph("QUYẾT ĐỊNH:", Style.CENTRE_BOLD),
            Paragraph(f"{name} cho:", bold_lead="Điều 1.",
                      style=Style.JUSTIFY),
            *fields,
            Paragraph(f"{applicant_line} có trách nhiệm thực hiện đúng nội dung được chấp "
                      "thuận và các quy định của pháp luật hiện hành.", bold_lead="Điều 2."),
            *filler,
            Paragraph(f"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng "
                      f"phòng {unit}, {applicant_line} và các tổ chức, cá nhân có liên quan "
                      "chịu trách nhiệm thi hành Quyết định này./.", bold_lead="Điều 3."),
        ]
        return
    if kind is DocumentType.THONG_BAO:
        spec.title = "THÔNG BÁO"
        spec.subject = "Kết quả giải quyết thủ tục hành chính"
        spec.body = [
            Paragraph(f"{short} thông báo kết quả giải quyết hồ sơ thủ tục hành chính "
                      "như sau:"),
            *fields,
            Paragraph("Kết quả: Hồ sơ đủ điều kiện, đã được giải quyết theo quy định. "
                      f"Đề nghị {applicant_line} đến Bộ phận Một cửa nhận kết quả hoặc "
                      "tra cứu trên Cổng dịch vụ công của tỉnh."),
            *filler,
            Paragraph(f"{short} thông báo để {applicant_line} biết, thực hiện./."),
        ]
        return
    # Giấy chứng nhận / Giấy phép
    spec.title = "GIẤY CHỨNG NHẬN" if kind is DocumentType.GIAY_CHUNG_NHAN else "GIẤY PHÉP"
    valid = spec.issue_date.replace(year=spec.issue_date.year + rng.choice((2, 3, 5)))
    spec.recipients = []
    spec.body = [
        Paragraph(agency.head, Style.CENTRE_BOLD),
        *[Paragraph(b, Style.ITALIC) for b in bases[:2]],
        Paragraph(request, Style.ITALIC),
        Paragraph("CHỨNG NHẬN:" if kind is DocumentType.GIAY_CHUNG_NHAN else "CẤP PHÉP:",
                  Style.CENTRE_BOLD),
        *fields,
        Paragraph(f"Địa chỉ: {address}", Style.FIELD),
        *filler,
        Paragraph(f"{spec.title.capitalize()} có hiệu lực đến ngày {valid:%d/%m/%Y}./."),
    ]


def _fill_notice(
    spec: DocumentSpec, agency: Agency, rng: random.Random, short: str, serial: int,
    long: bool,
) -> None:
    unit = rng.choice(agency.units)
    count = rng.randint(11, 13) if long else rng.randint(1, 3)
    filler = [Paragraph(t.format(agency_short=short)) for t in rng.sample(_FILLER, count)]
    if spec.document_type is DocumentType.CONG_VAN:
        spec.title = None
        spec.subject = rng.choice(_CONG_VAN_SUBJECTS).format(year=spec.issue_date.year)
        spec.number_symbol = f"{serial}/{agency.abbreviation}-{unit}"
        spec.body = [
            Paragraph("Kính gửi: Các phòng chuyên môn, đơn vị trực thuộc.", Style.KINH_GUI),
            Paragraph(f"Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh {agency.place} về công "
                      "tác cải cách hành chính, chuyển đổi số trong giải quyết thủ tục hành "
                      f"chính, {short} đề nghị các đơn vị triển khai một số nội dung sau:"),
            *filler,
            Paragraph("Đề nghị các đơn vị nghiêm túc triển khai thực hiện./."),
        ]
        spec.recipients = ["- Như trên;", "- Lãnh đạo Sở;", f"- Lưu: VT, {unit}."]
        return
    spec.title = "THÔNG BÁO"
    spec.subject = rng.choice(_THONG_BAO_SUBJECTS)
    spec.number_symbol = f"{serial}/TB-{agency.abbreviation}"
    spec.body = [
        Paragraph(f"Ngày {spec.issue_date - timedelta(days=2):%d/%m/%Y}, {short} tổ chức "
                  "cuộc họp đánh giá tình hình giải quyết thủ tục hành chính. Sau khi nghe "
                  "báo cáo và ý kiến của các đơn vị, lãnh đạo kết luận như sau:"),
        *filler,
        Paragraph(f"{short} thông báo để các đơn vị, cá nhân biết, thực hiện./."),
    ]
    spec.recipients = ["- Các phòng, đơn vị thuộc Sở;", "- Lãnh đạo Sở;", f"- Lưu: VT, {unit}."]


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=64)
def _font(style: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_FILES[style]), px)


def _pt(points: float, dpi: int) -> int:
    return round(points * dpi / 72)


def _mm(mm: float, dpi: int) -> int:
    return round(mm * dpi / 25.4)


@dataclass
class _Line:
    """One laid-out line: words at absolute x, drawn at the flow's y."""

    words: list[tuple[int, str, ImageFont.FreeTypeFont]]
    height: int
    space_before: int = 0
    rule: tuple[int, int] | None = None  # (x0, x1) of a short rule under a title
    signature: _SignatureBlock | None = None

    @property
    def text(self) -> str:
        return " ".join(w for _, w, _ in self.words)


@dataclass
class _SignatureBlock:
    """'Nơi nhận' (left) and the signer (right): kept together on one page."""

    left: list[_Line]
    right: list[_Line]
    gap_after_titles: int
    seal: bool
    titles: int  # how many of ``right`` are title lines before the gap
    seal_text: str = ""


@dataclass
class _Layout:
    dpi: int
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    body_pt: float = 13.0
    line_spacing: float = 1.16
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def text_width(self) -> int:
        return self.right - self.left

    def px(self, points: float) -> int:
        return _pt(points, self.dpi)


def _wrap(
    words: list[tuple[str, ImageFont.FreeTypeFont]], first_width: int, width: int
) -> list[list[tuple[str, ImageFont.FreeTypeFont]]]:
    """Greedy word wrap by measured widths."""
    lines: list[list[tuple[str, ImageFont.FreeTypeFont]]] = [[]]
    used = 0.0
    limit = first_width
    for word, font in words:
        w = font.getlength(word)
        space = font.getlength(" ") if lines[-1] else 0
        if lines[-1] and used + space + w > limit:
            lines.append([])
            used, space, limit = 0.0, 0, width
        lines[-1].append((word, font))
        used += space + w
    return [ln for ln in lines if ln]


def _set_lines(
    words: list[tuple[str, ImageFont.FreeTypeFont]],
    x0: int,
    width: int,
    align: str,
    indent: int = 0,
    line_height: int = 0,
    space_before: int = 0,
) -> list[_Line]:
    """Wrap words to ``width`` and place them: 'justify', 'left' or 'centre'."""
    out: list[_Line] = []
    rows = _wrap(words, width - indent, width)
    for i, row in enumerate(rows):
        start = x0 + (indent if i == 0 else 0)
        avail = width - (indent if i == 0 else 0)
        widths = [f.getlength(w) for w, f in row]
        natural_space = row[0][1].getlength(" ")
        last = i == len(rows) - 1
        if align == "justify" and not last and len(row) > 1:
            space = (avail - sum(widths)) / (len(row) - 1)
        else:
            space = natural_space
        total = sum(widths) + space * (len(row) - 1)
        if align == "centre":
            start = round(x0 + (width - total) / 2)
        placed: list[tuple[int, str, ImageFont.FreeTypeFont]] = []
        x = float(start)
        for (w, f), wd in zip(row, widths, strict=True):
            placed.append((round(x), w, f))
            x += wd + space
        out.append(_Line(placed, line_height, space_before if i == 0 else 0))
    return out


def _words(text: str, font: ImageFont.FreeTypeFont,
           lead: str = "", lead_font: ImageFont.FreeTypeFont | None = None,
           ) -> list[tuple[str, ImageFont.FreeTypeFont]]:
    out = [(w, lead_font or font) for w in lead.split()]
    return out + [(w, font) for w in text.split()]


def _header(spec: DocumentSpec, lay: _Layout, page: Image.Image) -> tuple[list[str], int]:
    """Draw the two-column header; return its lines (left, then right) and its bottom y."""
    draw = ImageDraw.Draw(page)
    px = lay.px
    small = px(12.5)
    left_x0, left_w = lay.left - _mm(8, lay.dpi), _mm(84, lay.dpi)
    right_x0 = left_x0 + left_w + _mm(2, lay.dpi)
    right_w = lay.right + _mm(5, lay.dpi) - right_x0
    step = round(small * 1.2)
    lines: list[str] = []

    def centred(text: str, font: ImageFont.FreeTypeFont, x0: int, w: int, y: int) -> int:
        tw = font.getlength(text)
        draw.text((x0 + (w - tw) / 2, y), text, font=font, fill=(0, 0, 0))
        return round(tw)

    def rule(x0: int, w: int, y: int, length: int) -> None:
        cx = x0 + w / 2
        draw.line([(cx - length / 2, y), (cx + length / 2, y)], fill=(0, 0, 0),
                  width=max(2, px(0.8)))

    y = lay.top
    reg, bold = _font("regular", small), _font("bold", small)
    if spec.parent_agency:
        centred(spec.parent_agency, reg, left_x0, left_w, y)
        lines.append(spec.parent_agency)
        y += step
    own = spec.agency
    # A long agency name breaks after its first words, as clerks set it.
    if own.startswith("ỦY BAN NHÂN DÂN "):
        own_rows = ["ỦY BAN NHÂN DÂN", own.removeprefix("ỦY BAN NHÂN DÂN ")]
    elif bold.getlength(own) <= left_w:
        own_rows = [own]
    else:
        own_rows = _split_two(own)
    widest = 0
    for row in own_rows:
        widest = max(widest, centred(row, bold, left_x0, left_w, y))
        lines.append(row)
        y += step
    rule(left_x0, left_w, y + px(4), round(widest * 0.4))
    y += px(10)
    if spec.number_symbol:
        centred(f"Số: {spec.number_symbol}", _font("regular", px(13)), left_x0, left_w, y)
        lines.append(f"Số: {spec.number_symbol}")
        y += step
    if spec.document_type is DocumentType.CONG_VAN and spec.subject:
        sub = _font("regular", px(12))
        for ln in _set_lines(_words(spec.subject, sub), left_x0 + px(12), left_w - px(24),
                             "centre"):
            centred(ln.text, sub, left_x0, left_w, y)
            lines.append(ln.text)
            y += round(px(12) * 1.15)
    left_bottom = y

    y = lay.top
    national = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    centred(national, bold, right_x0, right_w, y)
    y += step
    motto = "Độc lập - Tự do - Hạnh phúc"
    motto_w = centred(motto, _font("bold", px(13.5)), right_x0, right_w, y)
    y += round(px(13.5) * 1.2)
    rule(right_x0, right_w, y + px(1), motto_w)
    y += px(10)
    dated = vietnamese_date(spec.place, spec.issue_date)
    centred(dated, _font("italic", px(13.5)), right_x0, right_w, y)
    lines += [national, motto, dated]
    y += step
    return lines, max(left_bottom, y) + px(14)


def _split_two(text: str) -> list[str]:
    """Break an upper-case agency name into two balanced rows."""
    words = text.split()
    best = min(range(1, len(words)),
               key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


def _flow(spec: DocumentSpec, lay: _Layout) -> list[_Line]:
    """Lay out title, body and the signature block as a list of lines to paginate."""
    px = lay.px
    size = px(lay.body_pt)
    lh = round(size * lay.line_spacing)
    gap = px(5)
    reg, bold, ital = (_font(s, size) for s in ("regular", "bold", "italic"))
    x0, w = lay.left, lay.text_width
    flow: list[_Line] = []
    if spec.title:
        title_font = _font("bold", px(14))
        flow += _set_lines(_words(spec.title, title_font), x0, w, "centre",
                           line_height=round(px(14) * 1.2), space_before=px(6))
        subject_lines: list[_Line] = []
        if spec.subject:
            subject_lines = _set_lines(_words(spec.subject, title_font), x0 + w // 8,
                                       w - w // 4, "centre", line_height=round(px(14) * 1.2))
            flow += subject_lines
        # The short rule under the title, a third of the widest title line.
        last = flow[-1]
        words = last.words
        cx = (words[0][0] + words[-1][0] + words[-1][2].getlength(words[-1][1])) / 2
        half = max(px(40), round(w / 6))
        flow.append(_Line([], px(12), rule=(round(cx - half / 2), round(cx + half / 2))))
    for par in spec.body:
        if par.style is Style.CENTRE_BOLD:
            flow += _set_lines(_words(par.text, bold), x0, w, "centre", line_height=lh,
                               space_before=gap * 2)
        elif par.style is Style.FIELD:
            flow += _set_lines(_words(par.text, reg), x0 + px(18), w - px(18), "left",
                               line_height=lh, space_before=gap // 2)
        elif par.style is Style.KINH_GUI:
            flow += _set_lines(_words(par.text, reg), x0 + w // 6, w - w // 6, "left",
                               line_height=lh, space_before=gap * 2)
        else:
            font = ital if par.style is Style.ITALIC else reg
            flow += _set_lines(_words(par.text, font, par.bold_lead, bold), x0, w, "justify",
                               indent=px(28), line_height=lh, space_before=gap)
    flow.append(_signature(spec, lay))
    return flow


def _signature(spec: DocumentSpec, lay: _Layout) -> _Line:
    px = lay.px
    left: list[_Line] = []
    if spec.recipients:
        head = _font("bold_italic", px(12))
        left.append(_Line([(lay.left - _mm(8, lay.dpi), "Nơi", head),
                           (lay.left - _mm(8, lay.dpi) + round(head.getlength("Nơi ")),
                            "nhận:", head)], round(px(12) * 1.25)))
        item = _font("regular", px(11))
        for rec in spec.recipients:
            left += _set_lines(_words(rec, item), lay.left - _mm(8, lay.dpi), _mm(70, lay.dpi),
                               "left", line_height=round(px(11) * 1.2))
    col_x0 = lay.left + lay.text_width // 2
    col_w = lay.right - col_x0
    bold = _font("bold", px(13.5))
    lh = round(px(13.5) * 1.2)
    right: list[_Line] = []
    for title in spec.signer_titles:
        right += _set_lines(_words(title, bold), col_x0, col_w, "centre", line_height=lh)
    right += _set_lines(_words(spec.signer, bold), col_x0, col_w, "centre", line_height=lh)
    block = _SignatureBlock(left, right, gap_after_titles=_mm(22, lay.dpi), seal=spec.seal,
                            titles=len(spec.signer_titles), seal_text=seal_text(spec))
    height = max(sum(ln.height for ln in left),
                 sum(ln.height for ln in right) + block.gap_after_titles)
    return _Line([], height, space_before=px(14), signature=block)


def render_document(spec: DocumentSpec, dpi: int = RENDER_DPI) -> list[RenderedPage]:
    """Print ``spec`` on white A4 pages at ``dpi``: the images and their ground-truth lines."""
    width, height = _mm(A4_MM[0], dpi), _mm(A4_MM[1], dpi)
    lay = _Layout(dpi, width, height, left=_mm(30, dpi), right=width - _mm(18, dpi),
                  top=_mm(20, dpi), bottom=height - _mm(22, dpi))
    rng = random.Random(f"{spec.dossier_code}|{spec.number_symbol}|{spec.signer}")
    pages: list[RenderedPage] = []

    def new_page() -> tuple[Image.Image, list[str], int]:
        page = Image.new("RGB", (width, height), (255, 255, 255))
        if not pages:
            lines, y = _header(spec, lay, page)
            if spec.qr:
                _draw_qr(page, spec.qr, dpi)
            return page, lines, y
        # Pages after the first carry their number, centred in the top margin.
        number = str(len(pages) + 1)
        font = _font("regular", lay.px(13))
        ImageDraw.Draw(page).text(((width - font.getlength(number)) / 2, _mm(10, dpi)),
                                  number, font=font, fill=(0, 0, 0))
        return page, [number], lay.top

    page, lines, y = new_page()
    for item in _flow(spec, lay):
        if y + item.space_before + item.height > lay.bottom and y > lay.top:
            pages.append(RenderedPage(page, lines, dpi))
            page, lines, y = new_page()
        else:
            y += item.space_before
        _draw_line(page, item, y, lay, rng, lines)
        y += item.height
    pages.append(RenderedPage(page, lines, dpi))
    return pages


def _draw_line(page: Image.Image, item: _Line, y: int, lay: _Layout, rng: random.Random,
               lines: list[str]) -> None:
    draw = ImageDraw.Draw(page)
    if item.rule:
        draw.line([(item.rule[0], y + lay.px(5)), (item.rule[1], y + lay.px(5))],
                  fill=(0, 0, 0), width=max(2, lay.px(0.8)))
        return
    if item.signature:
        _draw_signature(page, item.signature, y, lay, rng, lines)
        return
    for x, word, font in item.words:
        draw.text((x, y), word, font=font, fill=(0, 0, 0))
    lines.append(item.text)


def _draw_signature(page: Image.Image, block: _SignatureBlock, y0: int, lay: _Layout,
                    rng: random.Random, lines: list[str]) -> None:
    draw = ImageDraw.Draw(page)
    y = y0
    for ln in block.left:
        for x, word, font in ln.words:
            draw.text((x, y), word, font=font, fill=(0, 0, 0))
        lines.append(ln.text)
        y += ln.height
    y = y0
    title_bottom = y0
    for i, ln in enumerate(block.right):
        if i == block.titles:
            title_bottom = y
            y += block.gap_after_titles
        for x, word, font in ln.words:
            draw.text((x, y), word, font=font, fill=(0, 0, 0))
        lines.append(ln.text)
        y += ln.height
    name = block.right[-1]
    name_x0 = name.words[0][0]
    name_x1 = name.words[-1][0] + round(name.words[-1][2].getlength(name.words[-1][1]))
    centre_x = (name_x0 + name_x1) // 2
    gap_mid = title_bottom + block.gap_after_titles // 2
    _draw_scribble(page, (centre_x + _mm(3, lay.dpi), gap_mid), lay.dpi, rng)
    if block.seal:
        # Real seals sit over the left third of the signature, biting title and name.
        diameter = _mm(34, lay.dpi)
        centre = (centre_x - _mm(21, lay.dpi), gap_mid - _mm(2, lay.dpi))
        stamp_seal(page, centre, diameter, block.seal_text, rng)


def seal_text(spec: DocumentSpec) -> str:
    """The ring of the agency's seal: its name and, for a department, its province."""
    if spec.parent_agency is None:
        return spec.agency
    return f"{spec.agency} TỈNH {spec.place.upper()}"


def _draw_qr(page: Image.Image, payload: str, dpi: int) -> None:
    """QR code in the top-left margin corner, about 15 mm wide, as portals print it."""
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode)
    modules = np.array(code.to_image(scale=1)).shape[0]
    scale = max(2, round(_mm(15, dpi) / modules))
    img = Image.fromarray(np.array(code.to_image(scale=scale))).convert("RGB")
    page.paste(img, (_mm(6, dpi), _mm(6, dpi)))


def _multiply(page: Image.Image, layer: Image.Image, origin: tuple[int, int]) -> None:
    """Ink on paper: multiply an RGBA layer onto the page (dark print stays dark)."""
    x, y = origin
    box = (max(0, x), max(0, y), min(page.width, x + layer.width),
           min(page.height, y + layer.height))
    if box[0] >= box[2] or box[1] >= box[3]:
        return
    region = np.asarray(page.crop(box), dtype=np.float32)
    lay = np.asarray(layer.crop((box[0] - x, box[1] - y, box[2] - x, box[3] - y)),
                     dtype=np.float32)
    alpha = lay[..., 3:4] / 255.0
    tint = 1.0 - alpha * (1.0 - lay[..., :3] / 255.0)
    page.paste(Image.fromarray((region * tint).clip(0, 255).astype(np.uint8)), box[:2])


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.4
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def stamp_seal(page: Image.Image, centre: tuple[int, int], diameter: int, text: str,
               rng: random.Random) -> None:
    """Stamp a red round seal (ring text + star) over whatever is printed there."""
    size = diameter + 8
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    red = (200, 28, 38, 255)
    c = size / 2
    r = diameter / 2
    stroke = max(3, diameter // 70)
    draw.ellipse([c - r, c - r, c + r, c + r], outline=red, width=stroke)
    draw.ellipse([c - r + stroke * 2.2, c - r + stroke * 2.2, c + r - stroke * 2.2,
                  c + r - stroke * 2.2], outline=red, width=max(2, stroke // 2))
    inner = r * 0.58
    draw.ellipse([c - inner, c - inner, c + inner, c + inner], outline=red,
                 width=max(2, stroke // 2))
    draw.polygon(_star(c, c, inner * 0.55), fill=red)
    # Ring text: each letter turned to follow the circle, from lower left over the top.
    ring = text.upper()
    font = _font("bold", max(10, round(diameter * 0.085)))
    text_r = r - stroke * 2.2 - font.size * 0.75
    span = math.radians(290)
    widths = [font.getlength(ch) for ch in ring]
    scale = span / (sum(widths) or 1.0)
    theta = -span / 2  # clockwise from the top of the ring
    for ch, wd in zip(ring, widths, strict=True):
        mid = theta + wd * scale / 2
        theta += wd * scale
        if ch == " ":
            continue
        box = int(font.size * 2)
        glyph = Image.new("RGBA", (box, box), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((font.size, font.size), ch, font=font, fill=red,
                                   anchor="mm")
        glyph = glyph.rotate(-math.degrees(mid), resample=Image.Resampling.BICUBIC)
        gx, gy = c + text_r * math.sin(mid), c - text_r * math.cos(mid)
        layer.alpha_composite(glyph, (round(gx - font.size), round(gy - font.size)))
    draw.polygon(_star(c, c + text_r, font.size * 0.5), fill=red)
    # Uneven ink: real stamps are lighter in patches.
    alpha = np.asarray(layer, dtype=np.float32)[..., 3]
    patches = cv2.resize(np.array([[rng.uniform(0.55, 0.95) for _ in range(6)]
                                   for _ in range(6)], dtype=np.float32),
                         (size, size), interpolation=cv2.INTER_CUBIC)
    rgba = np.asarray(layer).copy()
    rgba[..., 3] = (alpha * patches.clip(0.3, 1.0)).astype(np.uint8)
    layer = Image.fromarray(rgba)
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
    _multiply(page, layer, (round(centre[0] - c), round(centre[1] - c)))


def _draw_scribble(page: Image.Image, centre: tuple[int, int], dpi: int,
                   rng: random.Random) -> None:
    """A blue-ish ballpoint signature: a few loops and a flourish."""
    w, h = _mm(32, dpi), _mm(14, dpi)
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    ink = (rng.randint(15, 45), rng.randint(35, 70), rng.randint(130, 175), 235)
    loops = rng.randint(3, 5)
    phase = rng.uniform(0, math.pi)
    pts = []
    for i in range(160):
        t = i / 159
        x = w * (0.08 + 0.8 * t) + w * 0.05 * math.sin(t * loops * 2 * math.pi * 2)
        y = h * (0.5 - 0.3 * math.sin(t * loops * 2 * math.pi + phase) * (1 - 0.5 * t)
                 - 0.1 * t)
        pts.append((x, y))
    draw.line(pts, fill=ink, width=max(2, dpi // 90), joint="curve")
    tail = [(w * 0.15, h * 0.85), (w * 0.55, h * 0.7), (w * 0.95, h * 0.62)]
    draw.line(tail, fill=ink, width=max(2, dpi // 100), joint="curve")
    _multiply(page, layer, (centre[0] - w // 2, centre[1] - h // 2))


# --------------------------------------------------------------------------- degrading


def _np_rng(rng: random.Random) -> np.random.Generator:
    return np.random.default_rng(rng.getrandbits(64))


def _lighting(h: int, w: int, rng: random.Random, low: float) -> np.ndarray:
    """A smooth multiplicative light field from ``low`` to 1 across a random direction."""
    yy, xx = np.mgrid[0:1:complex(0, 32), 0:1:complex(0, 32)].astype(np.float32)
    a = rng.uniform(0, 2 * math.pi)
    ramp = (xx * math.cos(a) + yy * math.sin(a))
    ramp = (ramp - ramp.min()) / max(1e-6, float(ramp.max() - ramp.min()))
    small = 1.0 - (1.0 - low) * ramp
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _shade(arr: np.ndarray, light: np.ndarray,
           cast: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> np.ndarray:
    """Multiply an RGB page by a light field (0-1) and a colour cast, in fast uint8."""
    channels = [np.clip(light * c * 255.0, 0, 255).astype(np.uint8) for c in cast]
    return np.asarray(cv2.multiply(arr, cv2.merge(channels), scale=1 / 255.0))


def _rotate(arr: np.ndarray, angle: float) -> Image.Image:
    """Rotate counter-clockwise by ``angle`` degrees onto a white page grown to fit."""
    h, w = arr.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos + 0.5), int(h * cos + w * sin + 0.5)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(arr, m, (nw, nh), flags=cv2.INTER_CUBIC,
                         borderValue=(255, 255, 255))
    return Image.fromarray(out)


def degrade_with_truth(image: Image.Image, condition: str, rng: random.Random,
                       dpi: int = RENDER_DPI) -> Degraded:
    """Make a clean page look scanned under ``condition`` (one of ``CONDITIONS``).

    Returns the image, its effective dpi and the true rotation/skew applied.
    """
    img = image.convert("RGB")
    if condition == "clean":
        return Degraded(img, dpi, 0, 0.0)
    if condition == "dpi200":
        size = (round(img.width * 200 / dpi), round(img.height * 200 / dpi))
        return Degraded(img.resize(size, Image.Resampling.LANCZOS), 200, 0, 0.0)
    if condition == "skew":
        angle = round(rng.choice((-1, 1)) * rng.uniform(0.7, 5.0), 2)
        return Degraded(_rotate(np.asarray(img), angle), dpi, 0, angle)
    if condition in ("rot90", "rot180", "rot270"):
        turn = int(condition[3:])
        return Degraded(img.rotate(turn, expand=True), dpi, turn, 0.0)
    if condition == "seal":
        out = img.copy()
        d = _mm(34, dpi)
        centre = (rng.randint(img.width // 4, img.width * 3 // 4),
                  rng.randint(img.height * 2 // 5, img.height * 3 // 5))
        stamp_seal(out, centre, d, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ ĐÃ TIẾP NHẬN", rng)
        return Degraded(out, dpi, 0, 0.0)
    arr = np.asarray(img)
    h, w = arr.shape[:2]
    nrng = _np_rng(rng)
    if condition == "shadow":
        light = _lighting(h, w, rng, rng.uniform(0.72, 0.85))
        band = max(8, round(w * rng.uniform(0.05, 0.09)))
        ramp = np.linspace(0.0, 1.0, band, dtype=np.float32) ** 0.6
        edge = 0.22 + 0.78 * ramp  # darkest at the very edge, like a book's gutter
        if rng.random() < 0.5:
            light[:, :band] *= edge[None, :]
        else:
            light[:, w - band:] *= edge[::-1][None, :]
        return Degraded(Image.fromarray(_shade(arr, light)), dpi, 0, 0.0)
    if condition == "grey":
        paper = (rng.uniform(0.87, 0.92), rng.uniform(0.85, 0.89), rng.uniform(0.74, 0.8))
        blotch = cv2.resize(nrng.normal(1.0, 0.02, (24, 17)).astype(np.float32), (w, h),
                            interpolation=cv2.INTER_CUBIC)
        # Paper fibre: soft, a few pixels wide (sharp per-pixel grain would triple JPEG size).
        fine = nrng.normal(1.0, 0.02, (h // 6, w // 6)).astype(np.float32)
        grain = cv2.resize(fine, (w, h), interpolation=cv2.INTER_LINEAR)
        return Degraded(Image.fromarray(_shade(arr, blotch * grain, paper)), dpi, 0, 0.0)
    if condition == "jpeg35":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=35)
        buf.seek(0)
        return Degraded(Image.open(buf).convert("RGB"), dpi, 0, 0.0)
    if condition == "noise":
        # Sensor grain at half resolution: as visible, and four times cheaper to draw.
        gauss = nrng.normal(0, 10, (h // 2 + 1, w // 2 + 1)).astype(np.int16)
        grain = cv2.resize(gauss, (w, h), interpolation=cv2.INTER_NEAREST)
        noisy = np.asarray(cv2.add(arr.astype(np.int16), cv2.merge([grain] * 3)))
        noisy = noisy.clip(0, 255).astype(np.uint8)
        count = int(h * w * 0.002)
        ys, xs = nrng.integers(0, h, count), nrng.integers(0, w, count)
        noisy[ys[: count // 2], xs[: count // 2]] = 0
        noisy[ys[count // 2:], xs[count // 2:]] = 255
        # Speckle: small dark specks of dust, a few pixels wide.
        specks = np.zeros((h, w), np.uint8)
        for _ in range(400):
            cv2.circle(specks, (int(nrng.integers(w)), int(nrng.integers(h))),
                       int(nrng.integers(1, 4)), 1, -1)
        noisy[specks > 0] = (noisy[specks > 0] * 0.25).astype(np.uint8)
        return Degraded(Image.fromarray(noisy), dpi, 0, 0.0)
    if condition == "photo":
        j = 0.045
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        dst = np.array([[w * rng.uniform(0.01, j), h * rng.uniform(0.01, j)],
                          [w * (1 - rng.uniform(0.01, j)), h * rng.uniform(0.01, j)],
                          [w * (1 - rng.uniform(0.0, j)), h * (1 - rng.uniform(0.0, j))],
                          [w * rng.uniform(0.0, j), h * (1 - rng.uniform(0.0, j))]],
                       dtype=np.float32)
        table = (int(rng.uniform(60, 110)), int(rng.uniform(50, 95)), int(rng.uniform(40, 80)))
        warped = cv2.warpPerspective(arr, cv2.getPerspectiveTransform(src, dst), (w, h),
                                     flags=cv2.INTER_LINEAR, borderValue=table)
        warped = cv2.GaussianBlur(warped, (0, 0), rng.uniform(0.8, 1.3))
        light = _lighting(h, w, rng, rng.uniform(0.7, 0.85))
        cast = (1.0, rng.uniform(0.95, 0.99), rng.uniform(0.86, 0.93))
        return Degraded(Image.fromarray(_shade(warped, light, cast)), dpi, 0, 0.0)
    raise ValueError(f"unknown condition {condition!r}; expected one of {CONDITIONS}")


def degrade(image: Image.Image, condition: str, rng: random.Random) -> tuple[Image.Image, int]:
    """Make a clean 300 dpi page look scanned under ``condition``: (image, effective dpi)."""
    out = degrade_with_truth(image, condition, rng)
    return out.image, out.dpi


# --------------------------------------------------------------------------- fonts


def font_codepoints(path: Path) -> set[int]:
    """Code points a TrueType font maps to glyphs (its cmap, formats 4 and 12)."""
    data = path.read_bytes()
    num_tables = struct.unpack_from(">H", data, 4)[0]
    cmap = next(struct.unpack_from(">I", data, 12 + 16 * i + 8)[0] for i in range(num_tables)
                if data[12 + 16 * i: 16 + 16 * i] == b"cmap")
    points: set[int] = set()
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        offset = cmap + struct.unpack_from(">I", data, cmap + 4 + 8 * i + 4)[0]
        fmt = struct.unpack_from(">H", data, offset)[0]
        if fmt == 4:
            segs = struct.unpack_from(">H", data, offset + 6)[0] // 2
            ends = struct.unpack_from(f">{segs}H", data, offset + 14)
            starts = struct.unpack_from(f">{segs}H", data, offset + 16 + 2 * segs)
            deltas = struct.unpack_from(f">{segs}h", data, offset + 16 + 4 * segs)
            ro_at = offset + 16 + 6 * segs
            ranges = struct.unpack_from(f">{segs}H", data, ro_at)
            for s in range(segs):
                for cp in range(starts[s], ends[s] + 1):
                    if cp == 0xFFFF:
                        continue
                    if ranges[s] == 0:
                        glyph = (cp + deltas[s]) & 0xFFFF
                    else:
                        at = ro_at + 2 * s + ranges[s] + 2 * (cp - starts[s])
                        glyph = struct.unpack_from(">H", data, at)[0]
                        glyph = (glyph + deltas[s]) & 0xFFFF if glyph else 0
                    if glyph:
                        points.add(cp)
        elif fmt == 12:
            groups = struct.unpack_from(">I", data, offset + 12)[0]
            for g in range(groups):
                start, end, _ = struct.unpack_from(">3I", data, offset + 16 + 12 * g)
                points.update(range(start, end + 1))
    return points


def missing_glyphs(text: str, style: str = "regular") -> set[str]:
    """Characters of ``text`` that the Liberation Serif face ``style`` cannot draw."""
    have = font_codepoints(FONT_FILES[style])
    return {ch for ch in set(nfc(text)) if not ch.isspace() and ord(ch) not in have}


# --------------------------------------------------------------------------- corpora


def _page_truth(page: RenderedPage, number: int, truth: Degraded) -> dict[str, Any]:
    return {"page": number, "text": page.text, "rotation": truth.rotation,
            "skew": truth.skew, "dpi": truth.dpi}


def write_corpus(out_dir: Path, count: int, conditions: Sequence[str], seed: int,
                 procedures: Sequence[tuple[str, str]] | None = None) -> Path:
    """Write ``count`` documents as PNG pages, conditions taken in turn; return the JSON path.

    The ground truth (``ground_truth.json`` in ``out_dir``) follows
    ``schemas/ground-truth.schema.json``; file paths are relative to ``out_dir``.
    """
    unknown = [c for c in conditions if c not in CONDITIONS]
    if unknown or not conditions:
        raise ValueError(f"unknown conditions {unknown}; expected some of {CONDITIONS}")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    documents = []
    for i in range(count):
        spec = random_spec(rng, procedures)
        condition = conditions[i % len(conditions)]
        doc_id = f"doc-{i + 1:04d}"
        files, pages = [], []
        for n, page in enumerate(render_document(spec), start=1):
            truth = degrade_with_truth(page.image, condition, rng)
            name = f"{doc_id}-p{n}.png"
            truth.image.save(out_dir / name, dpi=(truth.dpi, truth.dpi))
            files.append(name)
            pages.append(_page_truth(page, n, truth))
        documents.append({"id": doc_id, "files": files, "condition": condition,
                          "pages": pages, "fields": spec.fields()})
    path = out_dir / "ground_truth.json"
    _write_json(path, {"generator": GENERATOR, "seed": seed, "documents": documents})
    return path


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


class DemoFile(NamedTuple):
    """One document of the committed demo set: how it is drawn and how it is stored."""

    files: tuple[str, ...]  # one path per page file, relative to the scan root
    document_type: DocumentType
    pages: int
    condition: str
    fmt: str  # "pdf", "tiff", "jpeg", "png"
    grey: bool = False
    dpi_in_file: bool = True
    qr: bool | None = None  # require (True) or forbid (False) a QR payload
    bilevel: bool = False  # stored as 1-bit black and white


DEMO_SET: tuple[DemoFile, ...] = (
    # Black-and-white scanner mode: a bilevel (CCITT G4) image-only PDF.
    DemoFile(("cong-van-2-trang.pdf",), DocumentType.CONG_VAN, 2, "clean", "pdf", bilevel=True),
    DemoFile((nfc("Quyết định cấp phép.pdf"),), DocumentType.QUYET_DINH, 1, "seal", "pdf",
             qr=True),
    DemoFile(("giay-chung-nhan.tif",), DocumentType.GIAY_CHUNG_NHAN, 2, "grey", "tiff",
             grey=True),
    DemoFile(("giay-phep-nghieng.jpg",), DocumentType.GIAY_PHEP, 1, "skew", "jpeg"),
    DemoFile(("thong-bao-xoay.png",), DocumentType.THONG_BAO, 1, "rot90", "png", grey=True),
    DemoFile(("giay-tiep-nhan-khong-dpi.png",), DocumentType.GIAY_TIEP_NHAN, 1, "clean", "png",
             grey=True, dpi_in_file=False, qr=True),
    DemoFile(("ho-so-0001/trang-1.jpg", "ho-so-0001/trang-2.jpg"), DocumentType.QUYET_DINH, 2,
             "photo", "jpeg", qr=False),
    DemoFile(("giay-tiep-nhan-200dpi.jpg",), DocumentType.GIAY_TIEP_NHAN, 1, "dpi200", "jpeg",
             grey=True, qr=True),
)

# JPEG quality of stored pages: text at 300 dpi is costly, and the set must stay < 3 MB.
_STORE_QUALITY = 40


def _demo_spec(rng: random.Random, item: DemoFile,
               procedures: Sequence[tuple[str, str]] | None) -> tuple[DocumentSpec,
                                                                     list[RenderedPage]]:
    """Draw specs until one prints on exactly the wanted number of pages."""
    for _ in range(200):
        spec = random_spec(rng, procedures, document_type=item.document_type,
                           long=item.pages > 1)
        if item.qr is not None and (spec.qr is not None) != item.qr:
            continue
        pages = render_document(spec)
        if len(pages) == item.pages:
            return spec, pages
    raise RuntimeError(f"no {item.document_type} of {item.pages} pages in 200 draws")


def _save_pages(images: list[Image.Image], root: Path, item: DemoFile, dpi: int,
                issued: date) -> None:
    if item.bilevel:
        images = [im.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
                  for im in images]
    elif item.grey:
        images = [im.convert("L") for im in images]
    paths = [root / f for f in item.files]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
    header_dpi: dict[str, Any] = {"dpi": (dpi, dpi)} if item.dpi_in_file else {}
    if item.fmt == "pdf":
        # Image-only PDF; fixed dates so the file is the same on every run.
        stamp = time.strptime(f"{issued.isoformat()} 09:00", "%Y-%m-%d %H:%M")
        jpeg: dict[str, Any] = {} if item.bilevel else {"quality": _STORE_QUALITY,
                                                        "optimize": True}
        images[0].save(paths[0], "PDF", save_all=True, append_images=images[1:],
                       resolution=float(dpi), title=item.files[0], creationDate=stamp,
                       modDate=stamp, **jpeg)
    elif item.fmt == "tiff":
        images[0].save(paths[0], "TIFF", save_all=True, append_images=images[1:],
                       compression="tiff_jpeg", quality=_STORE_QUALITY, **header_dpi)
    elif item.fmt == "jpeg":
        for im, path in zip(images, paths, strict=True):
            im.save(path, "JPEG", quality=_STORE_QUALITY, optimize=True, **header_dpi)
    else:
        for im, path in zip(images, paths, strict=True):
            im.save(path, "PNG", optimize=True, **header_dpi)


def write_demo_set(out_dir: Path, ground_truth: Path, seed: int = 2023,
                   procedures: Sequence[tuple[str, str]] | None = None) -> Path:
    """Write the small committed demo set (``DEMO_SET``) and its ground truth JSON."""
    out_dir.mkdir(parents=True, exist_ok=True)
    documents = []
    for i, item in enumerate(DEMO_SET, start=1):
        rng = random.Random(f"{seed}-{i}")
        spec, pages = _demo_spec(rng, item, procedures)
        degraded = [degrade_with_truth(p.image, item.condition, rng) for p in pages]
        _save_pages([d.image for d in degraded], out_dir, item, degraded[0].dpi,
                    spec.issue_date)
        documents.append({
            "id": f"demo-{i:02d}",
            "files": list(item.files),
            "condition": item.condition,
            "dpi_in_file": degraded[0].dpi if item.dpi_in_file else None,
            "pages": [_page_truth(p, n, d)
                      for n, (p, d) in enumerate(zip(pages, degraded, strict=True), start=1)],
            "fields": spec.fields(),
        })
    ground_truth.parent.mkdir(parents=True, exist_ok=True)
    _write_json(ground_truth, {"generator": GENERATOR, "seed": seed, "documents": documents})
    return ground_truth


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m samples.generator``: the demo set, or a benchmark corpus with --count."""
    parser = argparse.ArgumentParser(prog="python -m samples.generator",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("samples/scans"),
                        help="scan root to write (default: samples/scans)")
    parser.add_argument("--ground-truth", type=Path, default=None,
                        help="demo set: JSON path (default: <out>/../ground_truth.json)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--count", type=int, default=0,
                        help="write a benchmark corpus of this many documents instead")
    parser.add_argument("--conditions", default=",".join(CONDITIONS),
                        help="corpus: comma-separated conditions, taken in turn")
    args = parser.parse_args(argv)
    if args.count:
        path = write_corpus(args.out, args.count, args.conditions.split(","), args.seed)
    else:
        path = write_demo_set(args.out, args.ground_truth or args.out.parent /
                              "ground_truth.json", args.seed)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
