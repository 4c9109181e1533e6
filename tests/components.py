"""The text a Dash component tree shows, for tests that call callbacks as plain functions.

A static block (``dashboards.static_html``: one ``dcc.Markdown`` holding HTML) is read as
the browser reads it: its text and titles, and its person buttons' ``data-person`` ids.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _StaticHTML(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.titles, self.people = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("title"):
            self.titles.append(attrs["title"])
        if "data-person" in attrs:
            self.people.append(attrs["data-person"])

    def handle_data(self, data):
        if data.strip():
            self.text.append(data.strip())


def static_html(component) -> _StaticHTML | None:
    """The parsed HTML of a static block, ``None`` for any other component."""
    if type(component).__name__ != "Markdown" or not getattr(component, "dangerously_allow_html", False):
        return None
    parsed = _StaticHTML()
    parsed.feed(component.children or "")
    return parsed


def component_text(component, *, sep: str = " ", titles: bool = False) -> str:
    """All the text under *component*, pieces joined by *sep*; with *titles*, hover titles too."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return sep.join(component_text(c, sep=sep, titles=titles) for c in component)
    parsed = static_html(component)
    if parsed is not None:
        return sep.join(parsed.text + (parsed.titles if titles else []))
    children = component_text(getattr(component, "children", None), sep=sep, titles=titles)
    title = getattr(component, "title", None) if titles else None
    if title is None:
        return children
    return sep.join(t for t in (component_text(title, sep=sep, titles=titles), children) if t)
