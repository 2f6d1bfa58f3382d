"""Match one document's extracted fields to a dossier of the register and a procedure.

Every decision comes with a score (0-100) and reasons in Vietnamese for the clerk. The
indexes are built once from the imported records (``CatalogueIndex``, ``RegisterIndex``)
and passed in: this stage never opens a database.

Document -> dossier: the dossier code (tolerant of OCR look-alikes, missing dots, and one
wrong character in the serial when only one dossier fits), else the result number + date,
else applicant (or identity number) + procedure + date window. Each candidate is then
checked against the other fields (applicant, procedure, number, date), which raise or
lower its score.

Document -> procedure: the code of the linked dossier, else the code read on the page,
else the result-type code, else a fuzzy match of the title on accent-folded names, where
the margin to the runner-up decides between a link and a review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from digitize.catalogue import DOSSIER_CODE, Dossier, Procedure
from digitize.vietnamese import fold, normalize

# Look-alikes OCR swaps in codes. Codes hold upper-case letters only, so a lower-case
# letter is an OCR artefact and is read first as the digit it resembles (b -> 6, but
# B -> 8). Applied to both sides of a lookup, so a collision costs nothing.
_LOWER_CONFUSABLES = str.maketrans(
    {"o": "0", "l": "1", "i": "1", "b": "6", "s": "5", "g": "9", "z": "2", "q": "9"}
)
_CONFUSABLES = str.maketrans(
    {
        "O": "0",
        "Q": "0",
        "D": "0",
        "I": "1",
        "L": "1",
        "|": "1",
        "!": "1",
        "S": "5",
        "B": "8",
        "Z": "2",
        "G": "6",
    }
)
_NOT_CODE = re.compile(r"[^0-9A-Z|!]+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Words that open a title without naming the procedure: "QUYẾT ĐỊNH Về việc ...".
_TITLE_PREFIX = re.compile(
    r"^(?:(?:quyet dinh|giay|van ban|thong bao|to trinh|cong van)\s+)?"
    r"(?:(?:ve viec|v v|vv)\s+)",
)


class Decision(StrEnum):
    LINKED = "linked"  # linked automatically
    REVIEW = "review"  # a clerk must confirm, candidates attached
    UNMATCHED = "unmatched"  # nothing plausible found


class CandidateKind(StrEnum):
    DOSSIER = "dossier"
    PROCEDURE = "procedure"


@dataclass(frozen=True)
class MatchSettings:
    """The ``[match]`` table of a pipeline file. Scores are 0-100."""

    accept_threshold: float = 90.0  # at or above: linked without a clerk
    review_threshold: float = 60.0  # at or above: shown to a clerk; below: ignored
    ambiguity_margin: float = 3.0  # best must beat the runner-up by this much to link
    date_window_days: int = 30  # slack around a dossier's dates for the issue date
    fuzzy_cutoff: float = 70.0  # title similarity below this is not a candidate
    fuzzy_limit: int = 20  # names fetched per fuzzy search
    invalid_period_penalty: float = 15.0  # procedure not valid on the document's date
    max_candidates: int = 5  # alternatives kept for the review queue


@dataclass(frozen=True)
class DocumentEvidence:
    """What the field extractor read on one document. Empty string / None = not found.

    ``from_qr`` names the fields read from a QR code (e.g. ``{"dossier_code"}``): those
    are trusted as exact.
    """

    document_type: str = ""
    title: str = ""  # title and subject ("V/v ...") as read
    number_symbol: str = ""  # "123/QĐ-UBND"
    issue_date: date | None = None
    dossier_code: str = ""
    procedure_code: str = ""
    result_code: str = ""  # KQ.G01.00262
    applicant: str = ""
    citizen_id: str = field(default="", repr=False)
    from_qr: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    """One alternative offered to the clerk."""

    kind: CandidateKind
    code: str
    score: float
    label: str  # procedure name, or dossier's procedure and date


@dataclass
class MatchResult:
    """The outcome for one document.

    For ``REVIEW`` the codes hold the best guess (to pre-fill the review form); for
    ``UNMATCHED`` they are None.
    """

    decision: Decision
    procedure_code: str | None = None
    procedure_score: float = 0.0
    procedure_name: str | None = None
    dossier_code: str | None = None
    dossier_score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


# --- keys --------------------------------------------------------------------------------


def code_key(text: str) -> str:
    """Letters and digits only, upper case, OCR look-alikes merged: the lookup key of codes."""
    lowered = text.translate(_LOWER_CONFUSABLES)
    if not lowered.isascii():
        lowered = fold(lowered)
    return _NOT_CODE.sub("", lowered.upper()).translate(_CONFUSABLES)


def number_key(text: str) -> str:
    """Key of a result number and symbol: "554/GP-SXD", "554IGP-SXD" -> "554/6P5X0".

    OCR often reads the slash after the number as I or l; the number itself is kept apart
    so that "55/4GP" cannot collide with "554/GP".
    """
    parts = re.match(r"^\s*(\d+)\s*[/Il|]\s*(.+)$", text)
    if parts:
        return parts[1] + "/" + code_key(parts[2])
    return code_key(text)


@lru_cache(maxsize=65536)  # a register repeats the same few thousand codes
def procedure_key(code: str) -> str:
    """The national part of a procedure code as a key: ``1.OO4227`` -> ``1004227``."""
    return code_key(code)[:7]


def text_key(text: str) -> str:
    """Accent-folded, lower case, punctuation as single spaces: what fuzzy matching sees."""
    # fold() reads NFC and NFD alike, so no normalize() pass is needed here.
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def _title_queries(title: str) -> list[str]:
    key = text_key(title)
    if not key:
        return []
    stripped = _TITLE_PREFIX.sub("", key)
    return [key] if stripped == key or not stripped else [key, stripped]


# --- indexes -----------------------------------------------------------------------------


class CatalogueIndex:
    """Lookups over the procedure catalogue, built once and reused for every document."""

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self.procedures: list[Procedure] = list(procedures)
        self._by_key: dict[str, list[int]] = {}
        self._by_result_code: dict[str, list[int]] = {}
        names: dict[str, list[int]] = {}
        self._names_of: list[tuple[str, ...]] = []
        for i, procedure in enumerate(self.procedures):
            self._by_key.setdefault(procedure_key(procedure.code), []).append(i)
            own = [_strip_thu_tuc(text_key(procedure.name))]
            for result in procedure.results:
                if result.code:
                    self._by_result_code.setdefault(code_key(result.code), []).append(i)
                if result.name:
                    own.append(text_key(result.name))
            own = [n for n in dict.fromkeys(own) if n]
            self._names_of.append(tuple(own))
            for name in own:
                names.setdefault(name, []).append(i)
        # Unique folded names; a result name shared by many procedures appears once.
        self._choices: list[str] = list(names)
        self._owners: list[list[int]] = [names[n] for n in self._choices]

    def __len__(self) -> int:
        return len(self.procedures)

    def by_code(self, code: str) -> list[Procedure]:
        """All versions (agency suffixes, validity periods) of a procedure code, OCR-tolerant."""
        key = procedure_key(code)
        return [self.procedures[i] for i in self._by_key.get(key, [])] if len(key) == 7 else []

    def _indices_by_code(self, code: str) -> list[int]:
        key = procedure_key(code)
        return self._by_key.get(key, []) if len(key) == 7 else []

    def _indices_by_result_code(self, code: str) -> list[int]:
        return self._by_result_code.get(code_key(code), [])

    def similarity(self, title: str, index: int) -> float:
        """Best similarity (0-100) of a title to one procedure's name or result names."""
        queries = _title_queries(title)
        return max((fuzz.ratio(q, n) for q in queries for n in self._names_of[index]), default=0.0)

    def search_title(self, title: str, limit: int, cutoff: float) -> list[tuple[int, float]]:
        """Procedures whose name or result name resembles the title, best first."""
        best: dict[int, float] = {}
        for query in _title_queries(title):
            for _, score, position in process.extract(
                query,
                self._choices,
                scorer=fuzz.ratio,
                processor=None,
                limit=limit,
                score_cutoff=cutoff,
            ):
                for i in self._owners[position]:
                    if score > best.get(i, -1.0):
                        best[i] = float(score)
        return sorted(best.items(), key=lambda item: -item[1])


class RegisterIndex:
    """Lookups over the dossier register, built once and reused for every document."""

    def __init__(self, dossiers: Iterable[Dossier]) -> None:
        self.dossiers: list[Dossier] = list(dossiers)
        self._by_code: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[tuple[str, int]]] = {}
        self._serial_lengths: set[int] = set()
        self._by_number: dict[str, list[int]] = {}
        self._by_applicant: dict[str, list[int]] = {}
        self._by_citizen: dict[str, list[int]] = {}
        self._by_procedure: dict[str, list[int]] = {}
        self._applicant_keys: list[str] = []
        for i, dossier in enumerate(self.dossiers):
            self._by_procedure.setdefault(procedure_key(dossier.procedure_code), []).append(i)
            self._applicant_keys.append(text_key(dossier.applicant))
            self._by_code.setdefault(code_key(dossier.code), []).append(i)
            parts = DOSSIER_CODE.match(dossier.code)
            if parts:
                prefix = code_key(parts["agency"] + parts["day"])
                self._by_prefix.setdefault(prefix, []).append((parts["serial"], i))
                self._serial_lengths.add(len(parts["serial"]))
            if dossier.result_number:
                self._by_number.setdefault(number_key(dossier.result_number), []).append(i)
            if dossier.applicant:
                self._by_applicant.setdefault(self._applicant_keys[i], []).append(i)
            if dossier.citizen_id:
                self._by_citizen.setdefault(dossier.citizen_id, []).append(i)

    def __len__(self) -> int:
        return len(self.dossiers)

    def by_code(self, code: str) -> list[Dossier]:
        """Dossiers whose code equals ``code`` up to OCR look-alikes and punctuation."""
        return [self.dossiers[i] for i in self._by_code.get(code_key(code), [])]

    def _similar_applicants(
        self, name: str, procedure_keys: Iterable[str], cutoff: float
    ) -> list[tuple[int, float]]:
        """Dossiers of these procedures whose applicant looks like ``name`` (OCR-damaged)."""
        pool = [i for key in procedure_keys for i in self._by_procedure.get(key, [])]
        if not pool:
            return []
        names = [self._applicant_keys[i] for i in pool]
        hits = process.extract(
            text_key(name),
            names,
            scorer=fuzz.ratio,
            processor=None,
            limit=10,
            score_cutoff=cutoff,
        )
        return [(pool[position], float(score)) for _, score, position in hits]

    def _near_serial(self, code: str) -> list[int]:
        """Dossiers whose code differs from ``code`` by one character of the serial."""
        key = code_key(code)
        found: set[int] = set()
        lengths = {n + d for n in self._serial_lengths for d in (-1, 0, 1)}
        for n in sorted(lengths):
            if not 0 < n < len(key):
                continue
            prefix, serial = key[:-n], key[-n:]
            for other, i in self._by_prefix.get(prefix, []):
                if other != serial and Levenshtein.distance(other, serial, score_cutoff=1) <= 1:
                    found.add(i)
        return sorted(found)


# --- matching ----------------------------------------------------------------------------


@dataclass
class _Scored:
    index: int
    score: float
    reasons: list[str]
    via: frozenset[str] = frozenset()  # how a dossier was found: code, serial, number, person


def match_document(
    evidence: DocumentEvidence,
    catalogue: CatalogueIndex,
    register: RegisterIndex,
    settings: MatchSettings | None = None,
) -> MatchResult:
    """Link one document to a dossier and a procedure, with scores, reasons and alternatives."""
    settings = settings or MatchSettings()
    # The procedure guess may be needed twice (dossier by applicant, then the procedure
    # itself); the fuzzy search behind it runs once.
    procedure_guess = cache(lambda: _procedure_candidates(evidence, catalogue, settings))
    dossiers, dossier_notes = _dossier_candidates(
        evidence, catalogue, register, settings, procedure_guess
    )
    best_dossier = dossiers[0] if dossiers else None
    dossier_margin = _margin([d.score for d in dossiers])
    dossier_linked = (
        best_dossier is not None
        and best_dossier.score >= settings.accept_threshold
        and dossier_margin >= settings.ambiguity_margin
    )
    candidates = [
        Candidate(
            CandidateKind.DOSSIER,
            register.dossiers[d.index].code,
            round(d.score, 1),
            _dossier_label(register.dossiers[d.index], catalogue),
        )
        for d in dossiers[: settings.max_candidates]
        if d.score >= settings.review_threshold
    ]

    if dossier_linked and best_dossier is not None:
        dossier = register.dossiers[best_dossier.index]
        reasons = dossier_notes + best_dossier.reasons
        versions = catalogue._indices_by_code(dossier.procedure_code)
        chosen = _pick_version(catalogue, versions, dossier.procedure_code, evidence.issue_date)
        if chosen is None:
            reasons.append(f"Mã thủ tục {dossier.procedure_code} của hồ sơ không có trong danh mục")
            name = None
        else:
            name = catalogue.procedures[chosen].name
            reasons.append(f"Thủ tục lấy theo hồ sơ: {dossier.procedure_code}")
        return _finish(
            MatchResult(
                decision=Decision.LINKED,
                procedure_code=catalogue.procedures[chosen].code
                if chosen is not None
                else dossier.procedure_code,
                procedure_score=round(best_dossier.score, 1),
                procedure_name=name,
                dossier_code=dossier.code,
                dossier_score=round(best_dossier.score, 1),
                reasons=reasons,
                candidates=[],
            )
        )

    procedures, procedure_reasons = procedure_guess()
    best_procedure = procedures[0] if procedures else None
    procedure_margin = _margin([p.score for p in procedures])
    reasons = list(dossier_notes)
    if best_dossier is not None and best_dossier.score >= settings.review_threshold:
        reasons.extend(best_dossier.reasons)
        if dossier_margin < settings.ambiguity_margin:
            reasons.append(
                f"Nhiều hồ sơ có điểm gần nhau (chênh {dossier_margin:.1f} điểm): cần chọn"
            )
        else:
            reasons.append(f"Hồ sơ chỉ khớp {best_dossier.score:.0f}%: cần kiểm tra")
    elif evidence.dossier_code:
        reasons.append(f"Không tìm thấy mã hồ sơ {evidence.dossier_code} trong sổ theo dõi")
    elif evidence.number_symbol or evidence.applicant:
        reasons.append("Không tìm thấy hồ sơ phù hợp trong sổ theo dõi")
    reasons.extend(procedure_reasons)
    if best_procedure is not None:
        reasons.extend(best_procedure.reasons)
    candidates += [
        Candidate(
            CandidateKind.PROCEDURE,
            catalogue.procedures[p.index].code,
            round(p.score, 1),
            catalogue.procedures[p.index].name,
        )
        for p in procedures[: settings.max_candidates]
        if p.score >= settings.review_threshold
    ]
    procedure_linked = (
        best_procedure is not None
        and best_procedure.score >= settings.accept_threshold
        and procedure_margin >= settings.ambiguity_margin
    )
    dossier_pending = best_dossier is not None and best_dossier.score >= settings.review_threshold
    if (
        best_procedure is not None
        and procedure_margin < settings.ambiguity_margin
        and (best_procedure.score >= settings.review_threshold)
    ):
        reasons.append(
            f"Nhiều thủ tục có tên gần giống (chênh {procedure_margin:.1f} điểm): cần chọn"
        )
    elif best_procedure is not None and settings.review_threshold <= best_procedure.score < (
        settings.accept_threshold
    ):
        reasons.append(f"Thủ tục chỉ khớp {best_procedure.score:.0f}%: cần kiểm tra")

    if procedure_linked and not dossier_pending:
        decision = Decision.LINKED
    elif dossier_pending or (
        best_procedure is not None and best_procedure.score >= settings.review_threshold
    ):
        decision = Decision.REVIEW
    else:
        decision = Decision.UNMATCHED
        reasons.append("Không tìm thấy thủ tục hay hồ sơ phù hợp")

    result = MatchResult(decision=decision, reasons=reasons, candidates=candidates)
    if decision is not Decision.UNMATCHED:
        if (
            dossier_pending
            and best_dossier is not None
            and (best_procedure is None or best_procedure.score < settings.review_threshold)
        ):
            # Nothing on the page names the procedure: pre-fill the dossier's.
            dossier = register.dossiers[best_dossier.index]
            versions = catalogue._indices_by_code(dossier.procedure_code)
            chosen = _pick_version(catalogue, versions, dossier.procedure_code, evidence.issue_date)
            result.procedure_code = (
                catalogue.procedures[chosen].code if chosen is not None else dossier.procedure_code
            )
            result.procedure_name = (
                catalogue.procedures[chosen].name if chosen is not None else None
            )
            result.procedure_score = round(best_dossier.score, 1)
        elif best_procedure is not None and best_procedure.score >= settings.review_threshold:
            procedure = catalogue.procedures[best_procedure.index]
            result.procedure_code = procedure.code
            result.procedure_name = procedure.name
            result.procedure_score = round(best_procedure.score, 1)
        if dossier_pending and best_dossier is not None:
            result.dossier_code = register.dossiers[best_dossier.index].code
            result.dossier_score = round(best_dossier.score, 1)
    return _finish(result)


def match_documents(
    documents: Iterable[DocumentEvidence],
    catalogue: CatalogueIndex,
    register: RegisterIndex,
    settings: MatchSettings | None = None,
) -> list[MatchResult]:
    """``match_document`` over many documents with the same indexes."""
    return [match_document(d, catalogue, register, settings) for d in documents]


# --- dossiers ----------------------------------------------------------------------------

# Starting scores by how a dossier was found; checks against other fields then add or take.
_BASE_QR = 100.0
_BASE_EXACT = 92.0
_BASE_LOOKALIKE = 90.0
_BASE_SERIAL_UNIQUE = 75.0
_BASE_SERIAL_SHARED = 65.0  # just above review: the clerk sees them
_BASE_NUMBER_SAME_DAY = 85.0
_BASE_NUMBER_WINDOW = 72.0
_BASE_NUMBER_UNDATED = 60.0
_MAX_UNDATED_NUMBERS = 50
_BASE_CITIZEN = 80.0
_BASE_APPLICANT = 70.0
_APPLICANT_CUTOFF = 85.0


def _dossier_candidates(
    evidence: DocumentEvidence,
    catalogue: CatalogueIndex,
    register: RegisterIndex,
    settings: MatchSettings,
    procedure_guess: Callable[[], tuple[list[_Scored], list[str]]],
) -> tuple[list[_Scored], list[str]]:
    """Dossier candidates, best first, and notes on codes found but contradicted."""
    found: dict[int, _Scored] = {}

    def offer(index: int, score: float, reason: str, via: str) -> None:
        # Found several ways: the best way sets the score, every way is told.
        old = found.get(index)
        if old is None:
            found[index] = _Scored(index, score, [reason], frozenset({via}))
        elif old.score < score:
            found[index] = _Scored(index, score, [reason, *old.reasons], old.via | {via})
        else:
            old.reasons.append(reason)
            old.via |= {via}

    code = evidence.dossier_code.strip()
    if code:
        from_qr = "dossier_code" in evidence.from_qr
        plain = re.sub(r"\s+", "", code).upper()
        for i in register._by_code.get(code_key(code), []):
            if register.dossiers[i].code == plain:
                if from_qr:
                    offer(i, _BASE_QR, "Mã hồ sơ đọc từ mã QR, khớp sổ theo dõi", "code")
                else:
                    offer(i, _BASE_EXACT, "Mã hồ sơ khớp chính xác sổ theo dõi", "code")
            else:
                offer(
                    i,
                    _BASE_LOOKALIKE,
                    "Mã hồ sơ khớp sau khi sửa ký tự dễ nhầm (O/0, I/1, dấu chấm, gạch)",
                    "code",
                )
        if not found and not from_qr:
            near = register._near_serial(code)
            for i in near:
                if len(near) == 1:
                    offer(
                        i,
                        _BASE_SERIAL_UNIQUE,
                        "Mã hồ sơ sai 1 ký tự ở số thứ tự; chỉ một hồ sơ gần đúng",
                        "serial",
                    )
                else:
                    offer(
                        i,
                        _BASE_SERIAL_SHARED,
                        f"Mã hồ sơ sai 1 ký tự ở số thứ tự; {len(near)} hồ sơ gần đúng",
                        "serial",
                    )

    same_number = register._by_number.get(number_key(evidence.number_symbol), [])
    if evidence.number_symbol and evidence.issue_date:
        window = timedelta(days=settings.date_window_days)
        for i in same_number:
            day = register.dossiers[i].returned
            if day is None:
                continue
            if day == evidence.issue_date:
                offer(
                    i,
                    _BASE_NUMBER_SAME_DAY,
                    "Số, ký hiệu và ngày kết quả khớp sổ theo dõi",
                    "number",
                )
            elif abs(day - evidence.issue_date) <= window:
                offer(
                    i,
                    _BASE_NUMBER_WINDOW,
                    "Số, ký hiệu khớp sổ theo dõi; ngày trả kết quả gần ngày ban hành",
                    "number",
                )
    elif evidence.number_symbol and len(same_number) <= _MAX_UNDATED_NUMBERS:
        # Numbers restart every year in every office: without a date, only a hint.
        for i in same_number:
            offer(
                i,
                _BASE_NUMBER_UNDATED,
                "Số, ký hiệu khớp sổ theo dõi (không đọc được ngày)",
                "number",
            )

    scored = [_corroborate(s, evidence, catalogue, register, settings) for s in found.values()]
    notes = [
        f"Mã hồ sơ {register.dossiers[s.index].code} có trong sổ nhưng các thông tin khác "
        f"không khớp ({s.score:.0f} điểm)"
        for s in scored
        if s.score < settings.review_threshold and "code" in s.via
    ]
    if not any(s.score >= settings.accept_threshold for s in scored):
        scored += _by_person(
            evidence, catalogue, register, settings, procedure_guess()[0], exclude=set(found)
        )
    scored.sort(key=lambda s: -s.score)
    return scored, notes


def _by_person(
    evidence: DocumentEvidence,
    catalogue: CatalogueIndex,
    register: RegisterIndex,
    settings: MatchSettings,
    procedures: list[_Scored],
    exclude: set[int],
) -> list[_Scored]:
    """Applicant (or identity number) + procedure + date window."""
    if not (evidence.applicant or evidence.citizen_id):
        return []
    keys = {
        procedure_key(catalogue.procedures[p.index].code)
        for p in procedures
        if p.score >= settings.review_threshold
    }
    if not keys:
        return []
    pool: dict[int, tuple[float, str]] = {}
    if evidence.citizen_id:
        for i in register._by_citizen.get(evidence.citizen_id.strip(), []):
            pool[i] = (_BASE_CITIZEN, "Số định danh, thủ tục và ngày khớp một hồ sơ")
    if evidence.applicant:
        for i in register._by_applicant.get(text_key(evidence.applicant), []):
            pool.setdefault(i, (_BASE_APPLICANT, "Tên người nộp, thủ tục và ngày khớp hồ sơ"))
        if not pool:
            for i, similarity in register._similar_applicants(
                evidence.applicant, keys, _APPLICANT_CUTOFF
            ):
                pool[i] = (
                    _BASE_APPLICANT - 5,
                    f"Tên người nộp giống {similarity:.0f}%, thủ tục và ngày khớp hồ sơ",
                )
    fitting = [
        i
        for i in pool
        if i not in exclude
        and procedure_key(register.dossiers[i].procedure_code) in keys
        and (
            evidence.issue_date is None
            or _in_window(register.dossiers[i], evidence.issue_date, settings)
        )
    ]
    out = []
    for i in fitting:
        base, reason = pool[i]
        if evidence.issue_date is None:
            base -= 10
            reason += " (không đọc được ngày để đối chiếu)"
        if len(fitting) > 1:
            base -= 15
            reason += f" ({len(fitting)} hồ sơ cùng người nộp)"
        out.append(
            _corroborate(
                _Scored(i, base, [reason], frozenset({"person"})),
                evidence,
                catalogue,
                register,
                settings,
            )
        )
    return out


def _corroborate(
    found: _Scored,
    evidence: DocumentEvidence,
    catalogue: CatalogueIndex,
    register: RegisterIndex,
    settings: MatchSettings,
) -> _Scored:
    """Check a dossier candidate against the document's other fields."""
    dossier = register.dossiers[found.index]
    score = found.score
    reasons = list(found.reasons)
    # Found by other fields: a read code one character away confirms it.
    if (
        evidence.dossier_code
        and not found.via & {"code", "serial"}
        and _one_apart(evidence.dossier_code, dossier.code)
    ):
        score += 8
        reasons.append("Mã hồ sơ đọc được chỉ khác hồ sơ này 1 ký tự")
    if evidence.citizen_id and dossier.citizen_id:
        if evidence.citizen_id.strip() == dossier.citizen_id:
            score += 10  # an identity number agreeing is strong: 12 digits rarely collide
            reasons.append("Số định danh khớp sổ theo dõi")
        elif Levenshtein.distance(evidence.citizen_id.strip(), dossier.citizen_id) > 1:
            score -= 40
            reasons.append("Số định danh khác với sổ theo dõi")
    if evidence.applicant and dossier.applicant:
        similarity = fuzz.ratio(text_key(evidence.applicant), text_key(dossier.applicant))
        if similarity >= 90:
            score += 6
            reasons.append(f"Tên người nộp khớp sổ theo dõi ({similarity:.0f}%)")
        elif similarity < 70:
            score -= 35
            reasons.append(f"Tên người nộp khác với sổ theo dõi (chỉ giống {similarity:.0f}%)")
    if evidence.procedure_code:
        if procedure_key(evidence.procedure_code) == procedure_key(dossier.procedure_code):
            score += 4
            reasons.append("Mã thủ tục trên giấy khớp với hồ sơ")
        else:
            score -= 30
            reasons.append(
                f"Mã thủ tục trên giấy ({evidence.procedure_code}) khác với hồ sơ "
                f"({dossier.procedure_code})"
            )
    versions = catalogue._indices_by_code(dossier.procedure_code)
    if evidence.result_code and versions:
        codes = {r.code for i in versions for r in catalogue.procedures[i].results if r.code}
        if codes and evidence.result_code.strip().upper() in codes:
            score += 3
            reasons.append("Mã kết quả khớp thủ tục của hồ sơ")
        elif codes:
            score -= 15
            reasons.append("Mã kết quả không thuộc thủ tục của hồ sơ")
    if evidence.title and versions and not evidence.procedure_code:
        similarity = max(catalogue.similarity(evidence.title, i) for i in versions)
        if similarity >= 80:
            score += 4
            reasons.append(f"Tên trên giấy giống thủ tục của hồ sơ ({similarity:.0f}%)")
        elif similarity < 50 and len(text_key(evidence.title)) >= 15:
            score -= 15
            reasons.append(f"Tên trên giấy không giống thủ tục của hồ sơ ({similarity:.0f}%)")
    if evidence.number_symbol and dossier.result_number:
        read, registered = number_key(evidence.number_symbol), number_key(dossier.result_number)
        if read == registered:
            score += 5
            reasons.append("Số, ký hiệu kết quả khớp sổ theo dõi")
        elif fuzz.ratio(read, registered) < 80:
            score -= 25
            reasons.append("Số, ký hiệu kết quả khác với sổ theo dõi")
    if evidence.issue_date:
        if _in_window(dossier, evidence.issue_date, settings):
            score += 2
        else:
            score -= 25
            reasons.append(
                f"Ngày ban hành {evidence.issue_date:%d/%m/%Y} nằm ngoài thời gian xử lý hồ sơ"
            )
    return _Scored(found.index, max(0.0, min(100.0, score)), reasons, found.via)


def _one_apart(read: str, registered: str) -> bool:
    return Levenshtein.distance(code_key(read), code_key(registered), score_cutoff=1) <= 1


def _in_window(dossier: Dossier, day: date, settings: MatchSettings) -> bool:
    window = timedelta(days=settings.date_window_days)
    end = dossier.returned or dossier.due or dossier.received + timedelta(days=365)
    return dossier.received - timedelta(days=1) <= day <= end + window


def _dossier_label(dossier: Dossier, catalogue: CatalogueIndex) -> str:
    versions = catalogue.by_code(dossier.procedure_code)
    name = versions[0].name if versions else dossier.procedure_code
    return f"{name} — tiếp nhận {dossier.received:%d/%m/%Y}"


# --- procedures --------------------------------------------------------------------------


def _procedure_candidates(
    evidence: DocumentEvidence, catalogue: CatalogueIndex, settings: MatchSettings
) -> tuple[list[_Scored], list[str]]:
    """Procedures for the document from its own fields, best first, plus general notes."""
    notes: list[str] = []
    day = evidence.issue_date
    scored: dict[int, _Scored] = {}

    if evidence.procedure_code:
        versions = catalogue._indices_by_code(evidence.procedure_code)
        if versions:
            from_qr = "procedure_code" in evidence.from_qr
            chosen = _pick_version(catalogue, versions, evidence.procedure_code, day)
            for i in versions:
                base = 100.0 if from_qr else 93.0
                reason = "Mã thủ tục đọc từ mã QR" if from_qr else "Mã thủ tục đọc trên giấy"
                if i != chosen:
                    base -= 10  # another version of the same code: kept as an alternative
                scored[i] = _Scored(i, base, [f"{reason}: {catalogue.procedures[i].code}"])
        else:
            notes.append(f"Mã thủ tục {evidence.procedure_code} không có trong danh mục")

    if not scored and evidence.result_code:
        owners = catalogue._indices_by_result_code(evidence.result_code)
        if len(owners) == 1:
            reason = f"Mã kết quả {evidence.result_code} chỉ thuộc thủ tục này"
            scored[owners[0]] = _Scored(owners[0], 88.0, [reason])
        elif owners and evidence.title:
            # Many procedures give this result: the title decides among them.
            for i in owners:
                similarity = catalogue.similarity(evidence.title, i)
                scored[i] = _Scored(
                    i,
                    max(60.0, similarity + 2),
                    [
                        f"Mã kết quả {evidence.result_code} thuộc thủ tục này và "
                        f"{len(owners) - 1} thủ tục khác",
                        f"Tên thủ tục giống {similarity:.0f}% sau khi bỏ dấu",
                    ],
                )
            return _bounded(scored, day, catalogue, settings), notes
        for i in owners:
            reason = f"Mã kết quả {evidence.result_code} thuộc {len(owners)} thủ tục"
            scored[i] = _Scored(i, 60.0, [reason])

    if scored:
        # A code was read: the title only confirms or contradicts it.
        if evidence.title:
            for s in scored.values():
                similarity = catalogue.similarity(evidence.title, s.index)
                if similarity >= 80:
                    s.score += 5
                    s.reasons.append(f"Tên trên giấy giống {similarity:.0f}% sau khi bỏ dấu")
                elif similarity < 50 and len(text_key(evidence.title)) >= 15:
                    s.score -= 20
                    s.reasons.append(f"Tên trên giấy chỉ giống {similarity:.0f}%")
    elif evidence.title:
        for i, similarity in catalogue.search_title(
            evidence.title, settings.fuzzy_limit, settings.fuzzy_cutoff
        ):
            scored[i] = _Scored(
                i, similarity, [f"Tên thủ tục giống {similarity:.0f}% sau khi bỏ dấu"]
            )
        if not scored:
            notes.append("Tên trên giấy không giống thủ tục nào trong danh mục")

    return _bounded(scored, day, catalogue, settings), notes


def _bounded(
    scored: dict[int, _Scored],
    day: date | None,
    catalogue: CatalogueIndex,
    settings: MatchSettings,
) -> list[_Scored]:
    """Apply the validity-period penalty, clamp to 0-100, best first."""
    for s in scored.values():
        procedure = catalogue.procedures[s.index]
        if day is not None and not procedure.is_valid_on(day):
            s.score -= settings.invalid_period_penalty
            s.reasons.append(f"Thủ tục {procedure.code} không còn hiệu lực vào {day:%d/%m/%Y}")
        s.score = max(0.0, min(100.0, s.score))
    return sorted(scored.values(), key=lambda s: -s.score)


def _pick_version(
    catalogue: CatalogueIndex, versions: Sequence[int], code: str, day: date | None
) -> int | None:
    """The version of a code valid on the day, preferring the exact code as written."""
    if not versions:
        return None
    wanted = re.sub(r"\s+", "", code).upper()

    def rank(i: int) -> tuple[bool, bool]:
        procedure = catalogue.procedures[i]
        return (procedure.is_valid_on(day), procedure.code == wanted)

    return max(versions, key=rank)


def _strip_thu_tuc(name: str) -> str:
    return name[len("thu tuc ") :] if name.startswith("thu tuc ") else name


def _margin(scores: Sequence[float]) -> float:
    if not scores:
        return 0.0
    return scores[0] - scores[1] if len(scores) > 1 else 100.0


def _finish(result: MatchResult) -> MatchResult:
    result.reasons = [normalize(r) for r in dict.fromkeys(result.reasons)]
    return result
