"""The rendered book in a real browser: headless Chromium through Playwright.

Builds the book, serves _build/html on a loopback port and opens every page
of the table of contents. It checks what a reader would notice: failed
requests for the book's own files, broken images, unrendered math, missing
outputs or figures, solutions that do not fold, and the previous/next links.
A screenshot of every page lands in _build/screenshots/.

Accessibility: axe-core (the engine of Lighthouse's accessibility audit,
through axe-playwright-python) checks every page in the theme's light and dark
mode; any serious or critical violation fails, reported with its rule, impact
and the elements it concerns.

BOOK_HTML=<folder> tests a book already built there (for example by
`jupyter-book build . --path-output /tmp/b`, then BOOK_HTML=/tmp/b/_build/html)
instead of building into _build; screenshots then go next to that folder.

The browser is Debian's chromium (/usr/bin/chromium, or the path in
$CHROMIUM), else Playwright's own download (also with CHROMIUM=playwright, as
the GitHub workflow sets). Without one the test is skipped, except in CI
(CI=true), where it fails: .ci/run installs chromium first.
"""

from pathlib import Path

import pytest
from browser_support import (
    BLOCKING_IMPACTS,
    PAGES,
    ROOT,
    SCREENSHOTS,
    THEMES,
    new_page,
    open_page,
)

pytestmark = pytest.mark.browser


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


def blocking_violations(results):
    """One line per element of every serious or critical axe violation."""
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            target = " > ".join(str(t) for t in node["target"])
            detail = node.get("failureSummary") or violation["help"]
            lines.append(f"{violation['id']} ({violation['impact']}): {target}: "
                         f"{detail.splitlines()[-1].strip()}")
    return lines


@pytest.fixture(scope="session")
def axe():
    return pytest.importorskip("axe_playwright_python.sync_playwright").Axe()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(browser, site, axe, name, theme):
    page = new_page(browser, site, theme)
    try:
        open_page(page, site, name)
        assert page.get_attribute("html", "data-theme") == theme
        page.evaluate("document.fonts.ready")  # colours and sizes as the reader sees them
        results = axe.run(page).response
    finally:
        page.context.close()
    problems = blocking_violations(results)
    assert not problems, f"axe on {name} ({theme}):\n" + "\n".join(problems)
