"""The package's folders follow the data flow, and nothing imports a folder that comes after it."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from sti_monitor.paths import PACKAGE_DIR

ROOT = PACKAGE_DIR.parents[1]
# A subpackage may import those of a lower rank; publish and report are siblings (neither imports the other).
RANK = {"ingest": 1, "measure": 2, "publish": 3, "report": 3, "typeset": 4, "batch": 5, "tools": 6, "app": 7}
SHARED = {"paths", "errors", "config", "atomic"}  # below everything: they import no subpackage


def _imported_subpackages(path: Path, own: tuple[str, ...]) -> set[str]:
    """The top-level parts of ``sti_monitor`` that ``path`` imports, ``path`` standing in the folder ``own``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(own[: len(own) - (node.level - 1)])
                parts = base + (node.module.split(".") if node.module else [])
                names = [a.name for a in node.names] if not parts else []
            elif node.module and node.module.startswith("sti_monitor"):
                parts = node.module.split(".")[1:]
                names = [a.name for a in node.names] if not parts else []
            else:
                continue
            found.update(parts[:1] or names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("sti_monitor."))
    return found


def test_no_module_imports_a_later_step():
    offences = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR).parts
        where = parts[0] if len(parts) > 1 else Path(parts[0]).stem
        for target in _imported_subpackages(path, parts[:-1]):
            if target == where or target in ("__version__",) or target in SHARED:
                continue
            if where in SHARED:
                offences.append(f"{path.name} (shared) imports {target}")
            elif where in RANK and target in RANK and RANK[target] >= RANK[where]:
                offences.append(f"{'/'.join(parts)} imports {target}")
    assert offences == []


def test_the_checker_sees_an_upward_import(tmp_path):
    """The rule above is not vacuous: relative and absolute imports of a later step are found."""
    probe = tmp_path / "read.py"
    probe.write_text("from ..measure import framework\nimport sti_monitor.batch.engine\nfrom . import values\n")
    assert _imported_subpackages(probe, ("ingest",)) == {"measure", "batch", "ingest"}


def test_readme_layout_table_matches_the_tree():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `src/sti_monitor/([a-z_]+)/` \|", readme, flags=re.M))
    actual = {p.name for p in PACKAGE_DIR.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert listed == actual
