"""Screenshots of the built site for the README: `python -m tests.tools.screenshots SITE_DIR`.

Serves the built site from localhost, opens each page in Debian's headless Chromium at desktop
(1280 px) and phone (390 px) widths and writes `docs/assets/screenshots/<page>-<width>.png`.
The interview page is reached as a reader does, by following a quote's link from its entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.browser_support import CHROMIUM, FLAGS, serve_folder

OUT = Path(__file__).resolve().parents[2] / "docs/assets/screenshots"
WIDTHS = {1280: 900, 390: 844}
ENTRY = "issues/inference-latency/"


def _from_a_quote(page: Page, base: str) -> None:
    page.goto(base + ENTRY, wait_until="networkidle")
    page.locator("blockquote.quote a.quote-link").nth(1).click()
    page.wait_for_selector(".followed-note")
    page.wait_for_timeout(300)  # the scroll to the quote


PAGES = {
    "home": "",
    "entry": ENTRY,
    "interview-from-quote": _from_a_quote,
    "grid": "grid/",
    "mitigations": "mitigations/",
}


def main(site: Path) -> None:
    base, server = serve_folder(site)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            where = {} if CHROMIUM == "playwright" else {"executable_path": CHROMIUM}
            browser = playwright.chromium.launch(args=FLAGS, **where)
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, how in PAGES.items():
                    if callable(how):
                        how(page, base)
                    else:
                        page.goto(base + how, wait_until="networkidle")
                    page.screenshot(path=str(OUT / f"{name}-{width}.png"))
                    print(f"wrote {OUT / f'{name}-{width}.png'}")
                context.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("site"))
