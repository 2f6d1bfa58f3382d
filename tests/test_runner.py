"""Whole batches through the Python API: real files, real Tesseract, a real SQLite archive."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from digitize.records import DocumentStatus
from digitize.runner import run_batch
from digitize.settings import load_settings
from digitize.store import Database
from digitize.store.models import Page, Word
from tests.conftest import render_page


def _run(scan_dir: Path, url: str, **options: object) -> tuple[object, Database]:
    settings = load_settings("default", url, workers=2)
    db = Database.open(url)
    return run_batch([scan_dir], settings, db, **options), db  # type: ignore[arg-type]


def test_every_format_is_ocred_and_stored(scan_dir: Path, sqlite_url: str) -> None:
    summary, db = _run(scan_dir, sqlite_url)
    assert summary.failed == []
    assert summary.documents_done == 4
    assert summary.pages_done == 6
    with db.session() as session:
        texts = session.scalars(select(Page.text)).all()
        assert len(texts) == 6
        assert all("Độc lập - Tự do - Hạnh phúc" in text for text in texts)
        assert session.scalar(select(func.count(Word.id))) > 6 * 20
        conf = session.scalars(select(Word.confidence)).all()
        assert all(0 <= value <= 100 for value in conf)
    assert {doc.status for doc in db.documents()} == {DocumentStatus.DONE}


def test_second_run_processes_nothing(scan_dir: Path, sqlite_url: str) -> None:
    _run(scan_dir, sqlite_url)
    summary, db = _run(scan_dir, sqlite_url)
    assert summary.pages_done == 0
    assert summary.already_done == 4
    assert db.counts()["pages"] == 6


def test_renamed_or_copied_file_is_not_processed_again(scan_dir: Path, sqlite_url: str) -> None:
    _run(scan_dir, sqlite_url)
    shutil.copy(scan_dir / "bien-nhan.png", scan_dir / "bản sao biên nhận.png")
    (scan_dir / "giay-phep.JPG").rename(scan_dir / "giấy phép (đổi tên).jpg")
    summary, db = _run(scan_dir, sqlite_url)
    assert summary.pages_done == 0
    assert ("bản sao biên nhận.png", "bien-nhan.png") in summary.duplicates
    assert db.counts()["documents"] == 4


def test_bad_files_fail_alone_and_keep_what_is_stored(
    scan_dir: Path, sqlite_url: str, tmp_path: Path
) -> None:
    _run(scan_dir, sqlite_url)
    (scan_dir / "rong.pdf").write_bytes(b"")
    (scan_dir / "hong.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    (scan_dir / "khong-phai-anh.png").write_text("not an image")
    (scan_dir / "moi.png").write_bytes((scan_dir / "bien-nhan.png").read_bytes()[:-1] + b"\0")
    summary, db = _run(scan_dir, sqlite_url)
    reasons = {failed.path: failed.reason for failed in summary.failed}
    assert set(reasons) == {"rong.pdf", "hong.pdf", "khong-phai-anh.png"}
    assert summary.pages_done == 1  # the new good page still went through
    assert db.counts()["pages"] == 7  # nothing stored before was lost


def test_failed_document_is_not_retried_unless_asked(tmp_path: Path, sqlite_url: str) -> None:
    scans = tmp_path / "s"
    scans.mkdir()
    (scans / "hong.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    first, _ = _run(scans, sqlite_url)
    assert len(first.failed) == 1
    second, _ = _run(scans, sqlite_url)
    assert second.failed == [] and second.previously_failed == 1
    third, _ = _run(scans, sqlite_url, retry_failed=True)
    assert len(third.failed) == 1


def test_resume_stores_only_the_missing_pages(scan_dir: Path, sqlite_url: str) -> None:
    _run(scan_dir, sqlite_url)
    db = Database.open(sqlite_url)
    # Simulate a run killed after page 1 of the PDF: drop page 2, reopen the document.
    with db.session() as session:
        page = session.scalar(select(Page).where(Page.number == 2, Page.text.contains("Trang hai")))
        assert page is not None
        document = page.document
        document.status = DocumentStatus.PROCESSING.value
        session.delete(page)
    summary, db = _run(scan_dir, sqlite_url)
    assert summary.pages_done == 1
    assert db.counts()["pages"] == 6
    assert {doc.status for doc in db.documents()} == {DocumentStatus.DONE}


def test_upside_down_scan_is_read_the_right_way_up(tmp_path: Path, sqlite_url: str) -> None:
    scans = tmp_path / "s"
    scans.mkdir()
    render_page("Trang lộn ngược").rotate(180).save(scans / "nguoc.png", dpi=(300, 300))
    summary, db = _run(scans, sqlite_url)
    assert summary.pages_done == 1
    with db.session() as session:
        page = session.scalar(select(Page))
        assert page is not None
        assert page.rotation == 180
        assert "Độc lập - Tự do - Hạnh phúc" in page.text
        assert page.mean_confidence > 80
