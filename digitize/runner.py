"""Orchestration: plan a batch, run one picklable job per page in a local process pool, store.

Stages know nothing of this module; this module knows the stages and the store.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.forkserver
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import cv2
from PIL import Image, ImageDraw

from digitize import extract, imaging, ingest, linking, ocr, vietnamese
from digitize.errors import BadInputError, MissingDependencyError
from digitize.records import Box, DocumentStatus, PageRef, PageResult, SourceKind, Word
from digitize.settings import ReviewSettings, Settings
from digitize.store import Database, RunCounts
from digitize.vietnamese.lexicon import HUNSPELL_VI

log = logging.getLogger("digitize.run")

WORKER_PAGES = 50  # pages a worker process handles before a fresh one replaces it


@dataclass(frozen=True)
class PageJob:
    """Everything a worker needs for one page; small and picklable."""

    document_id: int
    source: str  # relative path, for messages
    number: int
    ref: PageRef
    ingest: ingest.IngestSettings
    cleanup: imaging.CleanupSettings
    ocr: ocr.OcrSettings
    barcodes: bool = True


@dataclass(frozen=True)
class FailedFile:
    path: str
    reason: str


@dataclass
class RunSummary:
    run_id: int = 0
    documents_found: int = 0
    documents_done: int = 0
    already_done: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, stored path)
    previously_failed: int = 0
    failed: list[FailedFile] = field(default_factory=list)
    pages_done: int = 0
    pages_for_review: int = 0
    pages_blank: int = 0
    assumed_dpi: list[str] = field(default_factory=list)
    links: Counter[str] = field(default_factory=Counter)  # linked / review / unmatched
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages_done / self.seconds if self.seconds else 0.0


@dataclass
class _Planned:
    document_id: int
    source: str
    root: str
    sha256: str
    jobs: list[PageJob]
    remaining: int = 0
    errors: list[str] = field(default_factory=list)


ProgressCallback = Callable[[str, PageResult], None]


def dependency_checks(settings: Settings) -> list[ocr.ToolCheck]:
    """Every external program and data file this pipeline needs, checked."""
    checks = ocr.check_tools(settings.ocr.language)
    if settings.ocr.correct:
        found = HUNSPELL_VI.is_file()
        checks.append(
            ocr.ToolCheck(
                "Vietnamese dictionary",
                found,
                str(HUNSPELL_VI) if found else "missing",
                "" if found else "apt-get install hunspell-vi",
            )
        )
    return checks


def require_tools(settings: Settings) -> None:
    """Refuse to start without Tesseract, its language data or poppler: say what to install."""
    missing = [check for check in dependency_checks(settings) if not check.ok]
    if missing:
        fixes = "; ".join(f"{check.name}: {check.detail} ({check.fix})" for check in missing)
        raise MissingDependencyError(f"missing dependencies: {fixes}")


def process_page(job: PageJob) -> PageResult:
    """The per-page job: rasterise, clean, OCR, correct. Runs in a worker process."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    try:
        image, dpi = ingest.rasterize(job.ref, job.ingest)
        notes = []
        if job.ref.kind is not SourceKind.PDF and job.ref.dpi is None:
            notes.append(f"no resolution in the file: assumed {dpi} dpi")
        seconds["rasterize"] = time.perf_counter() - started
        mark = time.perf_counter()
        cleaned = imaging.clean_page(image, dpi, job.cleanup)
        seconds["cleanup"] = time.perf_counter() - mark
        seconds.update({f"cleanup.{step}": value for step, value in cleaned.seconds.items()})
        if cleaned.is_blank:
            return _page_result(job, cleaned, notes, seconds)
        mark = time.perf_counter()
        reading = _read(cleaned, job)
        if cleaned.may_be_upside_down and reading.confidence < job.cleanup.flip_check_below:
            # Lines run across, but the OCR found little it trusts: read it upside down too.
            flipped = imaging.flip_page(image, dpi, job.cleanup)
            flipped_reading = _read(flipped, job)
            if flipped_reading.confidence > reading.confidence:
                cleaned, reading = flipped, flipped_reading
        seconds["ocr"] = time.perf_counter() - mark
        mark = time.perf_counter()
        words = normalize_words(ocr.order_by_regions(reading.output.words, cleaned.regions))
        if job.ocr.correct:
            words = vietnamese.correct_words(words, _worker_lexicon())
        seconds["text"] = time.perf_counter() - mark
        result = _page_result(job, cleaned, notes, seconds)
        result.barcodes = reading.barcodes
        result.words = words
        result.text = ocr.words_to_text(words)
        result.text_layer_pdf = reading.output.text_layer_pdf
        if words:
            result.mean_confidence = sum(w.confidence for w in words) / len(words)
            low = sum(1 for w in words if w.confidence < job.ocr.low_confidence)
            result.low_confidence_share = low / len(words)
        return result
    except BadInputError as error:
        return _failed(job, error.reason)
    except ocr.OcrError as error:
        return _failed(job, f"page {job.number}: OCR failed: {error}")
    except MemoryError:
        return _failed(job, f"page {job.number}: out of memory")


@dataclass(frozen=True)
class _Reading:
    output: ocr.OcrOutput
    barcodes: list[extract.Barcode]

    @property
    def confidence(self) -> float:
        words = self.output.words
        return sum(w.confidence for w in words) / len(words) if words else 0.0


def _read(cleaned: imaging.CleanedPage, job: PageJob) -> _Reading:
    """Barcodes, then one Tesseract run on the page with the barcodes whitened."""
    barcodes: list[extract.Barcode] = []
    ocr_image = cleaned.ocr_image
    if job.barcodes:
        barcodes = _barcodes_in_ocr_pixels(cleaned)
        # A QR code read as text is junk ("IHIEIDI"): its content is already decoded.
        ocr_image = _whiten(ocr_image, [barcode.box for barcode in barcodes])
    return _Reading(ocr.ocr_page(ocr_image, cleaned.dpi, job.ocr), barcodes)


def _page_result(
    job: PageJob, cleaned: imaging.CleanedPage, notes: list[str], seconds: dict[str, float]
) -> PageResult:
    width, height = cleaned.ocr_image.size
    return PageResult(
        number=job.number,
        dpi=cleaned.dpi,
        width=width,
        height=height,
        rotation=cleaned.rotation,
        skew=cleaned.skew,
        is_blank=cleaned.is_blank,
        notes=notes + cleaned.steps,
        seconds=seconds,
    )


def _barcodes_in_ocr_pixels(cleaned: imaging.CleanedPage) -> list[extract.Barcode]:
    """Barcodes of the upright grey page, their boxes scaled like the (maybe upscaled) OCR
    image."""
    page = cleaned.grey
    # At 150 dpi a 15 mm QR code still has 3-4 pixels a module; decoding is 4 times faster.
    if page.shape[1] > 2000:
        page = imaging.halve(page)
    scale = cleaned.ocr_image.width / page.shape[1]
    return [
        replace(barcode, box=barcode.box.scaled(scale)) for barcode in extract.decode_barcodes(page)
    ]


def _whiten(image: Image.Image, boxes: list[Box], margin: int = 8) -> Image.Image:
    if not boxes:
        return image
    image = image.copy()
    draw = ImageDraw.Draw(image)
    for box in boxes:
        draw.rectangle(
            (
                box.left - margin,
                box.top - margin,
                box.left + box.width + margin,
                box.top + box.height + margin,
            ),
            fill=255,
        )
    return image


def _failed(job: PageJob, reason: str) -> PageResult:
    return PageResult(number=job.number, dpi=0, width=0, height=0, error=reason)


def normalize_words(words: list[Word]) -> list[Word]:
    """One canonical Unicode form for every word Tesseract gives us."""
    out = []
    for word in words:
        text = vietnamese.normalize(word.text)
        out.append(word if text == word.text else _replace_text(word, text))
    return out


def _replace_text(word: Word, text: str) -> Word:
    return replace(word, text=text, original=word.original or word.text)


def needs_review(result: PageResult, review: ReviewSettings) -> bool:
    if result.is_blank:
        return False
    return (
        result.mean_confidence < review.page_confidence
        or result.low_confidence_share > review.low_word_share
    )


_domain_texts: tuple[str, ...] = ()


@cache
def _worker_lexicon() -> vietnamese.Lexicon:
    """Built once per worker process, with the catalogue's names as domain vocabulary."""
    return vietnamese.build_lexicon(_domain_texts)


def init_worker(domain_texts: tuple[str, ...] = ()) -> None:
    """Set up a worker process: the correction's domain vocabulary, one thread per tool."""
    global _domain_texts
    _domain_texts = domain_texts
    # Pages already run in parallel: one thread per Tesseract (and per OpenCV call) is much
    # faster than oversubscribing the cores.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)
    # Ctrl-C is the parent's to handle; workers just get terminated.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def plan_batch(
    roots: Sequence[Path],
    settings: Settings,
    db: Database,
    run_id: int,
    summary: RunSummary,
    retry_failed: bool,
) -> list[_Planned]:
    """Find documents, skip what is stored, and list the pages still to do."""
    planned: list[_Planned] = []
    planned_paths: dict[str, str] = {}  # sha256 -> path: the same scan twice in one batch
    for root in roots:
        found = ingest.discover(root, settings.ingest)
        for rejected in found.rejected:
            summary.failed.append(FailedFile(rejected.path, rejected.reason))
            log.warning("event=file_failed file=%r reason=%r", rejected.path, rejected.reason)
        for document in found.documents:
            summary.documents_found += 1
            if document.sha256 in planned_paths:
                summary.duplicates.append((document.relative_path, planned_paths[document.sha256]))
                continue
            planned_paths[document.sha256] = document.relative_path
            stored = db.find_document(document.sha256)
            if stored and stored.status is DocumentStatus.DONE:
                summary.already_done += 1
                if stored.source_path != document.relative_path:
                    summary.duplicates.append((document.relative_path, stored.source_path))
                continue
            if stored and stored.status is DocumentStatus.FAILED and not retry_failed:
                summary.previously_failed += 1
                continue
            root_text = str(document.root)
            try:
                refs = ingest.page_refs(document, settings.ingest)
            except BadInputError as error:
                summary.failed.append(FailedFile(document.relative_path, error.reason))
                log.warning(
                    "event=file_failed file=%r reason=%r", document.relative_path, error.reason
                )
                db.fail_document(
                    sha256=document.sha256,
                    root=root_text,
                    path=document.relative_path,
                    reason=error.reason,
                    run_id=run_id,
                )
                continue
            if any(ref.kind is not SourceKind.PDF and ref.dpi is None for ref in refs):
                summary.assumed_dpi.append(document.relative_path)
            document_id = db.begin_document(
                sha256=document.sha256,
                root=root_text,
                path=document.relative_path,
                files=[ingest.nfc(p.relative_to(document.root).as_posix()) for p in document.files],
                kind=refs[0].kind.value,
                page_count=len(refs),
                run_id=run_id,
            )
            stored_pages = db.stored_page_numbers(document_id)
            jobs = [
                PageJob(
                    document_id,
                    document.relative_path,
                    number,
                    ref,
                    settings.ingest,
                    settings.cleanup,
                    settings.ocr,
                    settings.fields.extract and settings.fields.barcodes,
                )
                for number, ref in enumerate(refs, start=1)
                if number not in stored_pages
            ]
            planned.append(
                _Planned(
                    document_id, document.relative_path, root_text, document.sha256, jobs, len(jobs)
                )
            )
    return planned


def _bounded_submit(
    pool: ProcessPoolExecutor, jobs: Iterator[PageJob], limit: int
) -> Iterator[tuple[PageJob, PageResult]]:
    """Yield results as they finish, keeping at most `limit` pages in flight (flat memory)."""
    running: dict[Future[PageResult], PageJob] = {}
    exhausted = False
    while True:
        while not exhausted and len(running) < limit:
            job = next(jobs, None)
            if job is None:
                exhausted = True
                break
            running[pool.submit(process_page, job)] = job
        if not running:
            return
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            job = running.pop(future)
            try:
                result = future.result()
            except Exception as error:  # a worker that crashed (killed, segfault): the page fails
                result = _failed(job, f"page {job.number}: worker crashed ({type(error).__name__})")
            yield job, result


def run_batch(
    roots: Sequence[Path],
    settings: Settings,
    db: Database,
    on_plan: Callable[[int], None] | None = None,
    on_page: ProgressCallback | None = None,
    retry_failed: bool = False,
) -> RunSummary:
    """Process every new page under the scan folders and store it. Safe to interrupt and rerun."""
    require_tools(settings)
    # The worker server imports the stages (half a second) while this process plans.
    _worker_context()
    multiprocessing.forkserver.ensure_running()
    started = time.perf_counter()
    summary = RunSummary()
    run_id = db.start_run([str(root) for root in roots], settings.pipeline)
    summary.run_id = run_id
    status = "failed"
    try:
        planned = plan_batch(roots, settings, db, run_id, summary, retry_failed)
        batch = _Batch(db, settings, summary)
        for item in planned:
            if not item.jobs:
                batch.close_document(item)
        total = sum(len(item.jobs) for item in planned)
        if on_plan:
            on_plan(total)
        if total:
            _execute(planned, batch, on_page)
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        summary.seconds = time.perf_counter() - started
        db.finish_run(
            run_id,
            status,
            RunCounts(
                documents_found=summary.documents_found,
                documents_done=summary.documents_done,
                documents_skipped=summary.already_done + summary.previously_failed,
                documents_failed=len(summary.failed),
                pages_done=summary.pages_done,
                pages_for_review=summary.pages_for_review,
            ),
        )
    return summary


@dataclass
class _Batch:
    """What the parent process holds while pages come back: the store and the catalogue."""

    db: Database
    settings: Settings
    summary: RunSummary
    _linker: linking.Linker | None = None

    @property
    def linker(self) -> linking.Linker:
        # Built when first needed: a run with nothing new never loads the register.
        if self._linker is None:
            self._linker = linking.Linker.from_database(self.db, self.settings.match)
        return self._linker

    def close_document(self, item: _Planned) -> None:
        if item.errors:
            reason = "; ".join(item.errors[:3]) + (" ..." if len(item.errors) > 3 else "")
            self.db.fail_document(
                sha256=item.sha256,
                root=item.root,
                path=item.source,
                reason=reason,
                run_id=self.summary.run_id,
            )
            self.summary.failed.append(FailedFile(item.source, reason))
            return
        self.db.finish_document(item.document_id)
        self.summary.documents_done += 1
        if not self.settings.fields.extract:
            return
        try:
            linking.extract_document(self.db, item.document_id, self.settings.fields)
            result = linking.link_document(self.db, item.document_id, self.linker)
            self.summary.links[str(result.decision)] += 1
        except Exception as error:  # the OCR is stored; fields can be redone by `digitize match`
            log.exception("event=fields_failed file=%r reason=%r", item.source, str(error))
            self.summary.links["error"] += 1


def _worker_context() -> multiprocessing.context.ForkServerContext:
    """forkserver: workers start from a clean process, not a fork of one whose OpenCV or
    database threads may hold locks (a forked child can deadlock on them). The server
    imports the stages once, so each worker starts in milliseconds, not half a second."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _execute(planned: list[_Planned], batch: _Batch, on_page: ProgressCallback | None) -> None:
    settings, db, summary = batch.settings, batch.db, batch.summary
    by_document = {item.document_id: item for item in planned}
    # The catalogue's names are the correction's domain vocabulary. Without field extraction the
    # register is never needed, so only the procedures are read.
    procedures = (
        batch.linker.catalogue.procedures if settings.fields.extract else db.load_procedures()
    )
    domain = tuple(procedure.name for procedure in procedures) if settings.ocr.correct else ()
    jobs = (job for item in planned for job in item.jobs)
    workers = max(1, settings.workers)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_worker_context(),
        initializer=init_worker,
        initargs=(domain,),
        # A fresh worker now and then: whatever a long-lived one accumulates (allocator
        # fragmentation, caches) cannot grow with the length of the batch.
        max_tasks_per_child=WORKER_PAGES,
    )
    try:
        for job, result in _bounded_submit(pool, jobs, limit=workers * 2):
            item = by_document[job.document_id]
            item.remaining -= 1
            if result.error:
                item.errors.append(result.error)
                log.warning(
                    "event=page_failed file=%r page=%d reason=%r",
                    job.source,
                    job.number,
                    result.error,
                )
            else:
                review = needs_review(result, settings.review)
                if db.save_page(job.document_id, result, review):
                    summary.pages_done += 1
                    summary.pages_for_review += review
                    summary.pages_blank += result.is_blank
                log.info(
                    "event=page_done file=%r page=%d confidence=%.1f words=%d review=%s seconds=%.2f",
                    job.source,
                    job.number,
                    result.mean_confidence,
                    len(result.words),
                    review,
                    sum(v for k, v in result.seconds.items() if "." not in k),
                )
            if on_page:
                on_page(job.source, result)
            if item.remaining == 0:
                batch.close_document(item)
    except BaseException:
        # Ctrl-C or a fatal error: stop the workers now; stored pages stay, the rest resumes later.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
