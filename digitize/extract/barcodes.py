"""QR codes and 1D barcodes on a page (zxing-cpp), and the fields their text holds."""

from __future__ import annotations

import numpy as np
from PIL import Image

from digitize.extract.model import Barcode, Field, FieldName
from digitize.extract.patterns import (
    parse_dossier_code,
    parse_identity_number,
    parse_procedure_code,
    parse_result_code,
)
from digitize.records import Box


def _box(position: object) -> Box:
    points = [
        getattr(position, corner)
        for corner in ("top_left", "top_right", "bottom_right", "bottom_left")
    ]
    xs = [int(p.x) for p in points]
    ys = [int(p.y) for p in points]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _format_name(fmt: object) -> str:
    # zxing-cpp 2.x and 3.x spell their enum differently; the member name is stable.
    return str(getattr(fmt, "name", fmt)).split(".")[-1]


def decode_barcodes(image: Image.Image | np.ndarray) -> list[Barcode]:
    """Every QR code and 1D barcode zxing-cpp finds on a page image (PIL, or a grey numpy
    array), top to bottom."""
    import zxingcpp  # imported here: pages without barcodes never need the native library

    if isinstance(image, np.ndarray):
        gray: Image.Image | np.ndarray = image
    else:
        gray = image if image.mode == "L" else image.convert("L")
    # The page is upright by now and printed codes are dark on light at the page's own
    # scale: the turned, inverted and downscaled passes find nothing more on documents and
    # cost half the time. (A QR code is found in any direction regardless.)
    results = zxingcpp.read_barcodes(gray, try_rotate=False, try_invert=False, try_downscale=False)
    found = [
        Barcode(text=result.text, format=_format_name(result.format), box=_box(result.position))
        for result in results
        if result.text
    ]
    found.sort(key=lambda b: (b.box.top, b.box.left))
    return found


_PARSERS = (
    (FieldName.DOSSIER_CODE, parse_dossier_code),
    (FieldName.PROCEDURE_CODE, parse_procedure_code),
    (FieldName.RESULT_CODE, parse_result_code),
    (FieldName.IDENTITY_NUMBER, parse_identity_number),
)


def barcode_fields(barcode: Barcode, page: int) -> list[Field]:
    """The coded fields in a barcode's text (a receipt's QR holds its dossier code)."""
    fields = []
    for name, parser in _PARSERS:
        parsed = parser(barcode.text)
        if parsed is not None:
            fields.append(
                Field(name, parsed.value, page, barcode.box, 1.0, barcode.source, barcode.text)
            )
    return fields
