"""Storage: the one module that talks to the database. SQLite by default, PostgreSQL in production.

Every page is written in its own transaction together with its words, so a crash or Ctrl-C
leaves either the whole page or nothing, and a later run resumes at the missing pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from digitize import catalogue, records
from digitize.errors import DatabaseError
from digitize.extract.model import Barcode, Field, PageText
from digitize.match import MatchResult
from digitize.records import DocumentStatus, PageResult
from digitize.store import models
from digitize.store.models import Document, Page, Run, Word, utcnow

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. A database already there is used without loading Alembic (a tenth
# of a second at every start); tests check this against the migrations folder.
SCHEMA_REVISION = "0002"


@dataclass(frozen=True)
class StoredDocument:
    id: int
    sha256: str
    source_path: str
    status: DocumentStatus
    page_count: int
    error: str | None


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int
    updated: int


SINCE_ALWAYS = date(1900, 1, 1)


@dataclass(frozen=True)
class RunCounts:
    documents_found: int = 0
    documents_done: int = 0
    documents_skipped: int = 0
    documents_failed: int = 0
    pages_done: int = 0
    pages_for_review: int = 0


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseError(f"invalid database URL {url!r}") from error
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # readers (export) do not block the run
            # With WAL, NORMAL never corrupts the file; a power cut may lose the last pages
            # stored, which the next run simply does again. It saves an fsync per page.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except (ImportError, ArgumentError) as error:
        raise DatabaseError(f"{safe_url(url)}: unsupported database ({error})") from error


class Database:
    """The archive: runs, documents, pages and words."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _create_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Database:
        """Connect and bring the schema to the newest migration; a clear error when unreachable."""
        database = cls(url)
        try:
            database.upgrade()
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise DatabaseError(f"cannot use database {safe_url(url)}: {reason}") from error
        except SQLAlchemyError as error:
            raise DatabaseError(f"database {safe_url(url)}: {error}") from error
        return database

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (nothing to do for most runs)."""
        if self._revision() == SCHEMA_REVISION:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def _revision(self) -> str | None:
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # Runs

    def start_run(self, roots: Sequence[str], pipeline: str) -> int:
        with self.session() as session:
            run = Run(roots="\n".join(roots), pipeline=pipeline, status="running")
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, status: str, counts: RunCounts) -> None:
        with self.session() as session:
            session.execute(
                update(Run)
                .where(Run.id == run_id)
                .values(status=status, finished_at=utcnow(), **counts.__dict__)
            )

    # Documents

    def find_document(self, sha256: str) -> StoredDocument | None:
        with self.session() as session:
            row = session.scalar(select(Document).where(Document.sha256 == sha256))
            return _stored(row) if row else None

    def begin_document(
        self,
        *,
        sha256: str,
        root: str,
        path: str,
        files: Sequence[str],
        kind: str,
        page_count: int,
        run_id: int,
    ) -> int:
        """Create the document row, or reopen it to resume; returns its id."""
        with self.session() as session:
            row = session.scalar(select(Document).where(Document.sha256 == sha256))
            if row is None:
                row = Document(sha256=sha256)
                session.add(row)
            row.source_root, row.source_path, row.files, row.kind = (
                root,
                path,
                "\n".join(files),
                kind,
            )
            row.page_count, row.status, row.error, row.run_id = (
                page_count,
                DocumentStatus.PROCESSING.value,
                None,
                run_id,
            )
            session.flush()
            return row.id

    def fail_document(
        self, *, sha256: str | None, root: str, path: str, reason: str, run_id: int
    ) -> None:
        """Record why a file could not be processed. Pages already stored are kept."""
        if sha256 is None:
            return  # unreadable before hashing: nothing to key it on; the run summary lists it
        with self.session() as session:
            row = session.scalar(select(Document).where(Document.sha256 == sha256))
            if row is None:
                row = Document(sha256=sha256, files="", kind="", page_count=0)
                session.add(row)
            row.source_root, row.source_path = root, path
            row.status, row.error, row.run_id = DocumentStatus.FAILED.value, reason, run_id

    def finish_document(self, document_id: int) -> None:
        with self.session() as session:
            session.execute(
                update(Document)
                .where(Document.id == document_id)
                .values(status=DocumentStatus.DONE.value, error=None)
            )

    def stored_page_numbers(self, document_id: int) -> set[int]:
        with self.session() as session:
            return set(session.scalars(select(Page.number).where(Page.document_id == document_id)))

    def save_page(self, document_id: int, result: PageResult, needs_review: bool) -> bool:
        """Store one page and its words atomically. False when the page was already stored."""
        try:
            with self.session() as session:
                page = Page(
                    document_id=document_id,
                    number=result.number,
                    dpi=result.dpi,
                    width=result.width,
                    height=result.height,
                    text=result.text,
                    mean_confidence=result.mean_confidence,
                    low_confidence_share=result.low_confidence_share,
                    needs_review=needs_review,
                    is_blank=result.is_blank,
                    rotation=result.rotation,
                    skew=result.skew,
                    notes="\n".join(result.notes),
                    rasterize_seconds=result.seconds.get("rasterize", 0.0),
                    cleanup_seconds=result.seconds.get("cleanup", 0.0),
                    ocr_seconds=result.seconds.get("ocr", 0.0),
                    text_layer_pdf=result.text_layer_pdf,
                    barcodes=json.dumps(
                        [
                            [b.text, b.format, [b.box.left, b.box.top, b.box.width, b.box.height]]
                            for b in result.barcodes
                        ],
                        ensure_ascii=False,
                    ),
                )
                session.add(page)
                session.flush()
                if result.words:
                    session.execute(
                        insert(Word),
                        [
                            {
                                "page_id": page.id,
                                "position": position,
                                "text": word.text,
                                "original": word.original,
                                "left": word.box.left,
                                "top": word.box.top,
                                "width": word.box.width,
                                "height": word.box.height,
                                "confidence": word.confidence,
                                "block": word.block,
                                "paragraph": word.paragraph,
                                "line": word.line,
                                "word_number": word.number,
                            }
                            for position, word in enumerate(result.words)
                        ],
                    )
        except IntegrityError:
            return False  # another run stored it first: the unique (document, number) guards us
        return True

    # Reading back

    def counts(self) -> dict[str, int]:
        with self.session() as session:
            return {
                "documents": session.scalar(select(func.count(Document.id))) or 0,
                "pages": session.scalar(select(func.count(Page.id))) or 0,
                "words": session.scalar(select(func.count(Word.id))) or 0,
            }

    def documents(self, status: DocumentStatus | None = None) -> list[StoredDocument]:
        with self.session() as session:
            query = select(Document).order_by(Document.id)
            if status is not None:
                query = query.where(Document.status == status.value)
            return [_stored(row) for row in session.scalars(query)]

    def iter_pages(self) -> Iterator[tuple[Document, Page]]:
        """Every stored page in document order, one at a time (export must not load them all)."""
        with self._sessions() as session:
            query = (
                select(Document, Page)
                .join(Page, Page.document_id == Document.id)
                .order_by(Document.id, Page.number)
                .execution_options(yield_per=200)
            )
            yield from session.execute(query)

    def page_words(self, page_id: int) -> list[Word]:
        with self.session() as session:
            return list(
                session.scalars(select(Word).where(Word.page_id == page_id).order_by(Word.position))
            )

    # Catalogue and register

    def upsert_procedures(self, procedures: Sequence[catalogue.Procedure]) -> UpsertCounts:
        """Insert or update catalogue records by (code, validity start), in one transaction."""
        rows = [
            {
                "code": p.code,
                "base_code": p.base_code,
                "name": p.name,
                "sector": p.sector,
                "level": p.level,
                "kind": p.kind,
                "authority": p.authority,
                "results": json.dumps([[r.code, r.name] for r in p.results], ensure_ascii=False),
                "valid_from": p.valid_from or SINCE_ALWAYS,
                "valid_until": p.valid_until,
                "imported_at": utcnow(),
            }
            for p in procedures
        ]
        return self._upsert(models.Procedure, rows, ["code", "valid_from"])

    def upsert_dossiers(self, dossiers: Sequence[catalogue.Dossier]) -> UpsertCounts:
        """Insert or update register records by dossier code, in one transaction."""
        rows = [
            {
                "code": d.code,
                "procedure_code": d.procedure_code,
                "received": d.received,
                "applicant": d.applicant,
                "citizen_id": d.citizen_id,
                "due": d.due,
                "returned": d.returned,
                "result_number": d.result_number,
                "result_valid_until": d.result_valid_until,
                "imported_at": utcnow(),
            }
            for d in dossiers
        ]
        return self._upsert(models.Dossier, rows, ["code"])

    def _upsert(
        self, table: type[models.Base], rows: list[dict[str, Any]], keys: list[str]
    ) -> UpsertCounts:
        if not rows:
            return UpsertCounts(0, 0)
        # Both dialects have INSERT ... ON CONFLICT DO UPDATE, with the same API.
        from sqlalchemy.dialects import postgresql, sqlite

        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        columns = table.__table__.columns
        with self.session() as session:
            before = session.scalar(select(func.count()).select_from(table)) or 0
            for start in range(0, len(rows), 500):
                statement = dialect.insert(table).values(rows[start : start + 500])
                updates = {
                    name: statement.excluded[name]
                    for name in rows[0]
                    if name not in keys and name in columns
                }
                session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates))
            after = session.scalar(select(func.count()).select_from(table)) or 0
        return UpsertCounts(inserted=after - before, updated=len(rows) - (after - before))

    def load_procedures(self) -> list[catalogue.Procedure]:
        with self.session() as session:
            return [
                catalogue.Procedure(
                    code=row.code,
                    name=row.name,
                    sector=row.sector,
                    level=row.level,
                    kind=row.kind,
                    authority=row.authority,
                    results=tuple(
                        catalogue.ResultType(code, name) for code, name in json.loads(row.results)
                    ),
                    valid_from=None if row.valid_from == SINCE_ALWAYS else row.valid_from,
                    valid_until=row.valid_until,
                )
                for row in session.scalars(select(models.Procedure).order_by(models.Procedure.id))
            ]

    def load_dossiers(self) -> list[catalogue.Dossier]:
        with self.session() as session:
            return [
                catalogue.Dossier(
                    code=row.code,
                    procedure_code=row.procedure_code,
                    received=row.received,
                    applicant=row.applicant,
                    citizen_id=row.citizen_id,
                    due=row.due,
                    returned=row.returned,
                    result_number=row.result_number,
                    result_valid_until=row.result_valid_until,
                )
                for row in session.scalars(select(models.Dossier).order_by(models.Dossier.id))
            ]

    # Fields and matches

    def document_pages(
        self, document_id: int, first: int | None = None, last: int = 0
    ) -> list[PageText]:
        """A document's pages with their words and barcodes, for field extraction.

        ``first``/``last``: only that many pages from the start and from the end (all when
        ``first`` is None).
        """
        with self.session() as session:
            query = select(Page.id, Page.number, Page.width, Page.height, Page.barcodes).where(
                Page.document_id == document_id
            )
            if first is not None:
                highest = session.scalar(
                    select(func.max(Page.number)).where(Page.document_id == document_id)
                )
                query = query.where(or_(Page.number <= first, Page.number > (highest or 0) - last))
            pages = session.execute(query.order_by(Page.number)).all()
            # Plain rows, not ORM objects: a long document has tens of thousands of words.
            rows = session.execute(
                select(
                    Word.page_id,
                    Word.text,
                    Word.left,
                    Word.top,
                    Word.width,
                    Word.height,
                    Word.confidence,
                    Word.block,
                    Word.paragraph,
                    Word.line,
                    Word.word_number,
                    Word.original,
                )
                .where(Word.page_id.in_(query.with_only_columns(Page.id)))
                .order_by(Word.page_id, Word.position)
            ).all()
        words: dict[int, list[records.Word]] = {}
        for row in rows:
            words.setdefault(row.page_id, []).append(
                records.Word(
                    text=row.text,
                    box=records.Box(row.left, row.top, row.width, row.height),
                    confidence=row.confidence,
                    block=row.block,
                    paragraph=row.paragraph,
                    line=row.line,
                    number=row.word_number,
                    original=row.original,
                )
            )
        return [
            PageText(
                number=number,
                width=width,
                height=height,
                words=words.get(page_id, []),
                barcodes=[
                    Barcode(text, kind, records.Box(*box))
                    for text, kind, box in json.loads(barcodes or "[]")
                ],
            )
            for page_id, number, width, height, barcodes in pages
        ]

    def save_fields(self, document_id: int, fields: Sequence[Field]) -> None:
        """Replace a document's fields (extraction is re-runnable)."""
        with self.session() as session:
            session.execute(
                delete(models.DocumentField).where(models.DocumentField.document_id == document_id)
            )
            for item in fields:
                box = item.box
                session.add(
                    models.DocumentField(
                        document_id=document_id,
                        name=item.name,
                        value=item.value,
                        page=item.page,
                        left=box.left if box else None,
                        top=box.top if box else None,
                        width=box.width if box else None,
                        height=box.height if box else None,
                        confidence=item.confidence,
                        source=item.source,
                        raw=item.raw,
                    )
                )

    def load_fields(self, document_id: int) -> dict[str, tuple[str, str]]:
        """name -> (value, source) of a document's stored fields."""
        with self.session() as session:
            rows = session.scalars(
                select(models.DocumentField).where(models.DocumentField.document_id == document_id)
            )
            return {row.name: (row.value, row.source) for row in rows}

    def save_match(self, document_id: int, result: MatchResult) -> None:
        with self.session() as session:
            session.execute(
                delete(models.DocumentMatch).where(models.DocumentMatch.document_id == document_id)
            )
            session.add(
                models.DocumentMatch(
                    document_id=document_id,
                    decision=str(result.decision),
                    procedure_code=result.procedure_code,
                    procedure_name=result.procedure_name,
                    procedure_score=result.procedure_score,
                    dossier_code=result.dossier_code,
                    dossier_score=result.dossier_score,
                    reasons=json.dumps(result.reasons, ensure_ascii=False),
                    candidates=json.dumps(
                        [[str(c.kind), c.code, c.score, c.label] for c in result.candidates],
                        ensure_ascii=False,
                    ),
                    matched_at=utcnow(),
                )
            )

    def load_match(self, document_id: int) -> models.DocumentMatch | None:
        with self.session() as session:
            return session.scalar(
                select(models.DocumentMatch).where(models.DocumentMatch.document_id == document_id)
            )


def _stored(row: Document) -> StoredDocument:
    return StoredDocument(
        id=row.id,
        sha256=row.sha256,
        source_path=row.source_path,
        status=DocumentStatus(row.status),
        page_count=row.page_count,
        error=row.error,
    )


__all__ = ["Database", "RunCounts", "StoredDocument", "models", "safe_url"]
