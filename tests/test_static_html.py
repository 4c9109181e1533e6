"""Static blocks: long read-only lists sent to the browser as one HTML component."""

from __future__ import annotations

import pytest

pytest.importorskip("dash")

from dash import dcc, html  # noqa: E402

from influence.dashboard import ids  # noqa: E402
from influence.dashboard.callbacks.panels import person_from_event  # noqa: E402
from influence.dashboard.static_html import BLOCK_CLASS, static_block, to_html  # noqa: E402
from influence.dashboard.views import person_link  # noqa: E402
from influence.graph import add_person, new_map  # noqa: E402

from components import component_text, static_html  # noqa: E402


def test_names_are_escaped_and_person_links_become_buttons_the_listener_finds():
    G = new_map()
    add_person(G, 'a"1', "<b>Ann</b> & Co")
    block = static_block(html.Ol([html.Li([person_link(G, 'a"1', "x"), html.Span(" CFO", className="small")],
                                          title="Chief <Financial> Officer")], id="leader-list"))
    assert isinstance(block, dcc.Markdown) and block.dangerously_allow_html
    assert BLOCK_CLASS in block.className.split()
    markup = block.children
    assert "<b>" not in markup and "&lt;b&gt;Ann&lt;/b&gt; &amp; Co" in markup
    assert 'data-person="a&quot;1"' in markup and 'type="button"' in markup
    assert 'id="leader-list"' in markup and 'title="Chief &lt;Financial&gt; Officer"' in markup
    parsed = static_html(block)
    assert parsed.people == ['a"1'] and "<b>Ann</b> & Co" in component_text(block)
    # No blank line: CommonMark would end the HTML block there and read the rest as Markdown.
    assert "\n" not in to_html(html.Div(["two\n\nparagraphs", html.Br()]))


def test_styles_and_aria_attributes_are_kept_and_controls_are_refused():
    markup = to_html(html.Span("++ champion", style={"backgroundColor": "#123456"}, **{"aria-label": "champion"}))
    assert 'style="background-color:#123456"' in markup and 'aria-label="champion"' in markup
    with pytest.raises(TypeError, match="Dropdown"):
        to_html(html.Div([dcc.Dropdown(options=[])]))


def test_a_name_pressed_in_a_block_opens_that_persons_card():
    assert person_from_event(ids.PERSON_OPEN, pressed={"id": "NW7", "n": 3}) == "NW7"
    assert person_from_event(ids.PERSON_OPEN, pressed=None) is None
