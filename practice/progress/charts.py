"""Geometry for the server-drawn SVG charts on the progress page: numbers in, coordinates out.

Coordinates are returned as strings ready for SVG attributes, so templates print them
without filters or arithmetic and the output never depends on number localisation.
Colours are never set here: every shape carries a CSS class (`c1`…`c5`, `unrated`,
`heat-0`…`heat-4`) and static/css/app.css maps the classes to the app's colour variables.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Segments narrower than this (percent of the bar) are too thin for their digit at 360px.
MIN_LABELLED_SEGMENT = 7.0

# Heatmap: square cells on a 7 × weeks grid, weekday labels on the left, months on top.
CELL = 28
CELL_GAP = 4
HEATMAP_LEFT = 40
HEATMAP_TOP = 22
# Ratings per day → intensity class heat-0 … heat-4 (lower bounds of each band).
HEAT_BANDS = (1, 3, 6, 10)

# Line chart: viewBox size and the plot area inside it.
LINE_WIDTH = 400
LINE_HEIGHT = 220
LINE_LEFT = 30
LINE_RIGHT = 12
LINE_TOP = 12
LINE_BOTTOM = 34


def _num(value: float) -> str:
    """A compact number for an SVG attribute: '12.5', '40', never '1e-05' or '12,5'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# English names, as strftime's %a and %b give them in the C locale, without its cost (a page
# labels every day of 12 weeks).
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """'Tue 24 Nov': short, unambiguous within a 12-week window, locale-independent."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


@dataclass(frozen=True)
class BarPart:
    """One category of a stacked bar, in the order it is drawn."""

    css_class: str
    digit: str
    count: int
    title: str


@dataclass(frozen=True)
class BarSegment:
    css_class: str
    x: str  # percent of the bar's width
    width: str  # percent
    label_x: str  # percent; centre of the segment
    digit: str  # shown inside the segment, or "" when the segment is too thin
    title: str


def stacked_bar(parts: Sequence[BarPart]) -> list[BarSegment]:
    """Segments of a horizontal 100%-wide bar; empty categories draw nothing."""
    total = sum(part.count for part in parts)
    if total == 0:
        return []
    segments = []
    start = 0.0
    for part in parts:
        if part.count == 0:
            continue
        width = 100 * part.count / total
        segments.append(
            BarSegment(
                css_class=part.css_class,
                x=_num(start),
                width=_num(width),
                label_x=_num(start + width / 2),
                digit=part.digit if width >= MIN_LABELLED_SEGMENT else "",
                title=part.title,
            )
        )
        start += width
    return segments


def stacked_bar_svg(segments: Sequence[BarSegment]) -> SafeString:
    """The segments' shapes for practice/_progress_bar.html, built here rather than in a
    template loop: the page draws a bar per section."""
    return mark_safe(  # noqa: S308 - numbers, our own classes and escaped titles
        "".join(
            f'\n  <g class="{segment.css_class}">\n    <rect class="segment" x="{segment.x}%" '
            f'y="0" width="{segment.width}%" height="32"><title>{escape(segment.title)}</title>'
            "</rect>\n    "
            + (
                f'<text class="segment-digit" x="{segment.label_x}%" y="21" '
                f'text-anchor="middle">{segment.digit}</text>'
                if segment.digit
                else ""
            )
            + "\n  </g>\n  "
            for segment in segments
        )
    )


def percent(value: float) -> str:
    """A 0–1 fraction as a percent for a bar's width attribute, clamped to the bar."""
    return _num(min(max(value, 0.0), 1.0) * 100)


def heat_level(count: int) -> int:
    """0 for no ratings, then 1–4 for the bands 1–2, 3–5, 6–9 and 10 or more."""
    return sum(1 for lower in HEAT_BANDS if count >= lower)


@dataclass(frozen=True)
class HeatmapCell:
    day: date
    count: int
    x: str
    y: str
    level: int
    title: str


@dataclass(frozen=True)
class AxisLabel:
    x: str
    y: str
    text: str
    anchor: str  # SVG text-anchor: start, middle or end


def axis_labels_svg(labels: Sequence[AxisLabel], *, attributes: str = "") -> SafeString:
    """The <text> of each axis label, with any further `attributes` (our own constants)."""
    return mark_safe(  # noqa: S308 - numbers, constants and escaped text
        "".join(
            f'<text class="axis-label" x="{label.x}" y="{label.y}" '
            f'text-anchor="{label.anchor}"{attributes}>{escape(label.text)}</text>'
            for label in labels
        )
    )


@dataclass(frozen=True)
class Heatmap:
    cells: list[HeatmapCell]
    row_labels: list[AxisLabel]
    column_labels: list[AxisLabel]
    width: str
    height: str
    cell_size: str

    @property
    def row_labels_svg(self) -> SafeString:
        return axis_labels_svg(self.row_labels, attributes=' dominant-baseline="central"')

    @property
    def column_labels_svg(self) -> SafeString:
        return axis_labels_svg(self.column_labels)

    @property
    def cells_svg(self) -> SafeString:
        """Every cell's <rect> with its title: one string built here, as a template loop over
        84 cells cost more than the rest of the page."""
        size = self.cell_size
        return mark_safe(  # noqa: S308 - numbers and our own escaped titles
            "".join(
                f'<rect class="heat-{cell.level}" x="{cell.x}" y="{cell.y}" width="{size}" '
                f'height="{size}" rx="4"><title>{escape(cell.title)}</title></rect>'
                for cell in self.cells
            )
        )


def _ratings_phrase(count: int) -> str:
    if count == 0:
        return "No ratings"
    return f"{count} rating{'' if count == 1 else 's'}"


@lru_cache(maxsize=4)
def _cell_positions(weeks: int) -> tuple[tuple[str, str], ...]:
    """(x, y) of each cell of a weeks × 7 grid, day by day: the same for every heatmap."""
    step = CELL + CELL_GAP
    return tuple(
        (_num(HEATMAP_LEFT + column * step), _num(HEATMAP_TOP + row * step))
        for column, row in (divmod(index, 7) for index in range(7 * weeks))
    )


def heatmap(counts: dict[date, int], *, end: date, weeks: int) -> Heatmap:
    """A weeks × 7 grid ending with `end` in the bottom-right cell.

    Rows are weekdays (the first row is the weekday of the first day shown), columns are
    consecutive weeks, oldest on the left. Every day of the window has a cell."""
    step = CELL + CELL_GAP
    start = end - timedelta(days=7 * weeks - 1)
    cells = []
    for index, (x, y) in enumerate(_cell_positions(weeks)):
        day = start + timedelta(days=index)
        count = counts.get(day, 0)
        cells.append(
            HeatmapCell(
                day=day,
                count=count,
                x=x,
                y=y,
                level=heat_level(count),
                title=f"{_ratings_phrase(count)} on {day_label(day)}",
            )
        )
    row_labels = [
        AxisLabel(
            x=_num(HEATMAP_LEFT - 6),
            y=_num(HEATMAP_TOP + row * step + CELL / 2),
            text=WEEKDAYS[(start + timedelta(days=row)).weekday()],
            anchor="end",
        )
        for row in range(7)
    ]
    column_labels = []
    previous_month = None
    for column in range(weeks):
        first_day = start + timedelta(days=7 * column)
        if first_day.month != previous_month:
            column_labels.append(
                AxisLabel(
                    x=_num(HEATMAP_LEFT + column * step),
                    y=_num(HEATMAP_TOP - 8),
                    text=MONTHS[first_day.month - 1],
                    anchor="start",
                )
            )
        previous_month = first_day.month
    # A month that starts in the second column would print over the first column's label.
    if len(column_labels) > 1 and column_labels[1].x == _num(HEATMAP_LEFT + step):
        del column_labels[0]
    return Heatmap(
        cells=cells,
        row_labels=row_labels,
        column_labels=column_labels,
        width=_num(HEATMAP_LEFT + weeks * step - CELL_GAP),
        height=_num(HEATMAP_TOP + 7 * step - CELL_GAP),
        cell_size=_num(CELL),
    )


@dataclass(frozen=True)
class LinePoint:
    day: date
    value: float
    x: str
    y: str
    title: str


@dataclass(frozen=True)
class Gridline:
    y: str
    label: str
    css_class: str


@dataclass(frozen=True)
class LineChart:
    points: list[LinePoint]
    polyline: str  # the `points` attribute of the <polyline>; "" when under two points
    gridlines: list[Gridline]
    x_labels: list[AxisLabel]
    width: str
    height: str
    plot_left: str
    plot_right: str
    label_x: str  # where the y-axis digits end

    @property
    def gridlines_svg(self) -> SafeString:
        """A line and its digit for each confidence level, 1 to 5."""
        return mark_safe(  # noqa: S308 - numbers and digits
            "".join(
                f'\n  <line class="gridline" x1="{self.plot_left}" x2="{self.plot_right}" '
                f'y1="{line.y}" y2="{line.y}"/>\n  <text class="axis-label axis-digit" '
                f'x="{self.label_x}" y="{line.y}" text-anchor="end" dominant-baseline="central">'
                f"{escape(line.label)}</text>\n  "
                for line in self.gridlines
            )
        )

    @property
    def x_labels_svg(self) -> SafeString:
        return axis_labels_svg(self.x_labels)

    @property
    def points_svg(self) -> SafeString:
        """Each day's point with its title, built here: up to 84 of them."""
        return mark_safe(  # noqa: S308 - numbers and escaped titles
            "".join(
                f'<circle class="trend-point" cx="{point.x}" cy="{point.y}" r="4">'
                f"<title>{escape(point.title)}</title></circle>"
                for point in self.points
            )
        )


def confidence_line(
    means: dict[date, float], counts: dict[date, int], *, start: date, end: date
) -> LineChart:
    """Mean confidence per day as a line over the window start…end, y from 1 (bottom) to 5.

    Days without ratings have no point; the line joins the days that have one."""
    left, right = LINE_LEFT, LINE_WIDTH - LINE_RIGHT
    top, bottom = LINE_TOP, LINE_HEIGHT - LINE_BOTTOM
    span_days = max((end - start).days, 1)

    def x_of(day: date) -> float:
        return left + (right - left) * (day - start).days / span_days

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - 1) / 4

    points = [
        LinePoint(
            day=day,
            value=value,
            x=_num(x_of(day)),
            y=_num(y_of(value)),
            title=(
                f"{day_label(day)}: mean confidence {value:.1f} "
                f"from {_ratings_phrase(counts.get(day, 0)).lower()}"
            ),
        )
        for day, value in sorted(means.items())
    ]
    gridlines = [
        Gridline(y=_num(y_of(level)), label=str(level), css_class=f"c{level}")
        for level in range(1, 6)
    ]
    middle = start + timedelta(days=span_days // 2)
    x_labels = [
        AxisLabel(x=_num(x_of(day)), y=_num(LINE_HEIGHT - 10), text=day_label(day), anchor=anchor)
        for day, anchor in ((start, "start"), (middle, "middle"), (end, "end"))
    ]
    return LineChart(
        points=points,
        polyline=(" ".join(f"{point.x},{point.y}" for point in points) if len(points) > 1 else ""),
        gridlines=gridlines,
        x_labels=x_labels,
        width=_num(LINE_WIDTH),
        height=_num(LINE_HEIGHT),
        plot_left=_num(left),
        plot_right=_num(right),
        label_x=_num(left - 10),
    )


# Day-by-day load: stacked columns (reviews below, new above) in a viewBox of this size.
LOAD_WIDTH = 400
LOAD_HEIGHT = 200
LOAD_LEFT = 30
LOAD_RIGHT = 8
LOAD_TOP = 12
LOAD_BOTTOM = 34


@dataclass(frozen=True)
class LoadColumn:
    day: date
    x: str
    width: str
    review_y: str
    review_height: str
    new_y: str
    new_height: str
    title: str


@dataclass(frozen=True)
class LoadChart:
    columns: list[LoadColumn]
    gridlines: list[Gridline]
    x_labels: list[AxisLabel]
    width: str
    height: str
    plot_left: str
    plot_right: str
    label_x: str


def _questions_phrase(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _ticks(peak: int) -> list[int]:
    """Gridline values from 0 to at least `peak`: 0, a middle one and the top, whole numbers."""
    top = max(peak, 1)
    if top <= 2:
        return list(range(top + 1))
    step = math.ceil(top / 2)
    return [0, step, 2 * step]


def load_columns(days: Sequence[tuple[date, int, int]]) -> LoadChart:
    """Stacked columns of (day, reviews, new), one per day from the first to the last."""
    left, right = LOAD_LEFT, LOAD_WIDTH - LOAD_RIGHT
    top, bottom = LOAD_TOP, LOAD_HEIGHT - LOAD_BOTTOM
    ticks = _ticks(max((reviews + new for _day, reviews, new in days), default=0))
    scale = (bottom - top) / ticks[-1]
    slot = (right - left) / max(len(days), 1)
    width = max(slot * 0.7, 0.5)
    columns = []
    for index, (day, reviews, new) in enumerate(days):
        review_height = reviews * scale
        new_height = new * scale
        columns.append(
            LoadColumn(
                day=day,
                x=_num(left + index * slot + (slot - width) / 2),
                width=_num(width),
                review_y=_num(bottom - review_height),
                review_height=_num(review_height),
                new_y=_num(bottom - review_height - new_height),
                new_height=_num(new_height),
                title=(
                    f"{day_label(day)}: {_questions_phrase(reviews, 'review')}, "
                    f"{_questions_phrase(new, 'new question')}"
                ),
            )
        )
    # The first and last day at the plot's edges, and the middle one under its column.
    picks = {len(days) - 1: "end", 0: "start"} if days else {}
    if len(days) > 2:
        picks[len(days) // 2] = "middle"
    edges = {"start": left, "end": right}
    x_labels = [
        AxisLabel(
            x=_num(edges.get(anchor, left + (index + 0.5) * slot)),
            y=_num(LOAD_HEIGHT - 10),
            text=day_label(days[index][0]),
            anchor=anchor,
        )
        for index, anchor in sorted(picks.items())
    ]
    return LoadChart(
        columns=columns,
        gridlines=[
            Gridline(y=_num(bottom - value * scale), label=str(value), css_class="")
            for value in ticks
        ],
        x_labels=x_labels,
        width=_num(LOAD_WIDTH),
        height=_num(LOAD_HEIGHT),
        plot_left=_num(left),
        plot_right=_num(right),
        label_x=_num(left - 6),
    )
