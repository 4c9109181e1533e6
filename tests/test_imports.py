"""The library's import structure: no cycles between its modules, and no Dash anywhere in it.

Every ``import`` statement of every module of ``influence/`` counts, at the top of a module
or inside a function (a function-level import is still a dependency: it only hides the
cycle until the function runs), except those under ``if TYPE_CHECKING:``, which never run.
A module importing a name from one of its own parent packages (``from . import main`` in
the CLI's command modules) is not a cycle here: Python has always run the parent's
``__init__`` before the module, which is what the CLI's registration pattern relies on.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import influence

LIBRARY = Path(influence.__file__).parent
DASH_PACKAGES = ("dash", "dash_bootstrap_components", "dash_cytoscape", "dash_ag_grid", "flask")


@functools.lru_cache(maxsize=None)
def _modules(root: Path, package: str) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement of a module, leaving out ``if TYPE_CHECKING:`` blocks."""
    found = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        visit(node)

    visit(tree)
    return found


def _imported_names(module: str, path: Path, node) -> list[str]:
    """Dotted names an import statement of *module* (at *path*) may load."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        origin = ".".join(base + ([node.module] if node.module else []))
    else:
        origin = node.module or ""
    # ``from pkg import name`` loads pkg, and pkg.name when that is a module.
    return [origin] + [f"{origin}.{alias.name}" for alias in node.names]


@functools.lru_cache(maxsize=None)
def import_graph(root: Path, package: str) -> nx.DiGraph:
    """Which module of *package* (the folder *root*) imports which, as a directed graph."""
    modules = _modules(root, package)
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for name in _imported_names(module, path, node):
                while name not in modules and "." in name:
                    name = name.rpartition(".")[0]
                parent_package = module.startswith(name + ".")
                if name in modules and name != module and not parent_package:
                    graph.add_edge(module, name)
    return graph


def import_cycles(root: Path, package: str) -> list[list[str]]:
    """Every cycle of imports between modules of *package*, shortest first."""
    return sorted(nx.simple_cycles(import_graph(root, package)), key=len)


def dash_imports(root: Path, package: str) -> list[str]:
    """``module: import`` for every import of Dash (or its components, or Flask) in *package*."""
    found = []
    for module, path in _modules(root, package).items():
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{module}: {name}" for name in names
                      if not getattr(node, "level", 0) and name.split(".")[0] in DASH_PACKAGES]
    return found


def test_no_module_of_the_library_imports_another_that_imports_it_back():
    cycles = import_cycles(LIBRARY, "influence")
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + c[:1]) for c in cycles)


def test_nothing_in_the_library_imports_dash():
    assert dash_imports(LIBRARY, "influence") == []


def test_importing_the_library_and_its_cli_loads_no_dash():
    code = ("import sys, influence, influence.cli, influence.people, influence.paths, influence.spread; "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {DASH_PACKAGES!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_paths_and_spread_do_not_import_each_other():
    graph = import_graph(LIBRARY, "influence")
    assert not (graph.has_edge("influence.paths", "influence.spread")
                and graph.has_edge("influence.spread", "influence.paths"))
    assert graph.has_edge("influence.paths", "influence.people")


@pytest.fixture
def tangled(tmp_path):
    """A small package whose modules import each other: a <-> b (one import inside a
    function), c -> d only under TYPE_CHECKING, e imports dash inside a function."""
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "__init__.py").write_text("from .c import x\n")
    (root / "a.py").write_text("from . import b\n")
    (root / "b.py").write_text("def f():\n    from .a import g\n    return g\n")
    (root / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .d import y\nx = 1\n")
    (root / "d.py").write_text("from .c import x\ny = 2\n")
    (root / "e.py").write_text("from . import main\ndef serve():\n    import dash.html as h\n    return h\n")
    (root / "main.py").write_text("main = 1\n")
    return root


def test_the_walker_finds_a_cycle_hidden_in_a_function_and_skips_type_checking(tangled):
    assert [sorted(c) for c in import_cycles(tangled, "pkg")] == [["pkg.a", "pkg.b"]]


def test_the_walker_finds_a_dash_import_inside_a_function(tangled):
    assert dash_imports(tangled, "pkg") == ["pkg.e: dash.html"]
