"""Vietnamese text: canonical form, folding, syllable rules, OCR correction (real Tesseract)."""

from __future__ import annotations

import io
import pickle
import unicodedata
from pathlib import Path

import numpy as np
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz.distance import Levenshtein

from digitize.errors import MissingDependencyError
from digitize.records import Box, Word
from digitize.vietnamese import (
    Lexicon,
    build_lexicon,
    correct_text,
    correct_words,
    default_lexicon,
    fold,
    is_vietnamese_syllable,
    normalize,
)

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")

# Correct administrative text (invented people and numbers): must come back unchanged.
CORRECT_PARAGRAPH = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế "
    "một cửa, một cửa liên thông trong giải quyết thủ tục hành chính; Thông báo số "
    "06/TB-BCĐCCHC ngày 17/10/2023, mã thủ tục 1.004227, hồ sơ 000.00.16.H42-231017-0001, "
    "kết quả KQ.G01.00262. Ủy ban nhân dân xã Tân Hòa thông báo ông Nguyễn Văn Khoa, "
    "thường trú tại thôn Đông Thủy, đến Bộ phận một cửa nhận giấy chứng nhận quyền sử "
    "dụng đất. Chủ tịch UBND xã, Văn phòng HĐND và UBND, QĐ-UBND, khích lệ cán bộ, công "
    "chức thực hiện đúng quy định; người dân khỏe mạnh, quý khách hài lòng."
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return default_lexicon()


# --- normalize ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("hoà", "hòa"),
        ("thuý", "thúy"),
        ("hoá", "hóa"),
        ("khoẻ", "khỏe"),
        ("Hoà Bình", "Hòa Bình"),
        ("uỷ ban", "ủy ban"),
        ("THUỶ LỢI", "THỦY LỢI"),
        ("quý", "quý"),
        ("già", "già"),
        ("gìn giữ", "gìn giữ"),
        ("thuở", "thuở"),
        ("uyển", "uyển"),
        ("người", "người"),
        ("ngoài", "ngoài"),
        ("khuỷu", "khuỷu"),
        ("hoàn", "hoàn"),
        ("quyển", "quyển"),
    ],
)
def test_normalize_puts_tone_marks_in_the_traditional_place(given: str, canonical: str) -> None:
    assert normalize(given) == canonical
    assert normalize(canonical) == canonical


def test_normalize_composes_decomposed_input_and_fixes_look_alikes() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Thuỷ, Đà Nẵng")
    assert normalize(nfd) == "Nguyễn Thị Thủy, Đà Nẵng"
    assert normalize("Ðà Nẵng, ðường") == "Đà Nẵng, đường"  # eth used for đ
    assert normalize("e\u0301\u0302") == "ế"  # tone mark typed before the circumflex
    assert normalize("Ủy\u00a0ban  \t nhân\u200b dân \n  tỉnh ") == "Ủy ban nhân dân\ntỉnh"


def test_normalize_leaves_foreign_words_and_codes_alone_and_is_idempotent() -> None:
    text = "café, Đắk Lắk, 06/TB-BCĐCCHC, e-mail, 17/10/2023"
    assert normalize(text) == text
    once = normalize(unicodedata.normalize("NFD", CORRECT_PARAGRAPH.replace("hòa", "hoà")))
    assert normalize(once) == once
    assert once == CORRECT_PARAGRAPH


# --- fold --------------------------------------------------------------------------------


def test_fold_is_the_accent_insensitive_key() -> None:
    assert fold("Đường Nguyễn Huệ") == "duong nguyen hue"
    assert fold(unicodedata.normalize("NFD", "Đường Nguyễn Huệ")) == "duong nguyen hue"
    assert fold("ỦY BAN NHÂN DÂN") == fold("uy ban nhan dan") == "uy ban nhan dan"
    assert fold("hoà") == fold("hòa")


# --- syllables ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    ["nghiêng", "khuyến", "quý", "gìn", "giữa", "kiểm", "ghế", "nghĩa", "cấp", "tuyết", "Nguyễn",
     "Thủy", "hoạch", "xoáy", "khuỷu", "ĐƯỜNG", "ích", "yêu", "quốc", "quỳnh", "oa", "gì"],
)  # fmt: skip
def test_valid_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    ("word", "rule"),
    [
        ("khich", "stop final -ch needs sắc or nặng"),
        ("tàp", "stop final -p needs sắc or nặng"),
        ("mãt", "stop final -t needs sắc or nặng"),
        ("bảc", "stop final -c needs sắc or nặng"),
        ("ka", "k only before e ê i y"),
        ("gha", "gh only before e ê i y"),
        ("nghà", "ngh only before e ê i y"),
        ("ce", "c never before e ê i"),
        ("ge", "g never before e ê i"),
        ("ngi", "ng never before e ê i"),
        ("fan", "f is not in the alphabet"),
        ("jam", "j is not in the alphabet"),
        ("wo", "w is not in the alphabet"),
        ("zê", "z is not in the alphabet"),
        ("ñà", "ñ is not in the alphabet"),
        ("häi", "ä is not in the alphabet"),
        ("hòá", "two tone marks"),
        ("tchà", "no such onset"),
        ("huan", "rime must be one of the Vietnamese rimes"),
        ("qa", "q only as qu-"),
    ],
)
def test_invalid_syllables(word: str, rule: str) -> None:
    assert not is_vietnamese_syllable(word), rule


# --- lexicon -----------------------------------------------------------------------------


def test_lexicon_is_picklable_and_takes_domain_texts() -> None:
    lexicon = build_lexicon(["Cấp đổi giấy phép kinh doanh karaoke"])
    assert "karaoke" in lexicon and "thủy" in lexicon and "hòa" in lexicon
    assert lexicon.pair("kinh", "doanh") > 0
    assert pickle.loads(pickle.dumps(lexicon)).bigrams == lexicon.bigrams


def test_missing_hunspell_names_the_debian_package(tmp_path: Path) -> None:
    with pytest.raises(MissingDependencyError, match="hunspell-vi"):
        build_lexicon(hunspell_path=tmp_path / "vi_VN.dic")


# --- correction --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ocr", "truth"),
    [
        ("khich lệ", "khích lệ"),
        ("thú tục hành chính", "thủ tục hành chính"),
        ("Thú tục hành chính", "Thủ tục hành chính"),
        ("THÚ TỤC HÀNH CHÍNH", "THỦ TỤC HÀNH CHÍNH"),
        ("Ủy ban nhâñ dân", "Ủy ban nhân dân"),
        ("Nguyêñ Văn An", "Nguyễn Văn An"),
        ("sửa đối, bố sung", "sửa đổi, bổ sung"),
        ("kiếm soát thủ tục", "kiểm soát thủ tục"),
        ("giấy chúng nhận", "giấy chứng nhận"),
        ("hồ sơ đăng ky", "hồ sơ đăng ký"),
        ("quyên sử dụng đất", "quyền sử dụng đất"),
        ("Sở Tư phảp", "Sở Tư pháp"),
        ("Ủy ban nhân dần tỉnh", "Ủy ban nhân dân tỉnh"),
        ("(thủ tục hành chinh).", "(thủ tục hành chính)."),
        ("cải cách hành chính", "cải cách hành chính"),
    ],
)
def test_correct_text_fixes_typical_tesseract_errors(
    ocr: str, truth: str, lexicon: Lexicon
) -> None:
    assert correct_text(ocr, lexicon) == truth


def test_correct_text_leaves_correct_text_and_codes_alone(lexicon: Lexicon) -> None:
    assert correct_text(CORRECT_PARAGRAPH, lexicon) == CORRECT_PARAGRAPH
    codes = "06/TB-BCĐCCHC 1.004227 000.00.16.H42-231017-0001 KQ.G01.00262 17/10/2023 UBND QĐ-UBND"
    assert correct_text(codes, lexicon) == codes


@pytest.mark.parametrize(
    ("seen", "meant"),
    [
        ("công trình cấp HI có yếu tố", "công trình cấp III có yếu tố"),
        ("chứng chỉ hành nghề hạng H", "chứng chỉ hành nghề hạng II"),
        ("(hạng Il)", "(hạng II)"),
        ("cấp 1 tỉnh, loại 11 người, hạng III", "cấp 1 tỉnh, loại 11 người, hạng III"),
        ("ông H đến", "ông H đến"),
    ],
)
def test_roman_numerals_after_a_rank_word(lexicon: Lexicon, seen: str, meant: str) -> None:
    assert correct_text(seen, lexicon) == meant


def test_a_pair_from_a_longer_name_does_not_support_a_misread(lexicon: Lexicon) -> None:
    # "Sở Tài" only exists as the start of "Sở Tài chính" / "Sở Tài nguyên ...".
    assert lexicon.pair("sở", "tài") > 0
    misread = "Kết luận của lãnh đạo Sở tài cuộc họp giao ban"
    assert correct_text(misread, lexicon) == "Kết luận của lãnh đạo Sở tại cuộc họp giao ban"
    assert correct_text("Giám đốc Sở Tài chính", lexicon) == "Giám đốc Sở Tài chính"


def test_real_word_needs_context_to_change(lexicon: Lexicon) -> None:
    assert correct_text("chí", lexicon) == "chí"  # a real word alone: no evidence
    assert correct_text("ý chí", lexicon) == "ý chí"
    assert correct_text("chí đạo thực hiện", lexicon) == "chỉ đạo thực hiện"


def _word(text: str, number: int, confidence: float = 80.0, line: int = 1) -> Word:
    return Word(text, Box(10 * number, 10, 9, 9), confidence, 1, 1, line, number)


def test_correct_words_keeps_tesseract_text_and_trusts_confident_words(lexicon: Lexicon) -> None:
    words = [_word(t, i) for i, t in enumerate(["Thú", "tục", "hành", "chinh:", "khoẻ"])]
    fixed = correct_words(words, lexicon)
    assert [w.text for w in fixed] == ["Thủ", "tục", "hành", "chính:", "khỏe"]
    assert [w.original for w in fixed] == ["Thú", None, None, "chinh:", "khoẻ"]
    assert fixed[1] is words[1] and fixed[0].box == words[0].box


def test_confident_real_words_need_more_evidence() -> None:
    lexicon = build_lexicon(["giấy phép bán lẻ rượu"])  # "bán lẻ" seen once
    unsure = [_word(t, i, 60.0) for i, t in enumerate(["cửa", "bản", "lẻ"])]
    sure = [_word(t, i, 97.0) for i, t in enumerate(["cửa", "bản", "lẻ"])]
    assert [w.text for w in correct_words(unsure, lexicon)] == ["cửa", "bán", "lẻ"]
    assert [w.text for w in correct_words(sure, lexicon)] == ["cửa", "bản", "lẻ"]


# --- real Tesseract ----------------------------------------------------------------------

OCR_TRUTH = (
    "Căn cứ Luật Tổ chức chính quyền địa phương; Nghị định sửa đổi, bổ sung một số điều của "
    "các nghị định liên quan đến kiểm soát thủ tục hành chính; theo đề nghị của Giám đốc Sở "
    "Tư pháp, Chủ tịch Ủy ban nhân dân tỉnh quyết định công bố danh mục thủ tục hành chính "
    "được chuẩn hóa trong lĩnh vực hộ tịch, chứng thực thuộc thẩm quyền giải quyết của Ủy ban "
    "nhân dân cấp xã. Tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành quyết định này."
)


def _render(text: str, size: int = 40) -> Image.Image:
    font = ImageFont.truetype(str(FONT), size)
    image = Image.new("L", (2000, 900), 255)
    draw = ImageDraw.Draw(image)
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) < 1850:
            lines[-1] = candidate
        else:
            lines.append(word)
    for i, line in enumerate(lines):
        draw.text((70, 60 + i * int(size * 1.45)), line, font=font, fill=0)
    blurred = image.filter(ImageFilter.GaussianBlur(1.3))
    noisy = np.asarray(blurred, dtype=np.float32)
    noisy += np.random.default_rng(7).normal(0, 20, noisy.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=35)
    return Image.open(io.BytesIO(buffer.getvalue()))


def test_correction_lowers_word_error_rate_on_real_tesseract_output(lexicon: Lexicon) -> None:
    ocr = pytesseract.image_to_string(_render(OCR_TRUTH), lang="vie", config="--psm 6")
    truth = normalize(OCR_TRUTH).split()
    before = Levenshtein.distance(truth, normalize(ocr).split())
    after = Levenshtein.distance(truth, correct_text(ocr, lexicon).split())
    assert after <= before
    assert after / len(truth) < 0.03
