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
        "import tui_liveblog.cli, tui_liveblog.cli.commands, tui_liveblog.ui.factory\n"
        "heavy = ('lxml', 'selectolax', 'httpx', 'feedparser', 'urllib.request')\n"
        "print(','.join(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


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
