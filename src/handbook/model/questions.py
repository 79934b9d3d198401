"""Practice questions as authored in front matter (see enrich.questions)."""

from __future__ import annotations

__all__: list[str] = []
