"""parse_value_text: figures as written -> value in base units, unit classes, qualifier, bounds."""
from __future__ import annotations

import pytest

from dataset_tools.numerals import COUNT_UNITS, ParsedValue, parse_value_text

EXACT = [
    # Arabic integers and decimals, multipliers, units
    ("10257次", 10257, COUNT_UNITS),
    ("2.47件", 2.47, COUNT_UNITS),
    ("1.78万件", 17800, COUNT_UNITS),
    ("23.04万件", 230400, COUNT_UNITS),
    ("6.37亿元", 637000000, {"CNY"}),
    ("17.9亿元", 1790000000, {"CNY"}),
    ("11.74%", 11.74, {"percent"}),
    ("100%", 100, {"percent"}),
    ("3倍", 3, {"times"}),
    ("2.85倍", 2.85, {"times"}),
    ("52家", 52, COUNT_UNITS),
    ("15项", 15, COUNT_UNITS),
    ("200起", 200, COUNT_UNITS),
    ("1749", 1749, COUNT_UNITS),
    # Chinese numerals
    ("五", 5, COUNT_UNITS),
    ("十五", 15, COUNT_UNITS),
    ("两个", 2, COUNT_UNITS),
    ("三", 3, COUNT_UNITS),
    ("四大", 4, COUNT_UNITS),
    ("六个", 6, COUNT_UNITS),
    ("十五万", 150000, COUNT_UNITS),
    # ranks
    ("第五", 5, {"rank"}),
    ("第20位", 20, {"rank"}),
    ("第三", 3, {"rank"}),
    ("第二", 2, {"rank"}),
    ("第一名", 1, {"rank"}),
    ("首位", 1, {"rank"}),
    ("最高", 1, {"rank"}),
    ("为全国最高", 1, {"rank"}),
    ("领跑", 1, {"rank"}),
    ("持续领跑", 1, {"rank"}),
    ("5个位次", 5, {"rank_places"}),
    ("三个位次", 3, {"rank_places"}),
]


@pytest.mark.parametrize("written, value, units", EXACT)
def test_exact_figures(written, value, units):
    parsed = parse_value_text(written)
    assert parsed == ParsedValue(float(value), frozenset(units), "exact", None, None)


BOUNDED = [
    # 多 / 余: more_than with a range the last significant place opens
    ("600多亿元", 6e10, {"CNY"}, "more_than", 6e10, 7e10),
    ("15万余份", 150000, COUNT_UNITS, "more_than", 150000, 160000),
    ("200多起", 200, COUNT_UNITS, "more_than", 200, 300),
    ("十多家", 10, COUNT_UNITS, "more_than", 10, 20),
    ("三百多万", 3_000_000, COUNT_UNITS, "more_than", 3_000_000, 4_000_000),
    ("10万余", 100000, COUNT_UNITS, "more_than", 100000, 110000),
    ("十万多", 100000, COUNT_UNITS, "more_than", 100000, 110000),
    ("十多万", 100000, COUNT_UNITS, "more_than", 100000, 200000),
    ("1.5万余件", 15000, COUNT_UNITS, "more_than", 15000, 16000),
    # prefixes
    ("超2000万元", 2e7, {"CNY"}, "more_than", 2e7, None),
    ("超过50家", 50, COUNT_UNITS, "more_than", 50, None),
    ("首次破万", 10000, COUNT_UNITS, "more_than", 10000, None),
    ("破万", 10000, COUNT_UNITS, "more_than", 10000, None),
    ("首次突破万次", 10000, COUNT_UNITS, "more_than", 10000, None),
    ("约3倍", 3, {"times"}, "approximately", None, None),
    ("近500家", 500, COUNT_UNITS, "approximately", None, 500),
    ("不足10%", 10, {"percent"}, "less_than", None, 10),
    ("不超过5家", 5, COUNT_UNITS, "at_most", None, 5),
    ("至少3项", 3, COUNT_UNITS, "at_least", 3, None),
    ("50家以上", 50, COUNT_UNITS, "at_least", 50, None),
]


@pytest.mark.parametrize("written, value, units, qualifier, lower, upper", BOUNDED)
def test_bounded_figures(written, value, units, qualifier, lower, upper):
    parsed = parse_value_text(written)
    assert parsed.value == pytest.approx(value)
    assert parsed.units == frozenset(units)
    assert parsed.qualifier == qualifier
    assert parsed.lower_bound == (None if lower is None else pytest.approx(lower))
    assert parsed.upper_bound == (None if upper is None else pytest.approx(upper))


@pytest.mark.parametrize("written", [
    "",                 # nothing
    "   ",
    "abc",              # not a figure
    "件",               # a measure word alone
    "万元",             # a bare multiplier without 破/超/近/约
    "第三批",           # batch number: a label
    "第七期",           # issue number: a label
    "第三年",           # year of a programme: a label
    "近三年",           # a period, not a figure
    "5多余",            # two qualifiers
    "超200多起",        # a prefix and 多 together
    "约50以上",         # a prefix and a suffix together
    "1.78万件产品",     # trailing words after the unit
    "0多",              # 多 after zero
    "2025年",           # a date
    "百合",             # a name containing a numeral character
])
def test_refused(written):
    with pytest.raises(ValueError):
        parse_value_text(written)


def test_error_says_why():
    with pytest.raises(ValueError, match="label"):
        parse_value_text("第三批")
