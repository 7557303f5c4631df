"""measure/final.py: the plan's final year says 已完成 / 未完成 (接近 too) in every output; expected values by hand."""

import math

import pandas as pd
import pytest

from sti_monitor.measure.final import final_status, shown_colour, shown_label, shown_statuses


@pytest.mark.parametrize(
    ("status", "final", "aspiration", "shown"),
    [
        ("met", True, False, "completed"),
        ("near", True, False, "not_completed"),  # 接近 is not completed at the deadline
        ("behind", True, False, "not_completed"),
        ("met", True, True, "aspiration_reached"),  # an aspiration reached is never 已完成
        ("aspiration", True, True, "aspiration"),  # 未达力争目标 stays
        ("near", True, True, "not_completed"),
        ("not_applicable", True, False, "not_applicable"),
        ("no_target", True, False, "no_target"),
        ("no_data", True, False, "no_data"),
        ("met", False, False, "met"),  # other years unchanged
        ("near", False, False, "near"),
        ("met", False, True, "met"),
    ],
)
def test_final_status(status, final, aspiration, shown):
    assert final_status(status, final, aspiration) == shown


def test_a_missing_status_stays_missing_and_aspiration_is_not_the_default():
    assert final_status(None, True) is None
    assert math.isnan(final_status(float("nan"), True))
    assert final_status("met", True) == "completed"  # aspiration defaults to False


def test_shown_statuses_of_rows_by_their_target_kind():
    rows = pd.DataFrame(
        {"status": ["met", "met", "near", "behind"], "target_kind": ["value", "aspiration", "about", "value"]},
        index=[3, 5, 7, 9],
    )
    shown = shown_statuses(rows, True)
    assert shown.to_dict() == {3: "completed", 5: "aspiration_reached", 7: "not_completed", 9: "not_completed"}
    assert shown.dtype == object
    assert shown_statuses(rows, False).to_dict() == {3: "met", 5: "met", 7: "near", 9: "behind"}


def test_shown_statuses_without_a_target_kind_column():
    rows = pd.DataFrame({"status": ["met", "near"]}, index=["a", "b"])
    assert shown_statuses(rows, True).to_dict() == {"a": "completed", "b": "not_completed"}


@pytest.mark.parametrize(
    ("status", "label", "colour"),
    [
        ("met", "达标", "#2e7d32"),
        ("near", "接近", "#f9a825"),
        ("completed", "已完成", "#2e7d32"),
        ("not_completed", "未完成", "#c62828"),
        ("aspiration_reached", "已实现力争目标", "#2e7d32"),
        ("aspiration", "未达力争目标", "#5c8fc7"),
        ("no_target", "无目标", "#9e9e9e"),
        ("elsewhere", None, None),  # a status this module does not know
    ],
)
def test_labels_and_colours_of_any_year(status, label, colour):
    assert (shown_label(status), shown_colour(status)) == (label, colour)
