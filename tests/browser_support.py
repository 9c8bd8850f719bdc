"""What the browser tests share: where the built book is, the pages, a quiet
HTTP handler, and pages opened as a reader would (tests/conftest.py holds the
`site` and `browser` fixtures built on these)."""

import http.server
import os
from pathlib import Path

from book_toc import toc_files

ROOT = Path(__file__).resolve().parent.parent
PREBUILT = os.environ.get("BOOK_HTML")
HTML = Path(PREBUILT).resolve() if PREBUILT else ROOT / "_build" / "html"
SCREENSHOTS = HTML.parent / "screenshots"
THEMES = ["light", "dark"]
BLOCKING_IMPACTS = {"serious", "critical"}
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


# The root page book/index is built as index.html at the top of the site.
PAGES = ["index" if f == "book/index" else f for f in toc_files()]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def new_page(browser, site, theme="light"):
    """A page in its own context that records every failed request for the book's own files.

    ``theme`` is the colour mode of the pydata/sphinx-book theme, as a reader's
    choice stored by its theme switch (and the system preference to match)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=theme)
    context.add_init_script(f"localStorage.setItem('mode', '{theme}');")
    page = context.new_page()
    page.failed = []
    page.on("requestfailed",
            lambda r: r.url.startswith(site) and page.failed.append(f"{r.url} ({r.failure})"))
    page.on("response",
            lambda r: r.url.startswith(site) and r.status >= 400
            and page.failed.append(f"{r.url} ({r.status})"))
    return page


def open_page(page, site, name):
    page.goto(f"{site}{name}.html", wait_until="networkidle")
    if page.locator("span.math, div.math").count():
        page.wait_for_selector("mjx-container", state="attached", timeout=15_000)
    return page
