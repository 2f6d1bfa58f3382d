"""The sample-scan generator: deterministic, fully printable, truthful, and readable by Tesseract."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pytesseract
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from samples.generator import (
    BUILTIN_PROCEDURES,
    CONDITIONS,
    DEMO_SET,
    FONT_FILES,
    DocumentType,
    degrade,
    degrade_with_truth,
    missing_glyphs,
    random_spec,
    render_document,
    seal_text,
    write_corpus,
)

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "samples" / "scans"
GROUND_TRUTH = ROOT / "samples" / "ground_truth.json"
SCHEMA = ROOT / "schemas" / "ground-truth.schema.json"


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> None:
    """The JSON Schema subset our schema uses (no jsonschema dependency)."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    kinds = schema.get("type")
    if kinds is not None:
        names: dict[str, type | tuple[type, ...]] = {"string": str, "integer": int, "number": (int, float), "object": dict,
                 "array": list, "null": type(None), "boolean": bool}
        allowed = [kinds] if isinstance(kinds, str) else kinds
        ok = any(isinstance(value, names[k]) and not (k in ("integer", "number")
                                                       and isinstance(value, bool))
                 for k in allowed)
        assert ok, f"{where}: {value!r} is not {allowed}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, str):
        assert len(value) >= schema.get("minLength", 0), where
        if "pattern" in schema:
            assert re.search(schema["pattern"], value), f"{where}: {value!r} !~ {schema['pattern']}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        assert schema.get("minimum", value) <= value <= schema.get("maximum", value), where
    if isinstance(value, dict):
        missing = set(schema.get("required", ())) - set(value)
        assert not missing, f"{where}: missing {missing}"
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            assert set(value) <= set(props), f"{where}: unexpected {set(value) - set(props)}"
        for key, item in value.items():
            if key in props:
                _validate(item, props[key], root, f"{where}.{key}")
    if isinstance(value, list):
        assert len(value) >= schema.get("minItems", 0), where
        for i, item in enumerate(value):
            _validate(item, schema.get("items", {}), root, f"{where}[{i}]")


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    return data


def test_same_seed_gives_the_same_documents_and_pixels() -> None:
    first = random_spec(random.Random(42))
    again = random_spec(random.Random(42))
    assert first == again
    assert random_spec(random.Random(43)) != first
    a, b = render_document(first), render_document(again)
    assert [p.lines for p in a] == [p.lines for p in b]
    assert all(np.array_equal(np.asarray(x.image), np.asarray(y.image))
               for x, y in zip(a, b, strict=True))
    da, _ = degrade(a[0].image, "photo", random.Random(5))
    db, _ = degrade(b[0].image, "photo", random.Random(5))
    assert np.array_equal(np.asarray(da), np.asarray(db))


def test_every_generated_character_has_a_glyph_in_liberation_serif() -> None:
    rng = random.Random(7)
    text = "".join(
        "\n".join(p.lines) for _ in range(12) for p in render_document(random_spec(rng))
    )
    # Every Vietnamese letter, upper and lower, whether the generator drew it or not.
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    letters = "".join(unicodedata.normalize("NFC", v + t) for v in vowels for t in tones)
    alphabet = letters + letters.upper() + "đĐ" + seal_text(random_spec(rng))
    for style in FONT_FILES:
        assert missing_glyphs(text + alphabet, style) == set(), style


def test_generated_people_and_codes_are_well_formed() -> None:
    rng = random.Random(3)
    specs = [random_spec(rng) for _ in range(60)]
    results = [s for s in specs if s.dossier_code]
    assert len(results) > 20
    for spec in results:
        assert re.fullmatch(r"000\.00\.\d{2}\.H\d{2}-\d{6}-\d{4}", spec.dossier_code or "")
        assert spec.dossier_code.split("-")[0] == spec.agency_code  # type: ignore[union-attr]
        assert re.fullmatch(r"[12]\.\d{6}", spec.procedure_code or "")
        cid = spec.citizen_id or ""
        assert re.fullmatch(r"\d{12}", cid) and 1 <= int(cid[:3]) <= 96 and cid[3] in "0123"
        assert len((spec.applicant or "").split()) == 3
        printed = "\n".join(p.text for p in spec.body)
        assert f"Mã hồ sơ: {spec.dossier_code}" in printed
        assert f"(mã {spec.procedure_code})" in printed
        assert f"Số định danh cá nhân: {cid}" in printed
    assert {s.document_type for s in specs} == set(DocumentType)
    # A catalogue passed in is used instead of the built-in procedures.
    mine = [("1.999999", "Thủ tục thử nghiệm của danh mục")]
    spec = random_spec(random.Random(1), mine, document_type=DocumentType.GIAY_PHEP)
    assert (spec.procedure_code, spec.procedure_name) == mine[0]
    assert len(BUILTIN_PROCEDURES) >= 20


def test_long_documents_run_to_several_pages_with_page_numbers() -> None:
    spec = random_spec(random.Random(2), document_type=DocumentType.CONG_VAN, long=True)
    pages = render_document(spec)
    assert len(pages) >= 2
    assert pages[1].lines[0] == "2"
    assert pages[0].lines[0] == (spec.parent_agency or "ỦY BAN NHÂN DÂN")
    assert spec.signer == pages[-1].lines[-1]
    for page in pages:
        assert page.image.size == (2480, 3508)
        assert page.text == unicodedata.normalize("NFC", page.text)


def test_every_condition_records_what_it_did() -> None:
    page = render_document(random_spec(random.Random(5), long=False))[0].image
    for condition in CONDITIONS:
        rng = random.Random(condition)
        out = degrade_with_truth(page, condition, rng)
        assert out.image.mode == "RGB"
        if condition.startswith("rot"):
            assert out.rotation == int(condition[3:])
        if condition == "skew":
            assert 0.5 <= abs(out.skew) <= 5.0
        if condition == "dpi200":
            assert out.dpi == 200 and out.image.width == round(page.width * 2 / 3)
    with pytest.raises(ValueError):
        degrade(page, "coffee", random.Random(0))


def test_qr_code_on_a_result_decodes_to_its_dossier_code() -> None:
    spec = random_spec(random.Random(9), document_type=DocumentType.GIAY_TIEP_NHAN)
    assert spec.qr == spec.dossier_code
    image, dpi = degrade(render_document(spec)[0].image, "dpi200", random.Random(1))
    found = zxingcpp.read_barcodes(np.asarray(image.convert("L")))
    assert [b.text for b in found] == [spec.dossier_code]
    assert dpi == 200


def test_clean_page_reads_back_in_vietnamese_with_tesseract() -> None:
    spec = random_spec(random.Random(4), document_type=DocumentType.THONG_BAO, long=False)
    page = render_document(spec)[0]
    # The header only: enough to prove the diacritics print as Tesseract expects, and fast.
    header = page.image.crop((0, 0, page.image.width, page.image.height // 5))
    text = unicodedata.normalize("NFC", pytesseract.image_to_string(header, lang="vie"))
    national = ["CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"]
    assert sum(word in text for word in national) >= len(national) - 1, text
    assert "Độc lập" in text
    assert spec.agency.split()[0] in text


def test_write_corpus_writes_pages_and_matching_truth(tmp_path: Path) -> None:
    path = write_corpus(tmp_path, 3, ["skew", "rot180"], seed=8)
    data = json.loads(path.read_text(encoding="utf-8"))
    _validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")),
              json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [d["condition"] for d in data["documents"]] == ["skew", "rot180", "skew"]
    for doc in data["documents"]:
        assert len(doc["files"]) == len(doc["pages"])
        for name, page in zip(doc["files"], doc["pages"], strict=True):
            with Image.open(tmp_path / name) as im:
                assert round(im.info["dpi"][0]) == page["dpi"]
                if doc["condition"] == "rot180":
                    assert page["rotation"] == 180


def test_committed_ground_truth_follows_the_schema(truth: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    _validate(truth, schema, schema)
    assert len(truth["documents"]) == len(DEMO_SET)
    text = json.dumps(truth, ensure_ascii=False)
    assert text == unicodedata.normalize("NFC", text)


def _page_count(path: Path) -> int:
    if path.suffix == ".pdf":
        return len(PdfReader(path).pages)
    with Image.open(path) as im:
        return getattr(im, "n_frames", 1)


def test_committed_files_exist_open_and_match_their_truth(truth: dict[str, Any]) -> None:
    total = 0
    for doc in truth["documents"]:
        pages = 0
        for name in doc["files"]:
            assert name == unicodedata.normalize("NFC", name)
            path = SCANS / name
            assert path.is_file(), name
            total += path.stat().st_size
            pages += _page_count(path)
            if path.suffix != ".pdf":
                with Image.open(path) as im:
                    im.load()
                    dpi = im.info.get("dpi")
                    if doc["dpi_in_file"] is None:
                        assert dpi is None, name
                    else:
                        assert dpi and round(dpi[0]) == doc["dpi_in_file"], name
        assert pages == len(doc["pages"]), doc["id"]
    assert total < 3_000_000
    names = {n for d in truth["documents"] for n in d["files"]}
    assert any(re.search(r"[^\x00-\x7f]", n) for n in names)  # a Vietnamese file name
    assert any("/" in n for n in names)  # a dossier sub-folder
    assert {d["condition"] for d in truth["documents"]} >= {"clean", "skew", "rot90", "photo"}


def test_committed_set_is_what_the_generator_writes(tmp_path: Path, truth: dict[str, Any]) -> None:
    """A change to the generator must come with a regenerated demo set."""
    from samples.generator import write_demo_set

    out = write_demo_set(tmp_path / "scans", tmp_path / "ground_truth.json", truth["seed"])
    assert json.loads(out.read_text(encoding="utf-8")) == truth
