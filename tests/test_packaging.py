"""The built-in themes live in styles/ (no symlink into the package): an editable install reads
them there, and the build step (setup.py) copies them into the package a wheel is made from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_there_is_no_symlink_in_the_tree():
    tracked = subprocess.run(["git", "ls-files", "-s"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked and not [line for line in tracked.splitlines() if line.startswith("120000")]


def test_an_editable_install_reads_the_themes_in_styles():
    from handbook.theme import BUILTIN_DIR, builtin_themes

    assert Path(str(BUILTIN_DIR)).resolve() == (ROOT / "styles").resolve()
    assert builtin_themes() == sorted(p.stem for p in (ROOT / "styles").glob("*.yaml"))


def test_the_package_built_for_a_wheel_holds_the_themes_and_uses_them(tmp_path):
    """What `pip wheel` packs is what build_py leaves in the build folder: run that step on a
    copy of the project, then import handbook from the result (no network, no pip)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "styles", project / "styles")
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    lib = tmp_path / "lib"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
        cwd=project,
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in (lib / "handbook" / "themes").iterdir()) == sorted(
        p.name for p in (ROOT / "styles").glob("*.yaml")
    )
    shutil.rmtree(project)  # nothing to fall back on: the package must hold its themes
    probe = (
        "from handbook.theme import BUILTIN_DIR, load_theme; "
        "print(BUILTIN_DIR); print(load_theme('print-bw').page.size); "
        "from handbook.translations import word; print(word('words.contents', 'hi'))"
    )
    env = {**os.environ, "PYTHONPATH": str(lib)}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == str(lib / "handbook" / "themes") and out[1] == "A4"
    assert out[2] == "विषय-सूची"  # the wordings' table (translations.yaml) is packed too
