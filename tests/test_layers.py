"""Layering: nothing outside ``ui/`` imports Textual or Rich (checked statically and at run time)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

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


def _is_module(name: str) -> bool:
    parts = name.split(".")[1:]
    return (PACKAGE.joinpath(*parts).with_suffix(".py")).is_file() or (
        PACKAGE.joinpath(*parts, "__init__.py").is_file()
    )


def _package_imports(path: Path) -> set[str]:
    """Every ``tui_liveblog…`` module ``path`` imports, at the top or inside a function.

    ``from tui_liveblog.cli import read`` counts as importing the module ``…cli.read`` (its
    package is loaded already: every module of a package is imported after its parent)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tui_liveblog"))
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.startswith("tui_liveblog")
        ):
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if _is_module(sub) else node.module)
    return found


def _module_name(path: Path) -> str:
    name = "tui_liveblog." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    return name.removesuffix(".__init__")


def test_nothing_outside_the_cli_imports_it() -> None:
    offenders = {
        _module_name(p): sorted(m for m in _package_imports(p) if m.startswith("tui_liveblog.cli"))
        for p in PACKAGE.rglob("*.py")
        if "cli" not in p.relative_to(PACKAGE).parts and p.name != "__main__.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_cli_modules_import_one_another_without_cycles() -> None:
    """Function-level imports count: a cycle there is still a tangle."""
    cli = {_module_name(p): p for p in (PACKAGE / "cli").glob("*.py")}
    graph = {
        name: sorted(m for m in _package_imports(path) if m in cli and m != name)
        for name, path in cli.items()
    }
    done: set[str] = set()

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            raise AssertionError("import cycle: " + " -> ".join((*trail, name)))
        if name in done:
            return
        for dep in graph[name]:
            visit(dep, (*trail, name))
        done.add(name)

    for name in graph:
        visit(name, ())
    assert graph["tui_liveblog.cli.commands"]  # (the walk saw the dispatcher's imports)
