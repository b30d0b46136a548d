"""Shared fixtures: paths to the repository's own files and a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEED = ROOT.parent / "shared" / "seed" / "milia-in-babies.txt"
#: The seed article; a copy travels with the tests for clones made away from shared/.
SEED = SHARED_SEED if SHARED_SEED.is_file() else Path(__file__).parent / "data" / "seed-milia-in-babies.txt"
ARTICLE = ROOT / "source" / "milia-in-babies.html"


def require_tool(name: str) -> str:
    """Path of a command-line tool; a missing tool skips locally but fails in CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI (install Debian package gettext)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throw-away project holding the article and two target locales."""
    (tmp_path / "source").mkdir()
    shutil.copy(ARTICLE, tmp_path / "source" / ARTICLE.name)
    (tmp_path / "milialocale.toml").write_text(
        'source_dir = "source"\nlocales_dir = "locales"\noutput_dir = "site"\n'
        'locales = ["es", "ar"]\n', "utf-8")
    return tmp_path
