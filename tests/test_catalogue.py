"""Imports of the procedure catalogue and the dossier register: good rows kept, bad rows
rejected with a reason a clerk can act on, identity numbers never shown."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from digitize.catalogue import (
    Dossier,
    ResultType,
    parse_date,
    parse_results,
    read_catalogue,
    read_register,
)
from digitize.errors import BadInputError

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

CATALOGUE_HEADER = (
    "ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,loai_thu_tuc,co_quan_co_tham_quyen,"
    "ket_qua_xu_ly,hieu_luc_tu,hieu_luc_den\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_catalogue_csv_keeps_good_rows_and_explains_bad_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path / "danh_muc.csv",
        CATALOGUE_HEADER + "1.004227,Đăng ký khai sinh,Tư pháp - Hộ tịch,Cấp xã,TTHC,UBND cấp xã,"
        '"KQ.G03.00012 - Giấy khai sinh; Bản sao Giấy khai sinh",01/01/2021,\n'
        "1.00x,Đăng ký kết hôn,Tư pháp - Hộ tịch,Cấp xã,TTHC,UBND cấp xã,,,\n"
        "1.000656,,Tư pháp - Hộ tịch,Cấp xã,TTHC,UBND cấp xã,,,\n"
        "1.000893,Đăng ký khai tử,Tư pháp - Hộ tịch,Cấp xã,TTHC,UBND cấp xã,,31/02/2021,\n"
        "1.004227,Đăng ký khai sinh (bản trùng),Tư pháp - Hộ tịch,Cấp xã,TTHC,,,2022-01-01,\n"
        "1.000494.000.00.00.H29,Cấp giấy phép xây dựng,Xây dựng,Cấp tỉnh,TTHC,Sở Xây dựng,"
        "Giấy phép xây dựng (KQ.G01.00262),2021-01-01,2025-06-30\n",
    )
    report = read_catalogue(path)

    assert [p.code for p in report.records] == ["1.004227", "1.000494.000.00.00.H29"]
    birth = report.records[0]
    assert birth.results == (
        ResultType("KQ.G03.00012", "Giấy khai sinh"),
        ResultType(None, "Bản sao Giấy khai sinh"),
    )
    assert birth.valid_from == date(2021, 1, 1) and birth.valid_until is None
    permit = report.records[1]
    assert permit.base_code == "1.000494"
    assert permit.results == (ResultType("KQ.G01.00262", "Giấy phép xây dựng"),)
    assert not permit.is_valid_on(date(2025, 7, 1)) and permit.is_valid_on(date(2025, 6, 30))

    messages = [str(e) for e in report.errors]
    assert messages == [
        "row 3: ma_thu_tuc '1.00X' is not a procedure code",
        "row 4: ten_thu_tuc is empty",
        "row 5: hieu_luc_tu '31/02/2021' is not a date",
        "row 6: ma_thu_tuc '1.004227' duplicates row 2 (same code, overlapping validity period)",
    ]
    assert [e.field for e in report.errors] == [
        "ma_thu_tuc",
        "ten_thu_tuc",
        "hieu_luc_tu",
        "ma_thu_tuc",
    ]


def test_same_code_with_successive_validity_periods_is_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path / "danh_muc.csv",
        CATALOGUE_HEADER
        + "1.001234,Cấp giấy phép karaoke (cấp huyện),Văn hóa,Cấp huyện,TTHC,,,2020-01-01,"
        "2025-06-30\n"
        "1.001234,Cấp giấy phép karaoke (cấp xã),Văn hóa,Cấp xã,TTHC,,,2025-07-01,\n",
    )
    report = read_catalogue(path)
    assert report.ok
    assert [p.name for p in report.records if p.is_valid_on(date(2025, 8, 1))] == [
        "Cấp giấy phép karaoke (cấp xã)"
    ]


def test_vietnamese_headers_semicolons_and_decomposed_text_are_accepted(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Đăng ký kết hôn")
    path = tmp_path / "danh_muc.csv"
    path.write_bytes(
        (f"Mã thủ tục;Tên thủ tục;Lĩnh vực\n1.000894;{nfd};Tư pháp - Hộ tịch\n").encode("utf-8-sig")
    )
    report = read_catalogue(path)
    assert report.ok
    assert report.records[0].name == unicodedata.normalize("NFC", "Đăng ký kết hôn")
    assert report.records[0].sector == "Tư pháp - Hộ tịch"


def test_catalogue_json_portal_shapes(tmp_path: Path) -> None:
    record = {
        "ma_thu_tuc": "1.004227",
        "ten_thu_tuc": "Đăng ký khai sinh",
        "linh_vuc": "Tư pháp - Hộ tịch",
        "co_quan_thuc_hien": "Ủy ban nhân dân cấp xã",
        "ket_qua_xu_ly": [{"ma_ket_qua": "KQ.G03.00012", "ten_ket_qua": "Giấy khai sinh"}],
        "hieu_luc_tu": "2021-01-01",
    }
    wrapped = write(tmp_path / "a.json", json.dumps({"data": [record, {"ma_thu_tuc": "x"}]}))
    listed = write(tmp_path / "b.json", json.dumps([record]))

    report = read_catalogue(wrapped)
    assert len(report.records) == 1
    assert report.records[0].authority == "Ủy ban nhân dân cấp xã"
    assert report.records[0].results == (ResultType("KQ.G03.00012", "Giấy khai sinh"),)
    assert [str(e) for e in report.errors] == ["row 2: ma_thu_tuc 'X' is not a procedure code"]
    assert read_catalogue(listed).records == report.records


def test_register_xlsx_with_title_row_excel_dates_and_masked_ids(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["SỔ THEO DÕI HỒ SƠ"])
    sheet.append([])
    sheet.append(
        [
            "ma_ho_so",
            "ma_thu_tuc",
            "chu_ho_so",
            "so_dinh_danh",
            "ngay_tiep_nhan",
            "ngay_hen_tra",
            "ngay_tra_ket_qua",
            "so_ky_hieu_ket_qua",
            "hieu_luc_ket_qua",
        ]
    )
    sheet.append(
        [
            "000.00.16.H42-231017-0001",
            "1.004227",
            "Trần Thị Mai",
            "099301000123",
            datetime(2023, 10, 17),
            45226,
            "27/10/2023",
            "12/GP-UBND",
            "",
        ]
    )
    sheet.append(
        [
            "000.00.16.H42-231017-0002",
            "1.004227",
            "Lê Văn Nam",
            "09930100456",
            "2023-10-17",
            None,
            None,
            "",
            None,
        ]
    )
    sheet.append(
        [
            "000.00.16.H42-231017-0001",
            "1.004227",
            "Phạm Thu Hà",
            "099301000789",
            "17/10/2023",
            None,
            None,
            "",
            None,
        ]
    )
    sheet.append(
        [
            "000.00.16.H42-231399-0003",
            "1.004227",
            "Đỗ Minh Long",
            "",
            "17/10/2023",
            None,
            None,
            "",
            None,
        ]
    )
    sheet.append(
        [
            "000.00.16.H42-231017-0004",
            "1.004227",
            "Hồ Anh Tâm",
            "",
            "17/10/2023",
            "10/10/2023",
            None,
            "",
            None,
        ]
    )
    path = tmp_path / "so_theo_doi.xlsx"
    book.save(path)

    report = read_register(path)

    assert len(report.records) == 1
    dossier = report.records[0]
    assert dossier.code == "000.00.16.H42-231017-0001"
    assert dossier.received == date(2023, 10, 17)
    assert dossier.due == date(2023, 10, 27)  # Excel serial 45226
    assert dossier.returned == date(2023, 10, 27)
    assert dossier.result_valid_until is None  # empty = indefinite
    assert "099301000123" not in repr(dossier)
    assert dossier.masked_id == "*********123"

    messages = [str(e) for e in report.errors]
    assert messages == [
        "row 5: so_dinh_danh '********456' is not 9 or 12 digits",
        "row 6: ma_ho_so '000.00.16.H42-231017-0001' duplicates row 4",
        "row 7: ma_ho_so '000.00.16.H42-231399-0003' holds no valid date (231399)",
        "row 8: ngay_hen_tra 2023-10-10 is before ngay_tiep_nhan 2023-10-17",
    ]
    assert "09930100456" not in " ".join(messages)


def test_unreadable_files_raise_one_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"this is not a workbook")
    with pytest.raises(BadInputError, match=r"hong\.xlsx"):
        read_register(broken)

    no_columns = write(tmp_path / "thieu_cot.csv", "ma_ho_so,chu_ho_so\nX,Y\n")
    with pytest.raises(BadInputError, match=r"missing column.*ma_thu_tuc"):
        read_register(no_columns)

    with pytest.raises(BadInputError, match=r"khong_co\.csv"):
        read_catalogue(tmp_path / "khong_co.csv")
    with pytest.raises(BadInputError, match="not a CSV, XLSX or JSON"):
        read_catalogue(write(tmp_path / "danh_muc.pdf", "%PDF"))


def test_dates_in_all_accepted_forms() -> None:
    expected = date(2023, 10, 17)
    for value in (
        "2023-10-17",
        "17/10/2023",
        "17-10-2023",
        "17/10/2023 08:30",
        45216,
        45216.5,
        "45216",
        datetime(2023, 10, 17, 8, 30),
    ):
        assert parse_date(value) == expected, value
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("17 tháng 10")


def test_results_string_with_several_results() -> None:
    assert parse_results("KQ.G01.00262 - Giấy phép xây dựng\nVăn bản trả lời") == (
        ResultType("KQ.G01.00262", "Giấy phép xây dựng"),
        ResultType(None, "Văn bản trả lời"),
    )


def test_committed_samples_import_cleanly() -> None:
    catalogue = read_catalogue(SAMPLES / "catalogue.csv")
    assert catalogue.ok, catalogue.errors[:3]
    assert len({p.base_code for p in catalogue.records}) >= 2000
    assert read_catalogue(SAMPLES / "catalogue.json").ok
    register = read_register(SAMPLES / "register.csv")
    assert register.ok, register.errors[:3]
    known = {p.base_code for p in catalogue.records}
    assert all(
        d.procedure_code.split(".")[0] + "." + d.procedure_code.split(".")[1] in known
        for d in register.records
    )
    assert all(isinstance(d, Dossier) for d in register.records)


def test_schemas_describe_the_sample_files() -> None:
    schemas = SAMPLES.parent / "schemas"
    catalogue_schema = json.loads((schemas / "catalogue.schema.json").read_text("utf-8"))
    register_schema = json.loads((schemas / "register.schema.json").read_text("utf-8"))
    code = re.compile(catalogue_schema["$defs"]["procedure_code"]["pattern"])
    procedure = catalogue_schema["$defs"]["procedure"]
    records = json.loads((SAMPLES / "catalogue.json").read_text("utf-8"))["data"]
    for record in records:
        assert set(procedure["required"]) <= set(record)
        assert set(record) <= set(procedure["properties"])
        assert code.match(record["ma_thu_tuc"])

    row = register_schema["items"]
    dossier_code = re.compile(row["properties"]["ma_ho_so"]["pattern"])
    with (SAMPLES / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) == set(row["properties"])
    assert all(dossier_code.match(r["ma_ho_so"]) and code.match(r["ma_thu_tuc"]) for r in rows)


def test_excel_number_cells_and_ids_in_the_wrong_column(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ma_ho_so", "ma_thu_tuc", "chu_ho_so", "so_dinh_danh", "ngay_tiep_nhan"])
    # Excel stored the code and the identity number as numbers: 0s were dropped.
    sheet.append(["000.00.16.H42-231017-0001", 1.00422, "Vũ Thu Nhung", 99301000123, "17/10/2023"])
    # An identity number pasted into the date column.
    sheet.append(["000.00.16.H42-231017-0002", "1.004227", "Lý Đức Hoa", "", "099301000456"])
    path = tmp_path / "so.xlsx"
    book.save(path)

    report = read_register(path)
    assert report.records[0].procedure_code == "1.004220"
    assert report.records[0].citizen_id == "099301000123"
    assert [str(e) for e in report.errors] == ["row 3: ngay_tiep_nhan '*********456' is not a date"]
