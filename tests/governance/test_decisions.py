"""Pure rules of a decision record: reason keys from the threshold, numbered recommendations, uploads."""

import re
from decimal import Decimal

import pytest

from governance.decisions import (
    DOCUMENT_NOT_WHAT_IT_SAYS,
    DOCUMENT_TOO_BIG,
    DOCUMENT_WRONG_TYPE,
    MAX_DOCUMENT_BYTES,
    REASON_KEY_NEEDED,
    ParsedRecommendation,
    check_document,
    classify,
    parse_recommendations,
    reason_key_label,
    recommendations_as_text,
)

MAIDSTONE_THRESHOLD = Decimal("250000.00")


def test_savings_over_the_threshold_make_a_key_decision_with_the_savings_reason():
    # Seed 000: savings "in the region of £3.71M" → "Savings > £250,000".
    result = classify(threshold=MAIDSTONE_THRESHOLD, savings=Decimal("3710000"), expenditure=None)
    assert (result.is_key, result.reason_key) == (True, "savings")
    assert reason_key_label(result.reason_key, MAIDSTONE_THRESHOLD) == "Savings > £250,000"


def test_spending_over_the_threshold_gives_the_expenditure_reason():
    result = classify(threshold=MAIDSTONE_THRESHOLD, savings=Decimal("1000"), expenditure=Decimal("250000.01"))
    assert result.reason_key == "expenditure"
    assert reason_key_label("expenditure", MAIDSTONE_THRESHOLD) == "Expenditure > £250,000"


def test_spending_exactly_at_the_threshold_is_not_over_it():
    assert classify(threshold=MAIDSTONE_THRESHOLD, savings=None, expenditure=Decimal("250000")).is_key is False


def test_the_label_follows_the_councils_own_threshold():
    assert reason_key_label("savings", Decimal("1000000")) == "Savings > £1,000,000"


def test_a_chosen_reason_key_makes_a_key_decision():
    # Seed 003: the Information Strategy, "Policies, Plans, Strategies".
    result = classify(threshold=MAIDSTONE_THRESHOLD, savings=None, expenditure=None, chosen_key="policy")
    assert (result.is_key, reason_key_label(result.reason_key, None)) == (True, "Policies, Plans, Strategies")


def test_a_financial_reason_the_figures_do_not_support_is_refused():
    with pytest.raises(ValueError, match="not over the key-decision threshold of £250,000"):
        classify(threshold=MAIDSTONE_THRESHOLD, savings=Decimal("100"), expenditure=None, chosen_key="savings")


def test_a_key_decision_without_a_reason_is_refused():
    with pytest.raises(ValueError, match=re.escape(REASON_KEY_NEEDED)):
        classify(threshold=MAIDSTONE_THRESHOLD, savings=None, expenditure=None, chosen_is_key=True)


def test_recommendations_of_seed_000_keep_their_published_labels():
    text = (
        "i. Enter a partnership\nii. Delegate\nover two lines\niii. Appoint\n"
        "iv. That:\na) Endorse\nb) Approve\niv c) TUPE"
    )
    parsed = parse_recommendations(text)
    assert [r.label for r in parsed] == ["i.", "ii.", "iii.", "iv.", "iv a)", "iv b)", "iv c)"]
    assert parsed[1].text == "Delegate\nover two lines"


def test_a_single_unnumbered_decision_is_one_unlabelled_recommendation():
    assert parse_recommendations("That the Information Strategy be agreed.") == [
        ParsedRecommendation("", "That the Information Strategy be agreed.")
    ]


def test_a_repeated_number_is_refused():
    with pytest.raises(ValueError, match=re.escape("“ii.” appears twice")):
        parse_recommendations("i. One\nii. Two\nii. Again")


def test_recommendations_round_trip_through_the_edit_box():
    parsed = parse_recommendations("i. One\niv. That:\na) Sub")
    assert parse_recommendations(recommendations_as_text(parsed)) == parsed


def test_an_upload_must_be_an_allowed_type_whose_bytes_match_its_name():
    assert check_document("Appendix.docx", 10, b"PK\x03\x04xx").endswith("wordprocessingml.document")
    with pytest.raises(ValueError, match=re.escape(DOCUMENT_WRONG_TYPE)):
        check_document("virus.exe", 10, b"MZ")
    with pytest.raises(ValueError, match=re.escape(DOCUMENT_NOT_WHAT_IT_SAYS.format(ext="pdf"))):
        check_document("renamed.pdf", 10, b"MZ\x90\x00")
    with pytest.raises(ValueError, match=re.escape(DOCUMENT_TOO_BIG)):
        check_document("big.pdf", MAX_DOCUMENT_BYTES + 1, b"%PDF-")
