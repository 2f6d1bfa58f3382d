"""From a scanned result to its procedure and dossier: imports, fields, links, re-linking."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from digitize.linking import evidence_from_fields
from digitize.runner import run_batch
from digitize.settings import load_settings
from digitize.store import Database
from digitize.store.models import DocumentField, DocumentMatch, Page

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DIGITIZE = [sys.executable, "-m", "digitize.cli"]
RECEIPT = "giay-tiep-nhan-khong-dpi.png"


def _truth(name: str) -> dict[str, str]:
    truth = json.loads((SAMPLES / "ground_truth.json").read_text(encoding="utf-8"))
    return next(d["fields"] for d in truth["documents"] if d["files"] == [name])


def digitize(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DIGITIZE, *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def archive(sqlite_url: str) -> str:
    """An archive holding the sample catalogue and register."""
    assert (
        digitize(
            "catalogue", "import", str(SAMPLES / "catalogue.csv"), "--db", sqlite_url
        ).returncode
        == 0
    )
    assert (
        digitize("register", "import", str(SAMPLES / "register.csv"), "--db", sqlite_url).returncode
        == 0
    )
    return sqlite_url


def _scan(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "scans"
    folder.mkdir(exist_ok=True)
    shutil.copy(SAMPLES / "scans" / name, folder / name)
    return folder


def test_receipt_is_linked_to_its_dossier_and_procedure(archive: str, tmp_path: Path) -> None:
    truth = _truth(RECEIPT)
    db = Database.open(archive)
    summary = run_batch([_scan(tmp_path, RECEIPT)], load_settings("default", archive), db)
    assert summary.links == {"linked": 1}
    with db.session() as session:
        link = session.scalar(select(DocumentMatch))
        fields = {f.name: f for f in session.scalars(select(DocumentField))}
    assert link is not None
    assert link.decision == "linked"
    assert link.dossier_code == truth["dossier_code"]
    assert link.procedure_code == truth["procedure_code"]
    reasons = json.loads(link.reasons)
    assert any("QR" in reason for reason in reasons)  # the clerk sees why
    # Each field keeps where it was read and how sure we are.
    dossier = fields["dossier_code"]
    assert dossier.value == truth["dossier_code"]
    assert dossier.source == "qr" and dossier.confidence == 1.0
    number = fields.get("procedure_code")
    assert number is not None and number.left is not None and 0 < number.confidence <= 1


def test_document_without_catalogue_is_unmatched_then_linked_by_match(
    sqlite_url: str, tmp_path: Path
) -> None:
    truth = _truth(RECEIPT)
    db = Database.open(sqlite_url)
    run_batch([_scan(tmp_path, RECEIPT)], load_settings("default", sqlite_url), db)
    with db.session() as session:
        assert session.scalar(select(DocumentMatch.decision)) == "unmatched"
        pages_before = session.scalars(select(Page.id)).all()
    digitize("catalogue", "import", str(SAMPLES / "catalogue.csv"), "--db", sqlite_url)
    digitize("register", "import", str(SAMPLES / "register.csv"), "--db", sqlite_url)
    done = digitize("match", "--db", sqlite_url)
    assert done.returncode == 0, done.stderr
    assert "1 linked" in done.stdout
    with db.session() as session:
        link = session.scalar(select(DocumentMatch))
        assert link is not None and link.dossier_code == truth["dossier_code"]
        assert session.scalars(select(Page.id)).all() == pages_before  # no OCR again


def test_import_rejects_bad_rows_with_reasons_and_keeps_good_ones(
    sqlite_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "catalogue.csv"
    bad.write_text(
        "ma_thu_tuc,ten_thu_tuc,linh_vuc\n"
        "1.004227,Cho phép trung tâm ngoại ngữ hoạt động,Giáo dục\n"
        "1.00X,Tên hỏng,Giáo dục\n"
        "2.000123,Cấp giấy chứng nhận an toàn thực phẩm,Y tế\n",
        encoding="utf-8",
    )
    done = digitize("catalogue", "import", str(bad), "--db", sqlite_url)
    assert done.returncode == 1
    assert "2 good rows (2 new, 0 updated), 1 rejected" in done.stdout
    assert "row 3:" in done.stdout
    again = digitize("catalogue", "import", str(bad), "--db", sqlite_url)
    assert "(0 new, 2 updated)" in again.stdout  # idempotent
    assert len(Database.open(sqlite_url).load_procedures()) == 2


def test_unreadable_import_file_is_one_clear_error(sqlite_url: str, tmp_path: Path) -> None:
    broken = tmp_path / "register.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    done = digitize("register", "import", str(broken), "--db", sqlite_url)
    assert done.returncode == 1
    assert done.stderr.startswith("digitize: error: ")
    assert "register.xlsx" in done.stderr and "Traceback" not in done.stderr


def test_evidence_trusts_qr_fields() -> None:
    evidence = evidence_from_fields(
        {
            "dossier_code": ("000.00.16.H42-231017-0001", "qr"),
            "date": ("2023-10-17", "text"),
            "number": ("06/TB-BCĐCCHC", "text"),
            "date_bad": ("x", "text"),
        }
    )
    assert evidence.from_qr == {"dossier_code"}
    assert evidence.issue_date is not None and evidence.issue_date.isoformat() == "2023-10-17"
    assert evidence.number_symbol == "06/TB-BCĐCCHC"
