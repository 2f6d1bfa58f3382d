"""The `digitize` command: parse options, call one function, map errors to exit codes."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from digitize import __version__
from digitize.errors import BadInputError, DigitizeError, ExitCode
from digitize.records import PageResult
from digitize.settings import Settings, load_settings
from digitize.store import Database, safe_url

if TYPE_CHECKING:
    from digitize.runner import RunSummary

log = logging.getLogger("digitize")


def _setup_logging(verbose: bool, interactive: bool) -> None:
    # On a terminal the progress bar tells the story; logs carry only warnings there.
    level = logging.DEBUG if verbose else logging.WARNING if interactive else logging.INFO
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    for noisy in ("alembic", "PIL", "pytesseract"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class _Group(click.Group):
    """Maps every digitize error to its exit code, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DigitizeError as error:
            click.echo(f"digitize: error: {error}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo(
                "digitize: interrupted: pages already stored are kept; run again to resume",
                err=True,
            )
            ctx.exit(ExitCode.INTERRUPTED)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="digitize")
def main() -> None:
    """Digitize Vietnamese administrative-procedure records: clean, OCR, match, index."""


def _settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--db",
        "database_url",
        metavar="URL",
        help="Database URL (default: $DIGITIZE_DATABASE_URL, else SQLite under ~/.local/share/digitize).",
    )(func)
    func = click.option(
        "--pipeline",
        metavar="NAME|FILE",
        help="Pipeline settings: a name from pipelines/ or a TOML file (default: default).",
    )(func)
    return func


@main.command()
@_settings_options
def doctor(database_url: str | None, pipeline: str | None) -> None:
    """Check Tesseract, its Vietnamese data, poppler and the database."""
    from digitize.runner import dependency_checks

    settings = load_settings(pipeline, database_url)
    problems = 0
    for check in dependency_checks(settings):
        mark = "ok " if check.ok else "MISSING"
        click.echo(
            f"{mark:8}{check.name}: {check.detail}" + (f"  -> {check.fix}" if check.fix else "")
        )
        problems += not check.ok
    try:
        Database.open(settings.database_url).close()
        click.echo(f"{'ok':8}database: {safe_url(settings.database_url)}")
    except DigitizeError as error:
        click.echo(f"{'FAIL':8}database: {error}")
        problems += 1
    if problems:
        raise click.exceptions.Exit(ExitCode.MISSING_DEPENDENCY)
    click.echo("All dependencies found.")


class _Progress:
    """A rich progress bar on a terminal; plain log lines (from the runner) otherwise."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive
        self._bar: Any = None
        self._task: Any = None

    def plan(self, total: int) -> None:
        if not self.interactive or total == 0:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("[bold]OCR"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("pages"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("pages", total=total, rate="")

    def page(self, _source: str, _result: PageResult) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)
            task = self._bar.tasks[0]
            if task.speed:
                self._bar.update(self._task, rate=f"{task.speed:.2f} pages/s")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@main.command()
@click.argument(
    "scan_dirs",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@_settings_options
@click.option("--workers", type=click.IntRange(min=1), help="Parallel pages (default: CPU cores).")
@click.option("--retry-failed", is_flag=True, help="Try again files that failed in an earlier run.")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
def run(
    scan_dirs: tuple[Path, ...],
    database_url: str | None,
    pipeline: str | None,
    workers: int | None,
    retry_failed: bool,
    verbose: bool,
) -> None:
    """OCR every new page under SCAN_DIRS and store it in the database."""
    from digitize.runner import require_tools, run_batch

    interactive = sys.stderr.isatty()
    _setup_logging(verbose, interactive)
    settings = load_settings(pipeline, database_url, workers)
    require_tools(settings)
    db = Database.open(settings.database_url)
    progress = _Progress(interactive)
    try:
        summary = run_batch(
            list(scan_dirs),
            settings,
            db,
            on_plan=progress.plan,
            on_page=progress.page,
            retry_failed=retry_failed,
        )
    finally:
        progress.close()
        db.close()
    _print_summary(summary, settings)
    if summary.failed:
        raise click.exceptions.Exit(ExitCode.SOME_FILES_FAILED)


def _print_summary(summary: RunSummary, settings: Settings) -> None:
    echo = click.echo
    echo(
        f"Run {summary.run_id} ({settings.pipeline} pipeline, {settings.workers} workers) "
        f"-> {safe_url(settings.database_url)}"
    )
    echo(f"  documents found:        {summary.documents_found}")
    echo(f"  documents processed:    {summary.documents_done}")
    if summary.already_done:
        echo(f"  already in the archive: {summary.already_done} (skipped, not processed again)")
    for path, stored in summary.duplicates:
        echo(f"    {path}: same content as {stored}")
    if summary.previously_failed:
        echo(
            f"  failed in earlier runs: {summary.previously_failed} (use --retry-failed to try again)"
        )
    echo(
        f"  pages OCR'd:            {summary.pages_done}"
        + (
            f" in {summary.seconds:.1f} s, {summary.pages_per_second:.2f} pages/s"
            if summary.pages_done
            else ""
        )
    )
    if summary.pages_done == 0:
        echo("  nothing new to process: 0 pages")
    if summary.pages_blank:
        echo(f"  blank pages:            {summary.pages_blank} (recorded, not OCR'd)")
    echo(
        f"  pages for review:       {summary.pages_for_review} "
        f"(mean confidence < {settings.review.page_confidence:g} "
        f"or > {settings.review.low_word_share:.0%} low-confidence words)"
    )
    if summary.links:
        counts = ", ".join(f"{count} {name}" for name, count in sorted(summary.links.items()))
        echo(f"  catalogue links:        {counts}")
    for path in summary.assumed_dpi:
        echo(f"  note: {path}: no resolution in the file, assumed 300 dpi")
    if summary.failed:
        echo(f"  failed files:           {len(summary.failed)}")
        for failed in summary.failed:
            echo(f"    {failed.path}: {failed.reason}")


@main.command()
@click.option("--format", "output_format", type=click.Choice(["jsonl", "pdf"]), required=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="jsonl: a file (default: standard output); pdf: a folder (default: ./export).",
)
@_settings_options
def export(
    output_format: str, out: Path | None, database_url: str | None, pipeline: str | None
) -> None:
    """Export stored pages as JSON Lines or one searchable PDF per document."""
    from digitize.export import export_jsonl, export_pdf

    settings = load_settings(pipeline, database_url)
    db = Database.open(settings.database_url)
    try:
        if output_format == "jsonl":
            if out is None:
                summary = export_jsonl(db, sys.stdout, settings)
            else:
                out.parent.mkdir(parents=True, exist_ok=True)
                with out.open("w", encoding="utf-8") as handle:
                    summary = export_jsonl(db, handle, settings)
        else:
            summary = export_pdf(db, out or Path("export"), settings)
    finally:
        db.close()
    click.echo(f"exported {summary.pages} pages of {summary.documents} documents", err=True)
    for path, reason in summary.failed:
        click.echo(f"  {path}: {reason}", err=True)
    if summary.failed:
        raise click.exceptions.Exit(ExitCode.SOME_FILES_FAILED)


def _import_file(path: Path, what: str, database_url: str | None, pipeline: str | None) -> None:
    from digitize import catalogue

    settings = load_settings(pipeline, database_url)
    reader = catalogue.read_catalogue if what == "catalogue" else catalogue.read_register
    try:
        report = reader(path)
    except (OSError, ValueError) as error:
        raise BadInputError(str(path), str(error)) from error
    db = Database.open(settings.database_url)
    try:
        if what == "catalogue":
            counts = db.upsert_procedures(report.records)  # type: ignore[arg-type]
        else:
            counts = db.upsert_dossiers(report.records)  # type: ignore[arg-type]
    finally:
        db.close()
    click.echo(
        f"{path}: {len(report.records)} good rows ({counts.inserted} new, {counts.updated} updated), "
        f"{len(report.errors)} rejected"
    )
    for row_error in report.errors:
        click.echo(f"  {row_error}")
    if report.errors:
        raise click.exceptions.Exit(ExitCode.SOME_FILES_FAILED)


@main.group(name="catalogue")
def catalogue_group() -> None:
    """The national catalogue of administrative procedures."""


@catalogue_group.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_settings_options
def catalogue_import(file: Path, database_url: str | None, pipeline: str | None) -> None:
    """Import procedures from CSV, XLSX or the portal's JSON (idempotent upsert)."""
    _import_file(file, "catalogue", database_url, pipeline)


@main.group(name="register")
def register_group() -> None:
    """The one-stop-shop dossier register."""


@register_group.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_settings_options
def register_import(file: Path, database_url: str | None, pipeline: str | None) -> None:
    """Import dossiers from the one-stop-shop export, CSV or XLSX (idempotent upsert)."""
    _import_file(file, "register", database_url, pipeline)


@main.command(name="match")
@_settings_options
@click.option(
    "--extract/--no-extract",
    "reextract",
    default=False,
    help="Also read the fields again from the stored words (no OCR).",
)
def match_command(database_url: str | None, pipeline: str | None, reextract: bool) -> None:
    """Link stored documents to the catalogue and register again, e.g. after an import."""
    from collections import Counter

    from digitize import linking
    from digitize.records import DocumentStatus

    settings = load_settings(pipeline, database_url)
    db = Database.open(settings.database_url)
    try:
        linker = linking.Linker.from_database(db, settings.match)
        decisions: Counter[str] = Counter()
        for document in db.documents(DocumentStatus.DONE):
            if reextract:
                linking.extract_document(db, document.id, settings.fields)
            decisions[str(linking.link_document(db, document.id, linker).decision)] += 1
    finally:
        db.close()
    click.echo(
        f"matched {sum(decisions.values())} documents against {len(linker.catalogue)} procedures "
        f"and {len(linker.register)} dossiers: "
        + (", ".join(f"{n} {name}" for name, n in sorted(decisions.items())) or "nothing stored")
    )


if __name__ == "__main__":
    main()
