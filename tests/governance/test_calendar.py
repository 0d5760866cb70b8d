"""Call-in, forward-plan and review dates, checked against published Cabinet records."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governance.calendar import (
    Route,
    add_working_days,
    bank_holidays,
    call_in_expires,
    clear_days_between,
    effective_from,
    is_working_day,
    latest_notice_date,
    notice_route,
)
from partnership.agreement import (
    END_OF_TERM,
    Milestone,
    agreement_end,
    anniversary,
    milestone_status,
    review_milestones,
)

CALL_IN_WORKING_DAYS = 5
ICT_START = date(2013, 4, 1)
ICT_REVIEWS = [("Full review", 5), ("Post-implementation review", 3)]

days_in_range = st.dates(min_value=date(1995, 1, 1), max_value=date(2060, 12, 31))


def _effective(published: date) -> date:
    return effective_from(published, call_in_working_days=CALL_IN_WORKING_DAYS, subject_to_call_in=True)


# ----------------------------------------------------------- the seed records


def test_decision_published_on_tuesday_17_april_2012_takes_effect_wednesday_25_april():
    # MKIP ICT Partnership: decided 16/04/2012, published 17/04/2012, effective 25/04/2012.
    assert call_in_expires(date(2012, 4, 17), CALL_IN_WORKING_DAYS) == date(2012, 4, 24)
    assert _effective(date(2012, 4, 17)) == date(2012, 4, 25)


def test_decision_published_on_friday_15_june_2012_takes_effect_saturday_23_june():
    # Information Strategy 2012-2015: published 15/06/2012, effective 23/06/2012, a Saturday.
    assert call_in_expires(date(2012, 6, 15), CALL_IN_WORKING_DAYS) == date(2012, 6, 22)
    assert _effective(date(2012, 6, 15)) == date(2012, 6, 23)
    assert date(2012, 6, 23).strftime("%A") == "Saturday"


def test_decision_not_subject_to_call_in_takes_effect_on_publication():
    published = date(2012, 4, 17)
    assert effective_from(published, call_in_working_days=CALL_IN_WORKING_DAYS, subject_to_call_in=False) == published


def test_a_call_in_period_of_no_working_days_is_refused():
    with pytest.raises(ValueError, match="not a period"):
        call_in_expires(date(2012, 4, 17), 0)


# ------------------------------------------------------------- bank holidays


def test_easter_2012_good_friday_and_easter_monday_are_not_working_days():
    assert not is_working_day(date(2012, 4, 6))
    assert not is_working_day(date(2012, 4, 9))
    assert is_working_day(date(2012, 4, 5))
    assert is_working_day(date(2012, 4, 10))


def test_call_in_published_before_easter_2012_skips_good_friday_and_easter_monday():
    # Published Wednesday 4 April: Thu 5, Tue 10, Wed 11, Thu 12, Fri 13.
    assert call_in_expires(date(2012, 4, 4), 5) == date(2012, 4, 13)
    assert _effective(date(2012, 4, 4)) == date(2012, 4, 14)


def test_call_in_over_christmas_2012_skips_christmas_boxing_day_and_new_year():
    # Published Friday 21 December: Mon 24, Thu 27, Fri 28, Mon 31, Wed 2 Jan.
    assert call_in_expires(date(2012, 12, 21), 5) == date(2013, 1, 2)
    assert _effective(date(2012, 12, 21)) == date(2013, 1, 3)


def test_diamond_jubilee_2012_moved_the_spring_bank_holiday_from_28_may_to_4_june():
    holidays_2012 = bank_holidays([2012])
    assert {date(2012, 6, 4), date(2012, 6, 5)} <= holidays_2012
    assert date(2012, 5, 28) not in holidays_2012
    assert is_working_day(date(2012, 5, 28))


def test_call_in_over_the_diamond_jubilee_skips_4_and_5_june_2012():
    # Published Friday 1 June: Wed 6, Thu 7, Fri 8, Mon 11, Tue 12.
    assert _effective(date(2012, 6, 1)) == date(2012, 6, 13)


def test_call_in_over_the_last_monday_of_may_2012_counts_it_as_a_working_day():
    # Published Friday 25 May: Mon 28 counts, then Tue 29, Wed 30, Thu 31, Fri 1 June.
    assert call_in_expires(date(2012, 5, 25), 5) == date(2012, 6, 1)


def test_bank_holidays_spanning_two_years_include_both():
    both = bank_holidays([2012, 2013])
    assert date(2012, 12, 25) in both
    assert date(2013, 1, 1) in both


def test_council_closure_days_can_replace_the_bank_holidays():
    closed = bank_holidays([2012, 2013]) | {date(2012, 12, 27), date(2012, 12, 28), date(2012, 12, 31)}
    assert add_working_days(date(2012, 12, 21), 2, closed) == date(2013, 1, 2)


def test_zero_working_days_after_a_sunday_is_that_sunday():
    assert add_working_days(date(2012, 4, 8), 0) == date(2012, 4, 8)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2012, 4, 8), -1)


@given(start=days_in_range, n=st.integers(min_value=1, max_value=60))
def test_the_nth_working_day_is_a_working_day_strictly_after_the_start(start, n):
    result = add_working_days(start, n)
    assert is_working_day(result)
    assert result > start


@given(start=days_in_range, n=st.integers(min_value=0, max_value=60))
def test_one_more_working_day_is_always_later(start, n):
    assert add_working_days(start, n + 1) > add_working_days(start, n)


@given(start=days_in_range, n=st.integers(min_value=0, max_value=60))
def test_exactly_n_working_days_lie_after_the_start_up_to_the_result(start, n):
    result = add_working_days(start, n)
    between = (start + timedelta(days=offset) for offset in range(1, (result - start).days + 1))
    assert sum(is_working_day(day) for day in between) == n


# -------------------------------------------------------------- forward plan


def test_clear_days_exclude_the_day_of_the_notice_and_the_day_of_the_decision():
    assert clear_days_between(date(2012, 10, 1), date(2012, 10, 3)) == 1
    assert clear_days_between(date(2012, 10, 1), date(2012, 10, 2)) == 0
    assert clear_days_between(date(2012, 10, 1), date(2012, 10, 1)) == 0


def test_a_notice_after_the_decision_is_refused():
    with pytest.raises(ValueError, match="after the decision"):
        clear_days_between(date(2012, 10, 2), date(2012, 10, 1))


def test_latest_notice_for_a_decision_on_1_november_2012_is_3_october():
    assert latest_notice_date(date(2012, 11, 1)) == date(2012, 10, 3)


def _notice(clear_days: int, decision: date = date(2012, 11, 1)):
    return notice_route(latest_notice_date(decision, clear_days), decision)


def test_28_clear_days_is_adequate_notice_under_regulation_9():
    result = _notice(28)
    assert result.route is Route.ADEQUATE
    assert (result.clear_days, result.days_short) == (28, 0)
    assert "regulation 9" in result.explanation


def test_27_clear_days_needs_a_general_exception_under_regulation_10():
    result = _notice(27)
    assert result.route is Route.GENERAL_EXCEPTION
    assert result.days_short == 1
    assert "regulation 10" in result.explanation
    assert "1 clear day short" in result.explanation
    assert "chair of the relevant overview and scrutiny committee" in result.explanation


def test_5_clear_days_is_the_least_a_general_exception_allows():
    result = _notice(5)
    assert result.route is Route.GENERAL_EXCEPTION
    assert result.days_short == 23
    assert "23 clear days short" in result.explanation


def test_4_clear_days_needs_special_urgency_under_regulation_11():
    result = _notice(4)
    assert result.route is Route.SPECIAL_URGENCY
    assert result.days_short == 24
    assert "regulation 11" in result.explanation
    assert "chairman or vice-chairman of the council" in result.explanation


def test_no_notice_at_all_needs_special_urgency():
    result = notice_route(None, date(2012, 11, 1))
    assert result.route is Route.SPECIAL_URGENCY
    assert (result.clear_days, result.days_short) == (0, 28)
    assert "no notice was published" in result.explanation


@given(decision=days_in_range)
def test_the_latest_notice_date_gives_exactly_28_clear_days(decision):
    assert clear_days_between(latest_notice_date(decision), decision) == 28
    assert notice_route(latest_notice_date(decision), decision).route is Route.ADEQUATE
    a_day_late = latest_notice_date(decision) + timedelta(days=1)
    assert notice_route(a_day_late, decision).route is Route.GENERAL_EXCEPTION


# ------------------------------------------------------ agreement milestones


def test_anniversary_of_29_february_in_a_common_year_is_28_february():
    assert anniversary(date(2012, 2, 29), 1) == date(2013, 2, 28)
    assert anniversary(date(2012, 2, 29), 4) == date(2016, 2, 29)


def test_ten_year_ict_agreement_from_1_april_2013_ends_31_march_2023():
    assert agreement_end(ICT_START, 10) == date(2023, 3, 31)


def test_ict_agreement_reviews_fall_in_april_2016_and_april_2018_then_the_term_ends():
    assert review_milestones(ICT_START, 10, ICT_REVIEWS) == [
        Milestone("Post-implementation review", date(2016, 4, 1)),
        Milestone("Full review", date(2018, 4, 1)),
        Milestone(END_OF_TERM, date(2023, 3, 31)),
    ]


def test_a_review_after_the_term_has_ended_is_refused():
    with pytest.raises(ValueError, match="outside the 10-year term"):
        review_milestones(ICT_START, 10, [("Late review", 11)])


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2015, 12, 1), "upcoming"),
        (date(2016, 1, 2), "due soon"),  # 90 days before 1 April 2016
        (date(2016, 4, 1), "due soon"),  # due today is not yet overdue
        (date(2016, 4, 2), "overdue"),
    ],
)
def test_post_implementation_review_status_on_the_way_to_1_april_2016(today, status):
    assert milestone_status(date(2016, 4, 1), today) == status


def test_what_counts_as_soon_can_be_changed():
    assert milestone_status(date(2016, 4, 1), date(2016, 3, 1), soon_days=14) == "upcoming"


def test_counting_past_the_last_date_there_is_a_value_error_not_an_overflow():
    with pytest.raises(ValueError, match="past the last date there is"):
        add_working_days(date(9999, 12, 30), 5)
    with pytest.raises(ValueError, match="last date there is"):
        effective_from(date(9999, 12, 24), call_in_working_days=5, subject_to_call_in=True)
    with pytest.raises(ValueError, match="before the first date there is"):
        latest_notice_date(date(1, 1, 5))
