"""Running a coroutine from sync code, also inside Jupyter; rate limiting; progress bars."""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import sys
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any, Protocol, TypeVar

__all__ = ["Progress", "TokenBucket", "make_progress", "run_sync"]

T = TypeVar("T")


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_sync(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run ``factory()`` to completion from synchronous code.

    In a script this is :func:`asyncio.run`. In Jupyter (or any caller with a
    running event loop in this thread) the coroutine runs on its own loop in a
    worker thread; an interrupt (Ctrl-C, the kernel's stop button) cancels it
    and waits for it to unwind, so completed items are already persisted.
    """
    if not _loop_running():
        return asyncio.run(factory())

    loop_ready = threading.Event()
    state: dict[str, Any] = {}

    async def main() -> T:
        state["loop"] = asyncio.get_running_loop()
        state["task"] = asyncio.current_task()
        loop_ready.set()
        return await factory()

    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="unionai-appeals") as pool:
        future = pool.submit(asyncio.run, main())
        try:
            while True:  # timed waits: the main thread must notice Ctrl-C / a kernel interrupt
                try:
                    return future.result(timeout=0.1)
                except concurrent.futures.TimeoutError:
                    continue
        except KeyboardInterrupt:
            loop_ready.wait(timeout=5)
            loop, task = state.get("loop"), state.get("task")
            if loop is not None and task is not None and not loop.is_closed():
                loop.call_soon_threadsafe(task.cancel)
            concurrent.futures.wait([future], timeout=30)
            raise


class TokenBucket:
    """Async token bucket: at most ``rate`` acquisitions per second, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: int = 1) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = float(max(1, burst))
        self._tokens = self.capacity
        self._updated = time.monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = time.monotonic()
                self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    return
                await asyncio.sleep((1.0 - self._tokens) / self.rate)


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...
    def close(self) -> None: ...


class _NoProgress:
    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


def _in_jupyter() -> bool:
    ipython = sys.modules.get("IPython")
    if ipython is None or "ipykernel" not in sys.modules:
        return False
    get_ipython = getattr(ipython, "get_ipython", None)
    shell = get_ipython() if get_ipython else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def make_progress(enabled: bool | None, total: int, desc: str) -> Progress:
    """A tqdm bar (widget in Jupyter when ipywidgets is there, text otherwise) or a no-op.

    ``enabled=None`` means: show it in Jupyter or when stderr is a terminal.
    """
    jupyter = _in_jupyter()
    if enabled is None:
        enabled = jupyter or sys.stderr.isatty()
    if not enabled:
        return _NoProgress()
    if jupyter and importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.auto import tqdm as auto_tqdm

        return auto_tqdm(total=total, desc=desc, unit="обр.")
    from tqdm import tqdm  # text bar: terminals, and Jupyter without ipywidgets

    return tqdm(total=total, desc=desc, unit="обр.", file=sys.stderr)
