"""The facilitation dashboard's activity chart: the geometry that
templates/communaute/facilitation/dashboard.html draws as SVG, with no script and no external
asset."""

from dataclasses import dataclass

from communaute.selectors.facilitation import Week

CHART_WIDTH, CHART_HEIGHT, CHART_BASE = 600, 180, 150


@dataclass(frozen=True)
class Bar:
    week: Week
    x: int
    y: int
    height: int
    label_x: int


@dataclass(frozen=True)
class ActivityChart:
    bars: list[Bar]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    base: int = CHART_BASE


def activity_chart(weeks: list[Week]) -> ActivityChart:
    """One bar per week, as tall as its number of posts."""
    tallest = max((week.posts for week in weeks), default=0) or 1
    slot = CHART_WIDTH // max(len(weeks), 1)
    bars = []
    for index, week in enumerate(weeks):
        # Room above the tallest bar for its count.
        height = round(week.posts * (CHART_BASE - 24) / tallest)
        x = index * slot + 6
        bars.append(
            Bar(week=week, x=x, y=CHART_BASE - height, height=height, label_x=x + (slot - 12) // 2)
        )
    return ActivityChart(bars=bars)
