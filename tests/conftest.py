"""Shared fixtures. Tests over ../shared/data skip when it is absent; slow ones (trained
models over data sets, benchmarks) run only with ``--slow``."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path

# One BLAS thread, set before numpy loads OpenBLAS: the fast entity model's small matrix
# products are slower split over threads (7 words: 84 ms instead of 5 ms per analysis on
# the loaded 2-core machine), with the same results; lagebild/__init__.py sets the same.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest
from hypothesis import settings

# Property tests explore the same examples on every run, so that a CI run cannot fail on a
# case no earlier run saw; HYPOTHESIS_PROFILE=explore draws new ones (to hunt for bugs).
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_ARTICLE = ROOT / "examples" / "kasachstan-2024-11-26.de.txt"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run slow tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def reference_text() -> str:
    return REFERENCE_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared data folder, or skip."""
    from lagebild.errors import UsageError
    from lagebild.eval import data_dir

    try:
        return data_dir()
    except UsageError as e:
        pytest.skip(str(e))


def _best_seconds(run, small, large, runs: int = 5) -> tuple[float, float]:
    """The best of ``runs`` timings of ``run(small)`` and of ``run(large)``, measured in turn
    so that a burst of load on a shared machine slows both alike, with the garbage collector
    off: after the whole suite its passes over the live objects would make the larger input
    look superlinear."""
    best = [float("inf"), float("inf")]
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            for k, given in enumerate((small, large)):
                start = time.perf_counter()
                run(given)
                best[k] = min(best[k], time.perf_counter() - start)
    finally:
        gc.enable()
    return best[0], best[1]


def _scaling(run, small, large, limit: float = 2.5, attempts: int = 3) -> tuple[float, float]:
    """The timings of the attempt with the lowest large/small ratio, stopping at the first
    one within ``limit``: a quadratic cost doubles the ratio (about 4x) in every attempt,
    while load from other processes on a shared machine only inflates some of them."""
    pairs = []
    for _ in range(attempts):
        small_s, large_s = _best_seconds(run, small, large)
        pairs.append((small_s, large_s))
        if large_s <= limit * small_s:
            break
    return min(pairs, key=lambda pair: pair[1] / pair[0])


@pytest.fixture
def scaling():
    """For scaling tests: ``scaling(run, small, large)`` → (seconds for small, for large)."""
    return _scaling
