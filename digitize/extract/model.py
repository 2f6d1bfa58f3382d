"""The records of field extraction: what goes in (pages of words, barcodes) and what comes out."""

from __future__ import annotations

from dataclasses import dataclass, field

from digitize.records import Box, Word


class FieldName:
    """The names of the fields we extract, one constant each so callers cannot misspell them."""

    DOCUMENT_TYPE = "document_type"
    NUMBER = "number"  # số ký hiệu, e.g. 06/TB-BCĐCCHC
    PLACE = "place"
    DATE = "date"  # issue date, ISO yyyy-mm-dd
    AGENCY = "agency"
    PARENT_AGENCY = "parent_agency"
    SUBJECT = "subject"  # trích yếu
    SIGNER = "signer"
    SIGNER_TITLE = "signer_title"
    DOSSIER_CODE = "dossier_code"  # mã hồ sơ
    PROCEDURE_CODE = "procedure_code"  # mã thủ tục
    PROCEDURE_NAME = "procedure_name"
    RESULT_CODE = "result_code"
    IDENTITY_NUMBER = "identity_number"  # số định danh cá nhân: personal data, never log it
    APPLICANT_NAME = "applicant_name"  # personal data, never log it

    ALL: tuple[str, ...] = (
        DOCUMENT_TYPE, NUMBER, PLACE, DATE, AGENCY, PARENT_AGENCY, SUBJECT, SIGNER,
        SIGNER_TITLE, DOSSIER_CODE, PROCEDURE_CODE, PROCEDURE_NAME, RESULT_CODE,
        IDENTITY_NUMBER, APPLICANT_NAME,
    )
    # Fields that identify a person: keep them out of logs and exception messages.
    PERSONAL: frozenset[str] = frozenset({IDENTITY_NUMBER, APPLICANT_NAME})


class Source:
    TEXT = "text"
    QR = "qr"
    BARCODE = "barcode"


@dataclass(frozen=True)
class Barcode:
    """One decoded QR code or 1D barcode on a page."""

    text: str
    format: str  # zxing-cpp's name, e.g. "QRCode", "Code128"
    box: Box

    @property
    def source(self) -> str:
        """``"qr"`` for 2D matrix codes read as QR, ``"barcode"`` for everything else."""
        return Source.QR if "qr" in self.format.lower() else Source.BARCODE


@dataclass
class PageText:
    """The OCR of one page, the input of field extraction."""

    number: int  # 1-based page number within the document
    width: int
    height: int
    words: list[Word] = field(default_factory=list)
    barcodes: list[Barcode] = field(default_factory=list)


@dataclass(frozen=True)
class Field:
    """One extracted field and where it was read."""

    name: str
    value: str
    page: int
    box: Box | None
    confidence: float  # 0-1: OCR confidence of its words, lowered by each repair; 1.0 for barcodes
    source: str  # "text" | "qr" | "barcode"
    raw: str  # the text it was read from, before repair

    def __repr__(self) -> str:
        # Personal values must not leak into logs through a stray repr().
        value = "***" if self.name in FieldName.PERSONAL else self.value
        raw = "***" if self.name in FieldName.PERSONAL else self.raw
        return (
            f"Field(name={self.name!r}, value={value!r}, page={self.page}, box={self.box!r}, "
            f"confidence={self.confidence:.2f}, source={self.source!r}, raw={raw!r})"
        )


@dataclass
class DocumentFields:
    """All fields found in one document, at most one per name."""

    fields: list[Field] = field(default_factory=list)

    def get(self, name: str) -> Field | None:
        """The field called ``name``, or None when it was not found."""
        for item in self.fields:
            if item.name == name:
                return item
        return None

    def value(self, name: str, default: str | None = None) -> str | None:
        """The value of the field called ``name``, or ``default`` when it was not found."""
        item = self.get(name)
        return item.value if item is not None else default

    def as_dict(self) -> dict[str, str]:
        """Name -> value, for display and tests (values include personal data: do not log)."""
        return {item.name: item.value for item in self.fields}

    def put(self, item: Field) -> None:
        """Add ``item``, replacing a field of the same name."""
        self.fields = [f for f in self.fields if f.name != item.name]
        self.fields.append(item)
