"""The document-level step after OCR: read the fields, then link the document to the catalogue.

Used by the runner when a document's last page is stored, and by `digitize match` to re-link
stored documents after a new catalogue or register import (no OCR again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from digitize import extract, match
from digitize.extract import FieldName
from digitize.settings import FieldSettings
from digitize.store import Database

log = logging.getLogger("digitize.link")


@dataclass
class Linker:
    """The catalogue and register indexes, built once per run and reused for every document."""

    catalogue: match.CatalogueIndex
    register: match.RegisterIndex
    settings: match.MatchSettings

    @classmethod
    def from_database(cls, db: Database, settings: match.MatchSettings) -> Linker:
        return cls(
            match.CatalogueIndex(db.load_procedures()),
            match.RegisterIndex(db.load_dossiers()),
            settings,
        )


def evidence_from_fields(fields: dict[str, tuple[str, str]]) -> match.DocumentEvidence:
    """What matching needs, from stored fields: name -> (value, source)."""

    def value(name: str) -> str:
        return fields.get(name, ("", ""))[0]

    issue_date: date | None = None
    if value(FieldName.DATE):
        try:
            issue_date = date.fromisoformat(value(FieldName.DATE))
        except ValueError:
            issue_date = None
    return match.DocumentEvidence(
        document_type=value(FieldName.DOCUMENT_TYPE),
        title=value(FieldName.PROCEDURE_NAME) or value(FieldName.SUBJECT),
        number_symbol=value(FieldName.NUMBER),
        issue_date=issue_date,
        dossier_code=value(FieldName.DOSSIER_CODE),
        procedure_code=value(FieldName.PROCEDURE_CODE),
        result_code=value(FieldName.RESULT_CODE),
        applicant=value(FieldName.APPLICANT_NAME),
        citizen_id=value(FieldName.IDENTITY_NUMBER),
        from_qr=frozenset(
            name for name, (_, source) in fields.items() if source in ("qr", "barcode")
        ),
    )


def extract_document(db: Database, document_id: int, settings: FieldSettings) -> None:
    """Read a stored document's fields from the stored words and barcodes of its first and
    last pages, and store them."""
    pages = db.document_pages(document_id, settings.first_pages, settings.last_pages)
    fields = extract.extract_fields(pages)
    db.save_fields(document_id, fields.fields)


def link_document(db: Database, document_id: int, linker: Linker) -> match.MatchResult:
    """Match a document's stored fields to a dossier and a procedure; store the outcome."""
    evidence = evidence_from_fields(db.load_fields(document_id))
    result = match.match_document(evidence, linker.catalogue, linker.register, linker.settings)
    db.save_match(document_id, result)
    log.info(
        "event=document_linked document=%d decision=%s procedure=%s dossier=%s score=%.0f",
        document_id,
        result.decision,
        result.procedure_code,
        result.dossier_code,
        max(result.procedure_score, result.dossier_score),
    )
    return result
