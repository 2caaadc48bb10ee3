"""Storages only store: no module of ``hyperscout.storages`` imports ``hyperscout.study`` (or any
layer above it) at run time, at load or inside a function; type-only imports aside."""

from __future__ import annotations

import ast
import pathlib

import hyperscout.storages

UPPER = (
    "hyperscout.study",
    "hyperscout.parallel",
    "hyperscout.sklearn",
    "hyperscout.cli",
    "hyperscout.dashboard",
    "hyperscout.report",
    "hyperscout.visualization",
)


def _runtime_imports(tree: ast.AST) -> list[str]:
    found: list[str] = []

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child, type_only)
            return
        if isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(tree, False)
    return found


def test_storages_import_no_upper_layer_at_run_time() -> None:
    root = pathlib.Path(hyperscout.storages.__file__).parent
    offenders = {}
    for path in sorted(root.rglob("*.py")):
        imports = _runtime_imports(ast.parse(path.read_text()))
        bad = [name for name in imports if name.startswith(UPPER)]
        if bad:
            offenders[str(path.relative_to(root))] = bad
    assert offenders == {}
