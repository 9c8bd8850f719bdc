"""The explorables in the rendered book, operated as a reader would.

For every page that holds an explorable, the test opens it in headless
Chromium, checks that each explorable has been drawn, then moves its sliders
(by setting them, and by keyboard), flips its toggles and presses its buttons,
and reads the numbers it shows. Each number must equal the companion's value
for the same inputs, to the digits shown. Screenshots of every explorable in
two states go to _build/screenshots/explorables/.
"""

import json
import re

import numpy as np
import pytest
from browser_support import SCREENSHOTS, new_page, open_page

from companion import log_softmax, predict_binary, predict_multilabel, sigmoid, softmax
from companion.calibration import expected_calibration_error

pytestmark = pytest.mark.browser

# Where each explorable lives: removing one from its page fails the test.
EXPLORABLES = {
    "sigmoid": "book/01_sigmoid",
    "threshold": "book/02_binary",
    "softmax": "book/04_softmax",
    "softmax-vs-sigmoid": "book/06_multilabel",
    "dim": "book/07_pytorch",
    "temperature": "book/appendix_calibration",
}


class Explorable:
    """One drawn explorable on a page: its controls and the lines of text it shows."""

    def __init__(self, page, name):
        self.page = page
        self.name = name
        self.root = page.locator(f"#explorable-{name}")
        self.root.wait_for(state="attached")
        page.wait_for_function(
            f"document.querySelector('#explorable-{name}').matches('.explorable-ready, "
            f".explorable-failed')", timeout=15_000)
        assert "explorable-ready" in self.root.get_attribute("class"), f"{name} was not drawn"
        assert self.root.locator("svg").count() > 0

    def spec(self):
        return json.loads(self.root.locator("script.explorable-spec").text_content())

    def set(self, control, value):
        """Set the slider or menu whose parameter is ``control``, as a reader would."""
        element = self.root.locator(f"[name='{control}']")
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(str(value))
        else:
            element.fill(str(value))
        self.settle()

    def press(self, control, key, times=1):
        """Focus a control (the checked one of radio buttons) and press a key, as a
        keyboard user would."""
        self.root.locator(f"[name='{control}']:not([type='radio']), "
                          f"[name='{control}'][type='radio']:checked").focus()
        for _ in range(times):
            self.page.keyboard.press(key)
        self.settle()

    def click(self, text):
        self.root.get_by_role("button", name=text).click()
        self.settle()

    def choose(self, control, value):
        self.root.locator(f"input[name='{control}'][value='{value}']").check()
        self.settle()

    def settle(self):
        self.page.evaluate(f"document.querySelector('#explorable-{self.name}')"
                           ".explorableView.runAsync().then(() => true)")

    def lines(self, marks="readout_marks"):
        return self.root.locator(f"svg g.{marks} text").all_text_contents()

    def texts(self):
        return [t.strip() for t in self.root.locator("svg g.role-mark text").all_text_contents()]

    def screenshot(self, state):
        folder = SCREENSHOTS / "explorables"
        folder.mkdir(parents=True, exist_ok=True)
        self.root.screenshot(path=folder / f"{self.name}-{state}.png")


def number(line, label):
    """The number after ``label`` in a line of text."""
    match = re.search(re.escape(label) + r"\s*(-?[\d.]+(?:e[-+]?\d+)?)", line.replace("−", "-"))
    assert match, f"{label!r} not in {line!r}"
    return float(match.group(1))


def shown(value, digits):
    """``value`` rounded as the explorable shows it, with ``digits`` decimals."""
    return float(f"{value:.{digits}f}")


def line_with(lines, label):
    found = [line for line in lines if label in line.replace("−", "-")]
    assert found, f"no line with {label!r} in {lines}"
    return found[0]


def check_sigmoid(e):
    e.screenshot("start")
    for z, t in [(-7.3, 0.8), (0.0, 0.5), (4.2, 0.31), (9.9, 0.99)]:
        e.set("z", z)
        e.set("t", t)
        lines = e.lines()
        assert number(line_with(lines, "σ(z) ="), "σ(z) =") == shown(float(sigmoid(z)), 4)
        assert number(line_with(lines, "1 - σ(z) ="), "1 - σ(z) =") == shown(
            float(sigmoid(-z)), 4)
        odds = number(line_with(lines, "e^z ="), "e^z =")
        assert odds == pytest.approx(np.exp(z), rel=1e-3)
        assert number(line_with(lines, "logit(t) ="), "logit(t) =") == shown(
            np.log(t / (1 - t)), 3)
        decision = "positive" if predict_binary(z, threshold=t) else "negative"
        assert f"decision: {decision}" in line_with(lines, "decision")
    e.set("z", 1.0)
    e.press("z", "ArrowRight", times=3)  # the keyboard moves the slider by its step
    lines = e.lines()
    assert number(line_with(lines, "z ="), "z =") == 1.3
    assert number(line_with(lines, "σ(z) ="), "σ(z) =") == shown(float(sigmoid(1.3)), 4)
    e.screenshot("moved")


def check_softmax(e):
    e.screenshot("start")
    logits, temperature = np.array([3.1, -0.4, 2.2, 0.0]), 1.75
    for k, v in enumerate(logits):
        e.set(f"z{k}", v)
    e.set("T", temperature)
    e.set("i", 2)
    e.set("j", 0)
    probs = softmax(logits / temperature, dim=0)

    def bars():
        return sorted(float(t) for t in e.texts() if re.fullmatch(r"0\.\d{3}|1\.000", t))

    assert bars() == sorted(shown(p, 3) for p in probs)
    log_p = log_softmax(logits / temperature, dim=0)
    lines = e.lines()
    assert number(line_with(lines, "log(p_i / p_j) ="), "log(p_i / p_j) =") == shown(
        log_p[2] - log_p[0], 3)
    assert number(line_with(lines, "/ T ="), "/ T =") == shown((logits[2] - logits[0])
                                                              / temperature, 3)
    before = bars()
    e.click("add 1 to every logit")
    e.click("add 1 to every logit")
    assert "shift = 2" in line_with(e.lines(), "shift")
    assert f"z = {logits[0] + 2:.1f}" in e.texts()
    assert bars() == before  # adding a constant to every logit changes no probability
    e.screenshot("shifted")
    e.click("reset the shift")
    assert "shift = 0" in line_with(e.lines(), "shift")
    e.press("T", "ArrowLeft", times=4)  # 1.75 - 4 * 0.05 = 1.55
    assert bars() == sorted(shown(p, 3) for p in softmax(logits / 1.55, dim=0))


def check_softmax_vs_sigmoid(e):
    e.screenshot("start")
    logits = np.array([2.4, -1.3, 0.2, 0.9])
    thresholds = np.array([0.5, 0.2, 0.55, 0.75])
    for k in range(4):
        e.set(f"z{k}", logits[k])
        e.set(f"t{k}", thresholds[k])
    lines = e.lines()
    softmax_line = line_with(lines, "softmax: sum =")
    assert number(softmax_line, "softmax: sum =") == shown(softmax(logits, dim=0).sum(), 3)
    assert number(line_with(lines, "sigmoids: sum ="), "sigmoids: sum =") == shown(
        sigmoid(logits).sum(), 3)
    names = e.spec()["usermeta"]["labels"]
    assert softmax_line.endswith(names[int(np.argmax(logits))])
    on = predict_multilabel(logits, threshold=thresholds)
    chosen = line_with(lines, "labels with")
    for name, flag in zip(names, on, strict=True):
        assert (f" {name};" in chosen) == bool(flag), (name, chosen)
    shown_probs = sorted(float(t) for t in e.texts() if re.fullmatch(r"0\.\d{3}|1\.000", t))
    expected = sorted([*(shown(p, 3) for p in softmax(logits, dim=0)),
                       *(shown(p, 3) for p in sigmoid(logits))])
    assert shown_probs == expected
    e.press("z0", "ArrowLeft", times=10)  # 2.4 -> 1.4
    assert number(line_with(e.lines(), "sigmoids: sum ="), "sigmoids: sum =") == shown(
        sigmoid(np.array([1.4, *logits[1:]])).sum(), 3)
    e.screenshot("moved")


def check_dim(e):
    logits = np.array(e.spec()["usermeta"]["logits"])
    for dim in (1, 0):
        e.choose("dim", dim)
        probs = softmax(logits, dim=dim)
        cells = [t for t in e.root.locator("svg g.cells_marks tspan").all_text_contents()
                 if t.startswith("p = ")]
        assert sorted(float(c[4:]) for c in cells) == sorted(
            float(f"{p:.4e}") for p in probs.ravel())
        sums = e.lines()
        assert len(sums) == logits.shape[1 - dim]
        word = "column" if dim == 0 else "row"
        for line in sums:
            assert line.startswith(word) and number(line, "sums to") == 1.0
        e.screenshot(f"dim{dim}")
    e.press("dim", "ArrowRight")  # from dim=0, the arrow key moves to and selects dim=1
    assert e.lines()[0].startswith("row")


def check_threshold(e):
    rows = e.spec()["data"]["values"]
    p = np.array([r["p"] for r in rows])
    y = np.array([r["y"] for r in rows])
    e.screenshot("start")
    for t in (0.5, 0.12, 0.87):
        e.set("t", t)
        with np.errstate(divide="ignore"):  # p = 0 or 1 (4 decimals) is a logit of -inf or inf
            decide = predict_binary(np.log(p) - np.log1p(-p), threshold=t)
        tp = int(np.sum(decide & (y == 1)))
        fp = int(np.sum(decide & (y == 0)))
        fn = int(np.sum(~decide & (y == 1)))
        tn = int(np.sum(~decide & (y == 0)))
        lines = e.lines()
        assert number(line_with(lines, "true positives"), "true positives") == tp
        assert number(line_with(lines, "false positives"), "false positives") == fp
        assert number(line_with(lines, "false negatives"), "false negatives") == fn
        assert number(line_with(lines, "true negatives"), "true negatives") == tn
        precision = line_with(lines, "precision")
        if tp + fp:
            assert number(precision, "precision") == shown(tp / (tp + fp), 3)
        assert number(precision, "recall") == shown(tp / (tp + fn), 3)
    e.press("t", "ArrowLeft", times=2)  # 0.87 -> 0.85
    assert number(line_with(e.lines(), "t ="), "t =") == 0.85
    e.screenshot("moved")


def check_temperature(e):
    rows = e.spec()["data"]["values"]
    logits = np.array([r["z"] for r in rows])
    top = logits.argmax(axis=1)  # a label that makes each prediction right or wrong as stored
    labels = np.where([r["correct"] for r in rows], top, (top + 1) % logits.shape[1])
    e.screenshot("start")
    for temperature in (1.0, 0.5, 2.35):
        e.set("T", temperature)
        probs = softmax(logits / temperature, dim=1)
        lines = e.lines()
        assert number(line_with(lines, "ECE (15 bins) ="), "ECE (15 bins) =") == shown(
            expected_calibration_error(probs, labels, n_bins=15), 4)
        assert number(line_with(lines, "accuracy"), "accuracy") == shown(
            np.mean(probs.argmax(axis=1) == labels), 3)
        assert number(line_with(lines, "mean confidence"), "mean confidence") == shown(
            probs.max(axis=1).mean(), 3)
    e.press("T", "ArrowRight", times=3)  # 2.35 -> 2.5
    assert number(line_with(e.lines(), "T ="), "T =") == 2.5
    e.screenshot("moved")


CHECKS = {"sigmoid": check_sigmoid, "threshold": check_threshold, "softmax": check_softmax,
          "softmax-vs-sigmoid": check_softmax_vs_sigmoid, "dim": check_dim,
          "temperature": check_temperature}


@pytest.mark.parametrize("name", EXPLORABLES)
def test_explorable_responds_with_the_companions_numbers(browser, site, name):
    page = new_page(browser, site)
    try:
        open_page(page, site, EXPLORABLES[name])
        CHECKS[name](Explorable(page, name))
        assert page.failed == []
    finally:
        page.context.close()


@pytest.mark.parametrize("name", EXPLORABLES)
def test_explorable_fits_a_phone_and_the_dark_theme(browser, site, name):
    page = new_page(browser, site, theme="dark")
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        open_page(page, site, EXPLORABLES[name])
        e = Explorable(page, name)
        controls = e.root.locator("input, select, button")
        assert controls.count() > 0
        for control in controls.all():  # every control is labelled
            assert control.evaluate("c => !!(c.labels && c.labels.length) || "
                                    "!!c.textContent.trim() || !!c.closest('label')")
        e.screenshot("phone-dark")
    finally:
        page.context.close()
