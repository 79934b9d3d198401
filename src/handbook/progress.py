"""Build progress for a person watching a terminal.

Silent for the first couple of seconds (a quick build prints nothing), then one status line
on stderr, rewritten in place and cleared when the build ends. The CLI makes one only when
stderr is a terminal and --quiet is not given (`for_stream`); everything else gets `off()`.
"""

from __future__ import annotations

import time
from typing import Callable, TextIO

DELAY = 2.0  # seconds before the first line: builds shorter than this stay silent
INTERVAL = 0.1  # at most this often


class Progress:
    def __init__(
        self, stream: TextIO | None, delay: float = DELAY, clock: Callable[[], float] = time.monotonic
    ):
        self.stream = stream
        self.delay = delay
        self.clock = clock
        self.start = clock()
        self.last = float("-inf")
        self.status = ""
        self.shown = False

    @classmethod
    def off(cls) -> "Progress":
        return cls(None)

    @classmethod
    def for_stream(cls, stream: TextIO, quiet: bool) -> "Progress":
        """Progress on `stream` if a person is watching it: a terminal, and not --quiet."""
        return cls(stream) if not quiet and stream.isatty() else cls.off()

    def stage(self, status: str) -> None:
        """A new stage: always shown (once past the delay)."""
        self.last = float("-inf")
        self.update(status)

    def update(self, status: str) -> None:
        """The same stage, further on: shown at most every INTERVAL seconds."""
        self.status = status
        if self.stream is None:
            return
        now = self.clock()
        if now - self.start < self.delay or now - self.last < INTERVAL:
            return
        self.last = now
        self.stream.write(f"\r{status}\x1b[K")
        self.stream.flush()
        self.shown = True

    def pages(self, label: str) -> Callable[[int], None]:
        """A page callback for the layout: 'label: 120 pages'."""
        return lambda page: self.update(f"{label}: {page} pages")

    def finish(self) -> None:
        """Clear the status line, so what is printed next starts on a clean line."""
        if self.shown and self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
