"""The dashboards' SVG charts: well-formed, accessible, and every label only text."""

import xml.etree.ElementTree as ET

import pytest

from tests.security.corpus import payloads
from wegwijs.admin.charts import (
    Bar,
    Series,
    bar_chart,
    clean,
    column_chart,
    line_chart,
    nice_ceiling,
    shorten,
)

SVG = "{http://www.w3.org/2000/svg}"
DRAWN = {"svg", "title", "desc", "g", "text", "rect", "line", "polyline", "circle"}


def parse(markup: str) -> ET.Element:
    """As XML: a chart must be well-formed on its own, not only in an HTML page."""
    tree = ET.fromstring(markup)
    for element in tree.iter():
        assert element.tag.removeprefix(SVG) in DRAWN, element.tag
        assert not any(name.startswith("on") or name == "style" for name in element.attrib)
    return tree


def texts(tree: ET.Element, tag: str) -> list[str]:
    return [element.text or "" for element in tree.iter(SVG + tag)]


def test_a_chart_is_an_image_named_and_described() -> None:
    chart = parse(
        line_chart(
            chart_id="chart-days",
            title="Views per day",
            description="8 views by 6 people.",
            labels=["10 Nov", "11 Nov"],
            series=[Series("Views", [4, 4]), Series("Unique users", [4, 3], "secondary")],
        )
    )
    assert chart.attrib["role"] == "img"
    assert chart.attrib["aria-labelledby"] == "chart-days-title"
    assert chart.attrib["aria-describedby"] == "chart-days-desc"
    assert texts(chart, "title")[0] == "Views per day"
    assert texts(chart, "desc") == ["8 views by 6 people."]
    assert len(list(chart.iter(SVG + "polyline"))) == 2
    # Each day's numbers as a tooltip on its dot.
    assert "11 Nov · Unique users: 3" in texts(chart, "title")


@pytest.mark.parametrize("payload", payloads())
def test_every_label_is_text(payload: str) -> None:
    """A visitor's search query, a step title or a day label, however hostile, is drawn as
    the text it is, in labels, values, tooltips, titles and descriptions."""
    bars = bar_chart(
        chart_id="chart-x",
        title=payload,
        description=payload,
        bars=[Bar(payload, 3, payload, highlight=True), Bar("other", 1, "1")],
    )
    tree = parse(bars)
    assert texts(tree, "title")[:2] == [clean(payload), clean(f"{payload}: {payload}")]
    assert texts(tree, "desc") == [clean(payload)]
    assert texts(tree, "text")[:2] == [clean(shorten(payload)), clean(payload)]
    columns = column_chart(
        chart_id="chart-y", title="t", description="d", labels=[payload, "b"], values=[2, 0]
    )
    assert texts(parse(columns), "text")[-2:] == [clean(payload), "b"]
    assert texts(parse(columns), "title")[-1] == clean(f"{payload}: 2")
    lines = line_chart(
        chart_id="chart-z",
        title="t",
        description="d",
        labels=[payload],
        series=[Series(payload, [1])],
    )
    assert f"{clean(payload)} · {clean(payload)}: 1" in texts(parse(lines), "title")


def test_control_characters_are_dropped_and_long_labels_shortened() -> None:
    tree = parse(
        bar_chart(chart_id="c", title="t", description="d", bars=[Bar("a\x00b\x1bc", 1, "1")])
    )
    assert texts(tree, "text")[0] == "a b c"
    long = "x" * 50
    assert shorten(long) == "x" * 31 + "…"
    tree = parse(bar_chart(chart_id="c", title="t", description="d", bars=[Bar(long, 1, "1")]))
    assert texts(tree, "text")[0] == "x" * 31 + "…"
    assert texts(tree, "title")[1] == long + ": 1"  # the full text as the bar's tooltip


def test_the_biggest_drop_is_drawn_apart() -> None:
    tree = parse(
        bar_chart(
            chart_id="funnel",
            title="t",
            description="d",
            bars=[Bar("1. Amount", 3, "3"), Bar("2. Category", 3, "3 · 1 dropped", True)],
        )
    )
    groups = [g.attrib["class"] for g in tree.iter(SVG + "g")]
    assert groups == ["chart-bar", "chart-bar chart-bar-alert"]
    widths = [float(rect.attrib["width"]) for rect in tree.iter(SVG + "rect")]
    assert widths[0] == widths[1] > 0


def test_axes_end_on_round_numbers() -> None:
    assert [nice_ceiling(n) for n in (0, 3, 5, 9, 13, 21, 99, 101, 1234)] == [
        4,
        4,
        8,
        12,
        16,
        24,
        100,
        120,
        1600,
    ]
    tree = parse(column_chart(chart_id="c", title="t", description="d", labels=["a"], values=[13]))
    assert texts(tree, "text")[:5] == ["0", "4", "8", "12", "16"]
    nothing = parse(
        column_chart(chart_id="c", title="t", description="d", labels=["a", "b"], values=[0, 0])
    )
    assert list(nothing.iter(SVG + "rect")) == []
