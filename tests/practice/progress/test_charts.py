"""Chart geometry on its own: numbers in, SVG coordinates and text alternatives out."""

from datetime import date, timedelta

from practice.progress.charts import (
    BarPart,
    confidence_line,
    heat_level,
    heatmap,
    percent,
    stacked_bar,
)

TUESDAY = date(2026, 11, 24)


def part(css_class, count):
    return BarPart(css_class=css_class, digit=css_class[-1], count=count, title=f"{count} x")


# Stacked bars


def test_a_bar_splits_100_percent_in_proportion_and_skips_empty_categories():
    segments = stacked_bar([part("c1", 1), part("c2", 0), part("c3", 3)])

    assert [(s.css_class, s.x, s.width, s.label_x) for s in segments] == [
        ("c1", "0", "25", "12.5"),
        ("c3", "25", "75", "62.5"),
    ]
    assert [s.title for s in segments] == ["1 x", "3 x"]


def test_a_segment_too_thin_for_its_digit_keeps_only_its_title():
    segments = stacked_bar([part("c1", 1), part("c5", 19)])

    assert [(s.width, s.digit, s.title) for s in segments] == [
        ("5", "", "1 x"),
        ("95", "5", "19 x"),
    ]


def test_a_bar_with_nothing_counted_draws_nothing():
    assert stacked_bar([part("c1", 0), part("c2", 0)]) == []


def test_percent_widths_stay_inside_the_bar():
    assert [percent(value) for value in (-0.2, 0.333, 1.7)] == ["0", "33.3", "100"]


# Heatmap


def test_heat_levels_follow_the_bands():
    assert [heat_level(count) for count in (0, 1, 2, 3, 5, 6, 9, 10, 50)] == [
        0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip


def test_the_heatmap_is_a_grid_of_weeks_ending_today_with_a_title_per_day():
    chart = heatmap({TUESDAY: 2, TUESDAY - timedelta(days=1): 1}, end=TUESDAY, weeks=2)

    assert len(chart.cells) == 14
    first, last = chart.cells[0], chart.cells[-1]
    assert (first.day, last.day) == (TUESDAY - timedelta(days=13), TUESDAY)
    assert (first.x, first.y) == ("40", "22")
    assert (last.x, last.y) == ("72", "214")  # second column, seventh row
    assert chart.cells[1].x == first.x
    assert chart.cells[7].y == first.y
    assert (chart.width, chart.height) == ("100", "242")
    assert last.title == "2 ratings on Tue 24 Nov"
    assert chart.cells[-2].title == "1 rating on Mon 23 Nov"
    assert first.title == "No ratings on Wed 11 Nov"


def test_heatmap_rows_are_labelled_by_weekday_and_columns_by_month():
    chart = heatmap({}, end=TUESDAY, weeks=6)  # from Wed 14 Oct

    assert [label.text for label in chart.row_labels] == [
        "Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue",
    ]  # fmt: skip
    assert [(label.text, label.x) for label in chart.column_labels] == [
        ("Oct", "40"),
        ("Nov", "136"),
    ]


def test_a_month_starting_in_the_second_column_replaces_the_first_columns_label():
    # The window starts on 26 Oct; November begins in the second column.
    chart = heatmap({}, end=date(2026, 11, 8), weeks=2)

    assert [(label.text, label.x) for label in chart.column_labels] == [("Nov", "72")]


# Line


def test_the_line_runs_from_confidence_1_at_the_bottom_to_5_at_the_top():
    start = TUESDAY - timedelta(days=10)
    chart = confidence_line(
        {start: 1.0, TUESDAY: 5.0}, {start: 2, TUESDAY: 1}, start=start, end=TUESDAY
    )

    low, high = chart.points
    assert (low.x, low.y) == ("30", "186")
    assert (high.x, high.y) == ("388", "12")
    assert chart.polyline == "30,186 388,12"
    assert [(line.label, line.y) for line in chart.gridlines][::4] == [("1", "186"), ("5", "12")]
    assert low.title == "Sat 14 Nov: mean confidence 1.0 from 2 ratings"
    assert high.title == "Tue 24 Nov: mean confidence 5.0 from 1 rating"


def test_the_line_labels_its_first_middle_and_last_day():
    start = TUESDAY - timedelta(days=10)
    chart = confidence_line({}, {}, start=start, end=TUESDAY)

    assert [(label.text, label.anchor) for label in chart.x_labels] == [
        ("Sat 14 Nov", "start"),
        ("Thu 19 Nov", "middle"),
        ("Tue 24 Nov", "end"),
    ]


def test_one_day_of_ratings_is_a_point_without_a_line():
    chart = confidence_line({TUESDAY: 3.0}, {TUESDAY: 1}, start=TUESDAY, end=TUESDAY)

    assert len(chart.points) == 1
    assert chart.polyline == ""
