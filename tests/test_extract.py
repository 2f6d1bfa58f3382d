"""Field extraction: patterns on OCR-damaged strings, whole documents, QR codes, real OCR."""

from __future__ import annotations

import random

import numpy as np
import pytesseract
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from digitize.extract import (
    Barcode,
    FieldName,
    PageText,
    Source,
    decode_barcodes,
    extract_fields,
    identity_problem,
    is_valid_identity,
    mask_identity,
)
from digitize.extract.document import tidy_free_text
from digitize.extract.patterns import (
    parse_date,
    parse_dossier_code,
    parse_identity_number,
    parse_number_symbol,
    parse_procedure_code,
    parse_result_code,
    place_before,
    repair_symbol,
)
from digitize.records import Box, Word

FONTS = "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf"

# --- patterns -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số: 06/TB-BCĐCCHC", "06/TB-BCĐCCHC"),
        ("Số: 1906 /SGDĐT-CTrTT", "1906/SGDĐT-CTrTT"),
        ("Số: 45/2020/NĐ-CP", "45/2020/NĐ-CP"),
        ("Số: 123/QĐ-UBND", "123/QĐ-UBND"),
        ("Số: 15/QyĐ-UBND", "15/QyĐ-UBND"),
        ("Số: 15/QYĐ-UBND", "15/QyĐ-UBND"),  # case change on a mixed-case abbreviation
        ("Số: 07/CTR-UBND", "07/CTr-UBND"),
        ("Số: 88/TTr-SNV", "88/TTr-SNV"),
        ("Số: 06'TB-RCĐCCHC", "06/TB-RCĐCCHC"),  # ' for /
        ("Số: 06|TB-BCĐCCHC", "06/TB-BCĐCCHC"),  # | for /
        ("So: O6/TB-BCĐCCHC", "06/TB-BCĐCCHC"),  # lost diacritics, O for 0
        ("Sô: l23/QĐ-UBND", "123/QĐ-UBND"),  # l for 1
        ("Số: 123/QD-UBND", "123/QĐ-UBND"),  # lost stroke on Đ of a type abbreviation
        ("Số: 45 / 2020 / NĐ - CP", "45/2020/NĐ-CP"),  # spaces around / and -
        ("Số: 4512020/NĐ-CP", "45/2020/NĐ-CP"),  # 1 for /
        ("SỐ: 123/QÐ-UBND", "123/QĐ-UBND"),  # Icelandic Ð for Đ
        ("Số: 215/SXD-QLXD Phú Yên, ngày 03 tháng 4 năm 2023", "215/SXD-QLXD"),
    ],
)
def test_number_symbol_is_read_in_its_canonical_form(text: str, expected: str) -> None:
    parsed = parse_number_symbol(text)
    assert parsed is not None and parsed.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thời gian nhận hồ sơ: 11 giờ 15 phút",  # "sơ: 11 giờ" is not a number
        "Số lượng hồ sơ: 01 (bộ).",
        "Căn cứ Nghị định số 30/2020/NĐ-CP",  # a cited act, not this document's number
        "Số:      /QĐ-UBND",  # a blank form
    ],
)
def test_text_that_only_looks_like_a_number_line_gives_none(text: str) -> None:
    assert parse_number_symbol(text) is None


def test_damaged_symbol_is_made_to_agree_with_the_type_and_the_agency() -> None:
    assert repair_symbol("06/TB-RCĐCCHC", "Thông báo", "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH") == (
        "06/TB-BCĐCCHC",
        1,
    )
    assert repair_symbol("1864/QĐĐ-SLĐTBXH", "Quyết định", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")[
        0
    ] == "1864/QĐ-SLĐTBXH"
    assert repair_symbol("12/UBNO-VP", "Công văn", "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN")[0] == (
        "12/UBND-VP"
    )
    # A symbol that already agrees is left alone.
    assert repair_symbol("1906/SGDĐT-CTrTT", "Công văn", "SỞ GIÁO DỤC VÀ ĐÀO TẠO") == (
        "1906/SGDĐT-CTrTT",
        0,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phú Yên, ngày 17 tháng 10 năm 2023", "2023-10-17"),
        ("Phu Yen, ngay 17 thang 10 nam 2023", "2023-10-17"),  # diacritics lost
        ("Hà Nội, ngày 05 tháng 3 năm 2024", "2024-03-05"),
        ("ngảy 05 thảng 3 nằm 2024", "2024-03-05"),  # wrong diacritics
        ("ngày l7 tháng lO năm 2O23", "2023-10-17"),  # l for 1, O for 0
        ("ngày17 tháng 10 năm 2023", "2023-10-17"),  # space lost
        ("Ngày nhận: 17/10/2023", "2023-10-17"),
        ("hẹn trả ngày 17-10-2023.", "2023-10-17"),
        ("17.10.2023", "2023-10-17"),
    ],
)
def test_dates_come_out_as_iso(text: str, expected: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "ngày 31 tháng 2 năm 2023",  # no such day
        "ngày 12 tháng 13 năm 2023",
        "30/2020/NĐ-CP",  # a number/year/symbol, not a date
        "ngày 01 tháng 01 năm 1850",  # outside the range of our records
    ],
)
def test_impossible_dates_are_refused(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phú Yên, ngày 17 tháng 10 năm 2023", "Phú Yên"),
        ("TP. Hồ Chí Minh, ngày 17 tháng 10 năm 2023", "TP. Hồ Chí Minh"),
        ("Số: 06/TB-BCĐCCHC Tuy Hòa, ngày 17 tháng 10 năm 2023", "Tuy Hòa"),
    ],
)
def test_place_is_the_name_before_the_date(text: str, expected: str) -> None:
    date = parse_date(text)
    assert date is not None
    place = place_before(text, date.start)
    assert place is not None and place.value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mã hồ sơ: 000.00.16.H42-231017-0001", "000.00.16.H42-231017-0001"),
        ("Mã hồ sơ: 000.00.16.H42-231017-0001.", "000.00.16.H42-231017-0001"),
        ("OOO.OO.16.H42-231017-OOO1", "000.00.16.H42-231017-0001"),  # O for 0
        ("000.00.16.H42 - 231017 - 0001", "000.00.16.H42-231017-0001"),  # spaces
        ("000,00.16.H42-231017-0001", "000.00.16.H42-231017-0001"),  # , for .
        ("000. 00.20.H38-23l113-0287", "000.00.20.H38-231113-0287"),
        ("(mã hồ sơ 000.00.00.H34-210609-12345)", "000.00.00.H34-210609-12345"),
    ],
)
def test_dossier_codes_survive_ocr_damage(text: str, expected: str) -> None:
    parsed = parse_dossier_code(text)
    assert parsed is not None and parsed.value == expected


def test_a_dossier_code_with_an_impossible_received_date_is_refused() -> None:
    assert parse_dossier_code("000.00.16.H42-231317-0001") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mã thủ tục: 1.004227", "1.004227"),
        ("Thủ tục: Cấp bản sao văn bằng (mã 2.000123)", "2.000123"),
        ("Mã TTHC: 1.000494.000.00.00.H29", "1.000494.000.00.00.H29"),
        ("mã l.004227", "1.004227"),
        ("mã 1,OO4227", "1.004227"),
    ],
)
def test_procedure_codes(text: str, expected: str) -> None:
    parsed = parse_procedure_code(text)
    assert parsed is not None and parsed.value == expected


def test_amounts_of_money_are_not_procedure_codes() -> None:
    assert parse_procedure_code("Lệ phí: 1.000.000 đồng") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mã kết quả: KQ.G01.00262", "KQ.G01.00262"),
        ("Mã kết quả: KQ,G01.OO262", "KQ.G01.00262"),
        ("KQ . G12 . 64945", "KQ.G12.64945"),
    ],
)
def test_result_codes(text: str, expected: str) -> None:
    parsed = parse_result_code(text)
    assert parsed is not None and parsed.value == expected


# Made-up numbers with a valid structure: province, century/sex, birth year, 6 digits. The
# province codes are ones never assigned, so none of these can be a real person's number.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số định danh cá nhân: 053190001234", "053190001234"),
        ("CCCD: 003305000017", "003305000017"),  # a woman born in 2005
        ("CCCD số 053 190 001 234", "053190001234"),
        ("Số định danh: O53190001234", "053190001234"),
    ],
)
def test_valid_identity_numbers_are_found(text: str, expected: str) -> None:
    parsed = parse_identity_number(text)
    assert parsed is not None and parsed.value == expected


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("099190001234", "mã tỉnh không hợp lệ"),  # 099 is no province
        ("000190001234", "mã tỉnh không hợp lệ"),  # codes start at 001
        ("053790001234", "mã thế kỷ/giới tính không hợp lệ"),
        ("053299001234", "năm sinh ở tương lai"),  # born in 2099
        ("05319000123", "không phải 12 chữ số"),
    ],
)
def test_invalid_identity_numbers_are_refused_without_echoing_them(
    number: str, reason: str
) -> None:
    assert not is_valid_identity(number)
    problem = identity_problem(number)
    assert problem == reason
    assert number not in problem
    assert parse_identity_number(f"CCCD: {number}") is None


def test_identity_number_is_masked_for_logs() -> None:
    assert mask_identity("053190001234") == "*********234"
    assert "053190" not in mask_identity("053 190 001 234")


def test_phone_numbers_are_not_identity_numbers() -> None:
    assert parse_identity_number("Điện thoại: 0905123456") is None


# --- whole documents from laid-out words ----------------------------------------------------


class Layout:
    """Words placed like Tesseract reports them: a box per word, 25 px per letter."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.block = 0

    def line(self, *runs: tuple[int, str], top: int, conf: float = 93.0) -> None:
        """One Tesseract line made of runs (x, text): columns side by side share a line."""
        self.block += 1
        number = 0
        for x, text in runs:
            for word in text.split():
                number += 1
                width = 25 * len(word)
                box = Box(x, top, width, 45)
                self.words.append(Word(word, box, conf, self.block, 1, 1, number))
                x += width + 18

    def page(self, number: int = 1) -> PageText:
        return PageText(number, 2480, 3508, list(self.words))


def decision_layout() -> Layout:
    doc = Layout()
    # Tesseract reads both header columns as one line: the gap must separate them.
    doc.line((380, "UBND TỈNH PHÚ YÊN"), (1250, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), top=250)
    doc.line((300, "SỞ GIÁO DỤC VÀ ĐÀO TẠO"), (1450, "Độc lập - Tự do - Hạnh phúc"), top=310)
    doc.line((380, "Số: 1906/QD-SGDĐT"), (1300, "Phú Yên, ngày 17 tháng 10 năm 2023"), top=420)
    doc.line((1090, "QUYẾT ĐỊNH"), top=600)
    doc.line((650, "Về việc cấp bản sao văn bằng, chứng chỉ"), top=670)
    doc.line((850, "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO"), top=820)
    doc.line((350, "Xét hồ sơ đề nghị của Ông/Bà Trần Thị Bích Ngọc (mã hồ sơ"), top=900)
    doc.line((430, "Ông/Bà: Trần Thị Bích Ngọc"), top=1000)
    doc.line((430, "Số định danh cá nhân: 053190001234"), top=1070)
    doc.line((430, "Mã hồ sơ: 000.00.16.H42-231010-0007"), top=1140)
    doc.line((430, "Thủ tục: Cấp bản sao văn bằng, chứng chỉ từ sổ gốc (mã 1.005095)"), top=1210)
    doc.line((430, "Mã kết quả: KQ.G01.00262"), top=1280)
    doc.line((300, "Nơi nhận:"), (1550, "KT. GIÁM ĐỐC"), top=1500)
    doc.line((300, "- Như Điều 3;"), (1530, "PHÓ GIÁM ĐỐC"), top=1560)
    doc.line((1500, "Nguyễn Văn An"), top=1900)
    return doc


def test_a_decision_gives_every_field() -> None:
    fields = extract_fields([decision_layout().page()])
    assert fields.as_dict() == {
        FieldName.PARENT_AGENCY: "UBND TỈNH PHÚ YÊN",
        FieldName.AGENCY: "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        FieldName.NUMBER: "1906/QĐ-SGDĐT",
        FieldName.DATE: "2023-10-17",
        FieldName.PLACE: "Phú Yên",
        FieldName.DOCUMENT_TYPE: "Quyết định",
        FieldName.SUBJECT: "Về việc cấp bản sao văn bằng, chứng chỉ",
        FieldName.SIGNER_TITLE: "PHÓ GIÁM ĐỐC",
        FieldName.SIGNER: "Nguyễn Văn An",
        FieldName.APPLICANT_NAME: "Trần Thị Bích Ngọc",
        FieldName.IDENTITY_NUMBER: "053190001234",
        FieldName.DOSSIER_CODE: "000.00.16.H42-231010-0007",
        FieldName.PROCEDURE_CODE: "1.005095",
        FieldName.PROCEDURE_NAME: "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
        FieldName.RESULT_CODE: "KQ.G01.00262",
    }


def test_fields_say_where_they_were_read_and_how_sure_we_are() -> None:
    fields = extract_fields([decision_layout().page()])
    number = fields.get(FieldName.NUMBER)
    assert number is not None and number.box is not None
    # The number's box covers "1906/QD-SGDĐT" only, not "Số:" nor the date beside it.
    assert 380 < number.box.left < 500 and number.box.left + number.box.width < 1000
    assert number.raw == "1906/QD-SGDĐT"
    assert number.source == Source.TEXT
    # "QD" had to be repaired to "QĐ": less sure than the date read as printed.
    date = fields.get(FieldName.DATE)
    assert date is not None and 0 < number.confidence < date.confidence <= 0.93


def test_personal_fields_do_not_leak_through_repr() -> None:
    fields = extract_fields([decision_layout().page()])
    text = repr(fields)
    assert "053190001234" not in text and "Bích Ngọc" not in text
    assert "1906/QĐ-SGDĐT" in text


def test_a_cong_van_is_known_by_its_subject_line() -> None:
    doc = Layout()
    doc.line((380, "UBND TỈNH PHÚ YÊN"), (1250, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), top=250)
    doc.line((300, "SỞ XÂY DỰNG"), (1450, "Độc lập - Tự do - Hạnh phúc"), top=310)
    doc.line((380, "Số: 215 /SXD-QLXD"), (1300, "Phú Yên, ngày 03 tháng 4 năm 2023"), top=420)
    doc.line((330, "V/v hướng dẫn tiếp nhận hồ"), top=480)
    doc.line((360, "sơ trực tuyến toàn trình"), top=540)
    doc.line((800, "Kính gửi: Các phòng chuyên môn, đơn vị trực thuộc."), top=700)
    doc.line((350, "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh Phú Yên về công tác"), top=800)
    fields = extract_fields([doc.page()])
    assert fields.value(FieldName.DOCUMENT_TYPE) == "Công văn"
    assert fields.value(FieldName.SUBJECT) == "V/v hướng dẫn tiếp nhận hồ sơ trực tuyến toàn trình"
    assert fields.value(FieldName.NUMBER) == "215/SXD-QLXD"
    assert fields.value(FieldName.AGENCY) == "SỞ XÂY DỰNG"


def test_header_words_with_a_wrong_tone_are_restored() -> None:
    doc = Layout()
    doc.line((380, "UBND TÍNH KHANH HOA"), (1250, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), top=250)
    doc.line((300, "SỞ Y TÊ"), (1450, "Độc lập - Tự do - Hạnh phúc"), top=310)
    doc.line((380, "Số: 12/TB-SYT"), (1300, "Khanh Hoa, ngày 03 tháng 4 năm 2023"), top=420)
    doc.line((1090, "THONG BAO"), top=600)
    fields = extract_fields([doc.page()])
    assert fields.value(FieldName.PARENT_AGENCY) == "UBND TỈNH KHÁNH HÒA"
    assert fields.value(FieldName.AGENCY) == "SỞ Y TẾ"
    assert fields.value(FieldName.PLACE) == "Khánh Hòa"
    assert fields.value(FieldName.DOCUMENT_TYPE) == "Thông báo"  # not "Thông cáo"


def test_an_empty_document_gives_no_fields() -> None:
    assert extract_fields([]).fields == []
    assert extract_fields([PageText(1, 2480, 3508)]).fields == []


# --- barcodes -------------------------------------------------------------------------------


def barcode_image(text: str, fmt: zxingcpp.BarcodeFormat, scale: int) -> Image.Image:
    """A barcode as a PIL image, with zxing-cpp 3 (create_barcode) or 2 (write_barcode)."""
    if hasattr(zxingcpp, "create_barcode"):
        pixels = np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=scale))
    else:  # pragma: no cover - zxing-cpp 2.x
        pixels = np.asarray(zxingcpp.write_barcode(fmt, text, 0, 0))
    return Image.fromarray(pixels.astype(np.uint8)).convert("L")


def test_qr_code_and_barcode_on_a_page_are_decoded_with_their_place() -> None:
    page = Image.new("RGB", (2480, 1200), "white")
    page.paste(barcode_image("000.00.16.H42-231017-0001", zxingcpp.BarcodeFormat.QRCode, 6),
               (100, 80))
    page.paste(barcode_image("KQ.G01.00262", zxingcpp.BarcodeFormat.Code128, 3), (1200, 900))
    found = decode_barcodes(page)
    assert [(b.text, b.source) for b in found] == [
        ("000.00.16.H42-231017-0001", Source.QR),
        ("KQ.G01.00262", Source.BARCODE),
    ]
    qr = found[0].box
    assert 90 <= qr.left <= 140 and 70 <= qr.top <= 120 and qr.width > 100


def test_a_page_without_barcodes_decodes_to_nothing() -> None:
    assert decode_barcodes(Image.new("L", (800, 600), 255)) == []


def test_the_qr_code_wins_over_the_ocr_of_the_same_code() -> None:
    page = decision_layout().page()
    # OCR misread a digit of the dossier code; the receipt's QR holds the true one.
    page.words = [
        Word("000.00.16.H42-231010-0001", w.box, w.confidence, w.block, w.paragraph, w.line,
             w.number) if w.text == "000.00.16.H42-231010-0007" else w
        for w in page.words
    ]
    qr = Barcode("https://dichvucong.example/tra-cuu?ma=000.00.16.H42-231010-0007", "QRCode",
                 Box(60, 60, 180, 180))
    page.barcodes = [qr]
    fields = extract_fields([page])
    dossier = fields.get(FieldName.DOSSIER_CODE)
    assert dossier is not None
    assert (dossier.value, dossier.source, dossier.confidence, dossier.box) == (
        "000.00.16.H42-231010-0007", Source.QR, 1.0, qr.box,
    )


# --- real Tesseract -------------------------------------------------------------------------


def ocr_words(image: Image.Image) -> list[Word]:
    """Tesseract's words (lang vie) as the pipeline's Word records."""
    data = pytesseract.image_to_data(image, lang="vie", output_type=pytesseract.Output.DICT)
    return [
        Word(
            data["text"][i],
            Box(data["left"][i], data["top"][i], data["width"][i], data["height"][i]),
            float(data["conf"][i]),
            data["block_num"][i],
            data["par_num"][i],
            data["line_num"][i],
            data["word_num"][i],
        )
        for i in range(len(data["text"]))
        if data["text"][i].strip() and float(data["conf"][i]) >= 0
    ]


def test_number_and_date_come_out_of_a_real_ocr_of_a_rendered_header() -> None:
    page = Image.new("L", (2480, 1754), 255)  # half an A4 page at 300 dpi
    draw = ImageDraw.Draw(page)
    regular = ImageFont.truetype(FONTS.format("Regular"), 54)
    bold = ImageFont.truetype(FONTS.format("Bold"), 54)
    italic = ImageFont.truetype(FONTS.format("Italic"), 58)

    def centred(text: str, font: ImageFont.FreeTypeFont, middle: int, y: int) -> None:
        draw.text((middle - font.getlength(text) / 2, y), text, font=font, fill=0)

    centred("UBND TỈNH PHÚ YÊN", regular, 650, 120)
    centred("BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH", bold, 650, 185)
    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, 1700, 120)
    centred("Độc lập - Tự do - Hạnh phúc", bold, 1700, 185)
    centred("Số: 06/TB-BCĐCCHC", regular, 650, 320)
    centred("Phú Yên, ngày 17 tháng 10 năm 2023", italic, 1700, 320)
    centred("THÔNG BÁO", bold, 1240, 500)
    fields = extract_fields([PageText(1, page.width, page.height, ocr_words(page))])
    assert fields.value(FieldName.NUMBER) == "06/TB-BCĐCCHC"
    assert fields.value(FieldName.DATE) == "2023-10-17"
    assert fields.value(FieldName.PLACE) == "Phú Yên"
    assert fields.value(FieldName.DOCUMENT_TYPE) == "Thông báo"
    number = fields.get(FieldName.NUMBER)
    assert number is not None and number.confidence > 0.5 and number.box is not None


def test_a_generated_receipt_gives_its_fields_through_real_ocr() -> None:
    generator = pytest.importorskip("samples.generator")
    spec = generator.random_spec(
        random.Random(11), document_type=generator.DocumentType.GIAY_TIEP_NHAN, long=False
    )
    pages = []
    for number, rendered in enumerate(generator.render_document(spec), start=1):
        image = rendered.image.convert("L")
        pages.append(
            PageText(number, image.width, image.height, ocr_words(image), decode_barcodes(image))
        )
    truth = spec.fields()
    fields = extract_fields(pages)
    assert fields.value(FieldName.DOCUMENT_TYPE) == truth["document_type"]
    assert fields.value(FieldName.DATE) == truth["issue_date"]
    assert fields.value(FieldName.PROCEDURE_CODE) == truth["procedure_code"]
    assert fields.value(FieldName.IDENTITY_NUMBER) == truth["citizen_id"]
    dossier = fields.get(FieldName.DOSSIER_CODE)
    assert dossier is not None and dossier.value == truth["dossier_code"]
    assert dossier.source == Source.QR


def test_a_provincial_committee_wrapped_on_two_lines_is_one_agency() -> None:
    doc = Layout()
    doc.line((380, "ỦY BAN NHÂN DÂN"), (1250, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), top=250)
    doc.line((300, "TỈNH THỪA THIÊN HUẾ"), (1450, "Độc lập - Tự do - Hạnh phúc"), top=310)
    doc.line((380, "Số: 77/GP-UBND"), (1300, "Thừa Thiên Huế, ngày 32 tháng 01 năm 2019"), top=420)
    doc.line((350, "Căn cứ Nghị định số 107/2021/NĐ-CP ngày 06 tháng 12 năm 2021 của Chính"), top=700)
    fields = extract_fields([doc.page()])
    assert fields.value(FieldName.AGENCY) == "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ"
    assert fields.get(FieldName.PARENT_AGENCY) is None
    # Day 32 is a misread: no date rather than the date of an act cited in the body.
    assert fields.get(FieldName.DATE) is None
    assert fields.value(FieldName.PLACE) == "Thừa Thiên Huế"


def test_a_code_printed_twice_outvotes_one_misread_copy() -> None:
    doc = Layout()
    doc.line((350, "Xét hồ sơ đề nghị của Ông/Bà Lê Kim Hà (mã hồ sơ"), top=900)
    doc.line((350, "000.00.20.H47-190103-02866) tiếp nhận ngày 03/01/2019;"), top=960)
    doc.line((430, "Mã hồ sơ: 000.00.20.H47-190103-0286"), top=1140)
    doc.line((430, "Đề nghị 000.00.20.H47-190103-0286 bổ sung."), top=1200)
    fields = extract_fields([doc.page()])
    assert fields.value(FieldName.DOSSIER_CODE) == "000.00.20.H47-190103-0286"
    assert fields.value(FieldName.APPLICANT_NAME) == "Lê Kim Hà"


@pytest.mark.parametrize(
    ("seen", "tidy"),
    [
        ("_ Về việc cấp giấy phép", "Về việc cấp giấy phép"),
        ("sử dụng đất do chuyển . nhượng (cấp huyện) '", "sử dụng đất do chuyển nhượng (cấp huyện)"),
        ("- Về việc phê duyệt báo cáo kinh tế - kỹ thuật .", "Về việc phê duyệt báo cáo kinh tế - kỹ thuật"),
        ("có yếu tố nước `", "có yếu tố nước"),
    ],
)
def test_free_text_fields_lose_lone_specks(seen: str, tidy: str) -> None:
    assert tidy_free_text(seen) == tidy
