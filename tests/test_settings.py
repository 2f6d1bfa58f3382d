"""Pipeline files: every setting documented, checked and overridable."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from pathlib import Path

import pytest

from digitize.errors import ConfigError
from digitize.settings import PIPELINES_DIR, SECTIONS, load_settings

SCHEMA = json.loads((Path(__file__).parent.parent / "schemas/pipeline.schema.json").read_text())


def test_schema_lists_every_setting_with_its_default() -> None:
    for section, kind in SECTIONS.items():
        properties = SCHEMA["properties"][section]["properties"]
        assert set(properties) == {f.name for f in dataclasses.fields(kind)}, section
        for name, spec in properties.items():
            default = getattr(kind(), name)
            assert spec["default"] == (list(default) if isinstance(default, tuple) else default)


@pytest.mark.parametrize("path", sorted(PIPELINES_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_bundled_pipelines_load_and_keep_to_the_schema(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for section, table in data.items():
        if section == "description":
            continue
        assert set(table) <= set(SCHEMA["properties"][section]["properties"])
    load_settings(str(path))


def test_default_file_states_the_defaults() -> None:
    """default.toml documents the built-in defaults; it only adds the dossier-folder pattern."""
    default = load_settings("default", "sqlite://")
    empty = load_settings(str(Path(__file__).parent / "empty-pipeline.toml"), "sqlite://")
    assert default.ingest.folder_documents == ("ho-so-*",)
    assert default == dataclasses.replace(
        empty,
        pipeline="default",
        ingest=dataclasses.replace(empty.ingest, folder_documents=("ho-so-*",)),
    )


def test_unknown_key_and_wrong_type_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[ocr]\nlanguage = 'vie'\nlangauge = 'eng'\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(str(bad))
    bad.write_text("[ingest]\ndpi = 'high'\n")
    with pytest.raises(ConfigError, match="dpi must be int"):
        load_settings(str(bad))


def test_environment_and_options_override_the_file() -> None:
    env = {
        "DIGITIZE_DATABASE_URL": "sqlite:///env.db",
        "DIGITIZE_WORKERS": "3",
        "DIGITIZE_PIPELINE": "fast",
    }
    settings = load_settings(environ=env)
    assert (settings.pipeline, settings.database_url, settings.workers) == (
        "fast",
        "sqlite:///env.db",
        3,
    )
    assert settings.cleanup.enabled is False
    settings = load_settings("default", "sqlite:///cli.db", 1, environ=env)
    assert (settings.pipeline, settings.database_url, settings.workers) == (
        "default",
        "sqlite:///cli.db",
        1,
    )
