"""Database tables (SQLAlchemy 2). Changed only together with a migration in migrations/versions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Run(Base):
    """One `digitize run` over one or more scan folders."""

    __tablename__ = "run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="running")
    pipeline: Mapped[str] = mapped_column(String(200))
    roots: Mapped[str] = mapped_column(Text)  # scan folders, one per line
    documents_found: Mapped[int] = mapped_column(Integer, default=0)
    documents_done: Mapped[int] = mapped_column(Integer, default=0)
    documents_skipped: Mapped[int] = mapped_column(Integer, default=0)
    documents_failed: Mapped[int] = mapped_column(Integer, default=0)
    pages_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_for_review: Mapped[int] = mapped_column(Integer, default=0)


class Document(Base):
    """A scanned file (or a folder of page images) identified by the hash of its content."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_root: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(Text, index=True)  # relative to source_root, NFC
    files: Mapped[str] = mapped_column(Text)  # the page files of a folder document, one per line
    kind: Mapped[str] = mapped_column(String(10))
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("run.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    pages: Mapped[list[Page]] = relationship(
        back_populates="document", order_by="Page.number", cascade="all, delete-orphan"
    )


class Page(Base):
    __tablename__ = "page"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_page_document_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)  # 1-based
    dpi: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    mean_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    low_confidence_share: Mapped[float] = mapped_column(Float, default=0.0)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    is_blank: Mapped[bool] = mapped_column(Boolean, default=False)
    rotation: Mapped[int] = mapped_column(Integer, default=0)
    skew: Mapped[float] = mapped_column(Float, default=0.0)
    notes: Mapped[str] = mapped_column(Text, default="")
    rasterize_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    cleanup_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    ocr_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    text_layer_pdf: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    barcodes: Mapped[str] = mapped_column(Text, default="[]")  # JSON: QR/barcodes decoded
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="pages")


class Word(Base):
    __tablename__ = "word"

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("page.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # reading order on the page
    text: Mapped[str] = mapped_column(Text)
    original: Mapped[str | None] = mapped_column(Text)  # Tesseract's text when corrected
    left: Mapped[int] = mapped_column(Integer)
    top: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    block: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)
    word_number: Mapped[int] = mapped_column(Integer)


class Procedure(Base):
    """One procedure of the national catalogue over one validity period."""

    __tablename__ = "procedure"
    __table_args__ = (UniqueConstraint("code", "valid_from", name="uq_procedure_code_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), index=True)
    base_code: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(Text)
    sector: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(Text, default="")
    authority: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[code, name], ...]
    # A far-past date stands for "since always" so the unique key works on every database.
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Dossier(Base):
    """One dossier of the one-stop-shop register (personal data: never logged)."""

    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(60), index=True)
    received: Mapped[date] = mapped_column(Date)
    applicant: Mapped[str] = mapped_column(Text, default="")
    citizen_id: Mapped[str] = mapped_column(String(12), default="")
    due: Mapped[date | None] = mapped_column(Date)
    returned: Mapped[date | None] = mapped_column(Date)
    result_number: Mapped[str] = mapped_column(Text, default="")
    result_valid_until: Mapped[date | None] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentField(Base):
    """One field read on a document: value, where on which page, how sure."""

    __tablename__ = "document_field"
    __table_args__ = (UniqueConstraint("document_id", "name", name="uq_field_document_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(Text)
    page: Mapped[int] = mapped_column(Integer)
    left: Mapped[int | None] = mapped_column(Integer)
    top: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(10))
    raw: Mapped[str] = mapped_column(Text, default="")


class DocumentMatch(Base):
    """The link of a document to a procedure and a dossier, with its score and reasons."""

    __tablename__ = "document_match"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), unique=True
    )
    decision: Mapped[str] = mapped_column(String(20), index=True)
    procedure_code: Mapped[str | None] = mapped_column(String(60))
    procedure_name: Mapped[str | None] = mapped_column(Text)
    procedure_score: Mapped[float] = mapped_column(Float, default=0.0)
    dossier_code: Mapped[str | None] = mapped_column(String(60), index=True)
    dossier_score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[str] = mapped_column(Text, default="[]")  # JSON list, Vietnamese for clerks
    candidates: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of alternatives
    matched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
