"""The project's modules import each other without cycles, and `inventory` never imports `logistics`.

A cycle works only while the import order happens to suit it, and tells that two modules are one
concern split badly. The graph is built from the source with `ast`, so no module is imported: every
`import` and `from … import` counts, at module level and inside functions alike (an import moved
into a function to dodge a cycle is still the cycle).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "inventory", "logistics", "catalog_data", "api")


def project_modules():
    """Dotted module name → source file, for every module of the project's packages (migrations too)."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imported_names(module, path):
    """Every absolute dotted name the module imports, relative imports resolved against its package."""
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import name` imports pkg, and pkg.name too when that is a module.
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph():
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        targets = {name for name in imported_names(module, path) if name in modules and name != module}
        graph[module] = sorted(targets)
    return graph


def find_cycles(graph):
    """Each cycle once, as the list of modules around it (an iterative depth-first search)."""
    cycles, state = [], {}  # state: 1 on the current path, 2 done
    for start in sorted(graph):
        if state.get(start):
            continue
        path, stack = [start], [iter(graph[start])]
        state[start] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(following) == 1:
                cycles.append([*path[path.index(following):], following])
            elif not state.get(following):
                state[following] = 1
                path.append(following)
                stack.append(iter(graph[following]))
    return cycles


def test_no_module_of_the_project_imports_itself_through_others():
    cycles = find_cycles(import_graph())
    assert cycles == [], "Import cycles: " + "; ".join(" → ".join(cycle) for cycle in cycles)


def test_inventory_never_imports_logistics():
    graph = import_graph()
    offenders = [f"{module} imports {target}" for module, targets in graph.items() if module.startswith("inventory")
                 for target in targets if target.split(".")[0] == "logistics"]
    assert offenders == []


def test_only_the_api_and_the_settings_import_the_api():
    # The API sits on top of both apps: they never import it back.
    graph = import_graph()
    offenders = [f"{module} imports {target}" for module, targets in graph.items()
                 if module.split(".")[0] in ("inventory", "logistics") for target in targets
                 if target.split(".")[0] == "api"]
    assert offenders == []


def test_the_walk_sees_relative_imports_and_imports_inside_functions():
    # The walk itself must see what the checks rely on: without this, an empty graph would pass.
    graph = import_graph()
    assert "logistics.importing.read" in graph["logistics.importing.pipeline"]  # `from .read import …`
    assert "logistics.models" in graph["logistics.importing.apply"]  # `from ..models import …`
    assert find_cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c", "a"]]
    assert "logistics.maps" in graph["logistics.coverage_report"]  # imported inside a function only
