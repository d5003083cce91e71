"""Chart geometry: bars scale to the maximum, the target sits on the scale, gaps stay gaps."""

from __future__ import annotations

from pages.charts import LABEL_WIDTH, PLOT_WIDTH, bar_chart, line_chart


def test_bars_scale_to_the_maximum_and_the_target_line_sits_on_the_same_scale() -> None:
    chart = bar_chart(
        [
            ("A", 1.0, "100 %", "/a", False),
            ("B", 0.5, "50 % ▼", "/b", True),
            ("C", None, "-", "", False),
        ],
        1.0,
        0.8,
        "Target 80 %",
    )
    widths = [b.width for b in chart.bars]
    assert widths == [PLOT_WIDTH, PLOT_WIDTH / 2, 0]
    assert chart.target_x == LABEL_WIDTH + 0.8 * PLOT_WIDTH
    assert [b.below for b in chart.bars] == [False, True, False]
    assert chart.bars[1].y > chart.bars[0].y
    assert chart.height > chart.bars[-1].y


def test_counts_without_a_target_and_an_empty_chart_draw_no_line() -> None:
    assert bar_chart([("A", 3.0, "3", "/a", False)], 3.0, widths=(10, 20, 5)).target_x is None
    assert bar_chart([], 0.0).bars == ()


def test_the_trend_skips_years_without_a_rate_and_puts_the_target_between_0_and_100() -> None:
    points = [
        ("2023", None, "-", "/", False),
        ("2024", 0.5, "50 %", "/", True),
        ("2025", 1.0, "100 %", "/", False),
    ]
    chart = line_chart(points, 0.8, "Target", [(0.0, "0"), (1.0, "100")])
    assert chart.points[0].y is None
    assert chart.path.startswith("M")
    assert chart.path.count("L") == 1
    assert chart.top <= chart.target_y <= chart.bottom
    assert chart.points[2].y == chart.top  # 100 % at the top
    assert [y for y, _ in chart.grid] == [chart.bottom, chart.top]
