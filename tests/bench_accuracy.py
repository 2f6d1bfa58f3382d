"""Accuracy benchmark: raw Tesseract, OCRmyPDF and digitize side by side (figures, not tests).

    scripts/bench-tools            # once: OCRmyPDF in .bench-venv, ghostscript, unpaper
    python -m tests.bench_accuracy [--per-condition 6] [--workers 2] [--skip-ocrmypdf] [--out DIR]

Writes a generated corpus (``samples.generator``) of ``--per-condition`` pages under each of
the generator's twelve conditions, one PNG per page carrying its dpi, with its ground truth.
Then, on the same pages and with the same number of single-threaded processes each:

- raw: ``tesseract IMG - -l vie``, what a province would otherwise run;
- OCRmyPDF: ``-l vie --rotate-pages --deskew --clean``, what a careful user would pick today;
- digitize: one ``digitize run`` over the folder, texts, confidences and rotations read back
  from its database.

Prints character, word and accent-stripped character error rates per condition, pages/s,
orientation accuracy, and how many of digitize's errors its least confident pages hold (the
pages a clerk would review), each next to its target from the issue, with a pass/fail mark.
Every tool's output is put in NFC before scoring (a representation, not an OCR error); tone
placement ("hoà" vs "hòa") is left as each tool wrote it.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select

from digitize.store import Database
from digitize.store.models import Document, Page
from samples.generator import (
    CONDITIONS,
    GENERATOR,
    degrade_with_truth,
    random_spec,
    render_document,
)
from tests.benchmark import DIGITIZE, ErrorRates, raw_tesseract

ROOT = Path(__file__).resolve().parent.parent
OCRMYPDF = ROOT / ".bench-venv" / "bin" / "ocrmypdf"
ROTATED = ("rot90", "rot180", "rot270")
TOOLS = ("raw", "ocrmypdf", "digitize")
TOOL_TITLES = {"raw": "raw tesseract", "ocrmypdf": "OCRmyPDF", "digitize": "digitize"}

# Targets of the issue.
MAX_DEGRADED_CER_VS_RAW = 0.5  # digitize's CER on degraded pages, as a share of raw's
MIN_ORIENTATION = 0.99
MIN_THROUGHPUT_RATIO = 0.7
REVIEW_RATE = 0.10
MIN_REVIEW_CAPTURE = 0.5  # "most of the errors" in the reviewed pages

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


# The corpus


class TruthPage(NamedTuple):
    """One generated page file and what a perfect OCR would read from it."""

    name: str  # file name in the corpus folder
    condition: str
    dpi: int
    rotation: int  # degrees counter-clockwise the generator turned the page
    skew: float  # degrees counter-clockwise the generator tilted the page
    text: str


def write_condition(out_dir: Path, condition: str, count: int, seed: int) -> list[TruthPage]:
    """``count`` pages of generated documents under ``condition``, saved as PNG with their dpi."""
    # One generator per condition: the pages of one condition do not depend on the others.
    rng = random.Random(f"bench-accuracy|{seed}|{condition}")
    pages: list[TruthPage] = []
    while len(pages) < count:
        for rendered in render_document(random_spec(rng)):
            if len(pages) == count:
                break
            degraded = degrade_with_truth(rendered.image, condition, rng, rendered.dpi)
            name = f"{condition}-{len(pages) + 1:02d}.png"
            # compress_level 1: these files live minutes, writing them should not take longer.
            degraded.image.save(out_dir / name, dpi=(degraded.dpi, degraded.dpi), compress_level=1)
            pages.append(
                TruthPage(
                    name, condition, degraded.dpi, degraded.rotation, degraded.skew, rendered.text
                )
            )
    return pages


def write_truth(path: Path, pages: Sequence[TruthPage], seed: int) -> None:
    """The ground truth in the generator's format (schemas/ground-truth.schema.json)."""
    documents = [
        {
            "id": Path(page.name).stem,
            "files": [page.name],
            "condition": page.condition,
            "dpi_in_file": page.dpi,
            "pages": [
                {
                    "page": 1,
                    "text": page.text,
                    "rotation": page.rotation,
                    "skew": page.skew,
                    "dpi": page.dpi,
                }
            ],
            "fields": {},
        }
        for page in pages
    ]
    data = {"generator": GENERATOR, "seed": seed, "documents": documents}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_corpus(
    out_dir: Path, per_condition: int, conditions: Sequence[str], seed: int, workers: int
) -> list[TruthPage]:
    """The whole corpus, one condition per process."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(workers) as pool:
        batches = pool.map(
            write_condition,
            [out_dir] * len(conditions),
            conditions,
            [per_condition] * len(conditions),
            [seed] * len(conditions),
        )
        return [page for batch in batches for page in batch]


# Running the tools


class Meter:
    """Wall time, CPU time of the child processes (and theirs), and the load at the start.

    The machine is shared: wall time moves with what others run, CPU time much less.
    """

    def __init__(self) -> None:
        self.seconds = self.cpu_seconds = self.load = 0.0
        self._started = self._cpu = 0.0

    @staticmethod
    def _children_cpu() -> float:
        # Counts every finished child and, through their own waits, grandchildren.
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def __enter__(self) -> Meter:
        self.load = os.getloadavg()[0]
        self._cpu = self._children_cpu()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self._started
        _reap_orphans()
        self.cpu_seconds = self._children_cpu() - self._cpu


def adopt_orphans() -> None:
    """Make this process the reaper of its orphaned descendants (Linux), so their CPU counts.

    digitize's pool starts its workers from a forkserver that outlives the main process; an
    orphan reaped by init would take its CPU time (and its workers') out of RUSAGE_CHILDREN.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: CPU figures then miss what orphans spent


def _reap_orphans(patience: float = 10.0) -> None:
    """Wait for adopted orphans (a forkserver exits once its parent has gone)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no children left
        if pid == 0:
            time.sleep(0.05)


@dataclass
class ToolRun:
    """What one tool read from every page, and what the whole run cost."""

    tool: str
    meter: Meter
    texts: dict[str, str]  # file name -> page text
    failures: list[str] = field(default_factory=list)


@dataclass
class DigitizePage:
    text: str
    confidence: float
    low_share: float
    needs_review: bool
    rotation: int
    skew: float


def _single_threaded() -> dict[str, str]:
    # Pages already run in parallel: every tool gets one thread per process, as digitize does.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def run_raw(corpus: Path, pages: Sequence[TruthPage], workers: int) -> ToolRun:
    """Raw ``tesseract IMG - -l vie``, one process per page (tests.benchmark's runner)."""
    with Meter() as meter:
        _, texts = raw_tesseract([corpus / page.name for page in pages], workers)
    named = {page.name: text for page, text in zip(pages, texts, strict=True)}
    return ToolRun("raw", meter, named)


def run_ocrmypdf(corpus: Path, pages: Sequence[TruthPage], workers: int, work: Path) -> ToolRun:
    """OCRmyPDF as a careful user runs it today, one page file per process, sidecar text."""
    if not OCRMYPDF.exists():
        raise SystemExit(f"{OCRMYPDF} not found: run scripts/bench-tools, or --skip-ocrmypdf")
    work.mkdir(parents=True, exist_ok=True)
    env = _single_threaded()

    def one(page: TruthPage) -> tuple[str, str | None]:
        stem = work / Path(page.name).stem
        sidecar = stem.with_suffix(".txt")
        done = subprocess.run(
            [
                str(OCRMYPDF),
                "-q",
                "-l",
                "vie",
                "--rotate-pages",
                "--deskew",
                "--clean",
                "--image-dpi",
                str(page.dpi),
                "--sidecar",
                str(sidecar),
                "--jobs",
                "1",
                "--output-type",
                "pdf",
                str(corpus / page.name),
                str(stem.with_suffix(".pdf")),
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return "", f"{page.name}: exit {done.returncode}: {reason[:200]}"
        # The sidecar ends each page with a form feed.
        return sidecar.read_text(encoding="utf-8").replace("\f", "\n"), None

    with Meter() as meter, ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(one, pages))
    texts = {page.name: text for page, (text, _) in zip(pages, results, strict=True)}
    failures = [error for _, error in results if error]
    return ToolRun("ocrmypdf", meter, texts, failures)


def run_digitize(corpus: Path, db_url: str, workers: int) -> tuple[Meter, str, int]:
    """Cost, summary output and exit status of one ``digitize run``.

    Exit status 1 (some files failed) still leaves the other pages stored: they are scored,
    the failed ones count as empty pages.
    """
    with Meter() as meter:
        done = subprocess.run(
            [*DIGITIZE, "run", str(corpus), "--db", db_url, "--workers", str(workers)],
            capture_output=True,
            text=True,
            env=_single_threaded(),
        )
    if done.returncode not in (0, 1):
        raise SystemExit(f"digitize run failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return meter, done.stdout, done.returncode


def stored_pages(db_url: str) -> dict[str, DigitizePage]:
    """Each file's stored page: text, mean confidence, review flag and the rotation applied."""
    db = Database.open(db_url)
    with db.session() as session:
        rows = session.execute(
            select(
                Document.source_path,
                Page.text,
                Page.mean_confidence,
                Page.low_confidence_share,
                Page.needs_review,
                Page.rotation,
                Page.skew,
            )
            .join(Page.document)
            .where(Page.number == 1)
        ).all()
    db.close()
    return {row[0]: DigitizePage(*row[1:]) for row in rows}


# Scoring


class PageScore(NamedTuple):
    rates: ErrorRates
    bag_errors: int  # order-free word errors


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def bag_errors(hypothesis: str, truth: str) -> int:
    """Word errors ignoring reading order: the larger of missing and extra words (multisets).

    Edit distance charges a header read across both columns ("UBND TỈNH ... CỘNG HÒA ...")
    as if every word were wrong; this count tells recognition errors from order errors.
    """
    hyp, ref = Counter(hypothesis.split()), Counter(truth.split())
    return max(sum((ref - hyp).values()), sum((hyp - ref).values()))


def page_rates(run: ToolRun, pages: Sequence[TruthPage]) -> dict[str, PageScore]:
    """Scores of every page of one tool's run (a missing page reads as empty)."""
    scores: dict[str, PageScore] = {}
    for page in pages:
        text = _nfc(run.texts.get(page.name, ""))
        rate = ErrorRates()
        rate.add(text, page.text)
        scores[page.name] = PageScore(rate, bag_errors(text, page.text))
    return scores


def combine(rates: Iterable[ErrorRates]) -> ErrorRates:
    """Sum of edit distances and lengths: long pages weigh more, as in ErrorRates."""
    total = ErrorRates()
    for rate in rates:
        total.char_errors += rate.char_errors
        total.chars += rate.chars
        total.word_errors += rate.word_errors
        total.words += rate.words
        total.folded_errors += rate.folded_errors
    return total


def groups(conditions: Sequence[str]) -> list[tuple[str, set[str]]]:
    """Table rows: each condition, then the aggregates."""
    degraded = {c for c in conditions if c != "clean"}
    rows = [(condition, {condition}) for condition in conditions]
    rows.append(("degraded overall", degraded))
    # Raw Tesseract does not turn pages: this row shows the other degradations on their own.
    rows.append(("degraded, upright", degraded - set(ROTATED)))
    rows.append(("all", set(conditions)))
    return rows


def _mark(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def review_capture(
    errors: dict[str, int], score: dict[str, float], rate: float
) -> tuple[int, float]:
    """Pages reviewed and their share of all errors when the ``rate`` lowest-scored are reviewed."""
    total = sum(errors.values())
    count = max(1, math.ceil(len(score) * rate))
    reviewed = sorted(score, key=lambda name: score[name])[:count]
    return count, sum(errors[name] for name in reviewed) / max(1, total)


@dataclass
class Report:
    pages: list[TruthPage]
    runs: dict[str, ToolRun]
    scores: dict[str, dict[str, PageScore]]
    digitize: dict[str, DigitizePage]
    workers: int
    lines: list[str] = field(default_factory=list)

    def say(self, line: str = "") -> None:
        self.lines.append(line)

    def _members(self, conditions: set[str]) -> list[str]:
        return [page.name for page in self.pages if page.condition in conditions]

    def group(self, tool: str, conditions: set[str]) -> ErrorRates:
        return combine(self.scores[tool][name].rates for name in self._members(conditions))

    def bag_rate(self, tool: str, conditions: set[str]) -> float:
        names = self._members(conditions)
        words = sum(self.scores[tool][name].rates.words for name in names)
        return sum(self.scores[tool][name].bag_errors for name in names) / max(1, words)

    def table(self, conditions: Sequence[str]) -> None:
        tools = [tool for tool in TOOLS if tool in self.runs]
        head = f"{'':18}{'pages':>6}"
        sub = f"{'':24}"
        for tool in tools:
            head += f"  {TOOL_TITLES[tool]:^30}"
            sub += f"  {'CER':>7}{'WER':>8}{'no-acc':>8}{'bag':>7}"
        self.say(head)
        self.say(sub)
        for name, members in groups(conditions):
            count = sum(1 for page in self.pages if page.condition in members)
            if name == "degraded overall":
                self.say("-" * len(sub))
            line = f"{name:18}{count:6d}"
            for tool in tools:
                rate = self.group(tool, members)
                bag = self.bag_rate(tool, members)
                line += f"  {rate.cer:7.2%}{rate.wer:8.2%}{rate.folded_cer:8.2%}{bag:7.2%}"
            self.say(line)
        self.say()

    def speed(self) -> float:
        """Print pages/s and CPU per page of each tool; return digitize/raw pages/s."""
        count = len(self.pages)
        self.say(f"speed ({count} pages, {self.workers} processes per tool):")
        rates = {tool: count / run.meter.seconds for tool, run in self.runs.items()}
        for tool, run in self.runs.items():
            self.say(
                f"  {TOOL_TITLES[tool]:14}{rates[tool]:7.3f} pages/s  {run.meter.seconds:6.1f} s"
                f"  CPU {run.meter.cpu_seconds / count:5.2f} s/page"
                f"  (load average {run.meter.load:.1f} at start)"
            )
        ratio = rates["digitize"] / rates["raw"]
        raw_cpu, our_cpu = (
            self.runs["raw"].meter.cpu_seconds,
            self.runs["digitize"].meter.cpu_seconds,
        )
        self.say(
            f"  ratio digitize/raw: {ratio:.2f} in pages/s, {raw_cpu / max(our_cpu, 1e-9):.2f} "
            f"in CPU per page (less moved by other people's work on a shared machine)"
        )
        return ratio

    def orientation(self) -> tuple[int, int]:
        """Rotated pages digitize turned upright, out of all rotated pages; wrong turns listed."""
        right = total = 0
        wrong: list[str] = []
        for page in self.pages:
            stored = self.digitize.get(page.name)
            applied = stored.rotation % 360 if stored else None
            # The generator turned the page counter-clockwise by `rotation`; digitize records
            # the clockwise turn that makes it upright: the same number when right.
            if page.condition in ROTATED:
                total += 1
                right += applied == page.rotation % 360
            if applied != page.rotation % 360:
                wrong.append(f"{page.name} ({page.rotation} -> {applied})")
        if wrong:
            self.say(f"  wrong orientation: {', '.join(wrong)}")
        return right, total

    def skew(self) -> None:
        errors = [
            abs(self.digitize[page.name].skew - page.skew)
            for page in self.pages
            if page.condition == "skew" and page.name in self.digitize
        ]
        if errors:
            self.say(
                f"deskew on skewed pages: mean error {sum(errors) / len(errors):.2f} deg, "
                f"worst {max(errors):.2f} deg"
            )

    def review(self) -> float:
        ours = self.scores["digitize"]
        errors = {page.name: ours[page.name].rates.char_errors for page in self.pages}
        stored = {name: page for name, page in self.digitize.items() if name in errors}
        for name in errors.keys() - stored.keys():  # a failed page is surely for review
            stored[name] = DigitizePage("", 0.0, 1.0, True, 0, 0.0)
        by_confidence = {name: page.confidence for name, page in stored.items()}
        by_low_words = {name: -page.low_share for name, page in stored.items()}
        by_errors = {name: -float(count) for name, count in errors.items()}
        count, share = review_capture(errors, by_confidence, REVIEW_RATE)
        _, low_share = review_capture(errors, by_low_words, REVIEW_RATE)
        _, best = review_capture(errors, by_errors, REVIEW_RATE)
        # Confidence cannot see reading order: the same ranking against order-free errors.
        bags = {page.name: ours[page.name].bag_errors for page in self.pages}
        _, bag_share = review_capture(bags, by_confidence, REVIEW_RATE)
        flagged = [name for name, page in stored.items() if page.needs_review]
        flagged_share = sum(errors[name] for name in flagged) / max(1, sum(errors.values()))
        self.say(
            f"review at {REVIEW_RATE:.0%} of pages ({count} of {len(errors)}), share of all "
            f"digitize character errors they hold:"
        )
        self.say(
            f"  lowest mean confidence:        {share:6.1%}"
            f" ({share / max(best, 1e-9):.0%} of the best possible)"
        )
        self.say(f"  most low-confidence words:     {low_share:6.1%}")
        self.say(f"  best possible (oracle):        {best:6.1%}")
        self.say(f"  lowest confidence, bag errors: {bag_share:6.1%} of order-free word errors")
        self.say(
            f"  digitize's own review flag:    {flagged_share:6.1%} in {len(flagged)} pages "
            f"({len(flagged) / max(1, len(errors)):.0%})"
        )
        return share

    def targets(self, ratio: float, orientation: tuple[int, int], capture: float) -> None:
        degraded = {page.condition for page in self.pages} - {"clean"}
        ours = self.group("digitize", degraded).cer
        raw = self.group("raw", degraded).cer
        self.say("targets:")
        self.say(
            f"  {_mark(ours <= MAX_DEGRADED_CER_VS_RAW * raw)}  degraded CER {ours:.2%} "
            f"<= {MAX_DEGRADED_CER_VS_RAW:g} x raw {raw:.2%} = {MAX_DEGRADED_CER_VS_RAW * raw:.2%}"
        )
        if "ocrmypdf" in self.runs:
            theirs = self.group("ocrmypdf", degraded).cer
            self.say(f"  {_mark(ours < theirs)}  degraded CER {ours:.2%} < OCRmyPDF {theirs:.2%}")
        clean_ours, clean_raw = self.group("digitize", {"clean"}), self.group("raw", {"clean"})
        worse = [
            page.name
            for page in self.pages
            if page.condition == "clean"
            and self.scores["digitize"][page.name].rates.cer
            > self.scores["raw"][page.name].rates.cer
        ]
        self.say(
            f"  {_mark(clean_ours.cer <= clean_raw.cer)}  clean 300 dpi CER {clean_ours.cer:.2%} "
            f"<= raw {clean_raw.cer:.2%} (worse than raw on {len(worse)} of "
            f"{sum(p.condition == 'clean' for p in self.pages)} clean pages"
            + (f": {', '.join(worse)})" if worse else ")")
        )
        right, total = orientation
        share = right / max(1, total)
        self.say(
            f"  {_mark(total > 0 and share >= MIN_ORIENTATION)}  orientation right on "
            f"{right}/{total} rotated pages = {share:.1%} >= {MIN_ORIENTATION:.0%}"
        )
        self.say(
            f"  {_mark(ratio >= MIN_THROUGHPUT_RATIO)}  throughput digitize/raw {ratio:.2f} "
            f">= {MIN_THROUGHPUT_RATIO}"
        )
        self.say(
            f"  {_mark(capture >= MIN_REVIEW_CAPTURE)}  {REVIEW_RATE:.0%} least confident pages "
            f"hold {capture:.1%} of digitize's character errors >= {MIN_REVIEW_CAPTURE:.0%}"
        )


def save_texts(out: Path, runs: dict[str, ToolRun]) -> None:
    """Every tool's text of every page, for reading the errors behind the figures."""
    for tool, run in runs.items():
        folder = out / "texts" / tool
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in run.texts.items():
            (folder / f"{Path(name).stem}.txt").write_text(_nfc(text), encoding="utf-8")


def benchmark(args: argparse.Namespace, work: Path) -> Report:
    corpus = work / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    started = time.perf_counter()
    pages = write_corpus(corpus, args.per_condition, args.conditions, args.seed, args.workers)
    write_truth(work / "ground_truth.json", pages, args.seed)
    print(
        f"{len(pages)} generated pages ({args.per_condition} per condition, "
        f"{len(args.conditions)} conditions) in {time.perf_counter() - started:.0f} s "
        f"-> {corpus}",
        file=sys.stderr,
    )

    runs: dict[str, ToolRun] = {}
    print("raw tesseract ...", file=sys.stderr)
    runs["raw"] = run_raw(corpus, pages, args.workers)
    if not args.skip_ocrmypdf:
        print("OCRmyPDF ...", file=sys.stderr)
        runs["ocrmypdf"] = run_ocrmypdf(corpus, pages, args.workers, work / "ocrmypdf")
    print("digitize run ...", file=sys.stderr)
    db_path = work / "digitize.db"
    db_path.unlink(missing_ok=True)  # a stored page would be skipped, not timed
    db_url = f"sqlite:///{db_path}"
    meter, output, status = run_digitize(corpus, db_url, args.workers)
    stored = stored_pages(db_url)
    failures = [page.name for page in pages if page.name not in stored]
    if status:
        failures.append(f"digitize run exit {status}: {output.strip().splitlines()[-1]}")
    runs["digitize"] = ToolRun(
        "digitize", meter, {name: page.text for name, page in stored.items()}, failures
    )
    save_texts(work, runs)

    scores = {tool: page_rates(run, pages) for tool, run in runs.items()}
    return Report(pages, runs, scores, stored, args.workers)


def _first_line(command: Sequence[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    except OSError:
        return "not found"
    return ((done.stdout or done.stderr).strip().splitlines() or ["?"])[0]


def versions(with_ocrmypdf: bool) -> str:
    """What was measured: figures move with the code and with Tesseract's data."""
    parts = [
        f"digitize {_first_line(['git', 'describe', '--always', '--dirty'])}",
        _first_line(["tesseract", "--version"]),
    ]
    if with_ocrmypdf:
        parts.append(f"ocrmypdf {_first_line([str(OCRMYPDF), '--version'])}")
    return ", ".join(parts)


def print_report(report: Report, conditions: Sequence[str]) -> None:
    report.say(versions("ocrmypdf" in report.runs))
    report.say(
        "CER = character error rate, WER = word error rate, no-acc = CER with diacritics "
        "stripped (digitize.vietnamese.fold), bag = word errors ignoring reading order; "
        "edit distances summed over pages"
    )
    report.say()
    report.table(conditions)
    ratio = report.speed()
    for tool, run in report.runs.items():
        if run.failures:
            report.say(f"  {TOOL_TITLES[tool]} failures: {'; '.join(run.failures)}")
    report.say()
    report.say("orientation (digitize, stored Page.rotation vs the generator's turn):")
    orientation = report.orientation()
    report.skew()
    report.say()
    capture = report.review()
    report.say()
    report.targets(ratio, orientation, capture)
    print("\n".join(report.lines))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench_accuracy",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--per-condition", type=int, default=6, help="pages per condition (default 6: 72 pages)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="parallel processes, the same for every tool (default: CPU cores)",
    )
    parser.add_argument("--skip-ocrmypdf", action="store_true", help="raw and digitize only")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--conditions",
        type=lambda text: [c for c in text.split(",") if c],
        default=list(CONDITIONS),
        help="comma-separated subset of the generator's conditions (default: all twelve)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="keep corpus, truth, every tool's texts and the database here (default: a "
        "temporary folder, removed at the end)",
    )
    args = parser.parse_args(argv)
    unknown = [c for c in args.conditions if c not in CONDITIONS]
    if unknown or args.per_condition < 1 or args.workers < 1:
        parser.error(f"bad --conditions {unknown} / --per-condition / --workers")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    adopt_orphans()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        report = benchmark(args, args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="digitize-accuracy-") as tmp:
            report = benchmark(args, Path(tmp))
    print_report(report, args.conditions)


if __name__ == "__main__":
    main()
