// Draws every explorable on the page with Vega-Embed, from the specification that
// the page carries inline (see companion/figures/_book.py). Nothing is fetched.
// The fallback text stays in the page, hidden from sight once the chart is drawn,
// so screen readers and text browsers still have it.
"use strict";

function addButtons(container, view, buttons) {
  if (!buttons || !buttons.length) return;
  const bar = document.createElement("div");
  bar.className = "explorable-buttons";
  for (const spec of buttons) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = spec.label;
    button.addEventListener("click", () => {
      const now = view.signal(spec.signal);
      const next = "set" in spec ? spec.set : now + spec.step;
      view.signal(spec.signal, next).runAsync();
    });
    bar.appendChild(button);
  }
  container.appendChild(bar);
}

async function drawExplorable(container) {
  const spec = JSON.parse(container.querySelector("script.explorable-spec").textContent);
  const chart = document.createElement("div");
  chart.className = "explorable-chart";
  container.insertBefore(chart, container.firstChild);
  try {
    const result = await vegaEmbed(chart, spec, {actions: false, renderer: "svg"});
    addButtons(container, result.view, (spec.usermeta || {}).buttons);
    container.classList.add("explorable-ready");
    container.explorableView = result.view;  // for the browser test
  } catch (error) {
    chart.remove();
    container.classList.add("explorable-failed");
    console.error("explorable", container.id, error);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("div.explorable").forEach(drawExplorable);
});
