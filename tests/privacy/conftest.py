"""Fixtures of the privacy tests: one Anonymizer per session (models load once)."""

from __future__ import annotations

import pytest

from unionai_sdk.privacy import Anonymizer


@pytest.fixture(scope="session")
def anonymizer() -> Anonymizer:
    return Anonymizer().load()


@pytest.fixture(scope="session")
def strict_anonymizer() -> Anonymizer:
    return Anonymizer(profile="strict").load()
