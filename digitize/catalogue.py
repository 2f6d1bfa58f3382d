"""Imports of the procedure catalogue and of the dossier register, as typed records.

Pure: reads CSV, XLSX or JSON files and returns records plus per-row errors; storing them
is the caller's job. Column names follow the national portal / one-stop-shop exports
(``ma_thu_tuc``, ``ten_thu_tuc``, ``ma_ho_so``, ...); Vietnamese headers such as
"Mã thủ tục" are accepted too, because folding them gives the same key.

Identity numbers never appear in errors or reprs: only their last three digits.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar

from digitize.errors import BadInputError
from digitize.vietnamese import fold, normalize

# 1.004227, 2.000894, optionally with an agency suffix: 1.000494.000.00.00.H29
PROCEDURE_CODE = re.compile(r"^[1-9]\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")
# 000.00.16.H42-231017-0001: agency code, yymmdd received, serial
DOSSIER_CODE = re.compile(
    r"^(?P<agency>[0-9A-Z]+(?:\.[0-9A-Z]+)*)-(?P<day>\d{6})-(?P<serial>\d{3,6})$"
)
RESULT_CODE = re.compile(r"KQ\.[A-Z0-9]+\.\d+", re.IGNORECASE)
CITIZEN_ID = re.compile(r"^(?:\d{9}|\d{12})$")  # old CMND 9 digits, CCCD 12 digits

_LONG_DIGITS = re.compile(r"\d{9,}")  # no code we print has 9 digits in a row
# Excel counts days from 1899-12-30 (the 1900 leap-year bug included).
_EXCEL_EPOCH = date(1899, 12, 30)
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")

# Other spellings seen in exports, after header folding (see ``_header_key``).
_ALIASES = {
    "mathutuc": "ma_thu_tuc",
    "matthc": "ma_thu_tuc",
    "ma_tthc": "ma_thu_tuc",
    "tenthutuc": "ten_thu_tuc",
    "tentthc": "ten_thu_tuc",
    "ten_tthc": "ten_thu_tuc",
    "linhvuc": "linh_vuc",
    "linh_vuc_thuc_hien": "linh_vuc",
    "capthuchien": "cap_thuc_hien",
    "loaitthc": "loai_thu_tuc",
    "loai_tthc": "loai_thu_tuc",
    "coquanthuchien": "co_quan_thuc_hien",
    "co_quan_co_tham_quyen_quyet_dinh": "co_quan_co_tham_quyen",
    "ketquathuchien": "ket_qua_xu_ly",
    "ket_qua_thuc_hien": "ket_qua_xu_ly",
    "mahoso": "ma_ho_so",
    "chuhoso": "chu_ho_so",
    "ten_chu_ho_so": "chu_ho_so",
    "sodinhdanh": "so_dinh_danh",
    "so_cccd": "so_dinh_danh",
    "so_giay_to_tuy_than": "so_dinh_danh",
    "ngaytiepnhan": "ngay_tiep_nhan",
    "ngayhentra": "ngay_hen_tra",
    "ngaytraketqua": "ngay_tra_ket_qua",
    "ngay_tra_kq": "ngay_tra_ket_qua",
    "sokyhieuketqua": "so_ky_hieu_ket_qua",
    "so_ky_hieu": "so_ky_hieu_ket_qua",
    "hieuluctu": "hieu_luc_tu",
    "hieulucden": "hieu_luc_den",
    "hieulucketqua": "hieu_luc_ket_qua",
}

_CATALOGUE_REQUIRED = ("ma_thu_tuc", "ten_thu_tuc")
_REGISTER_REQUIRED = ("ma_ho_so", "ma_thu_tuc", "ngay_tiep_nhan")


@dataclass(frozen=True)
class ResultType:
    """One kind of result a procedure produces: "Giấy phép xây dựng", code ``KQ.G01.00262``."""

    code: str | None
    name: str


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure of the catalogue, valid over one period."""

    code: str  # as published, with the agency suffix when there is one
    name: str
    sector: str = ""  # linh_vuc
    level: str = ""  # cap_thuc_hien
    kind: str = ""  # loai_thu_tuc
    authority: str = ""  # co_quan_co_tham_quyen or co_quan_thuc_hien
    results: tuple[ResultType, ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None  # last day of validity; None = still valid

    @property
    def base_code(self) -> str:
        """The national code without the agency suffix: ``1.000494``."""
        return base_procedure_code(self.code)

    def is_valid_on(self, day: date | None) -> bool:
        """True when ``day`` is inside the validity period (unknown day: always)."""
        if day is None:
            return True
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


@dataclass(frozen=True)
class Dossier:
    """One dossier of the one-stop-shop register."""

    code: str
    procedure_code: str
    received: date
    applicant: str = ""
    citizen_id: str = field(default="", repr=False)  # never printed: see ``masked_id``
    due: date | None = None
    returned: date | None = None
    result_number: str = ""  # so_ky_hieu_ket_qua, e.g. "123/GP-UBND"
    result_valid_until: date | None = None  # None = indefinite

    @property
    def masked_id(self) -> str:
        """The identity number as it may be shown or logged: last three digits only."""
        return mask_id(self.citizen_id)


@dataclass(frozen=True)
class RowError:
    """Why one row was rejected. ``row`` is the line a clerk sees in the spreadsheet
    (header = row 1) or the 1-based position in a JSON list."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


T = TypeVar("T")


@dataclass
class ImportReport(Generic[T]):
    """Good records and rejected rows of one imported file."""

    path: str
    records: list[T] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _RowProblem(ValueError):
    """A field of a row cannot be used; becomes a RowError."""

    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


def mask_id(value: str) -> str:
    """Hide an identity number but its last three digits: ``*********123``."""
    value = value.strip()
    if len(value) <= 3:
        return "*" * len(value)
    return "*" * (len(value) - 3) + value[-3:]


def _masked(reason: str) -> str:
    """An identity number typed into the wrong column must not leak through an error."""
    return _LONG_DIGITS.sub(lambda m: mask_id(m.group()), reason)


def base_procedure_code(code: str) -> str:
    """``1.000494.000.00.00.H29`` -> ``1.000494``."""
    return ".".join(code.split(".")[:2])


def parse_date(value: Any) -> date | None:
    """ISO, dd/mm/yyyy (also with - or .), a time after the date, or an Excel date.

    Empty -> None; anything else that is not a date raises ValueError.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:  # Excel's own range: 1900-01-01 .. 9999-12-31
            raise ValueError(f"{value!r} is not an Excel date")
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):  # an Excel serial that went through CSV
        return parse_date(float(text))
    head = re.split(r"[ T]", text, maxsplit=1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(head, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def parse_results(value: Any) -> tuple[ResultType, ...]:
    """``ket_qua_xu_ly`` -> result types.

    Accepts a list of {ma_ket_qua, ten_ket_qua} objects or of strings, or one string with
    several results separated by ";" or new lines, each "KQ.G01.00262 - Name", "Name
    (KQ.G01.00262)" or just a name.
    """
    if value is None:
        return ()
    items: list[Any] = (
        list(value) if isinstance(value, list | tuple) else re.split(r"[;\n]+", str(value))
    )
    results: list[ResultType] = []
    for item in items:
        if isinstance(item, Mapping):
            folded = {_header_key(str(k)): v for k, v in item.items()}
            code = folded.get("ma_ket_qua") or folded.get("maketqua") or folded.get("ma")
            name = folded.get("ten_ket_qua") or folded.get("tenketqua") or folded.get("ten")
            code_text = normalize(str(code)).strip().upper() if code else None
            name_text = _clean(name)
            if name_text or code_text:
                results.append(ResultType(code_text, name_text))
            continue
        text = _clean(item)
        if not text:
            continue
        found = RESULT_CODE.search(text)
        code_text = found.group(0).upper() if found else None
        if found:
            text = (text[: found.start()] + " " + text[found.end() :]).strip()
            text = re.sub(r"^[\s\-–:]+|[\s\-–:]+$", "", re.sub(r"\(\s*\)", "", text)).strip()
        results.append(ResultType(code_text, text))
    return tuple(results)


def read_catalogue(path: str | Path) -> ImportReport[Procedure]:
    """Read the procedure catalogue (CSV, XLSX or portal JSON) into ``Procedure`` records.

    Rows with an invalid code, no name, bad dates or a code already seen for an
    overlapping validity period are rejected with a reason; the others are kept.
    Raises ``BadInputError`` when the file itself cannot be read.
    """
    path = Path(path)
    rows = _read_rows(path, _CATALOGUE_REQUIRED)
    report: ImportReport[Procedure] = ImportReport(str(path))
    seen: dict[str, list[tuple[int, Procedure]]] = {}
    for number, row in rows:
        try:
            procedure = _procedure_from_row(row)
        except _RowProblem as problem:
            report.errors.append(RowError(number, problem.field, _masked(problem.reason)))
            continue
        clash = next((n for n, p in seen.get(procedure.code, []) if _overlaps(p, procedure)), None)
        if clash is not None:
            report.errors.append(
                RowError(
                    number,
                    "ma_thu_tuc",
                    f"ma_thu_tuc '{procedure.code}' duplicates row {clash} "
                    "(same code, overlapping validity period)",
                )
            )
            continue
        seen.setdefault(procedure.code, []).append((number, procedure))
        report.records.append(procedure)
    return report


def read_register(path: str | Path) -> ImportReport[Dossier]:
    """Read the one-stop-shop dossier register (CSV or XLSX) into ``Dossier`` records.

    Rows with an invalid dossier or procedure code, a bad date, an identity number that is
    not 9 or 12 digits, or a dossier code already seen are rejected with a reason.
    Raises ``BadInputError`` when the file itself cannot be read.
    """
    path = Path(path)
    rows = _read_rows(path, _REGISTER_REQUIRED)
    report: ImportReport[Dossier] = ImportReport(str(path))
    seen: dict[str, int] = {}
    for number, row in rows:
        try:
            dossier = _dossier_from_row(row)
        except _RowProblem as problem:
            report.errors.append(RowError(number, problem.field, _masked(problem.reason)))
            continue
        if dossier.code in seen:
            report.errors.append(
                RowError(
                    number,
                    "ma_ho_so",
                    f"ma_ho_so '{dossier.code}' duplicates row {seen[dossier.code]}",
                )
            )
            continue
        seen[dossier.code] = number
        report.records.append(dossier)
    return report


# --- rows -------------------------------------------------------------------------------


def _procedure_from_row(row: Mapping[str, Any]) -> Procedure:
    code = _code(row, "ma_thu_tuc")
    name = _clean(row.get("ten_thu_tuc"))
    if not name:
        raise _RowProblem("ten_thu_tuc", "ten_thu_tuc is empty")
    valid_from = _date(row, "hieu_luc_tu")
    valid_until = _date(row, "hieu_luc_den")
    if valid_from and valid_until and valid_until < valid_from:
        raise _RowProblem(
            "hieu_luc_den",
            f"hieu_luc_den {valid_until.isoformat()} is before hieu_luc_tu "
            f"{valid_from.isoformat()}",
        )
    try:
        results = parse_results(row.get("ket_qua_xu_ly"))
    except (TypeError, ValueError) as exc:
        raise _RowProblem("ket_qua_xu_ly", f"ket_qua_xu_ly cannot be read: {exc}") from exc
    return Procedure(
        code=code,
        name=name,
        sector=_clean(row.get("linh_vuc")),
        level=_clean(row.get("cap_thuc_hien")),
        kind=_clean(row.get("loai_thu_tuc")),
        authority=_clean(row.get("co_quan_co_tham_quyen")) or _clean(row.get("co_quan_thuc_hien")),
        results=results,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def _dossier_from_row(row: Mapping[str, Any]) -> Dossier:
    raw_code = _clean(row.get("ma_ho_so")).upper().replace(" ", "")
    match = DOSSIER_CODE.match(raw_code)
    if not match:
        raise _RowProblem("ma_ho_so", f"ma_ho_so '{raw_code}' is not a dossier code")
    try:
        datetime.strptime(match["day"], "%y%m%d")
    except ValueError:
        raise _RowProblem(
            "ma_ho_so", f"ma_ho_so '{raw_code}' holds no valid date ({match['day']})"
        ) from None
    procedure_code = _code(row, "ma_thu_tuc")
    received = _date(row, "ngay_tiep_nhan")
    if received is None:
        raise _RowProblem("ngay_tiep_nhan", "ngay_tiep_nhan is empty")
    citizen_id = re.sub(r"[\s.]", "", _clean(row.get("so_dinh_danh")))
    if isinstance(row.get("so_dinh_danh"), int | float) and len(citizen_id) in (8, 11):
        citizen_id = "0" + citizen_id  # Excel dropped the leading zero of a number cell
    if citizen_id and not CITIZEN_ID.match(citizen_id):
        raise _RowProblem(
            "so_dinh_danh",
            f"so_dinh_danh '{mask_id(citizen_id)}' is not 9 or 12 digits",
        )
    due = _date(row, "ngay_hen_tra")
    returned = _date(row, "ngay_tra_ket_qua")
    for name, day in (("ngay_hen_tra", due), ("ngay_tra_ket_qua", returned)):
        if day and day < received:
            raise _RowProblem(
                name, f"{name} {day.isoformat()} is before ngay_tiep_nhan {received.isoformat()}"
            )
    return Dossier(
        code=raw_code,
        procedure_code=procedure_code,
        received=received,
        applicant=_clean(row.get("chu_ho_so")),
        citizen_id=citizen_id,
        due=due,
        returned=returned,
        result_number=_clean(row.get("so_ky_hieu_ket_qua")),
        result_valid_until=_date(row, "hieu_luc_ket_qua"),
    )


def _code(row: Mapping[str, Any], name: str) -> str:
    value = row.get(name)
    if isinstance(value, float):
        value = f"{value:.6f}"  # Excel turned 1.004220 into the number 1.00422
    raw = _clean(value).upper().replace(" ", "")
    if not raw:
        raise _RowProblem(name, f"{name} is empty")
    if not PROCEDURE_CODE.match(raw):
        raise _RowProblem(name, f"{name} '{raw}' is not a procedure code")
    return raw


def _date(row: Mapping[str, Any], name: str) -> date | None:
    try:
        return parse_date(row.get(name))
    except ValueError as exc:
        raise _RowProblem(name, f"{name} {exc}") from None


def _clean(value: Any) -> str:
    """NFC, single spaces; numbers that Excel typed as floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(normalize(str(value)).split())


def _overlaps(a: Procedure, b: Procedure) -> bool:
    start_a, start_b = a.valid_from or date.min, b.valid_from or date.min
    end_a, end_b = a.valid_until or date.max, b.valid_until or date.max
    return start_a <= end_b and start_b <= end_a


# --- files ------------------------------------------------------------------------------


def _header_key(name: str) -> str:
    """'Mã thủ tục' -> 'ma_thu_tuc'; 'MaTTHC' -> alias -> 'ma_thu_tuc'."""
    key = re.sub(r"[^0-9a-z]+", "_", fold(normalize(name)).strip()).strip("_")
    return _ALIASES.get(key, key)


def _read_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    readers: dict[str, Callable[[Path, tuple[str, ...]], list[tuple[int, dict[str, Any]]]]]
    readers = {".csv": _csv_rows, ".txt": _csv_rows, ".xlsx": _xlsx_rows, ".json": _json_rows}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise BadInputError(str(path), "not a CSV, XLSX or JSON file")
    try:
        return reader(path, required)
    except BadInputError:
        raise
    except (OSError, ValueError, KeyError, TypeError, UnicodeError, csv.Error) as exc:
        raise BadInputError(str(path), f"cannot be read: {exc}") from exc
    except Exception as exc:  # openpyxl raises zipfile/XML errors of many kinds
        raise BadInputError(str(path), f"cannot be read ({type(exc).__name__}: {exc})") from exc


def _keyed(
    path: Path, header: list[Any], rows: Iterable[tuple[int, list[Any]]], required: tuple[str, ...]
) -> list[tuple[int, dict[str, Any]]]:
    keys = [_header_key(str(h)) if h is not None else "" for h in header]
    missing = [name for name in required if name not in keys]
    if missing:
        raise BadInputError(str(path), f"missing column(s) {', '.join(missing)}")
    out = []
    for number, values in rows:
        if all(v is None or str(v).strip() == "" for v in values):
            continue  # blank lines are layout, not data
        out.append((number, {k: v for k, v in zip(keys, values, strict=False) if k}))
    return out


def _csv_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258")  # Excel's "CSV" on Vietnamese Windows
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(records, None)
    if header is None:
        raise BadInputError(str(path), "is empty")
    # csv's line_num counts physical lines, so quoted multi-line cells keep row numbers right
    numbered = _with_line_numbers(records)
    return _keyed(path, list(header), numbered, required)


def _with_line_numbers(records: Any) -> Iterator[tuple[int, list[Any]]]:
    start = records.line_num + 1
    for values in records:
        yield start, list(values)
        start = records.line_num + 1


def _xlsx_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
    finally:
        book.close()
    # Exports often put a title and a blank line above the header: look for it.
    for index, values in enumerate(rows[:20]):
        keys = {_header_key(str(v)) for v in values if v is not None}
        if required[0] in keys:
            body = ((index + 2 + n, list(r)) for n, r in enumerate(rows[index + 1 :]))
            return _keyed(path, list(values), body, required)
    raise BadInputError(str(path), f"no header row with column {required[0]}")


def _json_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    document = json.loads(path.read_text(encoding="utf-8-sig"))
    if isinstance(document, Mapping):
        document = document.get("data", document.get("Data"))
    if not isinstance(document, list):
        raise BadInputError(str(path), 'expected a list of records or {"data": [...]}')
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, item in enumerate(document, start=1):
        if not isinstance(item, Mapping):
            rows.append((number, {}))
            continue
        rows.append((number, {_header_key(str(k)): v for k, v in item.items()}))
    keys = set().union(*(r.keys() for _, r in rows)) if rows else set()
    missing = [name for name in required if name not in keys]
    if rows and missing:
        raise BadInputError(str(path), f"missing field(s) {', '.join(missing)}")
    return rows
