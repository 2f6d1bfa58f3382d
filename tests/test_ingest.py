"""Finding, grouping, hashing and rasterising scans; every kind of bad file gets a clear reason."""

from __future__ import annotations

import struct
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest
from PIL import Image

from digitize import ingest
from digitize.errors import BadInputError, EncryptedPdfError, TooLargeError
from digitize.records import SourceKind
from tests.conftest import render_page

SETTINGS = ingest.IngestSettings()


def test_discovers_every_format_whatever_the_extension_case(scan_dir: Path) -> None:
    found = ingest.discover(scan_dir, SETTINGS)
    kinds = {doc.relative_path: doc.kind for doc in found.documents}
    assert kinds == {
        "Quyết định 01.pdf": SourceKind.PDF,
        "to-trinh.TIFF": SourceKind.TIFF,
        "giay-phep.JPG": SourceKind.IMAGE,
        "bien-nhan.png": SourceKind.IMAGE,
    }
    pages = {doc.relative_path: len(ingest.page_refs(doc, SETTINGS)) for doc in found.documents}
    assert pages["Quyết định 01.pdf"] == 2
    assert pages["to-trinh.TIFF"] == 2


def test_file_names_are_nfc_and_an_nfd_twin_is_not_listed_twice(tmp_path: Path) -> None:
    name = "Giấy chứng nhận.png"
    render_page().save(tmp_path / unicodedata.normalize("NFD", name))
    render_page().save(tmp_path / unicodedata.normalize("NFC", name))
    found = ingest.discover(tmp_path, SETTINGS)
    assert [doc.relative_path for doc in found.documents] == [name]
    assert unicodedata.is_normalized("NFC", found.documents[0].relative_path)


def test_same_content_same_hash_whatever_the_name(tmp_path: Path) -> None:
    render_page().save(tmp_path / "a.png")
    (tmp_path / "copy of a.png").write_bytes((tmp_path / "a.png").read_bytes())
    hashes = {doc.sha256 for doc in ingest.discover(tmp_path, SETTINGS).documents}
    assert len(hashes) == 1


def test_folder_of_page_images_can_be_one_document(tmp_path: Path) -> None:
    folder = tmp_path / "ho-so-0007"
    folder.mkdir()
    for number in (1, 2, 10):
        render_page(f"Trang {number}").save(folder / f"trang-{number}.jpg", dpi=(300, 300))
    settings = ingest.IngestSettings(folder_documents=("ho-so-*",))
    found = ingest.discover(tmp_path, settings)
    assert len(found.documents) == 1
    document = found.documents[0]
    assert document.relative_path == "ho-so-0007"
    # Natural order: page 10 comes after page 2.
    assert [path.name for path in document.files] == ["trang-1.jpg", "trang-2.jpg", "trang-10.jpg"]
    assert len(ingest.page_refs(document, settings)) == 3
    # Without the setting each image is its own document.
    assert len(ingest.discover(tmp_path, SETTINGS).documents) == 3


def test_wrongly_named_file_is_read_by_its_content(tmp_path: Path) -> None:
    render_page().save(tmp_path / "scan.jpg", format="PNG")
    (document,) = ingest.discover(tmp_path, SETTINGS).documents
    image, _ = ingest.rasterize(ingest.page_refs(document, SETTINGS)[0], SETTINGS)
    assert image.size == (1240, 1100)


def test_not_scans_are_ignored_not_failed(tmp_path: Path) -> None:
    (tmp_path / "ghi-chu.txt").write_text("không phải bản quét")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    found = ingest.discover(tmp_path, SETTINGS)
    assert found.documents == [] and found.rejected == []
    assert sorted(found.ignored) == [".DS_Store", "ghi-chu.txt"]


def test_image_without_resolution_is_assumed_300_dpi(tmp_path: Path) -> None:
    render_page().save(tmp_path / "no-dpi.png")
    render_page().save(tmp_path / "dpi-200.png", dpi=(200, 200))
    refs = {
        doc.relative_path: ingest.page_refs(doc, SETTINGS)[0]
        for doc in ingest.discover(tmp_path, SETTINGS).documents
    }
    assert refs["no-dpi.png"].dpi is None
    assert ingest.rasterize(refs["no-dpi.png"], SETTINGS)[1] == 300
    assert ingest.rasterize(refs["dpi-200.png"], SETTINGS)[1] == 200


def test_pdf_page_is_rasterised_at_the_pipeline_dpi(scan_dir: Path) -> None:
    pdf = next(d for d in ingest.discover(scan_dir, SETTINGS).documents if d.kind is SourceKind.PDF)
    refs = ingest.page_refs(pdf, SETTINGS)
    image, dpi = ingest.rasterize(refs[1], ingest.IngestSettings(dpi=150))
    assert dpi == 150
    assert abs(image.width - 620) <= 2  # the 1240 px page was embedded at 300 dpi


def _rejected(tmp_path: Path, name: str) -> BadInputError:
    found = ingest.discover(tmp_path, SETTINGS)
    errors = [e for e in found.rejected if e.path == name]
    for document in found.documents:
        if document.relative_path == name:
            try:
                for ref in ingest.page_refs(document, SETTINGS):
                    ingest.rasterize(ref, SETTINGS)
            except BadInputError as error:
                errors.append(error)
    assert len(errors) == 1, f"{name} was not refused"
    return errors[0]


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "rỗng.pdf").write_bytes(b"")
    assert "empty" in _rejected(tmp_path, "rỗng.pdf").reason


def test_non_image_with_image_extension(tmp_path: Path) -> None:
    (tmp_path / "fake.jpg").write_text("<html>not a scan</html>")
    assert "not a PDF, TIFF, JPEG or PNG" in _rejected(tmp_path, "fake.jpg").reason


def test_truncated_jpeg(tmp_path: Path) -> None:
    render_page().save(tmp_path / "full.jpg", quality=90)
    data = (tmp_path / "full.jpg").read_bytes()
    (tmp_path / "full.jpg").unlink()
    (tmp_path / "cut.jpg").write_bytes(data[: len(data) // 3])
    assert "truncated" in _rejected(tmp_path, "cut.jpg").reason


def test_corrupt_pdf(tmp_path: Path) -> None:
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage\n")
    assert "damaged PDF" in _rejected(tmp_path, "hong.pdf").reason


def test_truncated_pdf(scan_dir: Path, tmp_path: Path) -> None:
    data = (scan_dir / "Quyết định 01.pdf").read_bytes()
    folder = tmp_path / "cut"
    folder.mkdir()
    (folder / "cut.pdf").write_bytes(data[: len(data) // 2])
    assert _rejected(folder, "cut.pdf").reason


def test_password_protected_pdf(scan_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    subprocess.run(
        [
            "qpdf",
            "--encrypt",
            "mk",
            "mk",
            "256",
            "--",
            str(scan_dir / "Quyết định 01.pdf"),
            str(folder / "khoa.pdf"),
        ],
        check=True,
    )
    error = _rejected(folder, "khoa.pdf")
    assert isinstance(error, EncryptedPdfError)
    assert "password" in error.reason


def test_decompression_bomb_png(tmp_path: Path) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 60000, 60000, 1, 0, 0, 0, 0)
    (tmp_path / "bomb.png").write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )
    error = _rejected(tmp_path, "bomb.png")
    assert isinstance(error, TooLargeError)


def test_huge_pdf_page_is_refused_before_rendering(tmp_path: Path) -> None:
    # A 200x200 inch page would be 3.6 gigapixels at 300 dpi.
    Image.new("L", (200, 200), 255).save(tmp_path / "poster.pdf", resolution=1.0)
    error = _rejected(tmp_path, "poster.pdf")
    assert isinstance(error, TooLargeError)
    assert "pixel" in error.reason


@pytest.mark.parametrize("name", ["scan.tif", "scan.png"])
def test_reasons_name_the_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    error = _rejected(tmp_path, name)
    assert str(error).startswith(name)
