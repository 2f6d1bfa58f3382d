"""Field extraction: from the OCR of a document to its number, date, agency, codes and names.

Public API::

    decode_barcodes(image) -> list[Barcode]        # QR codes and 1D barcodes of a page image
    extract_fields(pages) -> DocumentFields        # pages: Sequence[PageText]
    mask_identity(number) -> str                   # "*********234", for logs

Codes read from a barcode are trusted over OCR text of the same field.
"""

from __future__ import annotations

from digitize.extract.barcodes import decode_barcodes
from digitize.extract.document import extract_fields
from digitize.extract.identity import identity_problem, is_valid_identity, mask_identity
from digitize.extract.model import Barcode, DocumentFields, Field, FieldName, PageText, Source

__all__ = [
    "Barcode",
    "DocumentFields",
    "Field",
    "FieldName",
    "PageText",
    "Source",
    "decode_barcodes",
    "extract_fields",
    "identity_problem",
    "is_valid_identity",
    "mask_identity",
]
