"""Provides ThemeChart: score per theme over time as coloured block bars."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from sparring.core.history.trends import BLOCKS, TrendPoint, sparkline


def band_style(value: float) -> str:
    """The colour of a score: the same thresholds as the score bands."""
    if value >= 75:
        return "green"
    if value >= 50:
        return "yellow"
    return "red"


def chart_text(
    trends: dict[str, list[TrendPoint]], titles: dict[str, str] | None = None, unit: str = "session"
) -> Text:
    """One line per theme: its name, a bar per point (0-100 scale), the latest and change.

    Built from Text pieces, so theme names and titles are never parsed as markup.
    """
    titles = titles or {}
    if not trends:
        return Text("No scored replies yet.", style="dim")
    names = {theme: titles.get(theme, theme) for theme in trends}
    width = min(max(len(name) for name in names.values()), 24)
    out = Text()
    out.append(f"one bar per {unit}, 0-100  ", style="dim")
    out.append(f"{BLOCKS[0]} 0  {BLOCKS[3]} 50  {BLOCKS[-1]} 100\n", style="dim")
    for theme, points in trends.items():
        values = [p.average for p in points]
        out.append(names[theme][:width].ljust(width) + "  ")
        for value, block in zip(values, sparkline(values), strict=True):
            out.append(block, style=band_style(value))
        out.append(" " * max(0, 30 - len(values)))
        out.append(f"  {values[-1]:>3.0f}", style=f"bold {band_style(values[-1])}")
        if len(values) > 1:
            change = round(values[-1] - values[0])
            out.append(f" {change:+d}", style="dim")
        out.append("\n")
    out.rstrip()
    return out


class ThemeChart(Static):
    """Score per theme over time; update it with `show(trends, titles, unit)`."""

    DEFAULT_CSS = """
    ThemeChart { height: auto; }
    """

    def show(
        self,
        trends: dict[str, list[TrendPoint]],
        titles: dict[str, str] | None = None,
        unit: str = "session",
    ) -> None:
        """Redraw the chart."""
        self.update(chart_text(trends, titles, unit))
