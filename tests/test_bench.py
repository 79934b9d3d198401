"""The benchmark's corpus is valid handbook source, and its runner works (for N = 1; the
real runs are `make bench`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from handbook.pipeline import check

from conftest import ROOT

from bench.corpus import GLOSSARY, IGNORED, write_corpus


def test_the_corpus_is_valid_source_with_every_kind_of_content(tmp_path):
    write_corpus(tmp_path, 2)
    diagnostics = check(tmp_path)
    assert diagnostics.items == []
    chapters = sorted(tmp_path.glob("*.md"))
    assert len(chapters) == 2
    for path in chapters:
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        body = text.split("---\n", 2)[2]
        assert [q["type"] for q in front["questions"]] == [
            "mcq",
            "statements",
            "how-many",
            "match",
            "descriptive",
            "descriptive",
        ]
        assert "```mindmap\n- " in body and "\n|---|" in body and "\n   1. " in body
        assert 1400 < len(body.split()) < 2200
        # Every acronym-like word is defined, so an acronym lint finds nothing.
        defined = set(GLOSSARY) | set(front["acronyms"]) | set(IGNORED)
        words = body + yaml.safe_dump(front["questions"])
        assert set(re.findall(r"\b[A-Z][A-Z0-9&]+\b", words)) <= defined


def test_the_corpus_is_the_same_every_time(tmp_path):
    write_corpus(tmp_path / "a", 2)
    write_corpus(tmp_path / "b", 2)
    written = list((tmp_path / "a").iterdir())
    assert len(written) > 2  # chapters, book.yaml, glossary
    for path in written:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


@pytest.mark.slow  # `python -m bench.run` in a child: two whole builds and a reportlab floor
def test_the_runner_measures_both_builds_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "BENCH_SIZES": "1", "BENCH_RUNS": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    row = json.loads(out.read_text())["rows"][0]
    assert row["chapters"] == 1
    for kind in ("handbook", "floor"):
        assert row[kind]["pages"] > 3 and row[kind]["seconds"] > 0 and row[kind]["peak_rss_mb"] > 20
    assert row["ratio"] > 0
    assert re.search(r"^\s+1 \|", run.stdout, re.M)


@pytest.mark.parametrize(
    ("argv", "status"), [(["--help"], 0), (["-h"], 0), (["--sizes=10"], 2), (["a.json", "b"], 2)]
)
def test_an_option_prints_the_usage_and_never_starts_the_bench(argv, status, capsys):
    from bench import run

    with pytest.raises(SystemExit) as ended:
        run.main(argv)
    assert ended.value.code == status
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m bench.run [OUT.json]")
    assert "load average" not in out  # (the bench's first line: it never started)
