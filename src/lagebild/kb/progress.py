"""The progress bar of ``lagebild ingest``: documents done of the total, rate, time left, and
the statuses so far, redrawn in place on a terminal's stderr. Not on a terminal it draws
nothing (logs and pipes get the one summary line)."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24
# At most this many redraws a second: a fast second ingest would spend its time drawing.
REDRAW_S = 0.1


class Progress:
    def __init__(
        self,
        total: int | None = None,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total, self.clock = total, clock
        self.start = clock()
        self.drawn_at: float | None = None
        self.counts: dict[str, int] = {}

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def step(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        now = self.clock()
        last = self.done == self.total
        if self.tty and (last or self.drawn_at is None or now - self.drawn_at >= REDRAW_S):
            self.drawn_at = now
            width = shutil.get_terminal_size().columns - 1
            self.stream.write("\r\033[K" + self.line(now)[:width])
            self.stream.flush()

    def line(self, now: float) -> str:
        """``[######------] 120/300 documents, 2.4/s, 1:15 left (118 added, 2 unchanged)``"""
        done, elapsed = self.done, max(now - self.start, 1e-9)
        rate = done / elapsed
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items()))
        if not self.total:
            return f"{done} documents, {rate:.1f}/s ({statuses})"
        filled = BAR_WIDTH * min(done, self.total) // self.total
        bar = "[" + "#" * filled + "-" * (BAR_WIDTH - filled) + "]"
        left = (self.total - done) / rate if rate > 0 else 0.0
        return (
            f"{bar} {done}/{self.total} documents, {rate:.1f}/s, {_clock(left)} left ({statuses})"
        )

    def clear(self) -> None:
        """Wipe the bar (before an error line, and at the end)."""
        if self.tty and self.drawn_at is not None:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn_at = None


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
