"""The dashboards' charts: SVG drawn on the server, with no script and no inline style.

Every text a chart shows (a day, a guide's name, a visitor's search query) is escaped as it
is written, through `Markup.format`, so the same markup is safe inside an HTML page and
well-formed as XML; colours come from classes in `static/reports.css`. A chart is an image
(`role="img"`) named by its `<title>` and described by its `<desc>`; the page shows the
same numbers in a table next to it, for screen readers and for copying.
"""

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

WIDTH = 720
LINE_HEIGHT = 240
MARGIN_LEFT = 48
MARGIN_RIGHT = 32
MARGIN_TOP = 16
MARGIN_BOTTOM = 36
MAX_AXIS_LABELS = 8
MAX_POINTS_MARKED = 62
"""Up to two months a day gets a dot (with its numbers as a tooltip); beyond, only the line."""
MAX_COLUMN_WIDTH = 40
BAR_ROW = 34
CHARACTER_WIDTH = 8.2
"""About the width of one character of 13px text (bold, the widest) in the view box."""
LABEL_CHARACTERS = 32


@dataclass(frozen=True)
class Series:
    """One line of a line chart; `tone` picks its colour (`chart-line-<tone>`)."""

    label: str
    values: Sequence[int]
    tone: str = "primary"


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: `text` is shown after the bar (e.g. "3 · 1 dropped")."""

    label: str
    value: int
    text: str
    highlight: bool = False
    """Drawn in the alert colour: the step where most people drop out."""


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    number: Callable[[int], str] = str,
) -> Markup:
    """Values over time: one line per series, the x axis labelled with `labels` (days)."""
    count = len(labels)
    top = nice_ceiling(max((max(s.values, default=0) for s in series), default=0))
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = LINE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(index: int) -> float:
        return MARGIN_LEFT + (plot_width / 2 if count == 1 else plot_width * index / (count - 1))

    def y(value: float) -> float:
        return MARGIN_TOP + plot_height * (1 - value / top)

    parts = [*_value_axis(top, y, number, left=MARGIN_LEFT, right=WIDTH - MARGIN_RIGHT)]
    step = max(1, math.ceil(count / MAX_AXIS_LABELS))
    for index in range(0, count, step):
        parts.append(
            Markup('<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>').format(
                _n(x(index)), LINE_HEIGHT - 12, clean(labels[index])
            )
        )
    for each in series:
        points = " ".join(f"{_n(x(i))},{_n(y(v))}" for i, v in enumerate(each.values))
        parts.append(
            Markup('<polyline class="chart-line chart-line-{}" points="{}"/>').format(
                each.tone, points
            )
        )
        if count <= MAX_POINTS_MARKED:
            for index, value in enumerate(each.values):
                tip = f"{labels[index]} · {each.label}: {number(value)}"
                parts.append(
                    Markup(
                        '<circle class="chart-dot chart-line-{}" cx="{}" cy="{}" r="3">'
                        "<title>{}</title></circle>"
                    ).format(each.tone, _n(x(index)), _n(y(value)), clean(tip))
                )
    return _svg(chart_id, title, description, LINE_HEIGHT, parts)


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[int],
    number: Callable[[int], str] = str,
) -> Markup:
    """One column per label (a day), e.g. how often elements went missing."""
    count = len(labels)
    top = nice_ceiling(max(values, default=0))
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = LINE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_width / max(count, 1)
    width = min(max(slot * 0.7, 1), MAX_COLUMN_WIDTH)

    def y(value: float) -> float:
        return MARGIN_TOP + plot_height * (1 - value / top)

    parts = [*_value_axis(top, y, number, left=MARGIN_LEFT, right=WIDTH - MARGIN_RIGHT)]
    step = max(1, math.ceil(count / MAX_AXIS_LABELS))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        left = MARGIN_LEFT + slot * index + (slot - width) / 2
        if index % step == 0:
            parts.append(
                Markup(
                    '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>'
                ).format(_n(left + width / 2), LINE_HEIGHT - 12, clean(label))
            )
        if value > 0:
            parts.append(
                Markup(
                    '<rect class="chart-column" x="{}" y="{}" width="{}" height="{}">'
                    "<title>{}</title></rect>"
                ).format(
                    _n(left),
                    _n(y(value)),
                    _n(width),
                    _n(y(0) - y(value)),
                    clean(f"{label}: {number(value)}"),
                )
            )
    return _svg(chart_id, title, description, LINE_HEIGHT, parts)


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> Markup:
    """Horizontal bars, one per row, longest for the largest value: a funnel's steps or the
    most frequent queries. Long labels are shortened; the full text is the bar's tooltip."""
    top = max((bar.value for bar in bars), default=0) or 1
    height = BAR_ROW * len(bars) + 8
    # Room for the longest label on the left and the longest value text on the right.
    label_width = _text_width(max((len(shorten(bar.label)) for bar in bars), default=0), 60)
    value_width = _text_width(max((len(bar.text) for bar in bars), default=0), 40)
    room = WIDTH - label_width - value_width
    parts = []
    for index, bar in enumerate(bars):
        middle = 4 + BAR_ROW * index + BAR_ROW / 2
        length = room * bar.value / top
        tone = "chart-bar chart-bar-alert" if bar.highlight else "chart-bar"
        parts.append(
            Markup(
                '<g class="{}"><title>{}</title>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3"/>'
                '<text class="chart-value" x="{}" y="{}">{}</text></g>'
            ).format(
                tone,
                clean(f"{bar.label}: {bar.text}"),
                _n(label_width - 10),
                _n(middle + 4),
                clean(shorten(bar.label)),
                _n(label_width),
                _n(middle - 11),
                _n(max(length, 2 if bar.value else 0)),
                22,
                _n(label_width + length + 8),
                _n(middle + 4),
                clean(bar.text),
            )
        )
    return _svg(chart_id, title, description, height, parts)


# -- pieces -----------------------------------------------------------------------------------


def _svg(chart_id: str, title: str, description: str, height: int, parts: list[Markup]) -> Markup:
    return Markup(
        '<svg class="chart" id="{id}" viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>'
        "{body}</svg>"
    ).format(
        id=chart_id,
        width=WIDTH,
        height=height,
        title=clean(title),
        description=clean(description),
        body=Markup("").join(parts),
    )


def _value_axis(
    top: int, y: Callable[[float], float], number: Callable[[int], str], *, left: int, right: int
) -> list[Markup]:
    """Four grid lines with their values, from 0 to `top`."""
    lines = []
    for tick in range(5):
        value = top * tick // 4
        lines.append(
            Markup(
                '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>'
            ).format(
                left, right, _n(y(value)), _n(y(value)), left - 6, _n(y(value) + 4), number(value)
            )
        )
    return lines


def _text_width(characters: int, least: float) -> float:
    return min(max(characters * CHARACTER_WIDTH + 20, least), WIDTH / 3)


def nice_ceiling(value: int) -> int:
    """The axis' top: four equal grid steps of a round whole size (1, 1.5, 2, 2.5, 3, 4, 5,
    6 or 8 times a power of ten), the smallest that reaches `value`."""
    need = max(value, 4) / 4
    power = 1
    while True:
        for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            step = factor * power
            if step >= need and step == int(step):
                return 4 * int(step)
        power *= 10


def shorten(text: str, limit: int = LABEL_CHARACTERS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clean(text: str) -> str:
    """Control characters are not allowed in XML (and a visitor may have typed them)."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def _n(value: float) -> str:
    """Coordinates with at most one decimal: small markup, no float noise."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
