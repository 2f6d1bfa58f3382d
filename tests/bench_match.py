"""Benchmark of matching: precision and recall of automatic links, review share, speed.

Run ``python -m tests.bench_match`` from the repository root (one process). Documents are
simulated as the field extractor would give them: some fields missing, some read from a QR
code, a share with OCR damage, and some whose dossier is missing from the register.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass

from digitize.catalogue import Dossier, Procedure, base_procedure_code
from digitize.match import (
    CatalogueIndex,
    Decision,
    DocumentEvidence,
    MatchResult,
    MatchSettings,
    RegisterIndex,
    match_document,
)
from samples.make_catalogue import generate_catalogue, generate_register

# What OCR typically does to codes and text.
_DIGIT_SWAPS = {"0": "O", "1": "l", "5": "S", "8": "B", "6": "b"}
_CHAR_NOISE = {"n": "m", "m": "rn", "i": "l", "e": "c", "o": "c", "u": "ư", "a": "ạ", "h": "b"}
_STRIP_MARKS = str.maketrans(
    "àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ",
    "aaaaaaaaaaaaaaaaadeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy",
)


@dataclass(frozen=True)
class Case:
    evidence: DocumentEvidence
    procedure_code: str  # the truth
    dossier_code: str | None  # None when the dossier is missing from the register
    damaged: bool


def _damage_code(code: str, rng: random.Random) -> str:
    """O/0 and I/1 look-alikes, lost dots, or one wrong digit in the serial."""
    roll = rng.random()
    if roll < 0.35:
        chars = list(code)
        spots = [i for i, c in enumerate(chars) if c in _DIGIT_SWAPS]
        for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
            chars[i] = _DIGIT_SWAPS[chars[i]]
        return "".join(chars)
    if roll < 0.55:
        return code.replace(".", "", rng.randint(1, 3))
    if roll < 0.75:
        return code.replace("-", " - ")
    # one wrong digit in the serial (the last four characters)
    chars = list(code)
    i = len(chars) - rng.randint(1, 4)
    chars[i] = rng.choice([d for d in "0123456789" if d != chars[i]])
    return "".join(chars)


def _damage_text(text: str, rng: random.Random, errors: int) -> str:
    chars = list(text)
    for _ in range(errors):
        spots = [i for i, c in enumerate(chars) if c in _CHAR_NOISE]
        if not spots:
            break
        i = rng.choice(spots)
        chars[i] = _CHAR_NOISE[chars[i]]
    return "".join(chars)


def _title(procedure: Procedure, rng: random.Random) -> str:
    roll = rng.random()
    name = procedure.name
    if roll < 0.45:
        return f"QUYẾT ĐỊNH Về việc {name[0].lower()}{name[1:]}"
    if roll < 0.75:
        return name
    if roll < 0.9 and procedure.results:
        return procedure.results[0].name.upper()
    return f"V/v {name[0].lower()}{name[1:]}"


def simulate(dossier: Dossier, procedure: Procedure, in_register: bool, rng: random.Random) -> Case:
    """One document's evidence as the extractor would report it."""
    damaged = rng.random() < 0.35
    from_qr: set[str] = set()
    dossier_code = dossier.code if rng.random() < 0.85 else ""
    if dossier_code and rng.random() < 0.3:
        from_qr.add("dossier_code")
    elif dossier_code and damaged and rng.random() < 0.6:
        dossier_code = _damage_code(dossier_code, rng)
    procedure_code = procedure.code if rng.random() < 0.5 else ""
    if procedure_code and damaged and rng.random() < 0.3:
        procedure_code = procedure_code.replace("0", "O", 1)
    title = _title(procedure, rng)
    if damaged:
        title = _damage_text(title, rng, rng.randint(1, 3))
        if rng.random() < 0.3:
            title = title.translate(_STRIP_MARKS)
    applicant = dossier.applicant if rng.random() < 0.9 else ""
    if applicant and damaged and rng.random() < 0.5:
        applicant = _damage_text(applicant, rng, 1)
    number = dossier.result_number if rng.random() < 0.9 else ""
    if number and damaged and rng.random() < 0.3:
        number = number.replace("/", "I", 1)
    evidence = DocumentEvidence(
        document_type="Quyết định" if title.upper().startswith("QUY") else "Giấy phép",
        title=title,
        number_symbol=number,
        issue_date=dossier.returned if rng.random() < 0.95 else None,
        dossier_code=dossier_code,
        procedure_code=procedure_code,
        result_code=(procedure.results[0].code or "")
        if procedure.results and rng.random() < 0.3
        else "",
        applicant=applicant,
        citizen_id=dossier.citizen_id if rng.random() < 0.5 else "",
        from_qr=frozenset(from_qr),
    )
    return Case(evidence, procedure.code, dossier.code if in_register else None, damaged)


def build_cases(
    procedures: list[Procedure],
    dossiers: list[Dossier],
    count: int,
    missing_share: float,
    seed: int,
) -> tuple[list[Case], list[Dossier]]:
    """Documents for ``count`` dossiers with results; ``missing_share`` of their dossiers are
    taken out of the returned register."""
    rng = random.Random(seed)
    by_code: dict[str, list[Procedure]] = {}
    for p in procedures:
        by_code.setdefault(p.code, []).append(p)
    done = [d for d in dossiers if d.returned is not None]
    chosen = rng.sample(done, count)
    missing = {d.code for d in chosen if rng.random() < missing_share}
    register = [d for d in dossiers if d.code not in missing]
    cases = []
    for dossier in chosen:
        versions = by_code[dossier.procedure_code]
        procedure = next((p for p in versions if p.is_valid_on(dossier.returned)), versions[0])
        cases.append(simulate(dossier, procedure, dossier.code not in missing, rng))
    return cases, register


def is_correct(case: Case, result: MatchResult) -> bool:
    """Right procedure (national code) and right dossier (or none when it is missing)."""
    if result.procedure_code is None:
        return False
    same_procedure = base_procedure_code(result.procedure_code) == base_procedure_code(
        case.procedure_code
    )
    return same_procedure and result.dossier_code == case.dossier_code


def main() -> None:
    """Print precision/recall of automatic links, review share and timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--missing", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print N wrong links")
    parser.add_argument("--show-review", type=int, default=0, help="print N reviews")
    args = parser.parse_args()

    started = time.perf_counter()
    procedures = generate_catalogue()
    dossiers = generate_register(procedures, args.dossiers, seed=args.seed)
    cases, register = build_cases(procedures, dossiers, args.documents, args.missing, args.seed)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    catalogue_index = CatalogueIndex(procedures)
    register_index = RegisterIndex(register)
    built = time.perf_counter() - started

    settings = MatchSettings()
    started = time.perf_counter()
    results = [match_document(c.evidence, catalogue_index, register_index, settings) for c in cases]
    matched = time.perf_counter() - started

    linked = [(c, r) for c, r in zip(cases, results, strict=True) if r.decision is Decision.LINKED]
    correct = [(c, r) for c, r in linked if is_correct(c, r)]
    review = [(c, r) for c, r in zip(cases, results, strict=True) if r.decision is Decision.REVIEW]
    review_right = sum(is_correct(c, r) for c, r in review)
    unmatched = sum(r.decision is Decision.UNMATCHED for r in results)
    total = len(cases)
    precision = len(correct) / len(linked) if linked else 0.0
    print(
        f"catalogue: {len(procedures)} procedures; register: {len(register)} dossiers; "
        f"documents: {total} ({sum(c.damaged for c in cases)} with OCR damage, "
        f"{sum(c.dossier_code is None for c in cases)} with dossier missing from register)"
    )
    print(f"generated data in {generated:.1f} s; indexes built in {built:.2f} s")
    print(
        f"matched {total} documents in {matched:.1f} s "
        f"({1000 * matched / total:.2f} ms per document, one process)"
    )
    print(
        f"automatic links: {len(linked)} ({len(linked) / total:.1%}); "
        f"precision {precision:.2%}; recall {len(correct) / total:.2%}"
    )
    print(
        f"review: {len(review)} ({len(review) / total:.1%}), best guess right in "
        f"{review_right / max(1, len(review)):.0%}; unmatched: {unmatched}"
    )
    procedure_right = sum(
        base_procedure_code(r.procedure_code or "") == base_procedure_code(c.procedure_code)
        for c, r in linked
    )
    dossier_claims = [(c, r) for c, r in linked if r.dossier_code is not None]
    dossier_right = sum(c.dossier_code == r.dossier_code for c, r in dossier_claims)
    print(
        f"  of the automatic links: procedure right {procedure_right / max(1, len(linked)):.2%}; "
        f"dossier links made {len(dossier_claims)}, right "
        f"{dossier_right / max(1, len(dossier_claims)):.2%}; documents whose dossier exists "
        f"but was not linked: {sum(c.dossier_code is not None and r.dossier_code is None for c, r in linked)}"
    )
    wrong = [(c, r) for c, r in linked if not is_correct(c, r)]
    for c, r in wrong[: args.show]:
        print(
            "---",
            c.procedure_code,
            c.dossier_code,
            "->",
            r.procedure_code,
            r.dossier_code,
            r.procedure_score,
            r.dossier_score,
        )
        print("   ", c.evidence)
        print("   ", r.reasons)
    for c, r in review[: args.show_review]:
        print(
            "=== review",
            c.procedure_code,
            c.dossier_code,
            "->",
            r.procedure_code,
            r.dossier_code,
            r.procedure_score,
            r.dossier_score,
        )
        print("   ", c.evidence)
        print("   ", r.reasons)
        print("   ", [(x.kind.value, x.code, x.score) for x in r.candidates])


if __name__ == "__main__":
    main()
