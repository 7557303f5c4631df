"""The package's folders follow the data flow, and nothing imports a folder that comes after it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sti_monitor.paths import PACKAGE_DIR

ROOT = PACKAGE_DIR.parents[1]
# A subpackage may import those of a lower rank; publish and report are siblings (neither imports the other).
RANK = {"ingest": 1, "measure": 2, "publish": 3, "report": 3, "typeset": 4, "batch": 5, "tools": 6, "app": 7, "cli": 8}
SHARED = {"paths", "errors", "config", "atomic", "missing", "processes"}  # below everything: they import no subpackage


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


def _module_names(package_dir: Path) -> set[tuple[str, ...]]:
    """Every module of the package as a tuple of parts below it (a package's ``__init__`` as the package)."""
    names = set()
    for path in package_dir.rglob("*.py"):
        parts = path.relative_to(package_dir).with_suffix("").parts
        names.add(parts[:-1] if parts[-1] == "__init__" else parts)
    return names


def _executed_nodes(tree):
    """Every node of ``tree`` but those under ``if TYPE_CHECKING:`` (imports for annotations, never run)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if (
                isinstance(child, ast.If)
                and getattr(child.test, "id", getattr(child.test, "attr", None)) == "TYPE_CHECKING"
            ):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def import_graph(package_dir: Path, package: str = "sti_monitor") -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    """Which modules of the package each module imports, counting imports inside functions too.

    ``from .x import y`` points at ``x``, and at ``x.y`` when that is a module; ``from . import y`` at ``y``
    when it is a module, else at the package itself.
    """
    modules = _module_names(package_dir)
    graph: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for path in package_dir.rglob("*.py"):
        parts = path.relative_to(package_dir).with_suffix("").parts
        is_init = parts[-1] == "__init__"
        me = parts[:-1] if is_init else parts
        own_package = me if is_init else me[:-1]
        edges = set()
        for node in _executed_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = own_package[: len(own_package) - (node.level - 1)]
                elif node.module and (node.module == package or node.module.startswith(package + ".")):
                    base, node_module = (), node.module.split(".", 1)[1] if "." in node.module else ""
                    target = tuple(node_module.split(".")) if node_module else ()
                    edges.add(target)
                    edges.update(target + (a.name,) for a in node.names if target + (a.name,) in modules)
                    continue
                else:
                    continue
                target = base + tuple(node.module.split(".")) if node.module else base
                subs = {target + (a.name,) for a in node.names if target + (a.name,) in modules}
                edges.update(subs)
                if node.module or len(subs) < len(node.names):
                    edges.add(target)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith(package + "."):
                        edges.add(tuple(a.name.split(".")[1:]))
        graph[me] = {e for e in edges if e in modules and e != me}
    return graph


def import_circles(graph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each as sorted dotted names."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(".".join(g) or "(package)" for g in group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_import_circle_at_any_depth():
    """No module imports one that imports it back, directly or through others, deferred imports included."""
    assert import_circles(import_graph(PACKAGE_DIR)) == []


def test_the_circle_checker_sees_a_deferred_circle(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "batch").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "batch" / "__init__.py").write_text("")
    (pkg / "batch" / "engine.py").write_text("from .lifeline import watch\n")
    (pkg / "batch" / "lifeline.py").write_text("def watch():\n    from . import job\n")
    (pkg / "batch" / "job.py").write_text("import pkg.batch.engine\n")
    (pkg / "batch" / "alone.py").write_text("from .engine import x\n")
    (pkg / "batch" / "typed.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .alone import y\n"
    )
    (pkg / "batch" / "__init__.py").write_text("from .typed import z\n")
    graph = import_graph(pkg, "pkg")
    assert graph[("batch", "lifeline")] == {("batch", "job")}
    assert graph[("batch", "typed")] == set()  # an import for annotations only is never run
    assert import_circles(graph) == [["batch.engine", "batch.job", "batch.lifeline"]]
