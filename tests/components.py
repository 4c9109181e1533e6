"""The text a Dash component tree shows, for tests that call callbacks as plain functions."""

from __future__ import annotations


def component_text(component, *, sep: str = " ", titles: bool = False) -> str:
    """All the text under *component*, pieces joined by *sep*; with *titles*, hover titles too."""
    if component is None:
        return ""
    if isinstance(component, (str, int, float)):
        return str(component)
    if isinstance(component, (list, tuple)):
        return sep.join(component_text(c, sep=sep, titles=titles) for c in component)
    children = component_text(getattr(component, "children", None), sep=sep, titles=titles)
    title = getattr(component, "title", None) if titles else None
    if title is None:
        return children
    return sep.join(t for t in (component_text(title, sep=sep, titles=titles), children) if t)
