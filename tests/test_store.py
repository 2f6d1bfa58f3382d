"""The archive on SQLite and on a real PostgreSQL server: same code, same results."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from digitize.records import Box, PageResult, Word
from digitize.runner import run_batch
from digitize.settings import load_settings
from digitize.store import Database
from digitize.store.models import Page


def _page(number: int) -> PageResult:
    word = Word("Hạnh", Box(1, 2, 3, 4), 91.5, 1, 1, 1, 1)
    return PageResult(
        number=number, dpi=300, width=10, height=10, text="Hạnh", words=[word], mean_confidence=91.5
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    if request.param == "sqlite":
        return sqlite_url
    return str(request.getfixturevalue("postgres_url"))


def test_migrations_create_the_schema(database_url: str) -> None:
    db = Database.open(database_url)
    tables = set(inspect(db.engine).get_table_names())
    assert {"run", "document", "page", "word", "alembic_version"} <= tables
    Database.open(database_url)  # a second open is a no-op upgrade


def test_schema_revision_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from digitize.store import MIGRATIONS, SCHEMA_REVISION

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION


def _pdf_document(db: Database, path: str, page_count: int) -> int:
    """A new PDF document in a new run; its id."""
    run_id = db.start_run(["/scans"], "default")
    return db.begin_document(
        sha256=hashlib.sha256(path.encode()).hexdigest(),
        root="/scans",
        path=path,
        files=[path],
        kind="pdf",
        page_count=page_count,
        run_id=run_id,
    )


def test_a_page_is_stored_once(database_url: str) -> None:
    db = Database.open(database_url)
    document_id = _pdf_document(db, "Quyết định.pdf", page_count=2)
    assert db.save_page(document_id, _page(1), needs_review=False)
    assert not db.save_page(document_id, _page(1), needs_review=False)
    assert db.stored_page_numbers(document_id) == {1}
    assert db.counts() == {"documents": 1, "pages": 1, "words": 1}


def test_fields_read_only_the_first_and_last_pages(database_url: str) -> None:
    db = Database.open(database_url)
    document_id = _pdf_document(db, "ho-so-dai.pdf", page_count=9)
    for number in range(1, 10):
        db.save_page(document_id, _page(number), needs_review=False)
    window = db.document_pages(document_id, first=3, last=2)
    assert [page.number for page in window] == [1, 2, 3, 8, 9]
    assert all(page.words[0].text == "Hạnh" for page in window)
    assert len(db.document_pages(document_id)) == 9


def test_full_run_against_postgresql(scan_dir: Path, postgres_url: str) -> None:
    settings = load_settings("default", postgres_url, workers=2)
    db = Database.open(postgres_url)
    summary = run_batch([scan_dir], settings, db)
    assert summary.failed == [] and summary.pages_done == 6
    with db.session() as session:
        texts = session.scalars(select(Page.text)).all()
    assert all("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text for text in texts)
    again = run_batch([scan_dir], settings, db)
    assert again.pages_done == 0
