"""Benchmarks that print figures (speed and accuracy targets live here, not in timed tests).

    python -m tests.benchmark throughput [--pages 20] [--workers 2] [--memory 10,200]
    python -m tests.benchmark text [--pages 20]

Runs raw `tesseract IMG - -l vie` and the full `digitize run` on the same generated pages with
the same number of processes, then prints pages/s, their ratio, peak memory of the whole
process tree for runs of different lengths, and the character error rate against the truth.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from rapidfuzz.distance import Levenshtein
from sqlalchemy import select

from digitize.store import Database
from digitize.store.models import Document, Page
from digitize.vietnamese import fold
from samples.generator import random_spec, render_document

DIGITIZE = [sys.executable, "-m", "digitize.cli"]


# Error rates


def _squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class ErrorRates:
    """Edit distances summed over pages, so long pages weigh more (as in OCR literature)."""

    char_errors: int = 0
    chars: int = 0
    word_errors: int = 0
    words: int = 0
    folded_errors: int = 0

    def add(self, hypothesis: str, truth: str) -> None:
        hyp, ref = _squash(hypothesis), _squash(truth)
        self.char_errors += Levenshtein.distance(hyp, ref)
        self.chars += len(ref)
        self.word_errors += Levenshtein.distance(hyp.split(), ref.split())
        self.words += len(ref.split())
        self.folded_errors += Levenshtein.distance(fold(hyp), fold(ref))

    @property
    def cer(self) -> float:
        return self.char_errors / max(1, self.chars)

    @property
    def wer(self) -> float:
        return self.word_errors / max(1, self.words)

    @property
    def folded_cer(self) -> float:
        return self.folded_errors / max(1, self.chars)


# Measuring a process tree


class PeakMemory:
    """Samples the summed RSS of a process and all its descendants (the worker pool)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self.parent_peak = 0  # the main process alone: what holds the batch's state
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as handle:
                        parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(parent, []).append(int(entry))
                except (OSError, IndexError, ValueError):
                    continue
        tree, stack = [], [self.pid]
        while stack:
            pid = stack.pop()
            tree.append(pid)
            stack += children.get(pid, [])
        return tree

    def _sample(self) -> None:
        page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/statm") as handle:
                        rss = int(handle.read().split()[1]) * page_kb
                except (OSError, IndexError, ValueError):
                    continue
                total += rss
                if pid == self.pid:
                    self.parent_peak = max(self.parent_peak, rss)
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)


def run_digitize(
    scan_dir: Path, db_url: str, workers: int, pipeline: str = "default"
) -> tuple[float, PeakMemory]:
    """Wall seconds and peak memory (tree and main process, KiB) of one `digitize run`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            *DIGITIZE,
            "run",
            str(scan_dir),
            "--db",
            db_url,
            "--workers",
            str(workers),
            "--pipeline",
            pipeline,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    with PeakMemory(process.pid) as memory:
        output, _ = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"digitize run failed ({process.returncode}):\n{output}")
    return seconds, memory


def raw_tesseract(
    images: Sequence[Path], workers: int, single_thread: bool = True
) -> tuple[float, list[str]]:
    """What a province would otherwise run: `tesseract IMG - -l vie`, one process per page.

    ``single_thread``: with OMP_THREAD_LIMIT=1 as digitize's pool has it, the strict baseline;
    without, Tesseract as installed, whose OpenMP threads oversubscribe the cores.
    """
    env = {key: value for key, value in os.environ.items() if key != "OMP_THREAD_LIMIT"}
    if single_thread:
        env["OMP_THREAD_LIMIT"] = "1"

    def one(path: Path) -> str:
        done = subprocess.run(
            ["tesseract", str(path), "-", "-l", "vie"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return done.stdout

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        texts = list(pool.map(one, images))
    return time.perf_counter() - started, texts


def stored_texts(db_url: str) -> dict[tuple[str, int], str]:
    db = Database.open(db_url)
    with db.session() as session:
        rows = session.execute(
            select(Document.source_path, Page.number, Page.text).join(Page.document)
        ).all()
    db.close()
    return {(path, number): text for path, number, text in rows}


def generate_pages(
    count: int, out_dir: Path, seed: int, full: bool = False
) -> list[tuple[Path, str]]:
    """`count` clean 300 dpi pages of generated documents, as PNG files, with their truth.

    ``full``: only first pages of long documents, full of text (a decision's body), instead
    of the usual mix where most pages are short results and receipts.
    """
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[Path, str]] = []
    while len(pages) < count:
        rendered = render_document(random_spec(rng, long=True) if full else random_spec(rng))
        for page in rendered[:1] if full else rendered:
            if len(pages) == count:
                break
            path = out_dir / f"page-{len(pages) + 1:04d}.png"
            page.image.convert("L").save(path, dpi=(300, 300), compress_level=1)
            pages.append((path, page.text))
    return pages


def write_pdf(images: Sequence[Path], count: int, path: Path) -> None:
    """A `count`-page scanned PDF cycling through `images` (JPEG pages, as scanners write)."""

    def page(index: int) -> Image.Image:
        return Image.open(images[index % len(images)]).convert("L")

    first = page(0)
    first.save(
        path,
        save_all=True,
        resolution=300.0,
        quality=75,
        append_images=(page(i) for i in range(1, count)),
    )


def throughput(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="digitize-bench-") as tmp:
        work = Path(tmp)
        pages = generate_pages(args.pages, work / "pages", args.seed, args.full_pages)
        images = [path for path, _ in pages]
        kind = "full-text" if args.full_pages else "mixed"
        print(
            f"{len(pages)} generated {kind} pages (clean, 300 dpi), {args.workers} processes each\n"
        )

        raw_seconds, raw_texts = raw_tesseract(images, args.workers)
        raw_errors = ErrorRates()
        for text, (_, truth) in zip(raw_texts, pages, strict=True):
            raw_errors.add(text, truth)
        as_installed_seconds, _ = raw_tesseract(images, args.workers, single_thread=False)

        db_url = f"sqlite:///{work / 'bench.db'}"
        full_seconds, full_memory = run_digitize(work / "pages", db_url, args.workers, args.pipeline)
        stored = stored_texts(db_url)
        full_errors = ErrorRates()
        for path, truth in pages:
            full_errors.add(stored[(path.name, 1)], truth)

        raw_rate, full_rate = len(pages) / raw_seconds, len(pages) / full_seconds
        installed_rate = len(pages) / as_installed_seconds
        print(f"{'':40}{'pages/s':>9}{'CER':>8}{'WER':>8}{'CER no accents':>16}")
        print(
            f"{'raw tesseract -l vie, 1 thread each':40}{raw_rate:9.3f}{raw_errors.cer:8.2%}"
            f"{raw_errors.wer:8.2%}{raw_errors.folded_cer:16.2%}"
        )
        print(f"{'raw tesseract -l vie, as installed':40}{installed_rate:9.3f}")
        print(
            f"{'digitize run (' + args.pipeline + ')':40}{full_rate:9.3f}{full_errors.cer:8.2%}"
            f"{full_errors.wer:8.2%}{full_errors.folded_cer:16.2%}"
        )
        print(
            f"throughput ratio digitize/raw: {full_rate / raw_rate:.2f} against single-threaded "
            f"Tesseract, {full_rate / installed_rate:.2f} against Tesseract as installed "
            "(target >= 0.85)"
        )
        print(f"peak memory, {len(pages)} PNG pages: {full_memory.peak / 1024:.0f} MiB\n")

        for count in args.memory:
            pdf = work / f"memory-{count}" / f"{count}-pages.pdf"
            pdf.parent.mkdir()
            write_pdf(images, count, pdf)
            url = f"sqlite:///{work / f'memory-{count}.db'}"
            seconds, memory = run_digitize(pdf.parent, url, args.workers, args.pipeline)
            print(
                f"{count:4d}-page PDF: {seconds:7.1f} s, {count / seconds:.3f} pages/s, "
                f"peak memory of the process tree {memory.peak / 1024:.0f} MiB "
                f"(main process {memory.parent_peak / 1024:.0f} MiB)"
            )


def text_speed(args: argparse.Namespace) -> None:
    """Normalisation and correction time on generated page texts with typical OCR slips."""
    from digitize.records import Box, Word
    from digitize.vietnamese import build_lexicon, correct_words, normalize

    rng = random.Random(args.seed)
    started = time.perf_counter()
    lexicon = build_lexicon()
    print(f"lexicon built in {time.perf_counter() - started:.2f} s (once per worker)")
    pages: list[list[Word]] = []
    while len(pages) < args.pages:
        for page in render_document(random_spec(rng)):
            slipped = page.text.replace("thủ", "thú").replace("chính", "chinh").split()
            pages.append(
                [
                    Word(token, Box(10 * i, 10 * (i // 12), 9, 9), 80.0, 1, 1, i // 12, i)
                    for i, token in enumerate(slipped)
                ]
            )
    words = [word.text for page in pages for word in page]
    started = time.perf_counter()
    for word in words:
        normalize(word)
    per_word = (time.perf_counter() - started) / len(words)
    started = time.perf_counter()
    for page in pages:
        correct_words(page, lexicon)
    per_page = (time.perf_counter() - started) / len(pages)
    print(
        f"{len(pages)} pages, {len(words)} words: normalise {per_word * 1e6:.1f} us a word, "
        f"correct {per_page * 1000:.1f} ms a page ({per_page / (len(words) / len(pages)) * 1e6:.0f}"
        " us a word)"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    speed = commands.add_parser("throughput", help="raw Tesseract vs digitize run, memory")
    speed.add_argument("--pages", type=int, default=20)
    speed.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    speed.add_argument("--pipeline", default="default")
    speed.add_argument("--seed", type=int, default=7)
    speed.add_argument(
        "--full-pages",
        action="store_true",
        help="pages full of text (first pages of long documents)",
    )
    speed.add_argument(
        "--memory",
        type=lambda s: [int(x) for x in s.split(",") if x],
        default=[10, 200],
        help="page counts of the memory runs (default 10,200)",
    )
    speed.set_defaults(handler=throughput)
    text = commands.add_parser("text", help="normalisation and correction time")
    text.add_argument("--pages", type=int, default=20)
    text.add_argument("--seed", type=int, default=7)
    text.set_defaults(handler=text_speed)
    args = parser.parse_args(argv)
    args.handler(args)


if __name__ == "__main__":
    main()
