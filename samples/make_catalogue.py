"""Generate a sample procedure catalogue and dossier register (all data invented).

Run ``python -m samples.make_catalogue`` from the repository root. It writes
``samples/catalogue.csv`` (2,000+ procedures), ``samples/catalogue.json`` (portal JSON,
20 records) and ``samples/register.csv`` (a few hundred dossiers, plus one row per demo
document of ``samples/ground_truth.json`` when that file exists).

Names are composed the way the national catalogue composes them, so many are near
duplicates (cấp / cấp lại / cấp đổi / gia hạn, cấp tỉnh / cấp huyện / cấp xã). Applicants
and identity numbers are fake: identity numbers start with province code 099, which does
not exist, so none can be a real person's.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from digitize.catalogue import (
    PROCEDURE_CODE,
    Dossier,
    Procedure,
    ResultType,
    base_procedure_code,
    parse_date,
)
from digitize.extract.identity import UNASSIGNED_PROVINCE_CODES
from digitize.vietnamese import normalize

SAMPLES = Path(__file__).resolve().parent
REORGANISATION = date(2025, 7, 1)  # district level abolished: procedures move to communes

_LICENCE = ("Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh")
_REGISTER = ("Đăng ký", "Đăng ký lại", "Đăng ký thay đổi nội dung", "Xác nhận")
_APPROVE = ("Phê duyệt", "Thẩm định", "Điều chỉnh", "Công nhận")


@dataclass(frozen=True)
class _Sector:
    name: str
    authority: str  # provincial department
    symbol: str  # symbol in result numbers: 123/GP-SXD
    topics: tuple[tuple[tuple[str, ...], str, str], ...]  # (actions, object, result name)


_SECTORS: tuple[_Sector, ...] = (
    _Sector(
        "Xây dựng",
        "Sở Xây dựng",
        "GPXD",
        (
            (_LICENCE, "giấy phép xây dựng mới đối với công trình cấp I", "Giấy phép xây dựng"),
            (_LICENCE, "giấy phép xây dựng mới đối với công trình cấp II", "Giấy phép xây dựng"),
            (_LICENCE, "giấy phép xây dựng mới đối với công trình cấp III", "Giấy phép xây dựng"),
            (_LICENCE, "giấy phép xây dựng mới đối với nhà ở riêng lẻ", "Giấy phép xây dựng"),
            (_LICENCE, "giấy phép sửa chữa, cải tạo công trình", "Giấy phép sửa chữa, cải tạo"),
            (_LICENCE, "giấy phép di dời công trình", "Giấy phép di dời công trình"),
            (
                _LICENCE,
                "chứng chỉ hành nghề hoạt động xây dựng hạng II",
                "Chứng chỉ hành nghề hoạt động xây dựng",
            ),
            (
                _LICENCE,
                "chứng chỉ năng lực hoạt động xây dựng hạng III",
                "Chứng chỉ năng lực hoạt động xây dựng",
            ),
            (
                _APPROVE,
                "báo cáo kinh tế - kỹ thuật đầu tư xây dựng",
                "Văn bản thông báo kết quả thẩm định",
            ),
        ),
    ),
    _Sector(
        "Đất đai",
        "Sở Tài nguyên và Môi trường",
        "QĐ-UBND",
        (
            (
                _LICENCE,
                "giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn "
                "liền với đất",
                "Giấy chứng nhận quyền sử dụng đất",
            ),
            (
                _REGISTER,
                "biến động quyền sử dụng đất do chuyển nhượng",
                "Giấy chứng nhận quyền sử dụng đất",
            ),
            (
                _REGISTER,
                "thế chấp quyền sử dụng đất, tài sản gắn liền với đất",
                "Văn bản xác nhận đăng ký thế chấp",
            ),
            (
                ("Giao đất", "Cho thuê đất", "Chuyển mục đích sử dụng đất", "Gia hạn sử dụng đất"),
                "đối với hộ gia đình, cá nhân",
                "Quyết định giao đất, cho thuê đất",
            ),
            (
                ("Giao đất", "Cho thuê đất", "Chuyển mục đích sử dụng đất", "Thu hồi đất"),
                "đối với tổ chức",
                "Quyết định giao đất, cho thuê đất",
            ),
            (("Tách thửa", "Hợp thửa", "Đính chính"), "đất", "Giấy chứng nhận quyền sử dụng đất"),
        ),
    ),
    _Sector(
        "Tư pháp - Hộ tịch",
        "Sở Tư pháp",
        "TP-HT",
        (
            (("Đăng ký", "Đăng ký lại", "Đăng ký"), "khai sinh", "Giấy khai sinh"),
            (("Đăng ký", "Đăng ký lại"), "kết hôn", "Giấy chứng nhận kết hôn"),
            (("Đăng ký", "Đăng ký lại"), "khai tử", "Trích lục khai tử"),
            (("Đăng ký", "Đăng ký chấm dứt"), "giám hộ", "Trích lục đăng ký giám hộ"),
            (("Đăng ký", "Đăng ký lại"), "nhận cha, mẹ, con", "Trích lục nhận cha, mẹ, con"),
            (
                ("Thay đổi", "Cải chính", "Bổ sung"),
                "thông tin hộ tịch",
                "Trích lục thay đổi, cải chính hộ tịch",
            ),
            (("Cấp", "Cấp lại"), "bản sao trích lục hộ tịch", "Bản sao trích lục hộ tịch"),
            (("Xác nhận",), "tình trạng hôn nhân", "Giấy xác nhận tình trạng hôn nhân"),
            (("Cấp", "Cấp lại"), "phiếu lý lịch tư pháp", "Phiếu lý lịch tư pháp"),
        ),
    ),
    _Sector(
        "Đăng ký kinh doanh",
        "Sở Kế hoạch và Đầu tư",
        "ĐKKD",
        (
            (_REGISTER, "thành lập doanh nghiệp tư nhân", "Giấy chứng nhận đăng ký doanh nghiệp"),
            (
                _REGISTER,
                "thành lập công ty trách nhiệm hữu hạn một thành viên",
                "Giấy chứng nhận đăng ký doanh nghiệp",
            ),
            (_REGISTER, "thành lập công ty cổ phần", "Giấy chứng nhận đăng ký doanh nghiệp"),
            (_REGISTER, "hộ kinh doanh", "Giấy chứng nhận đăng ký hộ kinh doanh"),
            (
                _REGISTER,
                "hoạt động chi nhánh, văn phòng đại diện",
                "Giấy chứng nhận đăng ký hoạt động chi nhánh",
            ),
            (
                ("Thông báo", "Đăng ký"),
                "tạm ngừng kinh doanh",
                "Giấy xác nhận tạm ngừng kinh doanh",
            ),
            (("Giải thể", "Chấm dứt hoạt động"), "doanh nghiệp", "Thông báo về việc giải thể"),
        ),
    ),
    _Sector(
        "Y tế",
        "Sở Y tế",
        "GP-SYT",
        (
            (_LICENCE, "giấy phép hoạt động đối với phòng khám đa khoa", "Giấy phép hoạt động"),
            (_LICENCE, "giấy phép hoạt động đối với phòng khám chuyên khoa", "Giấy phép hoạt động"),
            (
                _LICENCE,
                "chứng chỉ hành nghề khám bệnh, chữa bệnh",
                "Chứng chỉ hành nghề khám bệnh, chữa bệnh",
            ),
            (_LICENCE, "chứng chỉ hành nghề dược", "Chứng chỉ hành nghề dược"),
            (
                _LICENCE,
                "giấy chứng nhận đủ điều kiện kinh doanh dược",
                "Giấy chứng nhận đủ điều kiện kinh doanh dược",
            ),
            (
                _LICENCE,
                "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
                "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            ),
        ),
    ),
    _Sector(
        "Giao thông vận tải",
        "Sở Giao thông vận tải",
        "GPLX",
        (
            (("Cấp", "Cấp lại", "Cấp đổi"), "giấy phép lái xe", "Giấy phép lái xe"),
            (("Cấp", "Cấp đổi"), "giấy phép lái xe quốc tế", "Giấy phép lái xe quốc tế"),
            (
                _LICENCE,
                "giấy phép kinh doanh vận tải bằng xe ô tô",
                "Giấy phép kinh doanh vận tải bằng xe ô tô",
            ),
            (
                ("Cấp", "Cấp lại", "Thu hồi"),
                "phù hiệu xe ô tô kinh doanh vận tải",
                "Phù hiệu xe ô tô",
            ),
            (
                ("Đăng ký", "Đăng ký tạm thời", "Cấp đổi chứng nhận đăng ký"),
                "xe máy chuyên dùng",
                "Giấy chứng nhận đăng ký xe máy chuyên dùng",
            ),
            (
                _LICENCE,
                "giấy phép thi công công trình trên đường bộ đang khai thác",
                "Giấy phép thi công",
            ),
        ),
    ),
    _Sector(
        "Giáo dục và Đào tạo",
        "Sở Giáo dục và Đào tạo",
        "QĐ-SGDĐT",
        (
            (
                ("Cho phép thành lập", "Sáp nhập, chia, tách", "Giải thể"),
                "trường trung học phổ thông",
                "Quyết định thành lập",
            ),
            (
                ("Cho phép thành lập", "Sáp nhập, chia, tách", "Giải thể"),
                "trường trung học cơ sở",
                "Quyết định thành lập",
            ),
            (("Cho phép thành lập", "Giải thể"), "trường mầm non", "Quyết định thành lập"),
            (
                ("Cho phép hoạt động giáo dục", "Cho phép hoạt động giáo dục trở lại"),
                "trường tiểu học",
                "Quyết định cho phép hoạt động giáo dục",
            ),
            (
                ("Cấp", "Cấp lại", "Chỉnh sửa nội dung"),
                "văn bằng, chứng chỉ",
                "Văn bằng, chứng chỉ",
            ),
            (("Cấp", "Cấp lại"), "bản sao văn bằng, chứng chỉ từ sổ gốc", "Bản sao văn bằng"),
            (
                ("Công nhận", "Công nhận lại"),
                "trường đạt chuẩn quốc gia",
                "Quyết định công nhận trường đạt chuẩn quốc gia",
            ),
        ),
    ),
    _Sector(
        "Lao động - Thương binh và Xã hội",
        "Sở Lao động - Thương binh và Xã hội",
        "LĐTBXH",
        (
            (_LICENCE, "giấy phép lao động cho người lao động nước ngoài", "Giấy phép lao động"),
            (
                _LICENCE,
                "giấy phép hoạt động dịch vụ việc làm",
                "Giấy phép hoạt động dịch vụ việc làm",
            ),
            (
                ("Giải quyết", "Điều chỉnh", "Thôi hưởng"),
                "trợ cấp xã hội hằng tháng",
                "Quyết định trợ cấp xã hội",
            ),
            (
                ("Giải quyết", "Điều chỉnh"),
                "chế độ trợ cấp thất nghiệp",
                "Quyết định hưởng trợ cấp thất nghiệp",
            ),
            (
                ("Công nhận", "Công nhận lại"),
                "hộ nghèo, hộ cận nghèo",
                "Giấy chứng nhận hộ nghèo, hộ cận nghèo",
            ),
            (
                ("Cấp", "Cấp lại", "Cấp đổi"),
                "giấy chứng nhận thương binh",
                "Giấy chứng nhận thương binh",
            ),
        ),
    ),
    _Sector(
        "Văn hóa, Thể thao và Du lịch",
        "Sở Văn hóa, Thể thao và Du lịch",
        "GP-SVHTTDL",
        (
            (_LICENCE, "giấy phép kinh doanh dịch vụ karaoke", "Giấy phép đủ điều kiện kinh doanh"),
            (
                _LICENCE,
                "giấy phép kinh doanh dịch vụ vũ trường",
                "Giấy phép đủ điều kiện kinh doanh",
            ),
            (
                _LICENCE,
                "giấy phép kinh doanh dịch vụ lữ hành nội địa",
                "Giấy phép kinh doanh dịch vụ lữ hành",
            ),
            (
                ("Công nhận", "Công nhận lại"),
                "cơ sở lưu trú du lịch đạt tiêu chuẩn",
                "Quyết định công nhận hạng cơ sở lưu trú",
            ),
            (("Cấp", "Cấp đổi", "Cấp lại"), "thẻ hướng dẫn viên du lịch", "Thẻ hướng dẫn viên"),
        ),
    ),
    _Sector(
        "Công Thương",
        "Sở Công Thương",
        "GP-SCT",
        (
            (_LICENCE, "giấy phép bán lẻ sản phẩm rượu", "Giấy phép bán lẻ sản phẩm rượu"),
            (_LICENCE, "giấy phép bán lẻ sản phẩm thuốc lá", "Giấy phép bán lẻ sản phẩm thuốc lá"),
            (
                _LICENCE,
                "giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu",
                "Giấy chứng nhận đủ điều kiện bán lẻ xăng dầu",
            ),
            (_LICENCE, "giấy phép hoạt động điện lực", "Giấy phép hoạt động điện lực"),
            (
                _LICENCE,
                "giấy chứng nhận đủ điều kiện kinh doanh khí",
                "Giấy chứng nhận đủ điều kiện kinh doanh khí",
            ),
        ),
    ),
    _Sector(
        "Nông nghiệp và Phát triển nông thôn",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "SNN",
        (
            (
                _LICENCE,
                "giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật",
                "Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật",
            ),
            (
                _LICENCE,
                "giấy chứng nhận đủ điều kiện buôn bán phân bón",
                "Giấy chứng nhận đủ điều kiện buôn bán phân bón",
            ),
            (_LICENCE, "giấy phép khai thác thủy sản", "Giấy phép khai thác thủy sản"),
            (
                ("Cấp", "Cấp lại"),
                "giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi tỉnh",
                "Giấy chứng nhận kiểm dịch",
            ),
            (
                ("Phê duyệt", "Điều chỉnh"),
                "phương án khai thác thực vật rừng",
                "Quyết định phê duyệt phương án",
            ),
        ),
    ),
    _Sector(
        "Tài nguyên nước và Môi trường",
        "Sở Tài nguyên và Môi trường",
        "GP-STNMT",
        (
            (_LICENCE, "giấy phép khai thác, sử dụng nước mặt", "Giấy phép tài nguyên nước"),
            (_LICENCE, "giấy phép khai thác, sử dụng nước dưới đất", "Giấy phép tài nguyên nước"),
            (_LICENCE, "giấy phép xả nước thải vào nguồn nước", "Giấy phép xả nước thải"),
            (_LICENCE, "giấy phép môi trường", "Giấy phép môi trường"),
            (
                ("Thẩm định", "Phê duyệt"),
                "báo cáo đánh giá tác động môi trường",
                "Quyết định phê duyệt kết quả thẩm định",
            ),
        ),
    ),
    _Sector(
        "Nội vụ",
        "Sở Nội vụ",
        "QĐ-SNV",
        (
            (("Công nhận", "Công nhận lại"), "ban vận động thành lập hội", "Quyết định công nhận"),
            (
                ("Cho phép thành lập", "Chia, tách, sáp nhập", "Giải thể"),
                "hội",
                "Quyết định cho phép thành lập hội",
            ),
            (("Phê duyệt", "Điều chỉnh"), "điều lệ hội", "Quyết định phê duyệt điều lệ"),
            (
                ("Đề nghị tặng", "Xét tặng"),
                "danh hiệu Chiến sĩ thi đua cấp tỉnh",
                "Quyết định khen thưởng",
            ),
            (
                ("Đề nghị tặng", "Xét tặng"),
                "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                "Quyết định khen thưởng",
            ),
        ),
    ),
    _Sector(
        "Thông tin và Truyền thông",
        "Sở Thông tin và Truyền thông",
        "GP-STTTT",
        (
            (_LICENCE, "giấy phép xuất bản bản tin", "Giấy phép xuất bản bản tin"),
            (
                _LICENCE,
                "giấy phép thiết lập trang thông tin điện tử tổng hợp",
                "Giấy phép thiết lập trang thông tin điện tử",
            ),
            (_LICENCE, "giấy phép hoạt động in", "Giấy phép hoạt động in"),
            (
                ("Cấp", "Gia hạn"),
                "giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
                "Giấy xác nhận đăng ký",
            ),
        ),
    ),
    _Sector(
        "Khoa học và Công nghệ",
        "Sở Khoa học và Công nghệ",
        "GCN-SKHCN",
        (
            (
                _LICENCE,
                "giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
                "Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
            ),
            (
                _LICENCE,
                "giấy phép tiến hành công việc bức xạ",
                "Giấy phép tiến hành công việc bức xạ",
            ),
            (
                ("Đăng ký", "Đăng ký thay đổi"),
                "kết quả thực hiện nhiệm vụ khoa học và công nghệ",
                "Giấy chứng nhận đăng ký kết quả",
            ),
        ),
    ),
    _Sector(
        "Tài chính",
        "Sở Tài chính",
        "STC",
        (
            (
                ("Đăng ký", "Đăng ký thay đổi"),
                "mã số đơn vị có quan hệ với ngân sách",
                "Giấy chứng nhận mã số đơn vị có quan hệ với ngân sách",
            ),
            (
                ("Thẩm định", "Phê duyệt"),
                "quyết toán vốn đầu tư dự án hoàn thành",
                "Quyết định phê duyệt quyết toán",
            ),
            (("Xác định", "Điều chỉnh"), "giá đất cụ thể", "Quyết định phê duyệt giá đất"),
        ),
    ),
)

_LEVELS = ("Cấp tỉnh", "Cấp huyện", "Cấp xã")
_LEVEL_AUTHORITY = {
    "Cấp tỉnh": "Ủy ban nhân dân cấp tỉnh",
    "Cấp huyện": "Ủy ban nhân dân cấp huyện",
    "Cấp xã": "Ủy ban nhân dân cấp xã",
}

_SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trịnh",
    "Đinh",
    "Mai",
    "Tô",
)
_MIDDLES = (
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Thanh",
    "Ngọc",
    "Hữu",
    "Quốc",
    "Thu",
    "Hoài",
    "Gia",
    "Xuân",
    "Thành",
    "Kim",
    "Bảo",
    "Anh",
)
_GIVEN = (
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Ngân",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Vy",
    "Yến",
    "Đạt",
    "Khoa",
    "Nhung",
    "Oanh",
    "Tùng",
    "Việt",
    "Loan",
)
_COMPANY_KINDS = ("Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân")
_COMPANY_WORDS = (
    "Thương mại",
    "Dịch vụ",
    "Xây dựng",
    "Sao Mai",
    "Hồng Phát",
    "Thành Công",
    "Phú Gia",
    "Minh Long",
    "Tân Tiến",
    "An Khang",
    "Đại Việt",
    "Nam Sơn",
)

CATALOGUE_FIELDS = (
    "ma_thu_tuc",
    "ten_thu_tuc",
    "linh_vuc",
    "cap_thuc_hien",
    "loai_thu_tuc",
    "co_quan_co_tham_quyen",
    "ket_qua_xu_ly",
    "hieu_luc_tu",
    "hieu_luc_den",
)
REGISTER_FIELDS = (
    "ma_ho_so",
    "ma_thu_tuc",
    "chu_ho_so",
    "so_dinh_danh",
    "ngay_tiep_nhan",
    "ngay_hen_tra",
    "ngay_tra_ket_qua",
    "so_ky_hieu_ket_qua",
    "hieu_luc_ket_qua",
)


def fake_person(rng: random.Random) -> tuple[str, str]:
    """An invented applicant name and a 12-digit identity number in a never-assigned province."""
    middle = rng.choice(_MIDDLES)
    if rng.random() < 0.3:
        middle += " " + rng.choice(_MIDDLES)
    name = f"{rng.choice(_SURNAMES)} {middle} {rng.choice(_GIVEN)}"
    number = rng.choice(UNASSIGNED_PROVINCE_CODES) + str(rng.randint(0, 3)) + f"{rng.randint(40, 99):02d}{rng.randrange(10**6):06d}"
    return name, number


def fake_company(rng: random.Random) -> str:
    """An invented organisation name."""
    words = rng.sample(_COMPANY_WORDS, 2)
    return f"{rng.choice(_COMPANY_KINDS)} {words[0]} {words[1]}"


def generate_catalogue(count: int = 2000, seed: int = 20251125) -> list[Procedure]:
    """At least ``count`` procedures with unique national codes (plus 2025 successor versions)."""
    rng = random.Random(seed)
    names: list[tuple[str, _Sector, str, int]] = []  # name, sector, result, sector number
    for number, sector in enumerate(_SECTORS, start=1):
        for actions, obj, result in sector.topics:
            for action in dict.fromkeys(actions):
                names.append((f"{action} {obj}", sector, result, number))
    result_codes: dict[tuple[int, str], str] = {}
    used_codes: set[str] = set()
    procedures: list[Procedure] = []

    def new_code() -> str:
        while True:
            code = f"{rng.choice('1112')}.00{rng.randrange(10**4):04d}"
            if code not in used_codes:
                used_codes.add(code)
                return code

    def result_for(number: int, name: str) -> ResultType:
        key = (number, name)
        if key not in result_codes:
            result_codes[key] = f"KQ.G{number:02d}.{len(result_codes) + 1:05d}"
        return ResultType(result_codes[key], name)

    # Every name at each level, then qualified variants, until there are enough.
    qualifiers = (
        "",
        " có yếu tố nước ngoài",
        " trên địa bàn tỉnh",
        " theo thủ tục rút gọn",
        " trong khu công nghiệp",
        " đối với trường hợp đặc biệt",
    )
    variants = [(q, level) for q in qualifiers for level in _LEVELS]
    for qualifier, level in variants:
        for base, sector, result, number in names:
            if len(procedures) >= count:
                break
            name = f"{base}{qualifier}"
            if level != "Cấp tỉnh":
                name += f" ({level.lower()})"
            authority = sector.authority if level == "Cấp tỉnh" else _LEVEL_AUTHORITY[level]
            results = [result_for(number, result)]
            if rng.random() < 0.25:
                results.append(result_for(number, "Văn bản trả lời nêu rõ lý do không giải quyết"))
            code = new_code()
            if rng.random() < 0.05:
                code += f".000.00.00.H{rng.randint(10, 96):02d}"  # a provincial variant
            procedures.append(
                Procedure(
                    code=code,
                    name=normalize(name[0].upper() + name[1:]),
                    sector=sector.name,
                    level=level,
                    kind="Thủ tục hành chính",
                    authority=authority,
                    results=tuple(results),
                    valid_from=date(rng.choice((2019, 2020, 2021, 2022)), rng.randint(1, 12), 1),
                )
            )
    # The 2025 reorganisation: district procedures end on 30/06/2025; a third of them go on
    # under the same code with a new name at commune level, a third get a new code.
    out: list[Procedure] = []
    for procedure in procedures:
        if procedure.level != "Cấp huyện" or rng.random() < 0.34:
            out.append(procedure)
            continue
        ended = _replace(procedure, valid_until=REORGANISATION - timedelta(days=1))
        out.append(ended)
        successor_name = procedure.name.replace("(cấp huyện)", "(cấp xã, từ 01/7/2025)")
        successor = _replace(
            procedure,
            name=successor_name,
            level="Cấp xã",
            authority=_LEVEL_AUTHORITY["Cấp xã"],
            valid_from=REORGANISATION,
            valid_until=None,
        )
        if rng.random() < 0.5:
            successor = _replace(successor, code=new_code())
        out.append(successor)
    return out


def _replace(procedure: Procedure, **changes: Any) -> Procedure:
    from dataclasses import replace

    return replace(procedure, **changes)


def agency_codes(count: int = 40, seed: int = 7) -> list[str]:
    """Receiving agencies' codes in the one-stop-shop format ``000.00.16.H42``."""
    rng = random.Random(seed)
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(
            f"000.{rng.choice(('00', '20', '21', '30'))}.{rng.randint(1, 40):02d}."
            f"H{rng.choice((42, 29, 26, 56, 74))}"
        )
    return sorted(codes)


def generate_register(
    procedures: Sequence[Procedure],
    count: int,
    seed: int = 42,
    start: date = date(2022, 1, 1),
    end: date = date(2025, 10, 31),
    agencies: int = 40,
) -> list[Dossier]:
    """``count`` invented dossiers over the catalogue, with realistic codes, dates and numbers.

    Popular procedures take most dossiers (as in reality); serials run per agency and day;
    result numbers run per agency and year.
    """
    rng = random.Random(seed)
    offices = agency_codes(agencies, seed + 1)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(procedures))]
    order = list(procedures)
    rng.shuffle(order)
    span = (end - start).days
    serials: dict[tuple[str, date], int] = {}
    numbers: dict[tuple[str, int], int] = {}
    symbols = {s.name: s.symbol for s in _SECTORS}
    dossiers: list[Dossier] = []
    picks = rng.choices(range(len(order)), weights=weights, k=count * 2)
    pick = iter(picks)
    while len(dossiers) < count:
        received = start + timedelta(days=rng.randrange(span))
        procedure = order[next(pick)]
        if not procedure.is_valid_on(received):
            continue
        office = rng.choice(offices)
        serial = serials.get((office, received), 0) + 1
        serials[(office, received)] = serial
        code = f"{office}-{received:%y%m%d}-{serial:04d}"
        due = received + timedelta(days=rng.choice((3, 5, 7, 10, 15, 20, 30)))
        returned: date | None = due + timedelta(days=rng.randint(-3, 2))
        if returned is not None and returned < received:
            returned = received
        if received > end - timedelta(days=30) and rng.random() < 0.5:
            returned = None  # still being processed
        result_number = ""
        valid_until = None
        if returned is not None:
            year = returned.year
            n = numbers.get((office, year), 0) + 1
            numbers[(office, year)] = n
            result_number = f"{n}/{symbols.get(procedure.sector, 'QĐ-UBND')}"
            if rng.random() < 0.3:
                result_number = f"{n}/{year}/{symbols.get(procedure.sector, 'QĐ')}"
            if "phép" in procedure.name or "chứng chỉ" in procedure.name:
                valid_until = returned + timedelta(days=365 * rng.choice((1, 3, 5)))
        if procedure.sector == "Đăng ký kinh doanh" and rng.random() < 0.6:
            applicant, citizen_id = fake_company(rng), ""
        else:
            applicant, citizen_id = fake_person(rng)
        dossiers.append(
            Dossier(
                code=code,
                procedure_code=procedure.code,
                received=received,
                applicant=applicant,
                citizen_id=citizen_id,
                due=due,
                returned=returned,
                result_number=result_number,
                result_valid_until=valid_until,
            )
        )
    return dossiers


def _results_text(results: Iterable[ResultType]) -> str:
    return "; ".join(f"{r.code} - {r.name}" if r.code else r.name for r in results)


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def write_catalogue_csv(procedures: Iterable[Procedure], path: Path) -> None:
    """The catalogue as the portal's CSV export (UTF-8 with BOM, which Excel expects)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CATALOGUE_FIELDS)
        for p in procedures:
            writer.writerow(
                (
                    p.code,
                    p.name,
                    p.sector,
                    p.level,
                    p.kind,
                    p.authority,
                    _results_text(p.results),
                    p.valid_from.isoformat() if p.valid_from else "",
                    p.valid_until.isoformat() if p.valid_until else "",
                )
            )


def write_catalogue_json(procedures: Iterable[Procedure], path: Path) -> None:
    """The portal's JSON shape: ``{"data": [...]}`` with results as objects."""
    data = [
        {
            "ma_thu_tuc": p.code,
            "ten_thu_tuc": p.name,
            "linh_vuc": p.sector,
            "cap_thuc_hien": p.level,
            "loai_thu_tuc": p.kind,
            "co_quan_thuc_hien": p.authority,
            "ket_qua_xu_ly": [{"ma_ket_qua": r.code, "ten_ket_qua": r.name} for r in p.results],
            "hieu_luc_tu": p.valid_from.isoformat() if p.valid_from else None,
            "hieu_luc_den": p.valid_until.isoformat() if p.valid_until else None,
        }
        for p in procedures
    ]
    path.write_text(
        json.dumps({"data": data}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def write_register_csv(dossiers: Iterable[Dossier], path: Path) -> None:
    """The register as the one-stop-shop system's CSV export."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTER_FIELDS)
        for d in dossiers:
            writer.writerow(
                (
                    d.code,
                    d.procedure_code,
                    d.applicant,
                    d.citizen_id,
                    _day(d.received),
                    _day(d.due),
                    _day(d.returned),
                    d.result_number,
                    _day(d.result_valid_until),
                )
            )


def ground_truth_documents(path: Path = SAMPLES / "ground_truth.json") -> list[dict[str, Any]]:
    """The demo documents' fields from the scan generator, if it has written them."""
    if not path.exists():
        return []
    document = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(document, dict):
        listed = document.get("documents") or document.get("data")
        if isinstance(listed, list):
            document = listed
        else:
            document = [dict(v, file=k) for k, v in document.items() if isinstance(v, dict)]
    return [d.get("fields", d) for d in document if isinstance(d, dict)]


def apply_ground_truth_procedures(
    procedures: list[Procedure], documents: Iterable[dict[str, Any]]
) -> int:
    """Make the demo documents' procedures exist under their codes, names and result codes.

    A generated procedure with the same name takes the demo code; one that holds the demo
    code under another name gets a new code; otherwise the procedure is added, in the sector
    of the most similar generated name. Returns how many procedures changed or were added.
    """
    from rapidfuzz import fuzz, process

    from digitize.match import text_key

    rng = random.Random(5)
    changed = 0
    used = {base_procedure_code(p.code) for p in procedures}
    for doc in documents:
        code = str(doc.get("procedure_code") or "").strip()
        name = normalize(str(doc.get("procedure_name") or "")).strip()
        if not (PROCEDURE_CODE.match(code) and name):
            continue
        result_code = str(doc.get("result_code") or "").strip() or None
        base = base_procedure_code(code)
        same_code = [i for i, p in enumerate(procedures) if p.base_code == base]
        if any(text_key(procedures[i].name) == text_key(name) for i in same_code):
            target = next(i for i in same_code if text_key(procedures[i].name) == text_key(name))
        else:
            for i in same_code:  # our invented procedure gives the code up
                while True:
                    fresh = f"{rng.choice('12')}.00{rng.randrange(10**4):04d}"
                    if fresh not in used:
                        break
                used.add(fresh)
                procedures[i] = _replace(procedures[i], code=fresh)
            same_name = [i for i, p in enumerate(procedures) if text_key(p.name) == text_key(name)]
            if same_name:
                target = same_name[0]
                procedures[target] = _replace(procedures[target], code=code)
            else:
                names = [text_key(p.name) for p in procedures]
                _, _, like = process.extractOne(text_key(name), names, scorer=fuzz.ratio)
                model = procedures[like]
                procedures.append(
                    _replace(
                        model, code=code, name=name, valid_from=date(2019, 1, 1), valid_until=None
                    )
                )
                target = len(procedures) - 1
            used.add(base)
            changed += 1
        procedure = procedures[target]
        if result_code and result_code not in {r.code for r in procedure.results}:
            result_name = procedure.results[0].name if procedure.results else name
            procedures[target] = _replace(
                procedure, results=(*procedure.results, ResultType(result_code, result_name))
            )
            changed += 1
    return changed


def add_ground_truth_dossiers(dossiers: list[Dossier], documents: Iterable[dict[str, Any]]) -> int:
    """One register row per demo document with a dossier code, consistent with its fields."""
    rng = random.Random(6)
    added = 0
    by_code = {d.code: i for i, d in enumerate(dossiers)}
    for doc in documents:
        dossier_code = str(doc.get("dossier_code") or "").strip().upper()
        code = str(doc.get("procedure_code") or "").strip()
        if not dossier_code or not code:
            continue
        issued = _as_date(doc.get("issue_date"))
        day = dossier_code.split("-")[1] if dossier_code.count("-") >= 2 else ""
        try:
            received = date(2000 + int(day[:2]), int(day[2:4]), int(day[4:6]))
        except ValueError:
            received = (issued or date(2024, 1, 1)) - timedelta(days=7)
        is_receipt = "tiếp nhận" in str(doc.get("document_type") or "").lower()
        returned = issued if issued and issued >= received and not is_receipt else None
        citizen_id = "".join(c for c in str(doc.get("citizen_id") or "") if c.isdigit())
        row = Dossier(
            code=dossier_code,
            procedure_code=code,
            received=received,
            applicant=normalize(str(doc.get("applicant") or "")),
            citizen_id=citizen_id if len(citizen_id) in (9, 12) else "",
            due=max(received, returned or received) + timedelta(days=rng.randint(0, 10)),
            returned=returned,
            result_number=normalize(str(doc.get("number_symbol") or "")),
        )
        if dossier_code in by_code:
            old = dossiers[by_code[dossier_code]]
            if old.procedure_code == code and old.applicant == row.applicant:
                # Two demo documents of one dossier (receipt, then result): merge them.
                row = _merge(old, row)
            dossiers[by_code[dossier_code]] = row
        else:
            by_code[dossier_code] = len(dossiers)
            dossiers.append(row)
            added += 1
    return added


def _merge(a: Dossier, b: Dossier) -> Dossier:
    from dataclasses import replace

    return replace(
        a,
        returned=a.returned or b.returned,
        result_number=a.result_number or b.result_number,
        due=max(a.due or a.received, b.due or b.received),
        citizen_id=a.citizen_id or b.citizen_id,
    )


def _as_date(value: Any) -> date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def main() -> None:
    """Write the sample catalogue and register files."""
    documents = ground_truth_documents()
    procedures = generate_catalogue()
    changed = apply_ground_truth_procedures(procedures, documents)
    dossiers = generate_register(procedures, 300, seed=11)
    added = add_ground_truth_dossiers(dossiers, documents)
    write_catalogue_csv(procedures, SAMPLES / "catalogue.csv")
    sample = [procedures[i] for i in range(0, len(procedures), len(procedures) // 20)][:20]
    write_catalogue_json(sample, SAMPLES / "catalogue.json")
    write_register_csv(dossiers, SAMPLES / "register.csv")
    print(
        f"catalogue.csv: {len(procedures)} procedures; catalogue.json: {len(sample)}; "
        f"register.csv: {len(dossiers)} dossiers "
        f"(ground truth: {changed} procedure changes, {added} dossiers added)"
    )


if __name__ == "__main__":
    main()
