"""The layers are a contract (ARCHITECTURE.md): checked with import-linter, and no import cycles anywhere."""

import importlib
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["common", "inputs", "analysis", "briefings", "sample"]


def test_import_contracts_are_kept():
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0, "run `lint-imports` to see the breach"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan)."""
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles_anywhere():
    assert _cycles(grimp.build_graph("dtanalysis")) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    (package / "b.py").write_text("from cyclic import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert _cycles(grimp.build_graph("cyclic", cache_dir=None)) == [["cyclic.a", "cyclic.b"]]


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_says_what_it_is_for_and_what_it_may_import(layer):
    doc = importlib.import_module(f"dtanalysis.{layer}").__doc__ or ""
    assert len(doc.split()) >= 15, f"dtanalysis/{layer}/__init__.py needs a docstring on what the layer is for"
    assert "May import" in doc, f"dtanalysis/{layer}/__init__.py: say what the layer may import"


def test_public_api_is_listed_in_init_and_in_the_readme():
    import dtanalysis

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in dtanalysis.__all__:
        assert hasattr(dtanalysis, name)
        if not name.startswith("_"):
            assert f"`{name}`" in readme or f"dt.{name}" in readme, f"README does not mention the public {name!r}"
