"""Fixtures for the analytics tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # appeals_fakes

from appeals_fakes import NAMES, StandInAnonymizer, StandInLLM


@pytest.fixture
def stand_in_llm() -> StandInLLM:
    return StandInLLM()


@pytest.fixture
def stand_in_anonymizer() -> StandInAnonymizer:
    return StandInAnonymizer(names=NAMES)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"
