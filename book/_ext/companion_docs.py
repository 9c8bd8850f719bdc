"""Local Sphinx extension of the book: the companion reference, and list roles
on the references page.

``companion-api`` directive (book/api.md)
    Documents one module of the companion from its docstrings: the module
    docstring as the section's introduction, then one autodoc entry for every
    name in the module's ``__all__`` (functions, classes and data alike), in
    source order, so that a name added to ``__all__`` appears in the reference
    without editing the page. ``:as:`` names the public path of the entries
    when a package re-exports the module's names: ``companion.activations``
    with ``:as: companion`` gives ``companion.sigmoid``, the target the
    chapters link with ``{py:func}`companion.sigmoid```. ``:members:`` (a
    comma-separated list) documents only those names. With ``:submodules:``
    the argument is a package: every public submodule with a non-empty
    ``__all__`` gets a section of its own, titled with its name (chapters in
    book order), its names documented under the package
    (``companion.figures.sigmoid_curve``), so that a figure module added later
    appears too. Use it inside an ``{eval-rst}`` block: docstrings are
    reStructuredText.

Citation list roles (accessibility)
    docutils writes a bibliography as ``<div role="list">`` holding
    ``<div role="doc-biblioentry">`` items. ``doc-biblioentry`` is deprecated
    in DPUB-ARIA 1.1 and is not a list item to assistive technology, so the
    list has no items (axe-core: critical ``aria-required-children``, and minor
    ``aria-deprecated-role`` and ``aria-allowed-role`` on each entry). Each
    entry gets ``role="listitem"`` instead, in the rendered page body.
"""

import importlib
import inspect
import pkgutil
import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles


class CompanionAPI(SphinxDirective):
    """``.. companion-api:: companion.activations``, options ``:as:``, ``:members:``,
    ``:submodules:``."""

    required_arguments = 1
    option_spec: ClassVar[dict] = {"as": directives.unchanged,
                                   "members": directives.unchanged,
                                   "submodules": directives.flag}

    def run(self):
        if "submodules" in self.options:
            return self.submodule_sections(self.arguments[0])
        return self.document_module(self.arguments[0], self.options.get("as"),
                                    self.options.get("members"))

    def submodule_sections(self, package_name):
        from companion.exercises import CHAPTERS  # the book's order of chapter modules

        package = importlib.import_module(package_name)
        names = [info.name for info in pkgutil.iter_modules(package.__path__)
                 if not info.name.startswith("_")]
        names.sort(key=lambda n: (CHAPTERS.index(n) if n in CHAPTERS else -1, n))
        sections = []
        for short in names:
            module = importlib.import_module(f"{package_name}.{short}")
            if not getattr(module, "__all__", None):
                continue  # a chapter without figures (yet)
            section = nodes.section(ids=[nodes.make_id(f"{package_name}-{short}")])
            section += nodes.title("", "", nodes.literal(short, short))
            section.extend(self.document_module(module.__name__, package_name, None))
            sections.append(section)
        return sections

    def document_module(self, name, public, members):
        public = public or name
        module = importlib.import_module(name)
        package = importlib.import_module(public)
        self.env.note_dependency(inspect.getsourcefile(module))
        if members:
            members = [m.strip() for m in members.split(",") if m.strip()]
        else:
            members = sorted(getattr(module, "__all__", []), key=lambda m: _line(module, m))
        lines = [f".. automodule:: {name}", "", f".. currentmodule:: {public}", ""]
        for member in members:
            obj = getattr(module, member)
            if getattr(package, member, None) is not obj:
                raise self.error(f"{name}.{member} is not {public}.{member}: "
                                 "document it without :as:")
            if inspect.isclass(obj):
                lines.append(f".. autoclass:: {member}")
            elif callable(obj):
                lines.append(f".. autofunction:: {member}")
            else:
                # Sphinx would show a dict with its keys sorted; show it as
                # defined (the order of companion.data.ATTRIBUTES is its columns').
                value = repr(obj)
                lines.append(f".. autodata:: {member}")
                lines.append(f"   :annotation: = {value}"
                             if "\n" not in value and len(value) < 300 else "   :no-value:")
            lines.append("")
        container = nodes.container()
        nested_parse_with_titles(self.state, StringList(lines, source=f"<companion-api {name}>"),
                                 container)
        return container.children


def _line(module, member):
    """Where ``member`` is defined in ``module``'s source (for data: first assigned)."""
    obj = getattr(module, member)
    try:
        return inspect.getsourcelines(obj)[1]
    except TypeError:  # data: a constant or a dict
        source = inspect.getsource(module)
        match = re.search(rf"^{re.escape(member)}\s*[:=]", source, re.M)
        return source[:match.start()].count("\n") + 1 if match else 1 << 30


_BIBLIOENTRY = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


def citation_items(app, pagename, templatename, context, doctree):
    """Give every citation of a bibliography the role of a list item."""
    if "body" in context:
        context["body"] = _BIBLIOENTRY.sub(r'\1 role="listitem"', context["body"])


def setup(app):
    app.add_directive("companion-api", CompanionAPI)
    app.connect("html-page-context", citation_items)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
