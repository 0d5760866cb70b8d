"""Charts: well-formed static SVG that carries the figures, with a data table saying the same."""

import base64
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from hypothesis import given, settings
from hypothesis import strategies as st

from mkip.charts import COUNT, FTE, RAG_COLOURS, Chart, bar_chart, rating_chart

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal


def _parsed(chart: Chart):
    return ElementTree.fromstring(chart.svg)


def _ict_savings() -> Chart:
    return bar_chart(
        caption="Savings planned and delivered by year",
        label_heading="Year",
        labels=["2012/13", "2013/14", "2014/15", "2015/16"],
        series={
            "Planned": [D("69000.00"), D("166000.00"), D("302300.00"), D("453080.00")],
            "Delivered": [D("69000.00"), None, None, None],
        },
    )


def test_a_chart_is_well_formed_svg_without_script():
    chart = _ict_savings()
    root = _parsed(chart)
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert "<script" not in chart.svg and "<!--" not in chart.svg


def test_the_svg_and_the_table_carry_the_figures():
    chart = _ict_savings()
    for figure in ("£69,000", "£166,000", "£302,300", "£453,080"):
        assert figure in chart.svg
    assert chart.headers == ("Year", "Planned", "Delivered")
    assert chart.rows[0] == ("2012/13", "£69,000", "£69,000")
    assert chart.rows[1] == ("2013/14", "£166,000", "")  # not reported yet: blank, not £0
    assert chart.table_headers[0] == ("Year", False) and chart.table_headers[1] == ("Planned", True)


def test_the_data_uri_holds_the_svg_and_the_alt_text_points_to_the_table():
    chart = _ict_savings()
    assert chart.data_uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(chart.data_uri.split(",", 1)[1]).decode() == chart.svg
    assert "table" in chart.alt and chart.caption in chart.alt


def test_fte_is_shown_to_two_places_and_extra_columns_reach_the_table():
    chart = bar_chart(
        caption="FTE",
        label_heading="Column",
        labels=["2011/12 Budget", "2015/16 Estimate"],
        series={"FTE": [D("47.81"), D("38")]},
        unit=FTE,
        extra_columns={"Note": ["first", "last"]},
        line=True,
    )
    assert chart.rows == (("2011/12 Budget", "47.81", "first"), ("2015/16 Estimate", "38.00", "last"))
    assert chart.numeric == (False, True, False)
    assert "47.81" in chart.svg


def test_a_count_chart_labels_its_axis_in_whole_numbers():
    chart = bar_chart(caption="Services", label_heading="Stage", labels=["A", "B"], series={"n": [2, 7]}, unit=COUNT)
    assert chart.rows == (("A", "2"), ("B", "7"))
    axis = next(g for g in _parsed(chart).iter(f"{SVG}g") if "axis y" in (g.get("class") or ""))
    assert [text.text for text in axis.iter(f"{SVG}text")] == ["0", "2", "4", "6", "8"]


def test_ratings_take_their_own_colours_and_words():
    chart = rating_chart(caption="Open risks by rating", counts={"red": 1, "amber": 0, "green": 3})
    assert chart.rows == (("Red", "1"), ("Amber", "0"), ("Green", "3"))
    for colour in RAG_COLOURS.values():
        assert colour in chart.svg


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="has 1 values for 2 labels"):
        bar_chart(caption="x", label_heading="y", labels=["a", "b"], series={"s": [D(1)]})


def test_no_figures_still_draws_a_chart():
    chart = bar_chart(caption="x", label_heading="y", labels=[], series={"Planned": [], "Delivered": []})
    assert chart.rows == ()
    _parsed(chart)


money = st.decimals(min_value=0, max_value=D("999999999999.99"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    series=st.lists(st.lists(money | st.none(), min_size=1, max_size=12), min_size=1, max_size=3).filter(
        lambda lists: len({len(values) for values in lists}) == 1
    ),
    horizontal=st.booleans(),
)
def test_any_non_negative_series_draws_a_well_formed_chart(series, horizontal):
    labels = [f"Label {index}" for index in range(len(series[0]))]
    chart = bar_chart(
        caption="Any",
        label_heading="Label",
        labels=labels,
        series={f"Series {n}": values for n, values in enumerate(series)},
        horizontal=horizontal,
    )
    _parsed(chart)
    assert len(chart.rows) == len(labels)


@pytest.mark.parametrize(
    "values",
    [[D(0)], [D(0), D(0), D(0)], [D("0.01")], [D("999999999999.99")], [D("1E+3")], [D(5)], [None]],
)
def test_edge_series_draw(values):
    chart = bar_chart(
        caption="Edge", label_heading="L", labels=[str(i) for i in range(len(values))], series={"s": values}
    )
    _parsed(chart)


@settings(max_examples=30, deadline=None)
@given(counts=st.lists(st.integers(min_value=0, max_value=10_000), min_size=3, max_size=3), as_fte=st.booleans())
def test_any_counts_or_fte_draw(counts, as_fte):
    values = [D(n) / 100 if as_fte else D(n) for n in counts]
    chart = bar_chart(
        caption="c", label_heading="l", labels=["a", "b", "c"], series={"v": values}, unit=FTE if as_fte else COUNT
    )
    _parsed(chart)
    _parsed(rating_chart(caption="r", counts=dict(zip(("red", "amber", "green"), counts, strict=True))))
