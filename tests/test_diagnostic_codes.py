"""Every diagnostic has a stable code (docs/format.md lists them); tools and tests match codes,
`check --ignore` and book.yaml's `diagnostics:` select by code, `build` folds repeats by code."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import write_sources
from handbook.cli import main
from handbook.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DOCS = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")


def diagnostic_calls():
    """(file, line, code node or None) for each `.error(...)`/`.warning(...)` call in src/ (and
    the local `error(...)` helpers that pass a code through)."""
    for path, tree in source_trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("error", "warning") or (
                isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", "") in ("click", "log")
            ):
                continue
            code = next((k.value for k in node.keywords if k.arg == "code"), None)
            if code is None and len(node.args) >= 3 and isinstance(node.args[-1], ast.Constant):
                code = node.args[-1]  # error(line, message, "code") helpers
            yield path.relative_to(ROOT), node.lineno, code


def source_trees():
    for path in sorted((ROOT / "src").rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def literals(node) -> list[str]:
    """The codes a `code=` expression can be: a literal, or either branch of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return literals(node.body) + literals(node.orelse)
    return []


def test_every_diagnostic_in_src_has_a_kebab_case_code():
    calls = list(diagnostic_calls())
    assert len(calls) > 60
    for path, line, code in calls:
        assert code is not None, f"{path}:{line}: no code="
        if isinstance(code, ast.Name):
            assert code.id == "code", f"{path}:{line}: a code passed through must be named 'code'"
        elif isinstance(code, ast.Attribute):  # an exception that carries its code: refused.code
            assert code.attr == "code", f"{path}:{line}: a code read from an object must be its .code"
        else:
            found = literals(code)
            assert found and all(KEBAB.match(c) for c in found), f"{path}:{line}: {ast.unparse(code)}"


def used_codes() -> set[str]:
    """Every code src/ can give: `code=` values, values assigned to a `code` variable, defaults
    of `code` parameters, and the codes raised with a refusal (`PathRefused(message, "path-unusable")`)."""
    codes = set()
    for _, tree in source_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                codes.update(c for k in node.keywords if k.arg == "code" for c in literals(k.value))
                if getattr(node.func, "id", "").endswith("Refused") and len(node.args) >= 2:
                    codes.update(literals(node.args[1]))
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "code" for t in node.targets):
                codes.update(literals(node.value))  # code = "a" if ... else "b"; then code=code
            elif isinstance(node, (ast.FunctionDef, ast.Lambda)):
                args = node.args.args[len(node.args.args) - len(node.args.defaults) :]
                codes.update(
                    c
                    for arg, default in zip(args, node.args.defaults)
                    if arg.arg == "code"
                    for c in literals(default)
                )
    return codes


def test_the_codes_in_src_are_the_codes_documented():
    section = DOCS[DOCS.index("### Codes") :]
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, re.M))
    assert used_codes() == documented


def test_a_diagnostic_needs_a_code():
    from handbook.errors import Diagnostic, Diagnostics

    with pytest.raises(TypeError):
        Diagnostics().warning("x.md", 1, "no code")
    with pytest.raises(TypeError):
        Diagnostic("x.md", 1, "error", "no code")


NOISY = {"01-a.md": "---\ntitle: A\ntagz: x\n---\nThe ARF and the EAS met; the SCO did not.\n\n<Chart/>\n"}


def test_check_ignore_leaves_out_the_warnings_of_a_code(tmp_path):
    folder = write_sources(tmp_path, NOISY)
    every = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(folder)]).stdout)
    assert {"acronym-undefined", "key-unknown", "html-dropped"} <= {p["code"] for p in every}
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--format",
            "json",
            "--ignore",
            "acronym-undefined",
            "--ignore",
            "html-dropped",
            str(folder),
        ],
    )
    assert result.exit_code == 0
    assert [p["code"] for p in json.loads(result.stdout)] == ["key-unknown"]


def test_check_ignore_never_hides_an_error(tmp_path):
    folder = write_sources(tmp_path, {"01-a.md": "---\ntitle: A\norder: x\n---\nText.\n"})
    result = CliRunner().invoke(main, ["check", "--format", "json", "--ignore", "value-invalid", str(folder)])
    assert result.exit_code == 1 and [p["code"] for p in json.loads(result.stdout)] == ["value-invalid"]


def test_book_yaml_sets_the_severity_of_a_code(tmp_path):
    quiet = write_sources(
        tmp_path / "a", {**NOISY, "book.yaml": "diagnostics:\n  acronym-undefined: ignore\n"}
    )
    assert "acronym-undefined" not in {d.code for d in check(quiet).items}
    strict = write_sources(tmp_path / "b", {**NOISY, "book.yaml": "diagnostics: {html-dropped: error}\n"})
    found = check(strict)
    assert [(d.code, d.line) for d in found.errors] == [("html-dropped", 7)]
    result = CliRunner().invoke(main, ["build", str(strict), "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 1 and not (tmp_path / "b.pdf").exists()


def test_book_yaml_diagnostics_values_are_checked_with_their_line(tmp_path):
    folder = write_sources(
        tmp_path, {**NOISY, "book.yaml": "title: T\ndiagnostics:\n  acronym-undefined: quiet\n"}
    )
    (error,) = check(folder).errors
    assert (error.code, error.line) == ("value-invalid", 2)
    assert "ignore, warning, error" in error.message


def test_build_folds_the_repeated_warnings_of_a_code(tmp_path):
    folder = write_sources(tmp_path, NOISY)
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if ": warning: " in line]
    assert (
        f"{folder}: warning: 3 warnings [acronym-undefined], the first at {folder}/01-a.md:5: "
        "undefined acronym 'ARF'; 'handbook check' lists them all" in lines
    )
    assert sum("undefined acronym" in line for line in lines) == 1
    assert any(
        line.startswith(f"{folder}/01-a.md:3: warning: unknown key 'tagz'") for line in lines
    )  # one: as is
