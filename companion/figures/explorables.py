r"""Explorables: interactive figures that run in the reader's browser, with no kernel.

Each function returns an :class:`Explorable`, a Vega-Lite chart built with
Altair whose sliders and toggles are bound to the chart's parameters. Vega
evaluates every number the reader sees in the browser, with the same formulas
as the companion:

* the sigmoid as :func:`companion.sigmoid` computes it, from :math:`e = e^{-|z|}`
  and :math:`s = e/(1 + e)`: :math:`\sigma(z) = 1 - s` for :math:`z \ge 0`,
  :math:`s` otherwise;
* the softmax shifted by the maximum, :math:`e^{z_i - m} / \sum_j e^{z_j - m}`,
  and the log-ratio of two classes from the log-softmax,
  :math:`\log p_i - \log p_j = (z_i - m) - (z_j - m)`;
* decisions as :func:`companion.predict_binary` and
  :func:`companion.predict_multilabel` make them: positive when
  :math:`\sigma(z) > t`;
* reliability bins and the ECE as :mod:`companion.calibration` defines them:
  15 equal-width bins, right-closed, with 0 in the first.

In JupyterLab the chart renders through JupyterLab's own Vega-Lite support; in
the HTML book ``companion.figures._book`` (a myst-nb renderer and a Sphinx
extension) renders it with the Vega scripts in the book's ``_static/vendor``,
so nothing is fetched from the network. Readers without JavaScript see the
explorable's fallback text instead.
"""

import altair as alt
import numpy as np

from companion.figures._style import BLUE, GREY, ORANGE, VERMILLION

__all__ = ["Explorable", "dim_explorable", "sigmoid_explorable", "softmax_explorable",
           "softmax_vs_sigmoid_explorable", "temperature_explorable", "threshold_explorable"]

VEGA_LITE_MIME = "application/vnd.vegalite.v5+json"

# The companion's sigmoid, as a Vega expression of a logit expression x (and 1 - sigmoid).
_E = "exp(-abs({x}))"
SIGMOID = f"(({{x}}) >= 0 ? 1 - {_E} / (1 + {_E}) : {_E} / (1 + {_E}))"
ONE_MINUS_SIGMOID = f"(({{x}}) >= 0 ? {_E} / (1 + {_E}) : 1 - {_E} / (1 + {_E}))"


def _sigmoid(x):
    return SIGMOID.replace("{x}", x)


class Explorable:
    """An interactive chart with its fallback text.

    Shown in a notebook it is a Vega-Lite MIME bundle (JupyterLab renders it);
    the book's extension turns the same bundle into HTML. ``spec`` is the
    Vega-Lite specification as a dict; ``name`` becomes the HTML element id.

    Examples
    --------
    >>> e = sigmoid_explorable()
    >>> e.name, sorted(e._repr_mimebundle_())
    ('sigmoid', ['application/vnd.vegalite.v5+json', 'text/plain'])
    """

    def __init__(self, name, chart, fallback, buttons=(), **meta):
        self.name = name
        self.fallback = fallback
        # A transparent background, so that the page's light or dark theme shows through.
        self.spec = chart.configure(background="transparent").configure_view(
            stroke=None).to_dict()
        self.spec["usermeta"] = {"explorable": name, "fallback": fallback,
                                 "buttons": [dict(b) for b in buttons], **meta}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {VEGA_LITE_MIME: self.spec, "text/plain": self.fallback}


def _slider(name, value, low, high, step, label):
    return alt.param(name=name, value=value,
                     bind=alt.binding_range(min=low, max=high, step=step, name=label))


def _lines(chart, lines, width=330):
    """``chart`` (one row of data) as a text panel, a line per Vega expression."""
    text = "[" + ", ".join(lines) + "]"
    return (chart.transform_calculate(line=text, row=f"sequence(0, {len(lines)})")
            .transform_flatten(["line", "row"])
            .mark_text(align="left", baseline="middle", fontSize=13, x=0)
            .encode(y=alt.Y("row:O", axis=None), text="line:N")
            .properties(width=width, height=20 * len(lines)))


def sigmoid_explorable():
    """Drag the logit z and the threshold t: σ(z), 1 − σ(z), odds, log-odds and the decision.

    Examples
    --------
    >>> spec = sigmoid_explorable().spec
    >>> [p["name"] for p in spec["params"]]
    ['z', 't']
    """
    z = _slider("z", 1.0, -10.0, 10.0, 0.1, "logit z ")
    t = _slider("t", 0.5, 0.01, 0.99, 0.01, "threshold t ")
    grid = alt.sequence(-10, 10.05, 0.1, as_="x")
    curve = (alt.Chart(grid).transform_calculate(p=_sigmoid("datum.x"))
             .mark_line(color=BLUE, strokeWidth=2.5)
             .encode(x=alt.X("x:Q", title="logit z", scale=alt.Scale(domain=[-10, 10])),
                     y=alt.Y("p:Q", title="probability σ(z)", scale=alt.Scale(domain=[0, 1]))))
    point = (alt.Chart(alt.Data(values=[{}])).transform_calculate(x="z", p=_sigmoid("z"))
             .mark_point(filled=True, size=90, color=VERMILLION).encode(x="x:Q", y="p:Q"))
    level = (alt.Chart(alt.Data(values=[{}])).transform_calculate(p="t")
             .mark_rule(color=GREY, strokeDash=[4, 3]).encode(y="p:Q"))
    cut = (alt.Chart(alt.Data(values=[{}])).transform_calculate(x="log(t / (1 - t))")
           .mark_rule(color=ORANGE, strokeDash=[6, 3]).encode(x="x:Q"))
    p, q = _sigmoid("z"), ONE_MINUS_SIGMOID.replace("{x}", "z")
    lines = [
        "'z = ' + format(z, '.1f')",
        f"'σ(z) = ' + format({p}, '.4f')",
        f"'1 − σ(z) = ' + format({q}, '.4f')",
        "'odds σ/(1 − σ) = e^z = ' + format(exp(z), '.4~g')",
        "'log-odds = z = ' + format(z, '.1f')",
        "'t = ' + format(t, '.2f') + ', logit(t) = ' + format(log(t / (1 - t)), '.3f')",
        f"'decision: ' + ({p} > t ? 'positive (σ(z) > t)' : 'negative (σ(z) ≤ t)')",
    ]
    chart = alt.vconcat(
        (curve + point + level + cut).properties(width=300, height=200),
        _lines(alt.Chart(alt.Data(values=[{}]), name="readout"), lines),
    ).add_params(z, t).properties(
        description="The sigmoid curve with the point (z, σ(z)), the threshold t and logit(t).")
    fallback = ("Interactive figure (needs JavaScript): sliders for a logit z and a threshold t "
                "show σ(z), 1 − σ(z), the odds e^z, the log-odds z, logit(t) and the decision "
                "σ(z) > t. For example z = 1 gives σ(z) = 0.7311 and odds 2.718.")
    return Explorable("sigmoid", chart, fallback)


def softmax_explorable(logits=(2.0, 1.0, 0.1, -1.0), labels=("0", "1", "2", "3")):
    """One slider per logit and a temperature: the softmax bars and a pairwise log-ratio.

    A slider, and in the book two buttons, add the same constant c to every
    logit: the bars stay where they are, because the softmax depends only on
    differences of logits. (JupyterLab draws the chart without the buttons.)

    Examples
    --------
    >>> spec = softmax_explorable().spec
    >>> [p["name"] for p in spec["params"]]
    ['z0', 'z1', 'z2', 'z3', 'T', 'i', 'j', 'shift']
    """
    n = len(logits)
    sliders = [_slider(f"z{k}", float(v), -6.0, 6.0, 0.1, f"logit z{k} ({labels[k]}) ")
               for k, v in enumerate(logits)]
    temperature = _slider("T", 1.0, 0.1, 5.0, 0.05, "temperature T ")
    pick = [alt.param(name=name, value=value, bind=alt.binding_select(
        options=list(range(n)), labels=list(labels), name=f"class {name} "))
        for name, value in (("i", 0), ("j", 1))]
    shift = _slider("shift", 0, -10, 10, 1, "add c to every logit: c = ")
    zs = "[" + ", ".join(f"z{k}" for k in range(n)) + "]"
    classes = alt.Data(values=[{"k": k, "label": str(labels[k])} for k in range(n)])
    bars = (alt.Chart(classes)
            .transform_calculate(z=f"{zs}[datum.k] + shift")
            .transform_joinaggregate(m="max(z)")
            .transform_calculate(e="exp((datum.z - datum.m) / T)")
            .transform_joinaggregate(total="sum(e)")
            .transform_calculate(p="datum.e / datum.total",
                                 shown="format(datum.p, '.3f')",
                                 zshown="'z = ' + format(datum.z, '.1f')"))
    encode = {"x": alt.X("label:N", title="class", sort=None, axis=alt.Axis(labelAngle=0))}
    prob_bars = bars.mark_bar(color=BLUE).encode(
        **encode, y=alt.Y("p:Q", title="probability", scale=alt.Scale(domain=[0, 1])))
    prob_text = bars.mark_text(dy=-8, fontSize=12).encode(**encode, y="p:Q", text="shown:N")
    logit_text = bars.mark_text(y=-12, fontSize=11, color=GREY).encode(**encode,
                                                                       text="zshown:N")
    log_p = f"(({zs}[{{c}}] - max({', '.join(f'z{k}' for k in range(n))})) / T)"
    ratio = f"({log_p.format(c='i')} - {log_p.format(c='j')})"
    lines = [
        "'T = ' + format(T, '.2f') + ', shift = ' + format(shift, 'd')",
        f"'log(p_i / p_j) = ' + format({ratio}, '.3f')",
        f"'(z_i − z_j) / T = ' + format(({zs}[i] - {zs}[j]) / T, '.3f')",
    ]
    chart = alt.vconcat(
        (prob_bars + prob_text + logit_text).properties(width=300, height=200),
        _lines(alt.Chart(alt.Data(values=[{}]), name="readout"), lines),
    ).add_params(*sliders, temperature, *pick, shift).properties(
        description="Bars of the softmax of four logits at temperature T, with log(p_i/p_j).")
    fallback = ("Interactive figure (needs JavaScript): sliders for four logits and a "
                "temperature T draw the bars of softmax(z / T); two chosen classes show "
                "log(p_i / p_j) = (z_i − z_j) / T, and a button adds 1 to every logit, which "
                "changes no probability.")
    buttons = [{"label": "add 1 to every logit", "signal": "shift", "step": 1},
               {"label": "reset the shift", "signal": "shift", "set": 0}]
    return Explorable("softmax", chart, fallback, buttons)


def softmax_vs_sigmoid_explorable(logits=(1.5, 0.5, -0.5, 1.0),
                                  labels=("even", "prime", "at least 5", "closed loop"),
                                  thresholds=(0.5, 0.5, 0.5, 0.5)):
    """The same logits through a softmax and through one sigmoid per class, with a
    threshold per class for the sigmoids.

    Examples
    --------
    >>> spec = softmax_vs_sigmoid_explorable().spec
    >>> [p["name"] for p in spec["params"]][:5]
    ['z0', 'z1', 'z2', 'z3', 't0']
    """
    n = len(logits)
    sliders = [_slider(f"z{k}", float(v), -6.0, 6.0, 0.1, f"logit z{k} ({labels[k]}) ")
               for k, v in enumerate(logits)]
    thresholds = [_slider(f"t{k}", float(t), 0.05, 0.95, 0.05, f"threshold t{k} ")
                  for k, t in enumerate(thresholds)]
    zs = "[" + ", ".join(f"z{k}" for k in range(n)) + "]"
    ts = "[" + ", ".join(f"t{k}" for k in range(n)) + "]"
    rows = alt.Data(values=[{"k": k, "label": labels[k]} for k in range(n)])
    base = (alt.Chart(rows)
            .transform_calculate(z=f"{zs}[datum.k]")
            .transform_joinaggregate(m="max(z)")
            .transform_calculate(e="exp(datum.z - datum.m)")
            .transform_joinaggregate(total="sum(e)")
            .transform_calculate(softmax="datum.e / datum.total", sigmoid=_sigmoid("datum.z"),
                                 t=f"{ts}[datum.k]")
            .transform_calculate(chosen="datum.sigmoid > datum.t"))
    x = alt.X("label:N", title=None, sort=None, axis=alt.Axis(labelAngle=-35))
    y = alt.Scale(domain=[0, 1])

    def panel(field, title, extra):
        bar = base.mark_bar(color=BLUE if field == "softmax" else ORANGE).encode(
            x=x, y=alt.Y(f"{field}:Q", title="probability", scale=y))
        text = base.transform_calculate(shown=f"format(datum.{field}, '.3f')").mark_text(
            dy=-8, fontSize=12).encode(x=x, y=f"{field}:Q", text="shown:N")
        return alt.layer(bar, text, *extra).properties(width=125, height=170, title=title)

    ticks = base.mark_tick(color=VERMILLION, thickness=2, size=40).encode(x=x, y="t:Q")
    e_terms = [f"exp(z{k} - max({', '.join(f'z{m}' for m in range(n))}))" for k in range(n)]
    softmax_total = f"({' + '.join(e_terms)}) / ({' + '.join(e_terms)})"
    sigmoid_total = " + ".join(_sigmoid(f"z{k}") for k in range(n))
    chosen = " + ".join(f"({_sigmoid(f'z{k}')} > t{k} ? ' {labels[k]};' : '')"
                        for k in range(n))
    lines = [
        f"'softmax: sum = ' + format({softmax_total}, '.3f') + ', one class: ' + "
        f"{[str(s) for s in labels]!r}[indexof({zs}, max({', '.join(f'z{k}' for k in range(n))}))]",
        f"'sigmoids: sum = ' + format({sigmoid_total}, '.3f')",
        f"'labels with σ(z_k) > t_k:' + (length({chosen}) ? {chosen} : ' none')",
    ]
    chart = alt.vconcat(
        alt.hconcat(panel("softmax", "softmax", []),
                    panel("sigmoid", "sigmoids (ticks: t_k)", [ticks])),
        _lines(alt.Chart(alt.Data(values=[{}]), name="readout"), lines),
    ).add_params(*sliders, *thresholds).properties(
        description="Four logits shown as softmax probabilities and as independent sigmoids.")
    fallback = ("Interactive figure (needs JavaScript): four logit sliders feed both a "
                "softmax, whose probabilities always sum to 1 and pick one class, and one "
                "sigmoid per class, whose probabilities need not sum to 1; a threshold per "
                "class decides which labels are on.")
    return Explorable("softmax-vs-sigmoid", chart, fallback, labels=list(labels))


# The article's logits, as torch printed them (the PyTorch chapter finds float32
# logits that reproduce every print; four digits are what a reader sees).
ARTICLE_LOGITS = ((-10.6383, -3.3302, 10.4895), (-7.0935, 10.9497, -24.0366))


def dim_explorable(logits=ARTICLE_LOGITS):
    """A (2, 3) batch of logits: toggle softmax over dim 0 or dim 1 and see which
    slices sum to 1.

    Examples
    --------
    >>> spec = dim_explorable().spec
    >>> spec["params"][0]["bind"]["options"]
    [0, 1]
    """
    dim = alt.param(name="dim", value=1, bind=alt.binding_radio(
        options=[0, 1], labels=["dim=0 (down each column)", "dim=1 (along each row)"],
        name="softmax over "))
    cells = alt.Data(values=[{"row": r, "col": c, "z": float(v)}
                             for r, row in enumerate(logits) for c, v in enumerate(row)])
    grid = (alt.Chart(cells)
            .transform_calculate(group="dim == 0 ? datum.col : datum.row")
            .transform_joinaggregate(m="max(z)", groupby=["group"])
            .transform_calculate(e="exp(datum.z - datum.m)")
            .transform_joinaggregate(total="sum(e)", groupby=["group"])
            .transform_calculate(p="datum.e / datum.total",
                                 shown="['z = ' + format(datum.z, '.4f'), "
                                       "'p = ' + format(datum.p, '.4e')]"))
    x = alt.X("col:O", title="dim 1 (classes)", axis=alt.Axis(labelAngle=0))
    y = alt.Y("row:O", title="dim 0 (batch)")
    boxes = grid.mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("p:Q", scale=alt.Scale(domain=[0, 1], scheme="blues"),
                                  legend=alt.Legend(title="p")))
    text = grid.mark_text(fontSize=11, lineHeight=15).encode(
        x=x, y=y, text="shown:N",
        color=alt.condition("datum.p > 0.5", alt.value("white"), alt.value("black")),
    ).properties(name="cells")
    sums = (grid.transform_aggregate(s="sum(p)", groupby=["group"])
            .transform_calculate(line="(dim == 0 ? 'column ' : 'row ') + datum.group + "
                                      "' sums to ' + format(datum.s, '.4f')")
            .mark_text(align="left", fontSize=13, x=0)
            .encode(y=alt.Y("group:O", axis=None), text="line:N")
            .properties(width=260, height=60, name="readout"))
    chart = alt.vconcat((boxes + text).properties(width=330, height=140), sums).add_params(
        dim).properties(description="A 2 by 3 grid of softmax probabilities over dim 0 or 1.")
    fallback = ("Interactive figure (needs JavaScript): the article's 2 by 3 logits with a "
                "toggle between softmax(dim=0), where each column sums to 1, and "
                "softmax(dim=1), where each row sums to 1.")
    return Explorable("dim", chart, fallback, logits=[list(row) for row in logits])


def threshold_explorable(probs, labels, positive="positive", negative="negative"):
    """Held-out predictions of a binary model: move the threshold t and read the
    confusion counts, precision and recall of the rule p > t.

    Parameters
    ----------
    probs : array_like
        Shape (N,): the model's probability of the positive class, kept to 4 decimals.
    labels : array_like of int
        Shape (N,): 0 or 1.

    Examples
    --------
    >>> spec = threshold_explorable([0.2, 0.9, 0.6], [0, 1, 0]).spec
    >>> spec["params"][0]["name"], spec["data"]["values"][1]
    ('t', {'p': 0.9, 'y': 1})
    """
    p = np.round(np.asarray(probs, dtype=float), 4)  # the values the browser works with
    y = np.asarray(labels).astype(int)
    t = _slider("t", 0.5, 0.01, 0.99, 0.01, "threshold t ")
    rows = alt.Data(values=[{"p": float(a), "y": int(b)} for a, b in zip(p, y, strict=True)])
    points = (alt.Chart()
              .transform_calculate(jitter="(((datum.p * 7919) % 1) - 0.5) * 0.6",
                                   label=f"datum.y == 1 ? '{positive}' : '{negative}'")
              .mark_point(filled=True, size=30, opacity=0.7)
              .encode(x=alt.X("p:Q", title="predicted probability p",
                              scale=alt.Scale(domain=[0, 1])),
                      y=alt.Y("label:N", title=None, sort=[negative, positive]),
                      yOffset=alt.YOffset("jitter:Q"),
                      color=alt.Color("label:N", scale=alt.Scale(
                          domain=[negative, positive], range=[BLUE, ORANGE]), legend=None),
                      shape=alt.Shape("label:N", scale=alt.Scale(
                          domain=[negative, positive], range=["circle", "square"]),
                          legend=None)))
    rule = (alt.Chart(alt.Data(values=[{}])).transform_calculate(x="t")
            .mark_rule(color=VERMILLION, strokeWidth=2).encode(x="x:Q"))
    lines = [
        "'t = ' + format(t, '.2f')",
        "'true positives ' + format(datum.tp, 'd') + ', false positives ' + format(datum.fp, 'd')",
        "'false negatives ' + format(datum.fn, 'd') + ', true negatives ' + format(datum.tn, 'd')",
        "'precision ' + (datum.tp + datum.fp > 0 ? format(datum.tp / (datum.tp + datum.fp), "
        "'.3f') : 'undefined') + ', recall ' + format(datum.tp / (datum.tp + datum.fn), '.3f')",
    ]
    readout = (alt.Chart(name="readout")
               .transform_calculate(tp="datum.p > t && datum.y == 1 ? 1 : 0",
                                    fp="datum.p > t && datum.y == 0 ? 1 : 0",
                                    fn="datum.p <= t && datum.y == 1 ? 1 : 0",
                                    tn="datum.p <= t && datum.y == 0 ? 1 : 0")
               .transform_aggregate(tp="sum(tp)", fp="sum(fp)", fn="sum(fn)", tn="sum(tn)"))
    chart = alt.vconcat((points + rule).properties(width=330, height=150),
                        _lines(readout, lines), data=rows).add_params(t).properties(
        description="Held-out predictions with a movable threshold.")
    fallback = (f"Interactive figure (needs JavaScript): the {len(p)} held-out predictions "
                "of the chapter's model, with a threshold slider that updates the confusion "
                "counts, the precision and the recall of the rule p > t.")
    return Explorable("threshold", chart, fallback)


def temperature_explorable(logits, labels, n_bins=15):
    """A trained model's logits: move the temperature T and watch the reliability
    diagram and the ECE of softmax(z / T).

    Parameters
    ----------
    logits : array_like
        Shape (N, C), held-out logits, shown to 4 decimals.
    labels : array_like of int
        Shape (N,), the true classes.

    Examples
    --------
    >>> spec = temperature_explorable([[2.0, 0.0], [0.0, 1.0]], [0, 0]).spec
    >>> spec["params"][0]["name"], spec["data"]["values"][1]
    ('T', {'n': 1, 'z': [0.0, 1.0], 'correct': 0})
    """
    z = np.round(np.asarray(logits, dtype=float), 4)  # the values the browser works with
    y = np.asarray(labels).astype(int)
    temperature = _slider("T", 1.0, 0.25, 4.0, 0.05, "temperature T ")
    rows = alt.Data(values=[{"n": i, "z": [float(v) for v in row],
                             "correct": int(row.argmax() == label)}
                            for i, (row, label) in enumerate(zip(z, y, strict=True))])
    width = 1.0 / n_bins
    # One row per logit, then each example's confidence max_k softmax(z / T)_k and its bin.
    confidences = (alt.Chart()
                   .transform_flatten(["z"])
                   .transform_joinaggregate(m="max(z)", groupby=["n"])
                   .transform_calculate(e="exp((datum.z - datum.m) / T)")
                   .transform_joinaggregate(total="sum(e)", groupby=["n"])
                   .transform_filter("datum.z == datum.m")
                   .transform_aggregate(total="max(total)", correct="max(correct)",
                                        groupby=["n"])
                   .transform_calculate(conf="1 / datum.total",  # the top class's e is 1
                                        bin=f"max(0, min({n_bins - 1}, "
                                            f"ceil(datum.conf * {n_bins}) - 1))"))
    bins = (confidences.transform_aggregate(count="count()", acc="mean(correct)",
                                            mean_conf="mean(conf)", groupby=["bin"])
            .transform_calculate(left=f"datum.bin * {width}", right=f"(datum.bin + 1) * {width}"))
    scale = alt.Scale(domain=[0, 1])
    bars = bins.mark_rect(color=BLUE, opacity=0.85).encode(
        x=alt.X("left:Q", title="confidence", scale=scale), x2="right:Q",
        y=alt.Y("acc:Q", title="accuracy", scale=scale), y2=alt.datum(0))
    gaps = bins.mark_rule(color=VERMILLION, strokeWidth=3).encode(
        x=alt.X("mean_conf:Q", scale=scale), y="acc:Q", y2="mean_conf:Q")
    diagonal = (alt.Chart(alt.Data(values=[{"a": 0}, {"a": 1}]))
                .mark_line(color=GREY, strokeDash=[4, 3]).encode(x="a:Q", y="a:Q"))
    summary = (confidences.properties(name="readout")
               .transform_joinaggregate(bin_acc="mean(correct)", bin_conf="mean(conf)",
                                        groupby=["bin"])
               .transform_calculate(gap="abs(datum.bin_acc - datum.bin_conf)")
               .transform_aggregate(ece="mean(gap)", accuracy="mean(correct)",
                                    confidence="mean(conf)"))
    lines = [
        "'T = ' + format(T, '.2f')",
        f"'ECE ({n_bins} bins) = ' + format(datum.ece, '.4f')",
        "'accuracy ' + format(datum.accuracy, '.3f') + ', mean confidence ' + "
        "format(datum.confidence, '.3f')",
    ]
    chart = alt.vconcat((diagonal + bars + gaps).properties(width=320, height=240),
                        _lines(summary, lines), data=rows).add_params(temperature).properties(
        description="Reliability diagram of softmax(z / T) with its ECE.")
    fallback = (f"Interactive figure (needs JavaScript): a temperature slider rescales the "
                f"{z.shape[0]} held-out logits of the model; the reliability diagram and the "
                "ECE follow, while the accuracy stays the same.")
    return Explorable("temperature", chart, fallback)
