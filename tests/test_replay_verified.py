"""HANDBOOK_VERIFY_REPLAY=1 on the sample and a 50-chapter generated corpus (issue 24): every
replayed chapter laid out live as well, content streams, annotations and the outline equal
byte for byte (output/replay_check.py). Slow (each book laid out twice): `make test-all`, which
CI runs (.ci/run)."""

from __future__ import annotations

import shutil

import pytest

from bench.corpus import write_corpus
from conftest import ROOT
from handbook.options import BuildOptions
from handbook.output import replay_check
from handbook.pipeline import build

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("language", ["", "hi"])
def test_the_sample_replays_as_it_lays_out_live(tmp_path, monkeypatch, language):
    source = tmp_path / "chapters"
    shutil.copytree(ROOT / "chapters", source)
    monkeypatch.setenv(replay_check.VARIABLE, "1")
    result = build(source, tmp_path / "book.pdf", BuildOptions(language=language), use_cache=True)
    assert result.pages > 10
    # and a rebuild from the cache's recordings, verified too
    assert (
        build(source, tmp_path / "book.pdf", BuildOptions(language=language), use_cache=True).pages
        == result.pages
    )


def test_a_50_chapter_corpus_replays_as_it_lays_out_live(tmp_path, monkeypatch):
    write_corpus(tmp_path / "corpus", 50)
    monkeypatch.setenv(replay_check.VARIABLE, "1")
    result = build(tmp_path / "corpus", tmp_path / "book.pdf", jobs=2)
    assert result.pages > 200
