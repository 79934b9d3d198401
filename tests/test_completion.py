"""Shell completion, through click: `eval "$(_HANDBOOK_COMPLETE=bash_source handbook)"`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from handbook import cli

HANDBOOK = Path(sys.executable).parent / "handbook"  # the installed command


def run(env: dict, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(HANDBOOK)], env={**os.environ, **env}, capture_output=True, text=True, timeout=60, cwd=cwd
    )
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
    styles = run(
        {"_HANDBOOK_COMPLETE": "bash_complete", "COMP_WORDS": "handbook watch --style d", "COMP_CWORD": "3"}
    )
    assert "plain,default" in styles.split()


def styled_commands(group, prefix="") -> list[str]:
    """Every command (subcommands too) that takes --style, as typed after `handbook`."""
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += styled_commands(command, f"{prefix}{name} ")
        elif any("--style" in getattr(p, "opts", ()) for p in command.params):
            found.append(prefix + name)
    return found


def test_every_style_option_completes_theme_names_and_yaml_files(tmp_path):
    (tmp_path / "mine.yaml").write_text("extends: default\n")
    (tmp_path / "notes.md").write_text("not a theme\n")
    commands = styled_commands(cli.main)
    assert {"build", "check", "watch", "stats", "test", "glossary suggest"} <= set(commands)
    for command in commands:
        words = run(
            {
                "_HANDBOOK_COMPLETE": "bash_complete",
                "COMP_WORDS": f"handbook {command} --style ",
                "COMP_CWORD": str(3 + command.count(" ")),
                "PWD": str(tmp_path),
            },
            cwd=tmp_path,
        ).split()
        assert "plain,default" in words and "plain,mine.yaml" in words, (command, words)
        assert "plain,notes.md" not in words


def test_the_command_line_and_its_completion_import_neither_reportlab_nor_enrich():
    # `handbook --help` and every TAB press import handbook.cli: it must stay light.
    script = (
        "import os, sys\n"
        "import handbook.cli\n"
        "for argv, env in ((['--help'], {}), ([], {'_HANDBOOK_COMPLETE': 'bash_complete',\n"
        "        'COMP_WORDS': 'handbook build --style d', 'COMP_CWORD': '3'})):\n"
        "    os.environ.update(env)\n"
        "    try:\n"
        "        handbook.cli.main(argv, prog_name='handbook')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "    for name in env:\n"
        "        del os.environ[name]\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'reportlab'\n"
        "               or m.startswith('handbook.enrich'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Usage: handbook" in result.stdout and "plain,default" in result.stdout  # both ran
    assert "HEAVY []" in result.stdout


def test_the_pipeline_module_does_not_import_reportlab():
    script = (
        "import sys, handbook.pipeline; print(sorted(m for m in sys.modules if m.startswith('reportlab')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
