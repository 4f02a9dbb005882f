"""Fixtures for the llm tests: a real local OpenAI-compatible server and a
recorder that replaces sleeping, so retry tests are fast."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from unionai_sdk.testing import OpenAICompatServer


class SleepRecorder:
    """Stands in for time.sleep / asyncio.sleep and remembers every delay."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def server() -> Iterator[OpenAICompatServer]:
    with OpenAICompatServer() as srv:
        yield srv


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
