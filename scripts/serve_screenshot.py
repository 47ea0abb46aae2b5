"""Write screenshots/serve.png: ``liveblog serve`` on the bundled demo blog, as headless
Chromium shows the page (a browser's screenshot: a PNG, not an SVG).

Needs Chromium (Debian: apt-get install chromium) and the extra [web]; says so and does
nothing without them. Run from the repository's root: python scripts/serve_screenshot.py
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.chromium import CHROMIUM, chromium, lines_of, open_page, stop_group  # noqa: E402

OUT = ROOT / "screenshots" / "serve.png"


def _start(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui_liveblog", *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )


def main() -> int:
    if CHROMIUM is None:
        print("no chromium on PATH (Debian: apt-get install chromium): nothing written")
        return 1
    demo = _start("demo", "--serve")
    serve = None
    try:
        blog = lines_of(demo.stdout).get(timeout=30).strip()
        serve = _start("serve", blog, "--no-cache")
        url = lines_of(serve.stdout).get(timeout=60).strip()
        if not url.startswith("http://"):
            print("liveblog serve did not start (is the extra [web] installed?)")
            return 1

        async def shoot(devtools: str) -> None:
            async with open_page(devtools, url) as page:
                await page.wait_for(("LIVE", "Selene"), timeout=60)
                await page.press("j")  # (an entry open in the detail pane)
                await asyncio.sleep(1.5)
                await page.screenshot(OUT)

        with tempfile.TemporaryDirectory() as profile, chromium(Path(profile)) as devtools:
            asyncio.run(shoot(devtools))
        print(f"screenshots/{OUT.name}")
        return 0
    finally:
        if serve is not None:
            stop_group(serve)
        stop_group(demo)


if __name__ == "__main__":
    sys.exit(main())
