"""The rendered book in a real browser: headless Chromium through Playwright.

Builds the book, serves _build/html on a loopback port and opens every page
of the table of contents. It checks what a reader would notice: failed
requests for the book's own files, broken images, unrendered math, missing
outputs or figures, solutions that do not fold, and the previous/next links.
A screenshot of every page lands in _build/screenshots/.

The browser is Debian's chromium (/usr/bin/chromium, or the path in
$CHROMIUM), else Playwright's own download (also with CHROMIUM=playwright, as
the GitHub workflow sets). Without one the test is skipped, except in CI
(CI=true), where it fails: .ci/run installs chromium first.
"""

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from book_toc import toc_files

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


# The root page book/index is built as index.html at the top of the site.
PAGES = ["index" if f == "book/index" else f for f in toc_files()]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site():
    """Build the book (execution is cached, so this is quick after `make build`) and serve it."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    subprocess.run([str(jupyter_book), "build", ".", "-W", "-n", "--keep-going", "--quiet"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    handler = functools.partial(QuietHandler, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with sync_api.sync_playwright() as playwright:
        try:
            if executable != "playwright" and Path(executable).exists():
                chromium = playwright.chromium.launch(executable_path=executable,
                                                      args=CHROMIUM_FLAGS)
            else:
                chromium = playwright.chromium.launch(args=CHROMIUM_FLAGS)
        except sync_api.Error as error:
            message = (f"no Chromium to run the browser test ({error.message.splitlines()[0]}); "
                       "install Debian's: apt-get install chromium")
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh page that records every failed request for the book's own files."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.failed = []
    page.on("requestfailed",
            lambda r: r.url.startswith(site) and page.failed.append(f"{r.url} ({r.failure})"))
    page.on("response",
            lambda r: r.url.startswith(site) and r.status >= 400
            and page.failed.append(f"{r.url} ({r.status})"))
    yield page
    context.close()


def open_page(page, site, name):
    page.goto(f"{site}{name}.html", wait_until="networkidle")
    if page.locator("span.math, div.math").count():
        page.wait_for_selector("mjx-container", state="attached", timeout=15_000)
    return page


@pytest.mark.parametrize("name", PAGES)
def test_page_renders(page, site, name):
    open_page(page, site, name)
    assert page.failed == []
    broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
                           ".map(i => i.src)")
    assert broken == []
    if page.locator("span.math, div.math").count():
        assert page.locator("mjx-container").count() > 0
        assert page.locator("span.math:not(:has(mjx-container))").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{Path(name).name}.png", full_page=True)


NOTEBOOK_PAGES = [name for name in PAGES if (ROOT / f"{name}.ipynb").exists()
                  or name == "index"]


@pytest.mark.parametrize("name", NOTEBOOK_PAGES)
def test_outputs_and_figures_are_shown(page, site, name):
    import nbformat

    source = ROOT / ("book/index.ipynb" if name == "index" else f"{name}.ipynb")
    notebook = nbformat.read(source, as_version=4)
    figures = sum("figure" in c.metadata.get("mystnb", {}) for c in notebook.cells)
    open_page(page, site, name)
    assert page.locator("div.cell_output").count() > 0
    assert page.locator("figure img").count() == figures
    for caption in page.locator("figure figcaption").all():
        assert caption.inner_text().strip().startswith("Fig")


@pytest.mark.parametrize("name", [n for n in PAGES if n.startswith("book/0")
                                  or "appendix" in n])
def test_solutions_start_collapsed_and_open_on_click(page, site, name):
    open_page(page, site, name)
    solution = page.locator("div.solution.dropdown").first
    body = solution.locator("section, div.cell").first
    assert not body.is_visible()
    solution.locator("button.toggle-button").click()
    body.wait_for(state="visible", timeout=5_000)


def test_previous_and_next_links_follow_the_toc(page, site):
    for before, current, after in zip(PAGES, PAGES[1:], PAGES[2:], strict=False):
        open_page(page, site, current)
        previous = page.locator("a.left-prev").get_attribute("href")
        following = page.locator("a.right-next").get_attribute("href")
        assert previous.endswith(f"{Path(before).name}.html"), (current, previous)
        assert following.endswith(f"{Path(after).name}.html"), (current, following)
    open_page(page, site, PAGES[0])
    page.locator("a.right-next").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{PAGES[1]}.html")
