"""How the HTML book shows an explorable: a myst-nb renderer and a Sphinx extension.

* :class:`ExplorableRenderer` (registered under myst-nb's
  ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``) turns the
  Vega-Lite output of an :class:`~companion.figures.explorables.Explorable`
  into an HTML block: the specification as inline JSON, the caption, and the
  fallback text that stays for readers without JavaScript.
* :func:`setup` (the Sphinx extension ``companion.figures._book``, listed in
  ``_config.yml``) adds the Vega scripts and ``explorables.js`` from
  ``_static`` to the pages that hold an explorable, and to no other page.
"""

import html
import json

from docutils import nodes

VEGA_LITE_MIME = "application/vnd.vegalite.v5+json"
SCRIPTS = ["vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js",
           "explorables.js"]
MARKER = 'class="explorable"'


def explorable_html(spec):
    """The HTML block for one explorable's Vega-Lite ``spec``.

    Examples
    --------
    >>> print(explorable_html({"usermeta": {"explorable": "demo", "fallback": "Text."}}))
    ... # doctest: +NORMALIZE_WHITESPACE
    <div class="explorable" id="explorable-demo" data-explorable="demo">
    <script type="application/json"
      class="explorable-spec">{"usermeta": {"explorable": "demo", "fallback": "Text."}}</script>
    <p class="explorable-fallback">Text.</p>
    </div>
    """
    meta = spec.get("usermeta", {})
    name = html.escape(meta.get("explorable", "chart"))
    text = json.dumps(spec, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return "\n".join([
        f'<div class="explorable" id="explorable-{name}" data-explorable="{name}">',
        f'<script type="application/json" class="explorable-spec">{text}</script>',
        f'<p class="explorable-fallback">{html.escape(meta.get("fallback", ""))}</p>',
        "</div>",
    ])


class ExplorableRenderer:
    """myst-nb renders Vega-Lite outputs with this plugin, and prefers them to text."""

    mime_priority_overrides = (("html", VEGA_LITE_MIME, 5), ("dirhtml", VEGA_LITE_MIME, 5))

    @staticmethod
    def handle_mime(renderer, data, inline):
        if inline or data.mime_type != VEGA_LITE_MIME:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.content)
        return [nodes.raw(text=explorable_html(spec), format="html")]


def _add_scripts(app, pagename, templatename, context, doctree):
    if MARKER in context.get("body", ""):
        for script in SCRIPTS:
            app.add_js_file(script)
        app.add_css_file("explorables.css")


def setup(app):
    app.connect("html-page-context", _add_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
