"""docs/architecture.md names only what exists: every module path in backticks and every cache
kind in its table (rename a module or a kind and this says which line of the page to fix)."""

from __future__ import annotations

import re

from conftest import ROOT

DOC = ROOT / "docs" / "architecture.md"
SRC = ROOT / "src" / "handbook"


def test_every_module_the_architecture_names_exists():
    named = set(re.findall(r"`([\w/]+\.py)`", DOC.read_text(encoding="utf-8")))
    assert len(named) > 20, "the page names the modules it describes"
    missing = sorted(name for name in named if not (SRC / name).is_file() and not (ROOT / name).is_file())
    assert missing == [], f"docs/architecture.md names modules that do not exist: {missing}"


# A kind remembered through incremental/memory.py names itself in its Memory class.
MEMORY_KIND = re.compile(r"^class \w+\(Memory\):(?:\n    .*|\n)*?\n    kind = \"([a-z_]+)\"", re.M)


def cache_kinds_in_code() -> set[str]:
    """The kinds the code reads and writes: the first argument of a cache's put/get/prune, and
    the kind of each Memory."""
    found = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"\.(?:put|get|prune)\(\s*\"([a-z_]+)\"", text)) | set(
            MEMORY_KIND.findall(text)
        )
    return found


def test_every_cache_kind_in_the_table_exists_and_every_kind_is_in_it():
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## The build cache") :].split("\n## ")[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M))
    code_kinds = {kind for kind in cache_kinds_in_code() if _is_cache_kind(kind)}
    assert documented, "the cache table lists its kinds"
    assert documented <= cache_kinds_in_code(), sorted(documented - cache_kinds_in_code())
    assert code_kinds <= documented, (
        f"cache kinds missing from docs/architecture.md: {sorted(code_kinds - documented)}"
    )


def _is_cache_kind(kind: str) -> bool:
    """A put/get whose receiver is a cache (not a dict's get)."""
    pattern = re.compile(r"cache\.(?:put|get|prune)\(\s*\"" + kind + '"')
    return any(
        pattern.search(text) or kind in MEMORY_KIND.findall(text)
        for text in (path.read_text(encoding="utf-8") for path in SRC.rglob("*.py"))
    )


def test_the_readme_keeps_one_performance_table_and_the_history_is_in_the_changelog():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    performance = readme[readme.index("## Performance") :].split("\n## ")[0]
    tables = re.findall(r"^\|---", performance, re.M)
    assert len(tables) == 1, "one current table"
    assert "CHANGELOG.md" in performance and (ROOT / "CHANGELOG.md").is_file()
    assert "docs/architecture.md" in readme


def test_the_kinds_table_is_the_list_in_incremental_kinds():
    """Each row of the table: a kind of incremental/kinds.py, written by the module the list
    names (which exists), proven by the test file it names (which exists), and each test it
    names by function is defined there; and every kind of the list has its row."""
    from handbook.incremental.kinds import KINDS

    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("### Kinds of entry") :].split("\n### ")[0]
    rows = {
        cells[0].strip("` "): cells
        for line in table.splitlines()
        if line.startswith("| `")
        for cells in [[cell.strip() for cell in line.strip("|").split(" | ")]]
    }
    assert rows.keys() == KINDS.keys(), sorted(rows.keys() ^ KINDS.keys())
    for name, kind in KINDS.items():
        written_by, proven_by = rows[name][1], rows[name][4]
        assert f"`{kind.written_by}`" in written_by and (SRC / kind.written_by).is_file(), name
        assert kind.proven_by in proven_by and (ROOT / kind.proven_by).is_file(), name
        for test_file, test in re.findall(r"(tests/test_\w+\.py)::(\w+)", proven_by):
            assert f"def {test}(" in (ROOT / test_file).read_text(encoding="utf-8"), (name, test)
