"""A 3 MB chapter builds, in bounded memory (measured in a child process: peak resident set)."""

from __future__ import annotations

import random
import resource
import subprocess
import sys

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow  # a 3 MB chapter: `make test-all`

WORDS = (
    "India Japan partnership Quad infrastructure investment bullet train Mumbai Ahmedabad "
    "Shinkansen Act East policy Indo-Pacific dialogue defence cooperation maritime exercise "
    "semiconductors supply chains official development assistance"
).split()
PEAK_LIMIT_MB = 400  # measured: about 150 MB for this chapter with reportlab 4-5


def big_chapter(size: int) -> str:
    rng = random.Random(7)

    def sentence(n):
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    parts, total, number = ["---\ntitle: A very long chapter\n---\n"], 0, 0
    while total < size:
        number += 1
        section = (
            f"## Section {number}\n\n"
            + " ".join(sentence(rng.randint(8, 20)) for _ in range(6))
            + f"\n\n- {sentence(10)}\n- {sentence(12)}\n  - {sentence(8)}\n\n> {sentence(15)}\n\n"
            f"| Year | Event |\n|---|---|\n| 2014 | {sentence(6)} |\n\n```\n{sentence(5)}\n```\n\n"
            + " ".join(sentence(rng.randint(8, 20)) for _ in range(5))
            + " *Stress* and **strength**.\n\n"
        )
        parts.append(section)
        total += len(section)
    return "".join(parts)


def test_a_3_mb_chapter_builds_in_bounded_memory(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    text = big_chapter(3_000_000)
    (folder / "01-big.md").write_text(text, encoding="utf-8")
    assert len(text.encode()) >= 3_000_000
    output = tmp_path / "big.pdf"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-m", "handbook", "build", str(folder), "-o", str(output), "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
    assert before / 1024 < PEAK_LIMIT_MB, "an earlier child process already used more"
    assert peak_mb < PEAK_LIMIT_MB, f"peak resident memory {peak_mb:.0f} MB"
    reader = PdfReader(str(output))
    assert len(reader.pages) > 500
    last_section = text.rsplit("## ", 1)[1].split("\n", 1)[0]  # 'Section 1490': all of it was laid out
    assert last_section in " ".join(page.extract_text() for page in reader.pages[-3:])
