"""Shell completion, through click: `eval "$(_HANDBOOK_COMPLETE=bash_source handbook)"`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HANDBOOK = Path(sys.executable).parent / "handbook"  # the installed command


def run(env: dict) -> str:
    result = subprocess.run([str(HANDBOOK)], env={**os.environ, **env}, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_bash_and_zsh_scripts_are_emitted():
    bash = run({"_HANDBOOK_COMPLETE": "bash_source"})
    assert "_handbook_completion()" in bash and "complete -o nosort -F _handbook_completion handbook" in bash
    zsh = run({"_HANDBOOK_COMPLETE": "zsh_source"})
    assert "#compdef handbook" in zsh


def test_commands_and_theme_names_complete():
    commands = run({"_HANDBOOK_COMPLETE": "bash_complete", "COMP_WORDS": "handbook ", "COMP_CWORD": "1"})
    names = {line.split(",", 1)[1] for line in commands.split()}
    assert {"build", "check", "new", "init", "watch", "stats", "styles"} <= names
    styles = run({"_HANDBOOK_COMPLETE": "bash_complete", "COMP_WORDS": "handbook watch --style d",
                  "COMP_CWORD": "3"})
    assert "plain,default" in styles.split()
