"""Chart geometry for inline SVG drawn on the server: bars against a target, a trend line.

The templates draw what these compute (`_charts.html`); no script runs in the
browser and nothing is fetched, so the charts print and work offline. Every mark
carries its text (value, and a mark for "below the target"), so nothing is told by
colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
PLOT_WIDTH = 420
VALUE_WIDTH = 150
TOP = 24


@dataclass(frozen=True)
class Bar:
    """One bar: its row, its length in pixels, its text, where it links, whether it is below."""

    label: str
    value_text: str
    href: str
    y: int
    width: float
    below: bool = False


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars on a 0..`maximum` scale, with an optional target line."""

    bars: tuple[Bar, ...]
    width: int
    height: int
    plot_x: int
    plot_width: int
    target_x: float | None
    target_text: str


def bar_chart(
    rows: list[tuple[str, float | None, str, str, bool]],
    maximum: float,
    target: float | None = None,
    target_text: str = "",
    widths: tuple[int, int, int] = (LABEL_WIDTH, PLOT_WIDTH, VALUE_WIDTH),
) -> BarChart:
    """Bars for `rows` of (label, value, value text, link, below target) on 0..`maximum`.

    `widths` are those of the labels, the bars and the values, in pixels.
    """
    label_width, plot_width, value_width = widths
    scale = plot_width / maximum if maximum > 0 else 0.0
    bars = tuple(
        Bar(label, text, href, TOP + i * (BAR_HEIGHT + BAR_GAP), (value or 0) * scale, below)
        for i, (label, value, text, href, below) in enumerate(rows)
    )
    height = TOP + len(rows) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    return BarChart(
        bars,
        label_width + plot_width + value_width,
        height,
        label_width,
        plot_width,
        None if target is None else label_width + target * scale,
        target_text,
    )


@dataclass(frozen=True)
class Point:
    """One year of the trend: where it sits, its text, where it links."""

    x: float
    y: float | None
    label: str
    value_text: str
    href: str
    below: bool


@dataclass(frozen=True)
class LineChart:
    """A rate per year on 0..100 %, with the target as a dashed line."""

    points: tuple[Point, ...]
    width: int
    height: int
    left: int
    bottom: int
    top: int
    target_y: float
    target_text: str
    path: str
    grid: tuple[tuple[float, str], ...]


def line_chart(
    points: list[tuple[str, float | None, str, str, bool]],
    target: float,
    target_text: str,
    percent: list[tuple[float, str]],
) -> LineChart:
    """A line through `points` of (label, rate 0..1 or None, text, link, below target).

    `percent` gives the grid lines as (fraction, text), e.g. (0.5, "50 %").
    """
    width, height, left, right, top, bottom = 620, 260, 56, 64, 24, 220
    step = (width - left - right) / max(1, len(points) - 1)

    def y_of(rate: float) -> float:
        return bottom - rate * (bottom - top)

    placed = tuple(
        Point(left + i * step, None if rate is None else y_of(rate), label, text, href, below)
        for i, (label, rate, text, href, below) in enumerate(points)
    )
    drawn = [p for p in placed if p.y is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(drawn))
    grid = tuple((y_of(fraction), text) for fraction, text in percent)
    return LineChart(
        placed, width, height, left, bottom, top, y_of(target), target_text, path, grid
    )
