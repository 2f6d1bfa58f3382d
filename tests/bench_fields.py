"""Field-extraction benchmark on generated documents (a script, not a pytest test).

    python -m tests.bench_fields --docs 300

Renders N made-up documents (``samples.generator``), OCRs every page twice, clean and under
a scan condition taken in turn from the generator's list, through the real pipeline steps
(the runner's page job: cleanup, Tesseract ``vie``, correction, barcodes), extracts the fields
and prints the per-field exact-match rate against the generator's ground truth.

As in ``digitize run`` after ``digitize catalogue import samples/catalogue.csv``, result
documents carry procedures of the sample catalogue, and the catalogue's names are the
correction's domain vocabulary. ``--no-catalogue``: the generator's own ~20 procedures and no
domain vocabulary, as a run on an empty archive.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

# Many single-threaded Tesseracts beat a few multi-threaded ones; set before any import.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from digitize.catalogue import read_catalogue
from digitize.extract import PageText, extract_fields
from digitize.extract.model import FieldName
from digitize.records import PageRef, SourceKind
from digitize.runner import PageJob, init_worker, process_page
from digitize.settings import Settings
from samples.generator import CONDITIONS, degrade, random_spec, render_document

# Ground-truth key of the generator -> our field name.
TRUTH_TO_FIELD: dict[str, str] = {
    "document_type": FieldName.DOCUMENT_TYPE,
    "number_symbol": FieldName.NUMBER,
    "place": FieldName.PLACE,
    "issue_date": FieldName.DATE,
    "agency": FieldName.AGENCY,
    "parent_agency": FieldName.PARENT_AGENCY,
    "subject": FieldName.SUBJECT,
    "signer": FieldName.SIGNER,
    "dossier_code": FieldName.DOSSIER_CODE,
    "procedure_code": FieldName.PROCEDURE_CODE,
    "procedure_name": FieldName.PROCEDURE_NAME,
    "result_code": FieldName.RESULT_CODE,
    "citizen_id": FieldName.IDENTITY_NUMBER,
    "applicant": FieldName.APPLICANT_NAME,
}
# The dossier code once more, without its QR code: how well the OCR alone reads it.
TEXT_DOSSIER = "dossier_code (text only)"
SAMPLE_CATALOGUE = Path(__file__).parent.parent / "samples" / "catalogue.csv"


@dataclass(frozen=True)
class Job:
    index: int
    seed: int
    condition: str


@dataclass
class Outcome:
    index: int
    condition: str
    # field -> (truth, extracted); truth None: the field is not on the document
    pairs: dict[str, tuple[str | None, str | None]]
    pages: int
    seconds_ocr: float
    seconds_extract: float


# (code, name) pairs result documents draw from; () the generator's built-in ones. Set once
# per worker process, not shipped with every job.
_procedures: tuple[tuple[str, str], ...] = ()


def _init(procedures: tuple[tuple[str, str], ...]) -> None:
    """A worker as digitize run's: the catalogue's names are the correction's vocabulary."""
    global _procedures
    _procedures = procedures
    init_worker(tuple(name for _, name in procedures))


def _spec_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"bench-fields|{seed}|{index}")


def run_job(job: Job) -> Outcome:
    """Render, degrade, then the runner's own page job (cleanup, OCR, correction, barcodes)."""
    spec = random_spec(_spec_rng(job.seed, job.index), _procedures or None)
    rng = random.Random(f"degrade|{job.seed}|{job.index}|{job.condition}")
    settings = Settings()
    pages: list[PageText] = []
    start = time.perf_counter()
    rendered = render_document(spec)
    with tempfile.TemporaryDirectory(prefix="bench-fields-") as tmp:
        for number, page in enumerate(rendered, start=1):
            image, dpi = degrade(page.image, job.condition, rng)
            path = Path(tmp) / f"page-{number}.png"
            image.save(path, dpi=(dpi, dpi), compress_level=1)
            result = process_page(
                PageJob(0, path.name, number, PageRef(str(path), SourceKind.IMAGE, 0, dpi),
                        settings.ingest, settings.cleanup, settings.ocr)
            )
            if result.error:
                # The pipeline fails such a page and goes on; so does the benchmark, and says so.
                print(f"doc {job.index} [{job.condition}] page {number}: {result.error}",
                      file=sys.stderr, flush=True)
            pages.append(PageText(number, result.width, result.height, result.words,
                                  result.barcodes))
    seconds_ocr = time.perf_counter() - start
    start = time.perf_counter()
    found = extract_fields(pages)
    text_only = extract_fields([PageText(p.number, p.width, p.height, p.words) for p in pages])
    seconds_extract = time.perf_counter() - start
    truth = spec.fields()
    pairs = {name: (truth[key], found.value(name)) for key, name in TRUTH_TO_FIELD.items()}
    pairs[TEXT_DOSSIER] = (truth["dossier_code"], text_only.value(FieldName.DOSSIER_CODE))
    return Outcome(job.index, job.condition, pairs, len(rendered), seconds_ocr, seconds_extract)


def summarise(outcomes: Sequence[Outcome], title: str, show_misses: int) -> None:
    """Print the per-field exact-match rate of one group of documents."""
    present: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    absent: Counter[str] = Counter()
    misses: dict[str, list[tuple[int, str, str | None, str | None]]] = {}
    for outcome in outcomes:
        for name, (truth, value) in outcome.pairs.items():
            if truth is None:
                absent[name] += 1
                spurious[name] += value is not None
                continue
            present[name] += 1
            if value == truth:
                exact[name] += 1
            else:
                misses.setdefault(name, []).append((outcome.index, outcome.condition, truth, value))
    docs = len(outcomes)
    all_exact = sum(
        all(v == t for n, (t, v) in o.pairs.items() if t is not None and n != TEXT_DOSSIER)
        for o in outcomes
    )
    print(f"\n== {title}: {docs} documents, {sum(o.pages for o in outcomes)} pages")
    print(f"{'field':26} {'exact':>7} {'of':>5} {'rate':>7}   spurious/absent")
    total_exact = total = 0
    for name in [*TRUTH_TO_FIELD.values(), TEXT_DOSSIER]:
        if not present[name] and not absent[name]:
            continue
        rate = exact[name] / present[name] if present[name] else float("nan")
        if name != TEXT_DOSSIER:
            total_exact += exact[name]
            total += present[name]
        print(f"{name:26} {exact[name]:7d} {present[name]:5d} {rate:7.1%}"
              f"   {spurious[name]}/{absent[name]}")
    if total:
        print(f"{'all fields':26} {total_exact:7d} {total:5d} {total_exact / total:7.1%}")
    if docs:
        print(f"{'documents all exact':26} {all_exact:7d} {docs:5d} {all_exact / docs:7.1%}")
    for name, items in misses.items():
        for index, condition, truth, value in items[:show_misses]:
            # Generated data only: printing the values is safe here.
            print(f"  miss {name} doc {index} [{condition}]: {truth!r} -> {value!r}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=30, help="documents to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="processes, at most 2")
    parser.add_argument(
        "--conditions", default=",".join(c for c in CONDITIONS if c != "clean"),
        help="degraded conditions, taken in turn",
    )
    parser.add_argument("--no-clean", action="store_true", help="skip the clean pass")
    parser.add_argument("--show-misses", type=int, default=5, help="misses printed per field")
    parser.add_argument(
        "--no-catalogue", action="store_true",
        help="built-in procedures, no catalogue vocabulary (an empty archive)",
    )
    args = parser.parse_args(argv)
    conditions = [c for c in args.conditions.split(",") if c]
    procedures: tuple[tuple[str, str], ...] = ()
    if not args.no_catalogue:
        catalogue = read_catalogue(SAMPLE_CATALOGUE).records
        procedures = tuple((p.code, p.name) for p in catalogue)
    jobs = [] if args.no_clean else [Job(i, args.seed, "clean") for i in range(args.docs)]
    jobs += [Job(i, args.seed, conditions[i % len(conditions)]) for i in range(args.docs)
             if conditions]
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(
        max_workers=max(1, min(2, args.workers)), initializer=_init, initargs=(procedures,)
    ) as pool:
        for done, outcome in enumerate(pool.map(run_job, jobs, chunksize=1), start=1):
            outcomes.append(outcome)
            if done % 10 == 0:
                print(f"{done}/{len(jobs)} documents, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
    clean = [o for o in outcomes if o.condition == "clean"]
    degraded = [o for o in outcomes if o.condition != "clean"]
    if clean:
        summarise(clean, "clean", args.show_misses)
    if degraded:
        summarise(degraded, "degraded (" + ",".join(conditions) + ")", args.show_misses)
        for condition in conditions:
            group = [o for o in degraded if o.condition == condition]
            ok = sum(
                v == t for o in group for n, (t, v) in o.pairs.items()
                if t is not None and n != TEXT_DOSSIER
            )
            total = sum(
                1 for o in group for n, (t, _) in o.pairs.items()
                if t is not None and n != TEXT_DOSSIER
            )
            if total:
                print(f"  {condition:10} {ok}/{total} fields exact ({ok / total:.1%})")
    extract_ms = [o.seconds_extract * 1000 / 2 for o in outcomes]
    print(f"\nextraction: mean {sum(extract_ms) / max(1, len(extract_ms)):.1f} ms per document; "
          f"wall time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
