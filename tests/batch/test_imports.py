"""The batch folder's imports: no circle at any depth (imports inside functions counted), and the
modules a worker or kernel imports before it watches its parent stay light."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from sti_monitor.paths import PACKAGE_DIR


def _modules(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package in ``root`` (a package by its ``__init__``)."""
    found = {}
    for path in root.rglob("*.py"):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest dotted prefix of ``name`` that is a module of the package."""
    parts = name.split(".")
    while parts and ".".join(parts) not in modules:
        parts.pop()
    return ".".join(parts) or None


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports, at the top or inside a function alike. A package
    imported for its submodule (``from . import lifeline``) counts as that submodule; the implicit
    import of a module's own parent packages, which Python performs for every submodule, does not."""
    modules = _modules(root, package)
    graph = {}
    for name, path in modules.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(_resolve(a.name, modules) for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                module = ".".join(base + (node.module.split(".") if node.module else []))
                targets.update(_resolve(f"{module}.{a.name}", modules) for a in node.names)
        graph[name] = {t for t in targets if t and t != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each module that imports, at any depth, a module that imports it back: the path of one such circle."""
    found = []
    for start in sorted(graph):
        seen, stack = set(), [(start, [start])]
        while stack:
            module, path = stack.pop()
            for target in sorted(graph.get(module, ())):
                if target == start:
                    found.append(path + [start])
                    stack = []
                    break
                if target not in seen:
                    seen.add(target)
                    stack.append((target, path + [target]))
    return found


def test_no_import_circle_through_the_batch_folder():
    graph = import_graph(PACKAGE_DIR, "sti_monitor")
    assert "sti_monitor.batch.lifeline" in graph and graph["sti_monitor.batch.worker"] >= {"sti_monitor.batch.engine"}
    through_batch = [" → ".join(c) for c in circles(graph) if any(m.startswith("sti_monitor.batch") for m in c)]
    assert through_batch == []


def test_the_checker_finds_a_circle_hidden_in_a_function(tmp_path):
    """The check above is not vacuous: a deferred import closing a circle three modules long is found,
    and a package importing its own submodule is not taken for a circle."""
    (tmp_path / "__init__.py").write_text("def __getattr__(name):\n    from .a import f\n    return f\n")
    (tmp_path / "a.py").write_text("from . import b\n\ndef f():\n    return b\n")
    (tmp_path / "b.py").write_text("import os\nfrom .c import g\n")
    (tmp_path / "c.py").write_text("def g():\n    from .a import f\n    return f\n")
    graph = import_graph(tmp_path, "probe")
    assert graph == {"probe": {"probe.a"}, "probe.a": {"probe.b"}, "probe.b": {"probe.c"}, "probe.c": {"probe.a"}}
    assert circles(graph) == [["probe.a", "probe.b", "probe.c", "probe.a"], ["probe.b", "probe.c", "probe.a", "probe.b"],
                              ["probe.c", "probe.a", "probe.b", "probe.c"]]


LOADED = """
import sys
before = set(sys.modules)
import {module}
print(" ".join(sorted(m for m in set(sys.modules) - before if m.split(".")[0] not in sys.stdlib_module_names)))
"""


def _loaded_by(module: str) -> set[str]:
    """The modules outside the standard library that importing ``module`` adds, in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", LOADED.format(module=module)], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_lifeline_loads_the_standard_library_psutil_and_nothing_else():
    """A kernel runs ``python -m sti_monitor.batch.lifeline``: it watches its parent before any heavy import."""
    loaded = _loaded_by("sti_monitor.batch.lifeline")
    assert {m.split(".")[0] for m in loaded} == {"psutil", "sti_monitor"}
    assert {m for m in loaded if m.startswith("sti_monitor.batch")} == {"sti_monitor.batch", "sti_monitor.batch.lifeline"}
    assert not {m for m in loaded if m.count(".") and m.split(".")[1] in ("ingest", "measure", "report", "publish")}


def test_a_pool_worker_starts_without_heavy_imports():
    """A spawned worker imports ``worker`` (its initializer's module) before it can watch its parent."""
    loaded = _loaded_by("sti_monitor.batch.worker")
    assert {m.split(".")[0] for m in loaded} == {"psutil", "sti_monitor"}  # no jupyter_client, papermill or pandas
    assert "sti_monitor.batch.engine" not in loaded


def test_processes_imports_only_the_standard_library_and_psutil():
    tree = ast.parse((PACKAGE_DIR / "processes.py").read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported - set(sys.stdlib_module_names) == {"psutil"}
