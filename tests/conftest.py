"""Shared fixtures: small generated Vietnamese pages and real database servers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 06/TB-BCĐCCHC",
    "Phú Yên, ngày 17 tháng 10 năm 2023",
    "Số hóa hồ sơ, kết quả giải quyết",
    "thủ tục hành chính đang còn hiệu lực.",
)
REQUIRE_SERVICES = os.environ.get("DIGITIZE_REQUIRE_SERVICES") == "1"


def render_page(label: str = "", lines: tuple[str, ...] = LINES) -> Image.Image:
    """A small 300 dpi page (A6-sized) of Vietnamese administrative text: quick to OCR."""
    font = ImageFont.truetype(str(FONT), 44)
    image = Image.new("RGB", (1240, 1100), "white")
    draw = ImageDraw.Draw(image)
    y = 120
    for line in (*lines, label) if label else lines:
        draw.text((100, y), line, font=font, fill="black")
        y += 95
    return image


def need_service(reason: str) -> None:
    """Skip on a laptop without the server; fail in CI, where every test must run."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (DIGITIZE_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """URL of a PostgreSQL server we may create databases on."""
    url = os.environ.get(
        "DIGITIZE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    try:
        with create_engine(url).connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as error:
        need_service(f"no PostgreSQL at {url}: {str(error.orig).strip().splitlines()[0]}")
    return url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"digitize_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def scan_dir(tmp_path: Path) -> Path:
    """A scan folder with every supported format: 2-page PDF, 2-page TIFF, JPEG, PNG (6 pages)."""
    root = tmp_path / "scans"
    root.mkdir()
    render_page("Trang một").save(
        root / "Quyết định 01.pdf",
        save_all=True,
        append_images=[render_page("Trang hai")],
        resolution=300.0,
    )
    frames = [render_page("Tờ 1").convert("L"), render_page("Tờ 2").convert("L")]
    frames[0].save(
        root / "to-trinh.TIFF",
        save_all=True,
        append_images=frames[1:],
        dpi=(300, 300),
        compression="tiff_lzw",
    )
    render_page("Ảnh JPEG").save(root / "giay-phep.JPG", quality=90, dpi=(300, 300))
    render_page("Ảnh PNG").convert("L").save(root / "bien-nhan.png", dpi=(300, 300))
    return root
