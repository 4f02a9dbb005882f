"""Fixtures of the adversarial suite: one loaded Anonymizer per session, staff users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import unionai_sdk as ua


@pytest.fixture(scope="session")
def anonymizer() -> Iterator[ua.Anonymizer]:
    """Loading presidio and natasha takes seconds: load once for the whole suite."""
    return ua.Anonymizer().load()
