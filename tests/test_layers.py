"""Layering: nothing outside ``ui/`` imports Textual or Rich (checked statically and at run time)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tui_liveblog"
FORBIDDEN = ("textual", "rich")


def _core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_modules_do_not_import_textual_or_rich_statically() -> None:
    modules = _core_modules()
    assert len(modules) > 5
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(_imported_roots(p) & set(FORBIDDEN)) for p in modules
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_the_engine_loads_no_textual_or_rich() -> None:
    names = sorted(
        "tui_liveblog." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in _core_modules()
        if p.name != "__main__.py"
    )
    names = [n.removesuffix(".__init__") for n in names]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_the_readers_state_imports_no_textual_or_rich_even_indirectly() -> None:
    """ui/reader_state.py is the reader's logic without a terminal: neither it nor any project
    module it imports (followed through) imports Textual or Rich. (Importing it at run time
    loads the ``ui`` package, which sets up Rich's cell widths: hence a static check.)"""
    names = _module_names()
    todo, seen = ["tui_liveblog.ui.reader_state"], set()
    while todo:
        name = todo.pop()
        if name in seen or name == "tui_liveblog.ui":  # (the package: see above)
            continue
        seen.add(name)
        todo.extend(_imports(name, names[name], set(names)))
    assert {"tui_liveblog.ui.filter_index", "tui_liveblog.model"} <= seen  # the walk follows
    offenders = {n: sorted(_imported_roots(names[n]) & set(FORBIDDEN)) for n in seen}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_readers_start_up_imports_no_parser_or_http_library() -> None:
    """Opening the reader from the cache paints before any parsing or networking library is
    imported (lxml, selectolax, httpx and urllib.request cost tens of ms): they load on first
    use, in the worker."""
    code = (
        "import sys\n"
        # the modules `liveblog URL` goes through to the reader's first screen
        "import tui_liveblog.cli, tui_liveblog.cli.parser, tui_liveblog.cli.commands\n"
        "import tui_liveblog.cli.common, tui_liveblog.cli.read, tui_liveblog.ui.factory\n"
        "heavy = ('lxml', 'selectolax', 'httpx', 'feedparser', 'urllib.request')\n"
        "print(','.join(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_the_readers_start_up_leaves_what_comes_after_the_first_frame() -> None:
    """Issue 12 (3): what a single blog's first frame does not use waits for first use: the
    help screen, several blogs as one (and the same-post matching), saving the config, the
    export, the word diff, the browser."""
    code = (
        "import sys\n"
        "import tui_liveblog.cli, tui_liveblog.cli.parser, tui_liveblog.cli.commands\n"
        "import tui_liveblog.cli.common, tui_liveblog.cli.read, tui_liveblog.ui.factory\n"
        "later = ('tui_liveblog.ui.help_screen', 'tui_liveblog.feed_group', "
        "'tui_liveblog.same_post', 'tui_liveblog.several', 'tui_liveblog.config_save', "
        "'tui_liveblog.export', 'tui_liveblog.word_diff', 'webbrowser', 'tomlkit')\n"
        "print(','.join(sorted(m for m in later if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


# -- the import graph: layers (import-linter) and no cycle between any two modules --------------

ROOT = PACKAGE.parent


def test_the_layer_contract_holds(capsys: pytest.CaptureFixture[str]) -> None:
    """pyproject.toml's import-linter contracts: every import points down the layers listed
    there (every top-level module is placed: the contract is exhaustive), and no package's
    modules import each other in a circle."""
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "2 kept, 0 broken" in report


def _module_names() -> dict[str, Path]:
    names: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _imports(name: str, path: Path, modules: set[str]) -> set[str]:
    """The project modules ``name`` imports, anywhere in it (functions and TYPE_CHECKING
    blocks included). ``from pkg import x`` is an import of ``pkg.x`` when that is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                targets.append(child if child in modules else base)
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other_even_inside_functions() -> None:
    names = _module_names()
    graph = {name: _imports(name, path, set(names)) for name, path in names.items()}
    assert sum(len(v) for v in graph.values()) > 200  # the walk sees the real graph
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_merge_rule_depends_on_the_model_only() -> None:
    """merge.py sits with content/serialize/query: the store and the follower use it, never the
    other way round, and it needs nothing outside the standard library."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse((PACKAGE / "merge.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "tui_liveblog":
                modules.update(f"tui_liveblog.{alias.name}" for alias in node.names)
            else:
                modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    ours = {m for m in modules if m.split(".")[0] == "tui_liveblog"}
    assert ours <= {"tui_liveblog.model", "tui_liveblog.errors"}
    assert {m.split(".")[0] for m in modules - ours} <= set(sys.stdlib_module_names)


def test_package_exports_load_their_modules_on_first_use() -> None:
    code = (
        "import sys\n"
        "import tui_liveblog.content, tui_liveblog.fetch, tui_liveblog.store\n"
        "children = ('tui_liveblog.content.html', 'tui_liveblog.fetch.client', "
        "'tui_liveblog.store.cache', 'lxml')\n"
        "print(sorted(m for m in children if m in sys.modules))\n"
        "from tui_liveblog.fetch import Fetcher\n"
        "from tui_liveblog.store import Store\n"
        "print(Fetcher.__module__, Store.__module__)\n"
        "try:\n"
        "    tui_liveblog.store.nothing\n"
        "except AttributeError as err:\n"
        "    print(err)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.splitlines() == [
        "[]",
        "tui_liveblog.fetch.client tui_liveblog.store.cache",
        "module 'tui_liveblog.store' has no attribute 'nothing'",
    ]
