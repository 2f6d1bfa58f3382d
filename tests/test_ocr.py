"""The Tesseract wrapper, with real Tesseract and real Vietnamese data."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from digitize import ocr
from tests.conftest import render_page


def test_vietnamese_phrases_come_back_with_their_diacritics() -> None:
    output = ocr.ocr_page(render_page().convert("L"), 300, ocr.OcrSettings())
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "06/TB-BCĐCCHC",
        "ngày 17 tháng 10 năm 2023",
        "thủ tục hành chính",
    ):
        assert phrase in output.text


def test_words_have_boxes_and_confidences_in_page_pixels() -> None:
    output = ocr.ocr_page(render_page().convert("L"), 300, ocr.OcrSettings())
    word = next(w for w in output.words if w.text == "Độc")
    assert 90 <= word.box.left <= 110  # drawn at x=100
    assert 0 < word.box.width < 200
    assert 50 <= word.confidence <= 100
    assert {w.line for w in output.words} != {1} or len({w.block for w in output.words}) > 1


def test_text_layer_pdf_comes_from_the_same_run_and_matches_the_page_size() -> None:
    output = ocr.ocr_page(render_page().convert("L"), 300, ocr.OcrSettings())
    page = PdfReader(io.BytesIO(output.text_layer_pdf)).pages[0]
    assert round(float(page.mediabox.width)) == round(1240 * 72 / 300)
    assert "Hạnh phúc" in page.extract_text()


def test_blank_image_gives_no_words() -> None:
    output = ocr.ocr_page(render_page(lines=()).convert("L"), 300, ocr.OcrSettings())
    assert output.words == []
    assert output.text == ""


def test_diacritics_warnings_are_not_an_error_message() -> None:
    noisy = "Detected 12 diacritics\nEstimating resolution as 301\nError: could not open file"
    assert ocr._useful_stderr(noisy) == "Error: could not open file"


def test_doctor_finds_every_tool_here() -> None:
    checks = {check.name: check for check in ocr.check_tools("vie")}
    assert all(check.ok for check in checks.values()), [c for c in checks.values() if not c.ok]
    assert "tesseract language 'vie'" in checks
    assert "pdftoppm" in checks


def test_doctor_says_what_to_install_for_a_missing_language() -> None:
    checks = {check.name: check for check in ocr.check_tools("vie+xyz")}
    missing = checks["tesseract language 'xyz'"]
    assert not missing.ok
    assert missing.fix == "apt-get install tesseract-ocr-xyz"


def test_one_bit_page_is_read_whatever_its_first_pixels() -> None:
    # Written as Netpbm, a page whose first 8 pixels encode a white-space byte (0x20) was
    # unreadable for Leptonica; 1-bit pages are what the cleanup hands to Tesseract.
    page = render_page().convert("1", dither=Image.Dither.NONE)
    page.putpixel((2, 0), 0)
    output = ocr.ocr_page(page, 300, ocr.OcrSettings())
    assert "Độc lập - Tự do - Hạnh phúc" in output.text


def test_tesseract_failure_is_reported_as_such_not_as_a_timeout() -> None:
    with pytest.raises(ocr.OcrError) as caught:
        ocr.ocr_page(render_page().convert("L"), 300, ocr.OcrSettings(language="xyz"))
    assert "stopped after" not in str(caught.value)
    assert "xyz" in str(caught.value) or "language" in str(caught.value).lower()
