"""Shared fixtures: the corpus location, and a sandbox for every path the app would touch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tui_liveblog.model import Snapshot

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
ACCEPTANCE = SHARED / "acceptance"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason="../shared/corpus is absent (a lone clone): publishers' pages are not copied into the repo",
)
needs_acceptance = pytest.mark.skipif(
    not ACCEPTANCE.is_dir(),
    reason="../shared/acceptance is absent (a lone clone): publishers' pages are not copied into the repo",
)


def pytest_configure(config: pytest.Config) -> None:
    """Pilot's idle check (``textual._wait.wait_for_idle``, twice per key pressed) samples
    the process's CPU time 20 ms at a time: at least 40 ms a key, for nothing the tests rely
    on. The tests wait on the app's own state (Pilot's wait for the screen's messages to be
    processed, ``tests.ui_support.until``), so a 5 ms sample, with the same 1:20 threshold,
    is enough, and it takes minutes off the suite."""
    import textual._wait

    textual._wait.SLEEP_GRANULARITY = 0.005
    textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``soak`` tests (long variants, run by hand) run only when ``-m`` names them: also when
    the ``-m 'not soak'`` of addopts is overridden (``-o addopts=""``)."""
    if config.getoption("markexpr"):
        for item in items:  # (run by hand: minutes each, beyond the ini's per-test timeout)
            if item.get_closest_marker("soak") and not item.get_closest_marker("timeout"):
                item.add_marker(pytest.mark.timeout(3600))
        return
    soak = [item for item in items if item.get_closest_marker("soak")]
    if soak:
        config.hook.pytest_deselected(items=soak)
        items[:] = [item for item in items if not item.get_closest_marker("soak")]


@pytest.fixture(autouse=True)
def _sandbox_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point platformdirs (cache, config, data, state) and HOME into a temp dir for every test."""
    root = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
    ):
        (root / sub).mkdir()
        monkeypatch.setenv(var, str(root / sub))
    monkeypatch.setenv("HOME", str(root))
    monkeypatch.delenv("GUARDIAN_API_KEY", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield root


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent (a lone clone)")
    return CORPUS


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def assert_web_only(snapshot: Snapshot) -> None:
    """Every entry URL and medium (in ``media`` and in the body) is an http(s) address."""
    for entry in snapshot.entries:
        assert entry.url is None or entry.url.startswith(("http://", "https://")), entry.url
        urls = [m.url for m in entry.media]
        urls += [b.media.url for b in entry.body if b.media is not None]
        assert all(u.startswith(("http://", "https://")) for u in urls), urls
