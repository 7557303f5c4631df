import math

import pytest

from sti_monitor.ingest.conversion import conversion_factor
from sti_monitor.ingest.values import ValueParseError, parse_value


@pytest.mark.parametrize(
    "raw, expected",
    [
        (12.5, 12.5),
        (3, 3.0),
        ("1,234.5", 1234.5),
        ("１２３", 123.0),
        ("  45.6 ", 45.6),
        ("\u3000７.５\u3000", 7.5),
        ("1，234", 1234.0),
        ("+3.2", 3.2),
        ("-1.5", -1.5),
        ("2e3", 2000.0),
    ],
)
def test_numbers_in_text_are_accepted(raw, expected):
    assert parse_value(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "—", "-", "/", "…", "——", " - ", "－", float("nan")])
def test_not_available_markers_mean_missing(raw):
    assert parse_value(raw) is None


def test_percent_sign_only_on_percent_fields():
    assert parse_value("12.5%", percent_ok=True) == 12.5
    assert parse_value("１２.５％", percent_ok=True) == 12.5
    with pytest.raises(ValueParseError, match="百分号"):
        parse_value("12.5%")


@pytest.mark.parametrize("raw", ["abc", "12.3.4", "约100", True])
def test_non_numbers_are_rejected(raw):
    with pytest.raises(ValueParseError):
        parse_value(raw)


@pytest.mark.parametrize(
    "src, dst, factor",
    [
        ("万元", "亿元", 1e-4),
        ("亿元", "万元", 1e4),
        ("人", "万人", 1e-4),
        ("平方米", "万平方米", 1e-4),
        ("㎡", "万平方米", 1e-4),
        ("万 元", "亿元", 1e-4),
        ("亿元", "亿元", 1.0),
        ("个", "家", 1.0),
    ],
)
def test_unit_conversion_factors(src, dst, factor):
    assert math.isclose(conversion_factor(src, dst), factor)


@pytest.mark.parametrize("src, dst", [("人", "亿元"), ("家", "%"), ("公斤", "亿元")])
def test_units_that_do_not_convert(src, dst):
    assert conversion_factor(src, dst) is None
