"""Fixtures shared by the browser tests (test_browser.py, test_explorables.py):
the built book served on a loopback port, and one Chromium for the session."""

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from browser_support import CHROMIUM_FLAGS, HTML, PREBUILT, ROOT, QuietHandler, new_page


@pytest.fixture(scope="session")
def site():
    """Build the book (execution is cached, so this is quick after `make build`) and serve it.

    With BOOK_HTML set, serve that folder as it is."""
    if not PREBUILT:
        jupyter_book = Path(sys.executable).parent / "jupyter-book"
        subprocess.run([str(jupyter_book), "build", ".", "-W", "-n", "--keep-going", "--quiet"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    assert (HTML / "index.html").exists(), f"no book in {HTML}"
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
    page = new_page(browser, site)
    yield page
    page.context.close()
