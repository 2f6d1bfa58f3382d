"""One home for configuration: a pipeline TOML file, then ``DIGITIZE_*`` environment variables.

Each stage owns the dataclass of its own table (``[ingest]``, ``[cleanup]``, ``[ocr]``, ...);
this module only finds the file, reads it and checks the keys.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from digitize.errors import ConfigError
from digitize.imaging import CleanupSettings
from digitize.ingest import IngestSettings
from digitize.match import MatchSettings
from digitize.ocr import OcrSettings

PIPELINES_DIR = Path(__file__).resolve().parent.parent / "pipelines"
DEFAULT_PIPELINE = "default"


def default_database_url() -> str:
    """SQLite in the user's data folder, so every run from anywhere shares one archive."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'digitize' / 'digitize.db'}"


@dataclass(frozen=True)
class ReviewSettings:
    """The ``[review]`` table: which pages a clerk must look at."""

    page_confidence: float = 80.0  # pages whose mean word confidence is below this
    low_word_share: float = 0.15  # or whose share of low-confidence words is above this


@dataclass(frozen=True)
class FieldSettings:
    """The ``[fields]`` table: the document-level step after OCR."""

    extract: bool = True  # read number, date, codes, ... and link to catalogue and register
    barcodes: bool = True  # decode QR codes and barcodes on every page (trusted over OCR)
    # Fields are read from a document's first and last pages only: a 500-page dossier must
    # not bring all its words into memory, and its header, codes and signer are not inside.
    first_pages: int = 5
    last_pages: int = 2


@dataclass(frozen=True)
class Settings:
    pipeline: str = DEFAULT_PIPELINE
    database_url: str = field(default_factory=default_database_url)
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    cleanup: CleanupSettings = field(default_factory=CleanupSettings)
    ocr: OcrSettings = field(default_factory=OcrSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    fields: FieldSettings = field(default_factory=FieldSettings)
    match: MatchSettings = field(default_factory=MatchSettings)


_T = TypeVar("_T")


def _build(kind: type[_T], table: Mapping[str, Any], where: str) -> _T:
    names = {f.name: f for f in dataclasses.fields(kind)}  # type: ignore[arg-type]
    unknown = sorted(set(table) - set(names))
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        default = getattr(kind(), key)
        if isinstance(default, tuple):
            value = tuple(value)
        elif isinstance(default, float) and isinstance(value, int):
            value = float(value)
        if not isinstance(value, type(default)):
            raise ConfigError(
                f"{where}: {key} must be {type(default).__name__}, not {type(value).__name__}"
            )
        values[key] = value
    return kind(**values)


def resolve_pipeline(name_or_path: str) -> Path:
    """A pipeline is a TOML file: a path, or a name under pipelines/."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ConfigError(f"{name_or_path}: pipeline file not found")
        return path
    candidate = PIPELINES_DIR / f"{name_or_path}.toml"
    if not candidate.is_file():
        known = sorted(p.stem for p in PIPELINES_DIR.glob("*.toml"))
        raise ConfigError(f"unknown pipeline '{name_or_path}' (known: {', '.join(known)})")
    return candidate


SECTIONS: dict[str, type] = {
    "ingest": IngestSettings,
    "cleanup": CleanupSettings,
    "ocr": OcrSettings,
    "review": ReviewSettings,
    "fields": FieldSettings,
    "match": MatchSettings,
}


def load_settings(
    pipeline: str | None = None,
    database_url: str | None = None,
    workers: int | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Settings:
    """Settings from the pipeline file, then the environment, then explicit options (strongest)."""
    name = pipeline or environ.get("DIGITIZE_PIPELINE") or DEFAULT_PIPELINE
    path = resolve_pipeline(name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from error
    unknown = sorted(set(data) - set(SECTIONS) - {"description"})
    if unknown:
        raise ConfigError(f"{path}: unknown table(s) {', '.join(unknown)}")
    tables: dict[str, Any] = {
        key: _build(kind, data.get(key, {}), f"{path} [{key}]") for key, kind in SECTIONS.items()
    }
    env_workers = environ.get("DIGITIZE_WORKERS")
    try:
        chosen_workers = workers or (int(env_workers) if env_workers else None)
    except ValueError as error:
        raise ConfigError(
            f"DIGITIZE_WORKERS must be a whole number, not {env_workers!r}"
        ) from error
    if chosen_workers is not None and chosen_workers < 1:
        raise ConfigError("workers must be at least 1")
    return Settings(
        pipeline=path.stem,
        database_url=database_url or environ.get("DIGITIZE_DATABASE_URL") or default_database_url(),
        workers=chosen_workers or os.cpu_count() or 1,
        **tables,
    )
