"""Fields of a whole document, found from the layout of its lines.

The header of an administrative document (Nghị định 30/2020/NĐ-CP) is fixed: agency on the
left, national motto on the right, then "Số: ..." left and "<place>, ngày ..." right, then the
centred type title and the subject; the signature block closes the last page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from digitize.extract.barcodes import barcode_fields
from digitize.extract.doctypes import TYPE_KEYS
from digitize.extract.layout import Line, page_lines, union_box
from digitize.extract.model import DocumentFields, Field, FieldName, PageText, Source
from digitize.extract.names import is_personal_name, name_words, title_case
from digitize.extract.patterns import (
    Parsed,
    parse_dossier_code,
    parse_identity_number,
    parse_number_symbol,
    parse_numeric_date,
    parse_procedure_code,
    parse_result_code,
    parse_text_date,
    place_before,
    repair_symbol,
)
from digitize.extract.vocabulary import repair_header, repair_place
from digitize.records import Box, Word

# Each repaired character costs this share of the confidence.
_REPAIR_FACTOR = 0.9
# The header (agency, number, date, title) lies in this top share of the first page.
_HEADER_SHARE = 0.45
_MOTTO = re.compile(r"cong hoa xa hoi|doc lap|tu do ?- ?hanh phuc")
# "V/v", also as OCR prints it: "V'v", "Vlv", "V/ " (the second v lost), "Vv" (the slash).
_VV = re.compile(r"^\s*v\s*(?:[/'|l1i\\]\s*v\b|[/'|\\](?=\s)|v\b)\s*[:.]?\s*")
_BODY_START = re.compile(r"^\s*(can cu|kinh gui|xet |theo |thuc hien|noi nhan)")
_SIGNER_TITLE = re.compile(
    r"^(kt|tm|tl|tuq|q|ktl)\s*[.,]|giam doc|chu tich|truong|pho |thu truong|chanh|tong cuc|"
    r"can bo|cong chuc|nguoi tiep nhan|nguoi nhan|nguoi ky|thu ky|uy vien|ke toan|chi huy|"
    r"bi thu|ban chi dao|dai dien"
)
_APPLICANT_CUE = re.compile(
    r"(ong\s*[/(|l1]?\s*ba\s*\)?|ho va ten|ho ten|ten nguoi nop|nguoi nop ho so|nguoi nop|"
    r"cap cho|tiep nhan ho so cua|nguoi de nghi|\bong|\bba)\s*[:.]?\s*"
)
_PROCEDURE_CUE = re.compile(r"ma thu tuc|thu tuc|\(\s*ma|ma tthc")
# A label that opens its line: in running text "thủ tục hành chính;" ends a clause.
_PROCEDURE_NAME_CUE = re.compile(r"^\W*(ten )?thu tuc( hanh chinh)?\s*[:;]\s*")
_IDENTITY_CUE = re.compile(r"dinh danh|cccd|can cuoc|cmnd|chung minh")
_DOSSIER_CUE = re.compile(r"ma ho so|so ho so|ma so ho so")
_RESULT_CUE = re.compile(r"ket qua|ma kq")


def _confidence(line: Line, start: int, end: int, repairs: int) -> float:
    return round(line.span_confidence(start, end) * _REPAIR_FACTOR**repairs, 3)


def _field(name: str, value: str, line: Line, start: int, end: int, repairs: int) -> Field:
    return Field(
        name, value, line.page, line.span_box(start, end),
        _confidence(line, start, end, repairs), Source.TEXT, line.text[start:end],
    )


def _lines_field(name: str, value: str, lines: Sequence[Line], repairs: int = 0) -> Field:
    confidences = [ln.span_confidence(0, len(ln.text)) for ln in lines]
    confidence = sum(confidences) / len(confidences) * _REPAIR_FACTOR**repairs
    return Field(
        name, value, lines[0].page, union_box([ln.box for ln in lines]), round(confidence, 3),
        Source.TEXT, "\n".join(ln.text for ln in lines),
    )


def _inside(word: Word, box: Box) -> bool:
    w = word.box
    dx = min(w.left + w.width, box.left + box.width) - max(w.left, box.left)
    dy = min(w.top + w.height, box.top + box.height) - max(w.top, box.top)
    return dx > 0 and dy > 0 and dx * dy >= 0.5 * max(1, w.width * w.height)


class _Page:
    def __init__(self, page: PageText) -> None:
        self.number = page.number
        self.width = page.width or 1
        self.height = page.height or 1
        # Tesseract reads a QR code as a few letters of junk: drop what lies on a barcode.
        words = [
            w for w in page.words if not any(_inside(w, b.box) for b in page.barcodes)
        ]
        self.lines = page_lines(page.number, words)

    def is_left(self, line: Line) -> bool:
        return line.center_x < 0.5 * self.width

    def is_centred(self, line: Line) -> bool:
        return abs(line.center_x - self.width / 2) < 0.14 * self.width

    def in_header(self, line: Line) -> bool:
        return line.box.top < _HEADER_SHARE * self.height


# --- header: number, date, place, agency ------------------------------------------------------


def _find_number(page: _Page) -> tuple[Line, Parsed] | None:
    for line in page.lines:
        if page.in_header(line):
            parsed = parse_number_symbol(line.text)
            if parsed is not None:
                return line, parsed
    return None


_PLACE_ONLY = re.compile(r",\s*ng[a-z]{1,3}\b")


def _find_date(pages: list[_Page]) -> tuple[Line, Parsed | None, Parsed | None] | None:
    """(line, date, place) of the issue date, or None.

    Best is "<place>, ngày ..." (the header line; a receipt may print it above its
    signatures). Else a date alone in the right header column; a "<place>, ngày" whose date
    OCR garbled beyond repair still gives the place.
    """
    first = pages[0]
    for page in pages:
        for line in page.lines:
            parsed = parse_text_date(line.text)
            if parsed is not None:
                place = place_before(line.text, parsed.start)
                if place is not None:
                    return line, parsed, place
    for line in first.lines:
        if not first.in_header(line) or line.center_x < 0.5 * first.width:
            continue
        if line.box.width > 0.5 * first.width:  # a justified body line citing an act
            continue
        parsed = parse_text_date(line.text) or parse_numeric_date(line.text)
        if parsed is not None:
            return line, parsed, None
        match = _PLACE_ONLY.search(line.folded)
        if match is not None:
            place = place_before(line.text, match.start() + 1)
            if place is not None:
                return line, None, place
    return None


def _is_motto(line: Line) -> bool:
    return _MOTTO.search(line.folded) is not None


_DASHES = {"-", "–"}


def tidy_free_text(text: str) -> str:
    """A free-text field without the specks OCR reads as lone marks ("_ Về việc", "đất . do").

    A lone dash between two words stays: "kinh tế - kỹ thuật".
    """
    tokens = text.split()
    kept = [
        token
        for index, token in enumerate(tokens)
        if any(c.isalnum() for c in token)
        or (token in _DASHES and 0 < index < len(tokens) - 1)
    ]
    return " ".join(kept)


def _has_letters(line: Line, least: int = 2) -> bool:
    return sum(c.isalpha() for c in line.text) >= least


def _agency_lines(page: _Page, limit: float) -> list[Line]:
    """The left header block: contiguous upper-case lines above the number line."""
    candidates = [
        line
        for line in page.lines
        if line.bottom <= limit + 0.5 * line.height
        and page.is_left(line)
        and line.box.left < 0.45 * page.width
        and not _is_motto(line)
        and _has_letters(line, 3)
        and line.is_upper()
        and line.span_confidence(0, len(line.text)) >= 0.4
    ]
    if not candidates:
        return []
    block = [candidates[-1]]
    for line in reversed(candidates[:-1]):
        if block[0].box.top - line.bottom > 1.5 * max(line.height, block[0].height):
            break
        block.insert(0, line)
    return block


# The second line of an agency name that wraps: "ỦY BAN NHÂN DÂN / TỈNH PHÚ YÊN".
_PLACE_LEVEL = re.compile(r"^(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\b")
_COUNCIL = re.compile(r"^(uy ban nhan dan|hoi dong nhan dan)$")


def _split_agency(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """(parent lines, own lines) of the left header block."""
    if len(lines) >= 2 and _COUNCIL.match(lines[0].folded) and _PLACE_LEVEL.match(lines[1].folded):
        # "ỦY BAN NHÂN DÂN / TỈNH ..." is one name: the parent when more follows.
        return (lines[:2], lines[2:]) if len(lines) > 2 else ([], lines)
    if len(lines) <= 1:
        return [], lines
    return lines[:1], lines[1:]


# --- type, title, subject -------------------------------------------------------------------


def _match_type(words: list[str]) -> tuple[str, int] | None:
    """The document type whose folded name begins ``words``, and how many words it took.

    The closest name wins ("THÔNG BÁO" read as "THONG BAO" is not "Thông cáo"); on a tie the
    longer name.
    """
    best: tuple[float, int, str] | None = None
    for key, name in TYPE_KEYS:
        if len(words) < len(key):
            continue
        candidate = " ".join(words[: len(key)])
        target = " ".join(key)
        score = 100.0 if candidate == target else fuzz.ratio(candidate, target)
        if (score == 100.0 or (len(target) >= 6 and score >= 85)) and (
            best is None or (score, len(key)) > best[:2]
        ):
            best = (score, len(key), name)
    return (best[2], best[1]) if best is not None else None


def _words_of(line: Line) -> list[str]:
    return line.folded.replace(",", " ").split()


def _find_title(page: _Page, below: float) -> tuple[list[Line], str, int] | None:
    """The title lines, the type and the count of type words, searched below the header."""
    lines = [ln for ln in page.lines if ln.box.top >= below and page.in_header(ln)]
    for index, line in enumerate(lines):
        if not (page.is_centred(line) and line.is_upper()):
            continue
        words = _words_of(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and page.is_centred(following) and following.is_upper():
            combined = _match_type(words + _words_of(following))
            if combined is not None and combined[1] > len(words):
                return [line, following], combined[0], combined[1]
        found = _match_type(words)
        if found is not None:
            return [line], found[0], found[1]
    return None


def _subject_after(page: _Page, title: list[Line], type_words: int) -> list[Line]:
    """The centred lines under the title, up to the body."""
    chosen: list[Line] = []
    previous = title[-1]
    started_lower = False
    for line in page.lines:
        if line.box.top <= title[-1].box.top:
            continue
        gap = line.box.top - previous.bottom
        # Subject lines are centred and narrower than the justified body below them.
        if gap > 1.2 * max(previous.height, 1) or not page.is_centred(line):
            break
        if line.box.width > 0.66 * page.width:
            break
        if _BODY_START.match(line.folded):
            break
        # The rule under the title ends it; a wrapped date ("01/7/2025)") does not.
        if not _has_letters(line) and not (chosen and any(c.isdigit() for c in line.text)):
            break
        if chosen and started_lower and line.is_upper():
            break  # "CHỦ TỊCH ỦY BAN NHÂN DÂN ..." after the subject
        if not chosen:
            started_lower = not line.is_upper()
        chosen.append(line)
        previous = line
    return chosen


def _title_remainder(title: list[Line], type_words: int) -> str:
    """The words of the title lines after the type words ("GIẤY CHỨNG NHẬN <rest>")."""
    words = " ".join(ln.text for ln in title).replace(",", ", ").split()
    folded_count = 0
    for index, word in enumerate(words):
        if word.strip(","):
            folded_count += 1
        if folded_count == type_words:
            return " ".join(words[index + 1 :]).strip(" ,")
    return ""


def _find_vv(page: _Page, below: float) -> list[Line]:
    """The "V/v ..." subject of a công văn and its wrapped lines in the left column."""
    for index, line in enumerate(page.lines):
        if line.box.top < below - 2 * line.height or not page.is_left(line):
            continue
        if not page.in_header(line):
            break
        if _VV.match(line.folded):
            chosen = [line]
            for nxt in page.lines[index + 1 :]:
                if not page.is_left(nxt) or nxt.box.left > 0.45 * page.width:
                    continue
                if nxt.box.top - chosen[-1].bottom > 1.5 * line.height:
                    break
                if _BODY_START.match(nxt.folded) or _is_motto(nxt):
                    break
                chosen.append(nxt)
            return chosen
    return []


# --- signature ------------------------------------------------------------------------------


def _find_signer(
    pages: list[_Page], header_bottom: float
) -> tuple[Line | None, Line, list[str]] | None:
    """(title line, name line, name words) of the signature block, searched from the end.

    When OCR lost the title (a seal over it), the last name alone in the right half of the
    last page is taken, without a title.
    """
    for page in reversed(pages):
        skip = header_bottom if page is pages[0] else 0.0
        titles = [
            ln
            for ln in page.lines
            if ln.box.top > skip
            and ln.center_x > 0.4 * page.width
            and ln.is_upper()
            and _SIGNER_TITLE.search(ln.folded)
        ]
        for title in reversed(titles):
            left, right = title.box.left, title.box.left + title.box.width
            reach = title.bottom + 14 * max(title.height, 1)
            for line in page.lines:
                if line.box.top <= title.box.top or line.box.top > reach:
                    continue
                if line.box.left > right or line.box.left + line.box.width < left:
                    continue
                words = name_words(line.text.split())
                if is_personal_name(words) and len(words) == len(line.text.split()):
                    return title, line, words
                if line.is_upper() and _SIGNER_TITLE.search(line.folded):
                    break  # another title below: this one has no name of its own
    last = pages[-1]
    skip = header_bottom if last is pages[0] else 0.0
    for line in reversed(last.lines):
        if line.box.top <= max(skip, 0.2 * last.height) or line.box.left < 0.45 * last.width:
            continue
        words = name_words(line.text.split())
        if is_personal_name(words) and len(words) == len(line.text.split()):
            return None, line, words
    return None


# --- anywhere: codes, identity, applicant ---------------------------------------------------


def _find_anywhere(
    pages: list[_Page], parser: Callable[[str], Parsed | None], cue: re.Pattern[str]
) -> tuple[Line, Parsed, bool] | None:
    """The code read most often; on a tie the first one after its cue, else the first.

    A code printed twice ("Mã hồ sơ: ..." and "(mã hồ sơ ...)") outvotes one misread copy.
    """
    found: list[tuple[Line, Parsed, bool]] = []
    for page in pages:
        previous: Line | None = None
        for line in page.lines:
            parsed = parser(line.text)
            if parsed is not None:
                cued = cue.search(line.folded[: parsed.start]) is not None or (
                    previous is not None and cue.search(previous.folded) is not None
                )
                found.append((line, parsed, cued))
            previous = line
    if not found:
        return None
    votes = Counter(parsed.value for _, parsed, _ in found)
    return max(found, key=lambda item: (votes[item[1].value], item[2]))


def _find_procedure_name(pages: list[_Page]) -> tuple[list[Line], str, int, int] | None:
    """The name after "Thủ tục:", up to its code "(mã 1.004227)" when one follows."""
    for page in pages:
        for index, line in enumerate(page.lines):
            match = _PROCEDURE_NAME_CUE.search(line.folded)
            if match is None:
                continue
            lines, text = _procedure_name_lines(page.lines, index, line.text[match.end() :])
            code = parse_procedure_code(text)
            end = code.start if code is not None else len(text)
            name = re.sub(
                r"\(?\s*(mã|ma|mã số|mã thủ tục)?\s*[:.]?\s*$",
                "",
                text[:end].rstrip(),
                flags=re.IGNORECASE,
            )
            name = tidy_free_text(name).strip(" ,;:-(")
            if len(name) >= 4:
                return lines, name, match.end(), len(text)
    return None


_MAX_NAME_LINES = 4  # a procedure name wraps over three lines at most, its code on a fourth
_LABEL_LINE = re.compile(r"^\s*(\d+\s*[.)]\s|[a-z/ ]{2,30}:)")  # "1. Đơn ...", "Mã kết quả:"


def _procedure_name_lines(lines: list[Line], index: int, text: str) -> tuple[list[Line], str]:
    """The cue's line and the lines the name wraps onto, with their text joined.

    A name followed by its code runs on until the code, whatever its wrapped part starts
    with ("01/7/2025)", "(cấp xã)"). Without a code in sight only a lower-case
    continuation is taken: anything else may be the next paragraph.
    """
    line = lines[index]
    taken, joined = [line], text
    for nxt in lines[index + 1 : index + _MAX_NAME_LINES]:
        if parse_procedure_code(joined) is not None:
            break
        if nxt.box.top - taken[-1].bottom > 1.2 * line.height or _LABEL_LINE.match(nxt.folded):
            break
        taken, joined = [*taken, nxt], f"{joined} {nxt.text}"
    if parse_procedure_code(joined) is not None:
        return taken, joined
    after = lines[index + 1] if index + 1 < len(lines) else None
    if (
        parse_procedure_code(text) is None
        and after is not None
        and after.box.top - line.bottom < 1.2 * line.height
        and (after.text[:1].islower() or after.folded.startswith("(ma"))
    ):
        return [line, after], f"{text} {after.text}"
    return [line], text


def _find_applicant(pages: list[_Page]) -> tuple[Line, list[str], int, int] | None:
    """The applicant's name: the spelling read most often after a cue, first on a tie.

    A name is printed several times ("Ông/Bà: ...", "đề nghị của Ông/Bà ..."): a vote
    outweighs one misread copy.
    """
    found: list[tuple[Line, list[str], int, int]] = []
    for page in pages:
        for line in page.lines:
            for match in _APPLICANT_CUE.finditer(line.folded):
                rest = line.text[match.end() :]
                words = name_words(rest.split())
                if not is_personal_name(words):
                    continue
                start = line.text.find(words[0], match.end())
                end = line.text.find(words[-1], start) + len(words[-1])
                found.append((line, words, start, end))
                break
    if not found:
        return None
    votes = Counter(title_case(words) for _, words, _, _ in found)
    best = max(votes.values())
    return next(item for item in found if votes[title_case(item[1])] == best)


# --- the document ---------------------------------------------------------------------------


def extract_fields(pages: Sequence[PageText]) -> DocumentFields:
    """All fields of one document from the OCR of its pages (and their barcodes)."""
    result = DocumentFields()
    if not pages:
        return result
    laid = [_Page(p) for p in sorted(pages, key=lambda p: p.number)]
    first = laid[0]

    number = _find_number(first)
    date = _find_date(laid)
    header_lines = [found[0] for found in (number, date) if found is not None]
    header_lines = [ln for ln in header_lines if ln.page == first.number and first.in_header(ln)]
    header_bottom = max((ln.bottom for ln in header_lines), default=0.0)

    # Agency: the left block above the number line.
    limit = number[0].box.top if number else (header_bottom or _HEADER_SHARE * first.height)
    parent, own = _split_agency(_agency_lines(first, limit))
    for name, lines in ((FieldName.AGENCY, own), (FieldName.PARENT_AGENCY, parent)):
        if lines:
            text, repairs = repair_header(" ".join(ln.text for ln in lines).strip(" .,;:-"))
            result.put(_lines_field(name, text, lines, repairs))

    # Type and subject: the centred title, or a công văn's "V/v ...".
    document_type: str | None = None
    title = _find_title(first, header_bottom)
    if title is not None:
        title_lines, document_type, type_words = title
        result.put(_lines_field(FieldName.DOCUMENT_TYPE, document_type, title_lines))
        subject_lines = _subject_after(first, title_lines, type_words)
        remainder = _title_remainder(title_lines, type_words)
        parts = ([remainder] if remainder else []) + [ln.text for ln in subject_lines]
        if parts:
            result.put(
                _lines_field(
                    FieldName.SUBJECT, tidy_free_text(" ".join(parts)), subject_lines or title_lines
                )
            )
    else:
        vv_lines = _find_vv(first, number[0].bottom if number else header_bottom)
        if vv_lines:
            document_type = "Công văn"
            result.put(_lines_field(FieldName.DOCUMENT_TYPE, document_type, vv_lines[:1]))
            # Kept as printed, "V/v" included; an OCR'd "V'v" or "Vlv" becomes "V/v".
            match = _VV.match(vv_lines[0].folded)
            rest = " ".join(ln.text for ln in vv_lines)[match.end() if match else 0 :]
            subject = f"V/v {tidy_free_text(rest)}"
            result.put(_lines_field(FieldName.SUBJECT, subject, vv_lines))

    if number is not None:
        line, parsed = number
        if document_type is not None:
            parsed = parse_number_symbol(line.text, document_type=document_type) or parsed
        value, repairs = repair_symbol(parsed.value, document_type, result.value(FieldName.AGENCY))
        result.put(
            _field(FieldName.NUMBER, value, line, parsed.start, parsed.end, parsed.repairs + repairs)
        )
    if date is not None:
        line, day, place = date
        if day is not None:
            result.put(_field(FieldName.DATE, day.value, line, day.start, day.end, day.repairs))
        if place is not None:
            value, repairs = repair_place(place.value)
            result.put(_field(FieldName.PLACE, value, line, place.start, place.end, repairs))

    signer = _find_signer(laid, header_bottom)
    if signer is not None:
        title_line, name_line, words = signer
        if title_line is not None:
            result.put(_lines_field(FieldName.SIGNER_TITLE, title_line.text, [title_line]))
        result.put(_lines_field(FieldName.SIGNER, title_case(words), [name_line]))

    for name, parser, cue, uncued in (
        (FieldName.DOSSIER_CODE, parse_dossier_code, _DOSSIER_CUE, 0.9),
        (FieldName.PROCEDURE_CODE, parse_procedure_code, _PROCEDURE_CUE, 0.8),
        (FieldName.RESULT_CODE, parse_result_code, _RESULT_CUE, 0.8),
        (FieldName.IDENTITY_NUMBER, parse_identity_number, _IDENTITY_CUE, 0.7),
    ):
        found = _find_anywhere(laid, parser, cue)
        if found is not None:
            line, parsed, cued = found
            item = _field(name, parsed.value, line, parsed.start, parsed.end, parsed.repairs)
            if not cued:
                item = Field(item.name, item.value, item.page, item.box,
                             round(item.confidence * uncued, 3), item.source, item.raw)
            result.put(item)

    procedure = _find_procedure_name(laid)
    if procedure is not None:
        lines, value, _, _ = procedure
        result.put(_lines_field(FieldName.PROCEDURE_NAME, value, lines))

    applicant = _find_applicant(laid)
    if applicant is not None:
        line, words, start, end = applicant
        result.put(_field(FieldName.APPLICANT_NAME, title_case(words), line, start, end, 0))

    # A code read from a QR code or barcode is exact: it wins over the OCR of the same field.
    for page in sorted(pages, key=lambda p: p.number):
        for barcode in page.barcodes:
            for item in barcode_fields(barcode, page.number):
                if (existing := result.get(item.name)) is None or existing.source == Source.TEXT:
                    result.put(item)
    return result

