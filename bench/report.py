"""The benchmark's results: a markdown table and a PNG plot of every ratio against its target."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Figure

PERCENT = 100


def _value(f: Figure) -> str:
    return f"{f.value:,.1f} {f.unit}" if f.value < 100 else f"{f.value:,.0f} {f.unit}"  # noqa: PLR2004


def _ceiling(f: Figure) -> str:
    if f.ceiling is None:
        return "—"
    return f"{f.ceiling:,.2f} {f.unit}" if f.ceiling < 100 else f"{f.ceiling:,.0f} {f.unit}"  # noqa: PLR2004


def _ratio(f: Figure) -> str:
    ratio = f.ratio
    if ratio is None:
        return "—"
    return f"{ratio:.2f}x" if f.unit == "ms" else f"{PERCENT * ratio:.0f} %"


def _met(f: Figure) -> str:
    return "—" if f.met is None else ("yes" if f.met else "**no**")


def table(figures: list[Figure], command: str) -> str:
    """The markdown report: one row per figure, the run's command and machine above it."""
    lines = [
        f"# Benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        (
            f"`{command}` on {platform.node()} ({platform.machine()}, Python "
            f"{platform.python_version()}); each figure is the median of its runs, the"
            " ceiling was measured in the same run, and `load` is the 1-minute load average."
        ),
        "",
        "| store | figure | measured | ceiling | ratio | target | met? | load | runs | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        runs = ", ".join(f"{r:,.1f}" for r in f.runs)
        lines.append(
            f"| {f.store} | {f.name} | {_value(f)} | {_ceiling(f)} | {_ratio(f)} | "
            f"{f.target or '—'} | {_met(f)} | {f.load:.1f} | {runs} | {f.note} |"
        )
    return "\n".join(lines) + "\n"


def plot(figures: list[Figure], path: Path) -> None:
    """A horizontal bar per figure with a ceiling: its ratio, green when its target is met."""
    import matplotlib as mpl  # noqa: PLC0415  # only `make bench` installs it

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    rated = [f for f in figures if f.ratio is not None]
    if not rated:
        return
    height = max(3.0, 0.35 * len(rated) + 1)
    fig, ax = plt.subplots(figsize=(11, height))
    labels = [f"{f.store}: {f.name}"[:90] for f in rated]
    ratios = [(f.ratio or 0.0) for f in rated]
    colours = ["tab:green" if f.met else "tab:red" for f in rated]
    ax.barh(range(len(rated)), ratios, color=colours)
    ax.set_yticks(range(len(rated)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.axvline(1.0, color="grey", linewidth=0.8)
    ax.set_xlabel("measured / ceiling (case loads: x a 4-event case; green: target met)")
    ax.set_title("Figures against their ceilings, measured in the same run")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
