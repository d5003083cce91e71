"""`make bench`'s report latency: each report's p50 and p99 through HTTP at a few scales.

At each scale (events; 10 k and 100 k by default, `--report-events 10000,1000000`
for 1 M) a fresh store gets a generated province history and every read model
caught up (`bench.reports.prepare`); then each report, plain and with `as_of` /
`known_at`, is timed `runs` times of `samples` requests as the province's leader
(`bench.reports.time_reports`), and each figure is the median of its runs:

- `report <name> p99, <scale>`: target p99 <= 50 ms;
- `report <name> p50, <scale> vs <smallest>`: the ceiling is the same report's p50
  at the smallest scale, measured in the same run; target <= 1.5x (issue 11:
  constant time at national scale).
"""

from __future__ import annotations

from collections import defaultdict

from bench.common import Figure, fresh_store, load_average, median, say
from bench.reports import prepare, time_reports

P99_MS = 50.0
GROWTH = 1.5  # p50 at a larger scale over p50 at the smallest


def report_figures(
    store: str, scales: list[int], runs: int, samples: int, behind: int = 1000
) -> list[Figure]:
    """The report latency figures of `store` at each scale (see the module docstring)."""
    p50s: dict[int, dict[str, list[float]]] = {}
    p99s: dict[int, dict[str, list[float]]] = {}
    loads: dict[int, float] = {}
    for events in sorted(scales):
        with fresh_store(store) as settings:
            head = prepare(settings, events)
            p50s[events], p99s[events] = defaultdict(list), defaultdict(list)
            for _ in range(runs):
                for name, p50, p99 in time_reports(settings, samples, max(1, head - behind)):
                    p50s[events][name].append(p50)
                    p99s[events][name].append(p99)
            loads[events] = load_average()
            say(f"  reports at {_scale(events)} events: measured")
    return _figures(store, p50s, p99s, loads)


def _figures(
    store: str,
    p50s: dict[int, dict[str, list[float]]],
    p99s: dict[int, dict[str, list[float]]],
    loads: dict[int, float],
) -> list[Figure]:
    smallest = min(p50s)
    figures = []
    for events in sorted(p50s):
        for name, runs in p99s[events].items():
            value = median(runs)
            figures.append(Figure(store, f"report {name} p99, {_scale(events)}", value, "ms",
                                  target=f"p99 <= {P99_MS:.0f} ms", met=value <= P99_MS,
                                  load=loads[events], runs=runs))  # fmt: skip
        if events == smallest:
            continue
        for name, runs in p50s[events].items():
            value, base = median(runs), median(p50s[smallest][name])
            figures.append(Figure(store, f"report {name} p50, {_scale(events)} vs "
                                  f"{_scale(smallest)}", value, "ms", ceiling=base,
                                  target=f"<= {GROWTH}x", met=value <= GROWTH * base,
                                  load=loads[events], runs=runs))  # fmt: skip
    return figures


def _scale(events: int) -> str:
    if events >= 1_000_000:  # noqa: PLR2004
        return f"{events / 1_000_000:g} M"
    return f"{events / 1000:g} k"
