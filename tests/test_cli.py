"""The `digitize` command as an operator runs it: a subprocess, its output and exit status."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from digitize.errors import ExitCode
from digitize.store.models import Page
from tests.conftest import render_page

DIGITIZE = [sys.executable, "-m", "digitize.cli"]


def digitize(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DIGITIZE, *args], capture_output=True, text=True, env=env or dict(os.environ), timeout=600
    )


def test_run_exits_0_and_prints_a_summary(scan_dir: Path, sqlite_url: str) -> None:
    done = digitize("run", str(scan_dir), "--db", sqlite_url, "--workers", "2")
    assert done.returncode == ExitCode.OK, done.stderr
    assert "documents processed:    4" in done.stdout
    assert "pages OCR'd:            6" in done.stdout
    # Not a terminal: plain log lines, one per page, naming the file and page.
    assert done.stderr.count("event=page_done") == 6
    assert "file='Quyết định 01.pdf' page=2" in done.stderr
    again = digitize("run", str(scan_dir), "--db", sqlite_url)
    assert again.returncode == ExitCode.OK
    assert "nothing new to process: 0 pages" in again.stdout


def test_some_files_failed_exits_1_with_one_line_reasons(scan_dir: Path, sqlite_url: str) -> None:
    (scan_dir / "hong.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    done = digitize("run", str(scan_dir), "--db", sqlite_url)
    assert done.returncode == ExitCode.SOME_FILES_FAILED
    assert "    hong.pdf: damaged PDF" in done.stdout
    assert "documents processed:    4" in done.stdout
    assert "Traceback" not in done.stderr


def test_missing_tesseract_refuses_to_start_and_says_what_to_install(
    scan_dir: Path, sqlite_url: str, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("pdftoppm", "pdfinfo"):
        (bin_dir / tool).symlink_to(f"/usr/bin/{tool}")
    env = {**os.environ, "PATH": str(bin_dir)}
    done = digitize("run", str(scan_dir), "--db", sqlite_url, env=env)
    assert done.returncode == ExitCode.MISSING_DEPENDENCY
    assert "apt-get install tesseract-ocr" in done.stderr
    doctor = digitize("doctor", "--db", sqlite_url, env=env)
    assert doctor.returncode == ExitCode.MISSING_DEPENDENCY
    assert "MISSING" in doctor.stdout


def test_unreachable_database_is_an_operational_error(scan_dir: Path) -> None:
    done = digitize("run", str(scan_dir), "--db", "postgresql://nobody:secret@127.0.0.1:1/x")
    assert done.returncode == ExitCode.DATABASE
    assert "cannot use database" in done.stderr
    assert "secret" not in done.stderr  # never print the password


def test_unknown_pipeline_is_a_config_error(scan_dir: Path, sqlite_url: str) -> None:
    done = digitize("run", str(scan_dir), "--db", sqlite_url, "--pipeline", "nope")
    assert done.returncode == ExitCode.CONFIG
    assert "unknown pipeline 'nope'" in done.stderr


def test_killed_run_resumes_without_storing_a_page_twice(tmp_path: Path, sqlite_url: str) -> None:
    process, _ = _start_long_run(tmp_path, sqlite_url)
    os.killpg(process.pid, signal.SIGKILL)  # no clean-up at all: the worst case
    process.communicate()
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        before = connection.scalar(select(func.count(Page.id)))
    assert 2 <= before < 8
    done = digitize("run", str(tmp_path / "many"), "--db", sqlite_url)
    assert done.returncode == ExitCode.OK, done.stdout + done.stderr
    assert f"pages OCR'd:            {8 - before}" in done.stdout
    with engine.connect() as connection:
        numbers = connection.scalars(select(Page.number).order_by(Page.number)).all()
    assert numbers == list(range(1, 9))


def _start_long_run(tmp_path: Path, sqlite_url: str) -> tuple[subprocess.Popen[bytes], int]:
    """Start a run over an 8-page PDF and return once 2 pages are stored."""
    scans = tmp_path / "many"
    scans.mkdir()
    pages = [render_page(f"Trang {n}") for n in range(1, 9)]
    pages[0].save(scans / "dai.pdf", save_all=True, append_images=pages[1:], resolution=300.0)
    engine = create_engine(sqlite_url)
    process = subprocess.Popen(
        [*DIGITIZE, "run", str(scans), "--db", sqlite_url, "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    stored = 0
    deadline = time.monotonic() + 120
    while stored < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        try:
            with engine.connect() as connection:
                stored = connection.scalar(select(func.count(Page.id))) or 0
        except Exception:  # the schema may not exist yet
            stored = 0
    assert process.poll() is None, "the run finished before it could be stopped"
    return process, stored


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(tmp_path: Path, sqlite_url: str) -> None:
    process, _ = _start_long_run(tmp_path, sqlite_url)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == ExitCode.INTERRUPTED
    assert "run again to resume" in stderr.decode()
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        status = connection.scalar(text("select status from run order by id desc limit 1"))
        pages = connection.scalar(select(func.count(Page.id)))
    assert status == "interrupted"
    done = digitize("run", str(tmp_path / "many"), "--db", sqlite_url)
    assert done.returncode == ExitCode.OK
    assert f"pages OCR'd:            {8 - pages}" in done.stdout


def test_export_jsonl_and_searchable_pdf(scan_dir: Path, sqlite_url: str, tmp_path: Path) -> None:
    assert digitize("run", str(scan_dir), "--db", sqlite_url).returncode == 0
    out = tmp_path / "pages.jsonl"
    done = digitize("export", "--format", "jsonl", "--out", str(out), "--db", sqlite_url)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6
    schema = json.loads(
        (Path(__file__).parent.parent / "schemas/export-page.schema.json").read_text()
    )
    for record in records:
        assert set(schema["required"]) <= set(record)
        assert set(record) <= set(schema["properties"])
    pdf_pages = [r for r in records if r["source"] == "Quyết định 01.pdf"]
    assert [r["page"] for r in pdf_pages] == [1, 2]
    assert "Trang hai" in pdf_pages[1]["text"]
    assert 0 <= pdf_pages[0]["confidence"] <= 100

    pdf_dir = tmp_path / "pdf"
    done = digitize("export", "--format", "pdf", "--out", str(pdf_dir), "--db", sqlite_url)
    assert done.returncode == 0, done.stderr
    exported = pdf_dir / "Quyết định 01.pdf"
    text = subprocess.run(["pdftotext", str(exported), "-"], capture_output=True, text=True).stdout
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Trang hai" in text
    assert sorted(p.name for p in pdf_dir.iterdir()) == sorted(
        ["Quyết định 01.pdf", "to-trinh.pdf", "giay-phep.pdf", "bien-nhan.pdf"]
    )
