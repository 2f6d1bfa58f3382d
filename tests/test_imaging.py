"""Page cleanup, checked on generated Vietnamese pages with the real Tesseract ``vie`` data."""

from __future__ import annotations

import random
import unicodedata
from functools import cache

import cv2
import numpy as np
import pytesseract
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from digitize.imaging import (
    CleanedPage,
    CleanupSettings,
    clean_page,
    flip_page,
    header_columns,
    reproduce_geometry,
)
from digitize.records import Box

FONTS = "/usr/share/fonts/truetype/liberation2/"
REGULAR = FONTS + "LiberationSerif-Regular.ttf"
BOLD = FONTS + "LiberationSerif-Bold.ttf"

AGENCY = ["ỦY BAN NHÂN DÂN", "HUYỆN ĐÔNG ANH", "Số: 125/QĐ-UBND"]
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
BODY = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Nghị định số 61/2018/NĐ-CP của Chính phủ về thực hiện cơ chế một cửa;",
    "Xét đề nghị của Trưởng phòng Tài chính về việc cấp giấy chứng nhận hộ kinh doanh;",
    "Điều 1. Cấp giấy chứng nhận cho hộ kinh doanh tại địa chỉ số 12 đường Lê Lợi.",
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Ủy ban nhân dân huyện,",
    "Trưởng phòng Tài chính - Kế hoạch và các cơ quan có liên quan chịu trách nhiệm thi hành.",
    "Hồ sơ gồm: đơn đề nghị, bản sao giấy tờ chứng thực, hợp đồng thuê nhà.",
    "Thời hạn giải quyết: 03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
]
NO_ORIENTATION = CleanupSettings(orientation=False)  # for tests of other steps: faster


def points(pt: float, dpi: int) -> int:
    return round(pt * dpi / 72)


@cache
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def draw_document(dpi: int = 300, body: list[str] = BODY, header: bool = True) -> Image.Image:
    """An A4 decision (quyết định) with the usual two-column header, black on white."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    regular, bold = font(REGULAR, points(13, dpi)), font(BOLD, points(13, dpi))
    margin, y = round(0.8 * dpi), round(0.6 * dpi)
    if header:
        for i, line in enumerate(AGENCY):
            draw.text((margin, y + points(18 * i, dpi)), line, font=bold, fill="black")
        right = round(0.45 * width)
        for i, line in enumerate(MOTTO):
            draw.text((right, y + points(18 * i, dpi)), line, font=bold, fill="black")
        y += points(80, dpi)
        draw.text((width // 2 - points(45, dpi), y), "QUYẾT ĐỊNH", font=bold, fill="black")
        y += points(34, dpi)
    for line in body:
        draw.text((margin, y), line, font=regular, fill="black")
        y += points(21, dpi)
    return page


def read(image: Image.Image, box: Box | None = None, dpi: int = 300) -> str:
    """Tesseract ``vie`` on the image (or a box of it), as one NFC line of text."""
    if box is not None:
        image = image.crop((box.left, box.top, box.left + box.width, box.top + box.height))
    text = pytesseract.image_to_string(image, lang="vie", config=f"--psm 6 --dpi {dpi}")
    return " ".join(unicodedata.normalize("NFC", text).split())


def body_box(cleaned: CleanedPage, lines: int = 3) -> Box:
    """The first ``lines`` lines of the body of an upright page (keeps OCR in tests fast)."""
    scale = cleaned.dpi / 300
    top = round((0.6 * 300 + points(80 + 34, 300) - 20) * scale)
    return Box(0, top, cleaned.ocr_image.width, round((points(21 * lines, 300) + 30) * scale))


@pytest.fixture(scope="module")
def document() -> Image.Image:
    return draw_document()


@pytest.mark.parametrize("angle", [-9.5, -2.3, 0.7, 4.4, 10.0])
def test_skew_is_measured_within_a_fifth_of_a_degree(document: Image.Image, angle: float) -> None:
    skewed = document.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")
    cleaned = clean_page(skewed, 300, NO_ORIENTATION)
    assert cleaned.skew == pytest.approx(angle, abs=0.2)


def test_deskewed_page_reads_like_the_straight_one(document: Image.Image) -> None:
    skewed = document.rotate(6.0, resample=Image.Resampling.BICUBIC, fillcolor="white")
    cleaned = clean_page(skewed, 300, NO_ORIENTATION)
    text = read(cleaned.ocr_image, body_box(cleaned))
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in text
    assert "Nghị định số 61/2018/NĐ-CP" in text


@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_turned_page_is_made_upright(document: Image.Image, clockwise: int) -> None:
    # PIL turns counter-clockwise: undoing it needs ``clockwise`` degrees clockwise.
    turned = document.rotate(clockwise, expand=True)
    cleaned = clean_page(turned, 300, CleanupSettings(osd_for_horizontal=True))
    assert cleaned.rotation == clockwise
    assert cleaned.ocr_image.size == document.size
    assert cleaned.archive_image.size == document.size
    assert "Căn cứ Luật Tổ chức chính quyền" in read(cleaned.ocr_image, body_box(cleaned, 1))


def test_without_osd_an_upside_down_page_is_left_to_the_ocr(document: Image.Image) -> None:
    # The default skips OSD when lines run across; the runner then reads the page both ways.
    cleaned = clean_page(document.rotate(180), 300, CleanupSettings())
    assert cleaned.rotation == 0 and cleaned.may_be_upside_down
    flipped = flip_page(document.rotate(180), 300, CleanupSettings())
    assert flipped.rotation == 180
    assert "Căn cứ Luật Tổ chức chính quyền" in read(flipped.ocr_image, body_box(flipped, 1))
    sideways = clean_page(document.rotate(90, expand=True), 300, CleanupSettings())
    assert sideways.rotation == 90 and not sideways.may_be_upside_down


def test_stored_geometry_reproduces_the_archive_image(document: Image.Image) -> None:
    # Export rebuilds the page from the scan with the stored rotation and skew: it must line
    # up with the words' boxes, which are in the cleaned page's pixels.
    scan = document.rotate(2.5, resample=Image.Resampling.BICUBIC, fillcolor="white").rotate(
        90, expand=True
    )
    cleaned = clean_page(scan, 300, CleanupSettings())
    again = reproduce_geometry(scan, cleaned.rotation, cleaned.skew)
    assert again.size == cleaned.archive_image.size
    difference = np.abs(np.asarray(again, np.int16) - np.asarray(cleaned.archive_image, np.int16))
    assert difference.mean() < 1.0


def test_upright_page_is_not_turned(document: Image.Image) -> None:
    cleaned = clean_page(document, 300, CleanupSettings())
    assert cleaned.rotation == 0
    assert cleaned.skew == 0.0


def stamp_seal(
    page: Image.Image, centre: tuple[int, int], colour: tuple[int, int, int]
) -> Image.Image:
    """A round seal printed over the page: ink multiplies, so black text stays black."""
    seal = Image.new("RGB", page.size, "white")
    draw = ImageDraw.Draw(seal)
    x, y = centre
    for radius, width in ((260, 22), (205, 8)):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=colour, width=width)
    draw.regular_polygon((x, y, 80), 5, fill=colour)
    draw.text((x - 170, y + 100), "ỦY BAN NHÂN DÂN", font=font(REGULAR, 50), fill=colour)
    return ImageChops.multiply(page, seal)


@pytest.mark.parametrize("colour", [(200, 30, 40), (40, 60, 190)], ids=["red", "blue"])
def test_seal_is_lifted_and_the_text_under_it_is_read(
    document: Image.Image, colour: tuple[int, int, int]
) -> None:
    cleaned_plain = clean_page(document, 300, NO_ORIENTATION)
    box = body_box(cleaned_plain, 4)
    sealed = stamp_seal(document, (900, box.top + box.height // 2), colour)
    cleaned = clean_page(sealed, 300, NO_ORIENTATION)
    text = read(cleaned.ocr_image, box)
    assert "Nghị định số 61/2018/NĐ-CP" in text
    assert "chính quyền địa phương" in text
    # The ring left of the text lines is paper now, but still red or blue in the archive.
    ring = (900 - 250, box.top + box.height // 2)
    assert np.asarray(cleaned.ocr_image.convert("L"))[ring[1], ring[0]] > 200
    assert (
        max(cleaned.archive_image.getpixel(ring)) - min(cleaned.archive_image.getpixel(ring)) > 80
    )


def test_shadow_and_yellow_paper_become_white(document: Image.Image) -> None:
    rgb = np.asarray(document).astype(np.float32)
    height, width = rgb.shape[:2]
    # Yellowed paper, lit from the right: the left third falls into shadow.
    light = np.tile(np.linspace(0.45, 1.0, width, dtype=np.float32), (height, 1))[..., None]
    paper = np.array([235, 225, 180], dtype=np.float32) / 255
    shaded = Image.fromarray((rgb * paper * light).clip(0, 255).astype(np.uint8))
    cleaned = clean_page(shaded, 300, NO_ORIENTATION)
    grey = np.asarray(cleaned.ocr_image.convert("L"))
    assert np.percentile(grey[:, : width // 3], 50) >= 245  # the shadowed paper is white
    assert "Căn cứ Luật Tổ chức chính quyền" in read(cleaned.ocr_image, body_box(cleaned, 2))


def test_dark_scanner_border_and_punch_holes_are_whitened(document: Image.Image) -> None:
    scan = np.asarray(document).copy()
    scan[:, :60] = 20  # the scanner lid beside the paper
    scan[-45:, :] = 25
    for y in (1100, 2400):  # two punch holes, 6 mm across, 12 mm from the left edge
        cv2.circle(scan, (140, y), 35, (15, 15, 15), -1)
    cleaned = clean_page(Image.fromarray(scan), 300, NO_ORIENTATION)
    grey = np.asarray(cleaned.ocr_image.convert("L"))
    assert grey[:, :60].mean() > 250
    assert grey[-45:, :].mean() > 250
    assert grey[1070:1130, 110:170].mean() > 250
    assert "border" in cleaned.steps and "punch holes" in cleaned.steps


def test_blank_page_is_detected_but_a_page_with_one_line_is_not() -> None:
    rng = np.random.default_rng(7)
    size = (3508, 2480)
    # Greyish recycled paper with scanner noise and a little dust.
    blank = np.clip(rng.normal(215, 6, size), 0, 255).astype(np.uint8)
    blank[rng.random(size) < 0.0003] = 40
    assert clean_page(Image.fromarray(blank), 300, NO_ORIENTATION).is_blank

    one_line = Image.fromarray(blank).convert("RGB")
    ImageDraw.Draw(one_line).text(
        (240, 400), "Trang này để trống.", font=font(REGULAR, points(13, 300)), fill="black"
    )
    cleaned = clean_page(one_line, 300, CleanupSettings())
    assert not cleaned.is_blank
    assert cleaned.rotation == 0


def test_coarse_scan_is_enlarged_to_300_dpi() -> None:
    page = draw_document(dpi=200)
    cleaned = clean_page(page, 200, NO_ORIENTATION)
    assert cleaned.dpi == 300
    assert cleaned.ocr_image.size == (round(page.width * 1.5), round(page.height * 1.5))
    assert cleaned.archive_image.size == page.size  # the archive keeps the scan's pixels
    text = read(cleaned.ocr_image, body_box(cleaned, 2))
    assert "Căn cứ Luật Tổ chức chính quyền địa phương" in text


def test_header_is_split_into_agency_and_motto(document: Image.Image) -> None:
    cleaned = clean_page(document, 300, NO_ORIENTATION)
    left, right = header_columns(cleaned.ocr_image, cleaned.dpi)
    assert left.left + left.width <= right.left
    # The cleanup finds the columns on a half-size copy: the same boxes within 2 pixels.
    for found, expected in zip(cleaned.regions[:2], (left, right), strict=True):
        assert all(
            abs(getattr(found, side) - getattr(expected, side)) <= 2
            for side in ("left", "top", "width", "height")
        )
    header, rest = cleaned.regions[0], cleaned.regions[2]
    assert rest.top >= header.top + header.height and rest.height > 0.7 * document.height

    agency, motto = read(cleaned.ocr_image, left), read(cleaned.ocr_image, right)
    assert "ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH" in agency
    assert "CỘNG" not in agency
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in motto
    assert "ỦY BAN" not in motto
    assert "QUYẾT ĐỊNH" not in motto  # the title belongs to the page, not the right column


def test_page_without_header_is_read_as_one_region() -> None:
    page = draw_document(header=False)
    cleaned = clean_page(page, 300, NO_ORIENTATION)
    assert cleaned.regions == []


def test_switched_off_cleanup_leaves_the_page_alone(document: Image.Image) -> None:
    skewed = document.rotate(3.0, resample=Image.Resampling.BICUBIC, fillcolor="white")
    cleaned = clean_page(skewed, 300, CleanupSettings(enabled=False))
    assert cleaned.steps == [] and cleaned.skew == 0.0
    assert cleaned.archive_image.size == skewed.size


def test_foot_is_read_as_two_columns_recipients_first() -> None:
    # "Nơi nhận" (left) and the signature block (right) sit side by side, like the header.
    from digitize import ocr
    from samples.generator import DocumentType, random_spec, render_document

    spec = random_spec(random.Random(4), long=False, document_type=DocumentType.QUYET_DINH)
    (page,) = render_document(spec)
    cleaned = clean_page(page.image, 300, CleanupSettings())
    assert len(cleaned.regions) == 5  # header left, header right, body, foot left, foot right
    words = ocr.ocr_page(cleaned.ocr_image, cleaned.dpi, ocr.OcrSettings()).words
    lines = ocr.words_to_text(ocr.order_by_regions(words, cleaned.regions)).splitlines()
    recipients = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    signer = next(i for i, line in enumerate(lines) if spec.signer in line)
    assert recipients < signer
    assert not any("Nơi nhận" in line and spec.signer_titles[0] in line for line in lines)
