"""Long read-only blocks (the panels' lists, the people list) sent as one HTML component.

The Dash renderer pays for every component it mounts: each wraps a React component,
subscribes to the store and is visited on every store change while callbacks run. A
panel of 25 leaders with their routes, 25 antibodies and 80 names of the hesitant middle
is about 650 components, and drawing it took the browser about 3 s on two cores
(measured in headless Chromium on a 5,000-person map), longer than analysing the map.
:func:`static_block` turns such a tree of ``dash.html`` elements into one
``dcc.Markdown`` holding the same HTML, which the browser draws in a few milliseconds.

Names stay buttons: a person link (:func:`influence.dashboard.views.person_link`)
becomes ``<button data-person="id" class="btn btn-link person-link">``, focusable and
pressed with Enter like any button; one listener in ``assets/influence.js`` sends the
click to the ``person-open`` store, which opens the same card as a tap on the map.
Every text and attribute value is escaped, so a name like ``<b>Ann</b>`` shows as typed.
"""

from __future__ import annotations

import html as _html
import re

from dash import dcc

from . import ids

__all__ = ["static_block", "to_html", "BLOCK_CLASS"]

BLOCK_CLASS = "static-block"
"""The class of every static block (the click listener looks for person buttons inside)."""

# Element attributes carried over, by their Dash property name.
_ATTRIBUTES = {"className": "class", "id": "id", "title": "title", "role": "role", "scope": "scope",
               "colSpan": "colspan", "rowSpan": "rowspan", "lang": "lang"}
_PASSED = re.compile(r"^(aria|data)-[a-z0-9-]+$")
_VOID = {"br", "hr", "img", "wbr"}


def static_block(component, *, className: str = "", id: str | None = None) -> dcc.Markdown:
    """One ``dcc.Markdown`` showing *component* (``dash.html`` elements and person links).

    Raises
    ------
    TypeError
        If the tree holds anything else (a dropdown, a callback's target): those need to
        stay Dash components, and silently dropping them would lose a control.
    """
    options = {"id": id} if id else {}
    # One line: a blank line would end CommonMark's HTML block and start Markdown again.
    return dcc.Markdown(to_html(component), dangerously_allow_html=True,
                        className=f"{BLOCK_CLASS} {className}".strip(), **options)


def to_html(component) -> str:
    """The HTML of *component*: text escaped, person links as ``data-person`` buttons."""
    if component is None or component is False:
        return ""
    if isinstance(component, (list, tuple)):
        return "".join(to_html(c) for c in component)
    if isinstance(component, (str, int, float)):
        return _html.escape(str(component)).replace("\n", " ")
    person = _person_of(component)
    if person is not None:
        label = to_html(getattr(component, "children", None))
        return (f'<button type="button" class="btn btn-link person-link" data-person="{_attr(person)}">'
                f"{label}</button>")
    if getattr(component, "_namespace", None) != "dash_html_components":
        raise TypeError(f"a static block holds HTML elements and person links only, not {type(component).__name__}")
    tag = type(component).__name__.lower()
    props = component.to_plotly_json()["props"]
    attributes = []
    for name, value in props.items():
        if name == "children" or value is None:
            continue
        if name == "style":
            css = ";".join(f"{_css_name(k)}:{v}" for k, v in value.items())
            attributes.append(f'style="{_attr(css)}"')
        elif name in _ATTRIBUTES and isinstance(value, (str, int, float)):
            attributes.append(f'{_ATTRIBUTES[name]}="{_attr(value)}"')
        elif _PASSED.match(name):
            attributes.append(f'{name}="{_attr(value)}"')
    opening = f"<{tag}{''.join(' ' + a for a in attributes)}>"
    if tag in _VOID:
        return opening
    return f"{opening}{to_html(props.get('children'))}</{tag}>"


def _person_of(component) -> str | None:
    cid = getattr(component, "id", None)
    if isinstance(cid, dict) and cid.get("type") == ids.PANEL_PERSON:
        return str(cid.get("id"))
    return None


def _attr(value) -> str:
    return _html.escape(str(value), quote=True).replace("\n", " ")


def _css_name(name: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "-" + m.group(0).lower(), name)

