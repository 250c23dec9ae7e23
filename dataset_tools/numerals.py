"""Parse a figure as the source writes it: "1.78万件", "600多亿元", "第五", "首次破万", "5个位次".

`parse_value_text(value_text)` returns the value in base units, the unit classes the wording is
compatible with (the `indicators.unit` enum), the qualifier and the bounds the wording implies.
It raises ValueError, saying why, for anything it does not recognise as one figure.

Grammar (one figure, optionally preceded by the lead words 首次 / 持续 / 位居 / 位列 / 居 / 为 /
排名 / 全国, which carry no value):

* number: Arabic integer or decimal (``10257``, ``2.47``) or Chinese numeral (五, 十五, 两, 三百,
  read with cn2an), then multipliers 十/百/千/万/亿 (``1.78万`` = 17800, ``6.37亿`` = 637000000).
* 多 / 余 ("and more") -> ``more_than`` with bounds [value, value + width]. Before a multiplier
  the width is the place of the last non-zero digit times the multiplier (600多亿 -> [6e10, 7e10];
  200多 -> [200, 300]); after it, the multiplier times the last written place (15万余 ->
  [150000, 160000]).
* prefixes: 超 / 超过 / 逾 / 破 / 突破 -> ``more_than``, lower bound only (首次破万 -> 10000);
  约 -> ``approximately``, no bounds; 近 ("nearly") -> ``approximately`` with the figure as upper
  bound (近 N is just under N: more than a rough value, less than a strict bound);
  不足 / 不到 -> ``less_than``; 不超过 -> ``at_most``; 至少 / 不少于 -> ``at_least``; the suffixes
  以上 -> ``at_least`` and 以下 -> ``at_most``. A prefix and 多/余 together are refused.
* units: % -> percent; 倍 -> times; 元 (万元, 亿元) -> CNY; other measure words (件 家 次 个 项
  起 份 …) or none -> {count, per_10k_population}.
* ranks: 第五 / 第20位 / 第三 -> rank; 首位 / 第一 / 最高 / 领跑 -> rank 1; N个位次 -> rank_places.
  第…批 / 第…期 / 第…年 / 第…届 are labels (batch, issue, year), not figures: refused.
"""
from __future__ import annotations

import functools
import importlib.util
import re
import sys
import types
from dataclasses import dataclass
from decimal import Decimal

UNIT_CLASSES = frozenset({"count", "CNY", "percent", "times", "rank", "rank_places", "per_10k_population"})
COUNT_UNITS = frozenset({"count", "per_10k_population"})
QUALIFIERS = ("exact", "more_than", "at_least", "approximately", "less_than", "at_most")

CN_DIGITS = "〇零一二两三四五六七八九十百千万亿"
MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
MEASURE_WORDS = "件家次个项起份人户所座台套种类条款部批场篇本名株亩吨大"
LEAD_WORDS = ("首次", "持续", "位居", "位列", "居", "为", "排名", "全国")
RANK_ONE_WORDS = ("首位", "第一", "最高", "领跑")
LABEL_ORDINALS = "批期年届"

# prefix -> (qualifier, which bound the figure is: "lower", "upper" or None)
PREFIXES = {
    "超过": ("more_than", "lower"), "超": ("more_than", "lower"), "逾": ("more_than", "lower"),
    "突破": ("more_than", "lower"), "破": ("more_than", "lower"),
    "约": ("approximately", None), "近": ("approximately", "upper"),
    "不足": ("less_than", "upper"), "不到": ("less_than", "upper"),
    "不超过": ("at_most", "upper"), "至少": ("at_least", "lower"), "不少于": ("at_least", "lower"),
}
SUFFIXES = {"以上": ("at_least", "lower"), "以下": ("at_most", "upper")}

_PREFIX_RE = "|".join(sorted(PREFIXES, key=len, reverse=True))
_FIGURE = re.compile(
    rf"^(?P<pre>{_PREFIX_RE})?"
    rf"(?P<num>\d+(?:\.\d+)?|[{CN_DIGITS}]+)?"
    r"(?P<m1>[多余])?"
    r"(?P<mult>[十百千万亿]*)"
    r"(?P<m2>[多余])?"
    rf"(?P<unit>%|％|倍|元|[{MEASURE_WORDS}])?"
    r"(?P<suf>以上|以下)?$"
)
_ORDINAL = re.compile(rf"^第(?P<num>\d+|[{CN_DIGITS}]+)(?P<tail>[位名{LABEL_ORDINALS}])?$")
_RANK_PLACES = re.compile(rf"^(?P<num>\d+|[{CN_DIGITS}]+)个?位次$")


@dataclass(frozen=True)
class ParsedValue:
    value: float              # base units: "1.78万件" -> 17800; "6.37亿元" -> 637000000; "11.74%" -> 11.74
    units: frozenset[str]     # unit classes compatible with the wording, from the schema enum
    qualifier: str            # exact | more_than | at_least | approximately | less_than | at_most
    lower_bound: float | None
    upper_bound: float | None


def parse_value_text(value_text: str) -> ParsedValue:
    """Parse one figure as written; raise ValueError saying why when it is not one."""
    text = _strip_lead_words((value_text or "").strip())
    if not text:
        raise ValueError(f"{value_text!r}: no figure")
    if text in RANK_ONE_WORDS:
        return ParsedValue(1.0, frozenset({"rank"}), "exact", None, None)
    if text.startswith("第"):
        return _parse_ordinal(value_text, text)
    places = _RANK_PLACES.match(text)
    if places:
        return ParsedValue(float(_number(places["num"])), frozenset({"rank_places"}), "exact", None, None)
    return _parse_quantity(value_text, text)


def _strip_lead_words(text: str) -> str:
    """Drop leading words that frame a figure without changing it (首次破万 -> 破万)."""
    stripped = True
    while stripped:
        stripped = False
        for word in LEAD_WORDS:
            if text.startswith(word) and len(text) > len(word):
                text, stripped = text[len(word):], True
    return text


def _parse_ordinal(original: str, text: str) -> ParsedValue:
    """第N / 第N位 / 第N名 -> rank N; 第N批/期/年/届 are labels and are refused."""
    match = _ORDINAL.match(text)
    if not match:
        raise ValueError(f"{original!r}: not an ordinal rank (expected 第N, 第N位 or 第N名)")
    if match["tail"] and match["tail"] in LABEL_ORDINALS:
        raise ValueError(f"{original!r}: 第…{match['tail']} is a label (batch, issue, year), not a rank")
    return ParsedValue(float(_number(match["num"])), frozenset({"rank"}), "exact", None, None)


@functools.cache
def chinese_numeral_reader():
    """cn2an's Chinese-to-Arabic converter (`cn2an.cn2an`), imported on first use and alone.

    `import cn2an` builds four converters and imports `proces`, which compiles a pattern of every
    Chinese city name: 0.17 s, a sixth of validating the package, for one function. Its module
    `cn2an/cn2an.py` is loaded here with only what it imports (`cn2an.an2cn`, `cn2an.conf`,
    `proces.preprocess`), under the same names; anything else falls back to `import cn2an`.
    """
    if "cn2an" in sys.modules or "proces" in sys.modules:
        import cn2an
        return cn2an.cn2an
    try:
        packages = {name: importlib.util.find_spec(name) for name in ("cn2an", "proces")}
        for name, spec in packages.items():   # bare packages: their __init__ (all converters) not run
            if spec is None or spec.submodule_search_locations is None:
                raise ImportError(f"{name} is not an installed package")
            module = sys.modules[name] = types.ModuleType(name)
            module.__path__ = list(spec.submodule_search_locations)
        sys.modules["proces"].__dict__["preprocess"] = importlib.import_module("proces.preprocess").preprocess
        reader = importlib.import_module("cn2an.cn2an").Cn2An().cn2an
    except Exception:   # another cn2an layout: the ordinary import
        reader = None
    finally:
        for name in ("cn2an", "proces"):
            sys.modules.pop(name, None)   # a later `import cn2an` runs the package as usual
    if reader is None:
        import cn2an
        reader = cn2an.cn2an
    return reader


def _number(digits: str) -> Decimal:
    """An Arabic or Chinese numeral (no markers) as a Decimal."""
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return Decimal(digits)
    try:
        return Decimal(str(chinese_numeral_reader()(digits, "normal")))
    except (ValueError, KeyError, IndexError) as error:
        raise ValueError(f"{digits!r}: not a Chinese numeral ({error})") from None


def whole_number(digits: str) -> int | None:
    """A whole number written in Arabic or Chinese numerals (三, 十二, 12), or None."""
    try:
        number = _number(digits)
    except ValueError:
        return None
    return int(number) if number == number.to_integral_value() else None


def _parse_quantity(original: str, text: str) -> ParsedValue:
    """A number with multipliers, 多/余, prefix or suffix qualifiers and a unit."""
    match = _FIGURE.match(text)
    if not match or not (match["num"] or match["mult"]):
        raise ValueError(f"{original!r}: not a figure this grammar reads "
                         "(number, 十/百/千/万/亿, 多/余, 超/破/约/近…, unit)")
    coefficient_text, multiplier_text = _split_multiplier(match["num"] or "", match["mult"])
    if not coefficient_text and not match["pre"]:
        raise ValueError(f"{original!r}: a bare multiplier is a figure only after 破/突破/超/近/约")
    coefficient = _number(coefficient_text) if coefficient_text else Decimal(1)
    multiplier = Decimal(1)
    for char in multiplier_text:
        multiplier *= MULTIPLIERS[char]
    value = coefficient * multiplier
    # 多/余 sits after the multiplier when written so (15万余) or when the multiplier was part of a
    # Chinese numeral before it (十万多 = 100000-110000).
    after = bool(match["m2"]) or (bool(match["m1"]) and multiplier_text != match["mult"])
    qualifier, lower, upper = _qualify(original, match, after, coefficient, coefficient_text, multiplier, value)
    return ParsedValue(float(value), _unit_classes(match["unit"]), qualifier,
                       None if lower is None else float(lower), None if upper is None else float(upper))


def _split_multiplier(number: str, multiplier: str) -> tuple[str, str]:
    """Split trailing 万/亿 off a Chinese numeral ("十五万" -> "十五", "万"); Arabic passes through."""
    if multiplier or not number or number[0].isdigit():
        return number, multiplier
    coefficient = number.rstrip("万亿")
    return coefficient, number[len(coefficient):]


def _qualify(original, match, after, coefficient, coefficient_text, multiplier, value):
    """(qualifier, lower, upper) from 多/余, a prefix or a suffix; at most one of them."""
    markers = [name for name in ("m1", "m2", "pre", "suf") if match[name]]
    if len(markers) > 1:
        raise ValueError(f"{original!r}: more than one qualifier ({', '.join(match[m] for m in markers)})")
    if not markers:
        return "exact", None, None
    if markers[0] in ("m1", "m2"):
        width = _more_width(original, after, coefficient, coefficient_text, multiplier)
        return "more_than", value, value + width
    qualifier, bound = (PREFIXES if markers[0] == "pre" else SUFFIXES)[match[markers[0]]]
    return qualifier, value if bound == "lower" else None, value if bound == "upper" else None


def _more_width(original: str, after: bool, coefficient: Decimal, coefficient_text: str,
                multiplier: Decimal) -> Decimal:
    """Width of the range 多/余 opens: see the module docstring (600多亿 -> 1e10; 15万余 -> 1e4)."""
    if coefficient == 0:
        raise ValueError(f"{original!r}: 多/余 after zero")
    if not after:
        return Decimal(10) ** _exponent(coefficient.normalize()) * multiplier
    if multiplier == 1:
        raise ValueError(f"{original!r}: 多/余 after the unit position needs a multiplier (万余, 亿多)")
    written = Decimal(coefficient_text) if coefficient_text[:1].isdigit() else Decimal(1)
    return Decimal(10) ** min(_exponent(written), 0) * multiplier


def _exponent(number: Decimal) -> int:
    """The exponent of a finite Decimal (1.78 -> -2, 1E+4 -> 4)."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):  # 'n', 'N' or 'F': NaN or infinity, which no numeral spells
        raise ValueError(f"{number} is not a finite number")
    return exponent


def _unit_classes(unit: str | None) -> frozenset[str]:
    """Unit classes a measure word allows: % percent, 倍 times, 元 CNY, anything else a count."""
    if unit in ("%", "％"):
        return frozenset({"percent"})
    if unit == "倍":
        return frozenset({"times"})
    if unit == "元":
        return frozenset({"CNY"})
    return COUNT_UNITS
