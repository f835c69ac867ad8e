"""Shared fixtures: the shipped sample data, loaded once per test session."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "sample"


@pytest.fixture(scope="session")
def sample_bundle():
    from dtanalysis import load

    return load(SAMPLE_DIR)
