"""Matching a document to its dossier and procedure: the decision a clerk sees, and why."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from digitize.catalogue import Dossier, Procedure, ResultType, read_catalogue, read_register
from digitize.match import (
    CandidateKind,
    CatalogueIndex,
    Decision,
    DocumentEvidence,
    MatchSettings,
    RegisterIndex,
    match_document,
)

PERMIT = ResultType("KQ.G01.00262", "Giấy phép xây dựng")
PROCEDURES = [
    Procedure(
        "1.004227",
        "Đăng ký khai sinh",
        "Tư pháp - Hộ tịch",
        "Cấp xã",
        results=(ResultType("KQ.G03.00012", "Giấy khai sinh"),),
    ),
    Procedure(
        "1.001193",
        "Đăng ký kết hôn",
        "Tư pháp - Hộ tịch",
        "Cấp xã",
        results=(ResultType("KQ.G03.00020", "Giấy chứng nhận kết hôn"),),
    ),
    Procedure(
        "1.009994",
        "Cấp giấy phép xây dựng mới đối với công trình cấp II",
        "Xây dựng",
        "Cấp tỉnh",
        results=(PERMIT,),
    ),
    Procedure(
        "1.009995",
        "Cấp giấy phép xây dựng mới đối với công trình cấp III",
        "Xây dựng",
        "Cấp tỉnh",
        results=(PERMIT,),
    ),
    Procedure("1.009996", "Gia hạn giấy phép xây dựng", "Xây dựng", "Cấp tỉnh", results=(PERMIT,)),
    Procedure(
        "2.000145",
        "Cấp đổi giấy phép lái xe",
        "Giao thông vận tải",
        "Cấp tỉnh",
        results=(ResultType("KQ.G06.00001", "Giấy phép lái xe"),),
    ),
]
DOSSIERS = [
    Dossier(
        "000.00.16.H42-231017-0001",
        "1.004227",
        date(2023, 10, 17),
        applicant="Trần Thị Mai",
        citizen_id="099301000123",
        due=date(2023, 10, 20),
        returned=date(2023, 10, 19),
        result_number="15/TP-HT",
    ),
    Dossier(
        "000.00.16.H42-231017-0002",
        "1.009995",
        date(2023, 10, 17),
        applicant="Lê Văn Nam",
        citizen_id="099201000456",
        due=date(2023, 11, 6),
        returned=date(2023, 11, 3),
        result_number="112/GP-SXD",
    ),
    Dossier(
        "000.00.16.H42-231018-0004",
        "2.000145",
        date(2023, 10, 18),
        applicant="Phạm Thu Hà",
        citizen_id="099301000789",
        due=date(2023, 10, 25),
        returned=date(2023, 10, 24),
        result_number="88/GPLX",
    ),
    Dossier(
        "000.00.16.H42-231018-0005",
        "1.001193",
        date(2023, 10, 18),
        applicant="Đỗ Minh Long",
        due=date(2023, 10, 21),
        returned=date(2023, 10, 20),
        result_number="16/TP-HT",
    ),
]


@pytest.fixture(scope="module")
def catalogue() -> CatalogueIndex:
    return CatalogueIndex(PROCEDURES)


@pytest.fixture(scope="module")
def register() -> RegisterIndex:
    return RegisterIndex(DOSSIERS)


def test_dossier_code_from_qr_links_dossier_and_procedure(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    evidence = DocumentEvidence(
        title="GIẤY KHAI SINH",
        dossier_code="000.00.16.H42-231017-0001",
        issue_date=date(2023, 10, 19),
        from_qr=frozenset({"dossier_code"}),
    )
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.LINKED
    assert result.dossier_code == "000.00.16.H42-231017-0001"
    assert result.procedure_code == "1.004227"
    assert result.procedure_name == "Đăng ký khai sinh"
    assert result.dossier_score == 100
    assert "Mã hồ sơ đọc từ mã QR, khớp sổ theo dõi" in result.reasons


def test_ocr_damaged_dossier_code_still_links(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    evidence = DocumentEvidence(
        dossier_code="OOO.0016.H42 - 23l017-OOO2",  # O for 0, l for 1, lost dot, spaces
        applicant="Lê Văn Nam",
        issue_date=date(2023, 11, 3),
    )
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.LINKED
    assert result.dossier_code == "000.00.16.H42-231017-0002"
    assert result.procedure_code == "1.009995"
    assert any("ký tự dễ nhầm" in r for r in result.reasons)


def test_one_wrong_serial_digit_links_only_when_unique_and_confirmed(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    # Serial 0104 does not exist; only 0004 of that day is one character away.
    evidence = DocumentEvidence(
        title="GIẤY PHÉP LÁI XE",
        dossier_code="000.00.16.H42-231018-0104",
        applicant="Phạm Thu Hà",
        number_symbol="88/GPLX",
        issue_date=date(2023, 10, 24),
    )
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.LINKED
    assert result.dossier_code == "000.00.16.H42-231018-0004"
    assert any("sai 1 ký tự ở số thứ tự; chỉ một hồ sơ" in r for r in result.reasons)

    # Serial 0003 is one character from both 0004 and 0005: a clerk must choose.
    shared = DocumentEvidence(dossier_code="000.00.16.H42-231018-0003")
    result = match_document(shared, catalogue, register)
    assert result.decision is not Decision.LINKED
    assert result.decision is Decision.REVIEW
    assert "Mã hồ sơ sai 1 ký tự ở số thứ tự; 2 hồ sơ gần đúng" in result.reasons
    assert {c.code for c in result.candidates} == {
        "000.00.16.H42-231018-0004",
        "000.00.16.H42-231018-0005",
    }


def test_result_number_and_date_link_without_dossier_code(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    evidence = DocumentEvidence(
        title="GIẤY PHÉP XÂY DỰNG",
        number_symbol="112/GP-SXD",
        issue_date=date(2023, 11, 3),
        applicant="Le Van Nam",
    )
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.LINKED
    assert result.dossier_code == "000.00.16.H42-231017-0002"
    assert result.procedure_code == "1.009995"
    assert "Số, ký hiệu và ngày kết quả khớp sổ theo dõi" in result.reasons


def test_same_number_in_another_year_is_not_linked(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    evidence = DocumentEvidence(number_symbol="112/GP-SXD", issue_date=date(2024, 11, 3))
    result = match_document(evidence, catalogue, register)
    assert result.dossier_code is None
    assert result.decision is Decision.UNMATCHED


def test_fuzzy_title_links_a_distinct_procedure(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    evidence = DocumentEvidence(title="QUYẾT ĐỊNH Về việc cấp đổi giấy phép lái xc")
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.LINKED
    assert result.procedure_code == "2.000145"
    assert result.dossier_code is None
    assert any(
        r.startswith("Tên thủ tục giống 9") and r.endswith("% sau khi bỏ dấu")
        for r in result.reasons
    )


def test_near_duplicate_names_go_to_review_with_candidates(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    # "cấp II" or "cấp III"? An OCR'd title one letter off cannot decide.
    evidence = DocumentEvidence(title="Cap giay phep xay dung moi doi voi cong trinh cap II1")
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.REVIEW
    codes = [c.code for c in result.candidates if c.kind is CandidateKind.PROCEDURE]
    assert set(codes[:2]) == {"1.009994", "1.009995"}
    assert any("Nhiều thủ tục có tên gần giống" in r for r in result.reasons)


def test_result_name_shared_by_procedures_goes_to_review(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    result = match_document(DocumentEvidence(title="GIẤY PHÉP XÂY DỰNG"), catalogue, register)
    assert result.decision is Decision.REVIEW
    top = [(c.code, c.score) for c in result.candidates][:3]
    assert top == [("1.009994", 100), ("1.009995", 100), ("1.009996", 100)]


def test_code_of_another_persons_dossier_is_not_trusted(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    # An OCR error turned 0005 into 0004, an existing dossier of someone else.
    evidence = DocumentEvidence(
        dossier_code="000.00.16.H42-231018-0004",
        applicant="Đỗ Minh Long",
        title="Đăng ký kết hôn",
        issue_date=date(2023, 10, 20),
    )
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.LINKED
    assert result.dossier_code == "000.00.16.H42-231018-0005"
    assert result.reasons[:2] == [
        "Mã hồ sơ 000.00.16.H42-231018-0004 có trong sổ nhưng các thông tin khác không khớp "
        "(44 điểm)",
        "Tên người nộp, thủ tục và ngày khớp hồ sơ",
    ]
    assert "Mã hồ sơ đọc được chỉ khác hồ sơ này 1 ký tự" in result.reasons

    # Without the applicant's name nothing confirms the other dossier: the clerk decides.
    unsure = dataclasses.replace(evidence, applicant="")
    result = match_document(unsure, catalogue, register)
    assert result.decision is Decision.REVIEW


def test_nothing_recognisable_is_unmatched(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    evidence = DocumentEvidence(title="BIÊN BẢN HỌP CHI BỘ", issue_date=date(2023, 1, 1))
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.UNMATCHED
    assert result.procedure_code is None and result.dossier_code is None
    assert result.candidates == []
    assert "Không tìm thấy thủ tục hay hồ sơ phù hợp" in result.reasons


def test_missing_dossier_still_links_the_procedure_and_says_so(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    evidence = DocumentEvidence(
        dossier_code="000.00.99.H42-240101-0001",
        procedure_code="1.004227",
        from_qr=frozenset({"dossier_code", "procedure_code"}),
        issue_date=date(2024, 1, 3),
    )
    result = match_document(evidence, catalogue, register)
    assert result.decision is Decision.LINKED
    assert result.procedure_code == "1.004227" and result.dossier_code is None
    assert "Không tìm thấy mã hồ sơ 000.00.99.H42-240101-0001 trong sổ theo dõi" in result.reasons


def test_catalogue_update_changes_the_outcome(register: RegisterIndex) -> None:
    title = "Cấp giấy phép kinh doanh dịch vụ karaoke (cấp xã)"
    old = Procedure(
        "1.001029", "Cấp giấy phép kinh doanh dịch vụ karaoke (cấp huyện)", "Văn hóa", "Cấp huyện"
    )
    evidence = DocumentEvidence(title=title, issue_date=date(2025, 9, 1))

    before = match_document(evidence, CatalogueIndex([*PROCEDURES, old]), register)
    assert before.procedure_name == old.name  # the only candidate, 93% alike

    # The 2025 reorganisation: the district version ends, a commune version takes over.
    ended = dataclasses.replace(old, valid_until=date(2025, 6, 30))
    renamed = dataclasses.replace(old, name=title, level="Cấp xã", valid_from=date(2025, 7, 1))
    after = match_document(evidence, CatalogueIndex([*PROCEDURES, ended, renamed]), register)
    assert after.decision is Decision.LINKED
    assert after.procedure_name == title

    # A document dated before the change still goes to the district version's period.
    earlier = dataclasses.replace(
        evidence,
        title="Cấp giấy phép kinh doanh dịch vụ karaoke (cấp huyện)",
        issue_date=date(2024, 3, 1),
    )
    result = match_document(earlier, CatalogueIndex([*PROCEDURES, ended, renamed]), register)
    assert result.decision is Decision.LINKED
    assert result.procedure_name == old.name


def test_expired_procedure_code_ranks_lower(register: RegisterIndex) -> None:
    expired = Procedure("1.000111", "Cấp phép hoạt động in", valid_until=date(2020, 12, 31))
    evidence = DocumentEvidence(procedure_code="1.000111", issue_date=date(2023, 5, 1))
    result = match_document(evidence, CatalogueIndex([expired]), register)
    assert result.decision is Decision.REVIEW
    assert result.procedure_score == pytest.approx(93 - MatchSettings().invalid_period_penalty)
    assert "Thủ tục 1.000111 không còn hiệu lực vào 01/05/2023" in result.reasons


def test_thresholds_come_from_settings(catalogue: CatalogueIndex, register: RegisterIndex) -> None:
    evidence = DocumentEvidence(title="Cấp đổi giấy phép lái xe")
    strict = MatchSettings(accept_threshold=100.1)
    assert match_document(evidence, catalogue, register).decision is Decision.LINKED
    assert match_document(evidence, catalogue, register, strict).decision is Decision.REVIEW
    # The [match] table of a pipeline file: simple types only.
    assert all(
        isinstance(getattr(strict, f.name), int | float | bool | str)
        for f in dataclasses.fields(MatchSettings)
    )


def test_reasons_never_show_identity_numbers(
    catalogue: CatalogueIndex, register: RegisterIndex
) -> None:
    evidence = DocumentEvidence(
        dossier_code="000.00.16.H42-231017-0001",
        citizen_id="099301000124",
        applicant="Trần Thị Mai",
    )
    result = match_document(evidence, catalogue, register)
    text = " ".join(result.reasons) + repr(evidence) + repr(result)
    assert "099301000124" not in text and "099301000123" not in text


def test_demo_documents_link_to_the_sample_register() -> None:
    """The committed samples agree: every demo scan with a dossier code finds its dossier."""
    samples = Path(__file__).resolve().parent.parent / "samples"
    if not (samples / "ground_truth.json").exists():
        pytest.skip("no demo ground truth yet")
    catalogue = CatalogueIndex(read_catalogue(samples / "catalogue.csv").records)
    register = RegisterIndex(read_register(samples / "register.csv").records)
    documents = json.loads((samples / "ground_truth.json").read_text(encoding="utf-8"))
    checked = 0
    for document in documents["documents"]:
        fields = document["fields"]
        if not fields.get("dossier_code"):
            continue
        evidence = DocumentEvidence(
            document_type=fields["document_type"] or "",
            title=fields.get("subject") or "",
            number_symbol=fields.get("number_symbol") or "",
            issue_date=date.fromisoformat(fields["issue_date"]),
            dossier_code=fields["dossier_code"],
            procedure_code=fields.get("procedure_code") or "",
            result_code=fields.get("result_code") or "",
            applicant=fields.get("applicant") or "",
            citizen_id=fields.get("citizen_id") or "",
            from_qr=frozenset({"dossier_code"}) if fields.get("qr") else frozenset(),
        )
        result = match_document(evidence, catalogue, register)
        assert result.decision is Decision.LINKED, (document["id"], result.reasons)
        assert result.dossier_code == fields["dossier_code"]
        assert result.procedure_code == fields["procedure_code"]
        checked += 1
    assert checked >= 1


def test_small_benchmark_meets_the_targets() -> None:
    """300 simulated documents (OCR damage, missing dossiers) against a 20,000-dossier register:
    automatic links at least 99.5% right, at least 95% of documents linked right."""
    from samples.make_catalogue import generate_catalogue, generate_register
    from tests.bench_match import build_cases, is_correct

    procedures = generate_catalogue()
    dossiers = generate_register(procedures, 20_000, seed=3)
    cases, register = build_cases(procedures, dossiers, 300, missing_share=0.05, seed=3)
    catalogue_index, register_index = CatalogueIndex(procedures), RegisterIndex(register)
    results = [match_document(c.evidence, catalogue_index, register_index) for c in cases]
    linked = [(c, r) for c, r in zip(cases, results, strict=True) if r.decision is Decision.LINKED]
    right = sum(is_correct(c, r) for c, r in linked)
    assert right / len(linked) >= 0.995
    assert right / len(cases) >= 0.95
