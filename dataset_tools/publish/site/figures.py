"""Which figures the front page shows, chosen by rules over the rows (never by typed values).

- `headline(data)`: the province-wide levels of the year the text reports most. Stated
  indicator rows with no comparison (not a growth rate, rank or share), whose region is a
  province and whose period ends on the period end most stated rows share; one row per
  indicator (an exact figure before a bound, then file order). Each is followed by the derived
  rows of the same indicator, region and comparison: figures the text implies, marked derived.
- `series(data)`: indicators the text gives for two or more periods (stated or derived), one
  row per period, for the chart; ranks and multiples are left out (a bar would mislead).
"""
from __future__ import annotations

from collections import Counter

from dataset_tools.publish.site.facts import Fact, SiteData

NOT_CHARTED_UNITS = ("rank", "rank_places", "times")


def province_ids(data: SiteData) -> set[str]:
    table = data.package.table("regions")
    return {r.id for r in (table.rows if table else []) if r.get("level") == "province"}


def concept(fact: Fact) -> tuple[str, ...]:
    row = fact.row
    return (row.get("indicator", ""), row.get("unit", ""), row.get("region_id", ""),
            row.get("scope_region_id", ""), row.get("comparison", ""))


def preference(fact: Fact) -> tuple[int, int]:
    """Sort key: stated before the rest, exact before bounds."""
    return (fact.status != "stated", fact.row.get("qualifier", "exact") != "exact")


def headline(data: SiteData) -> list[Fact]:
    indicators = data.facts.get("indicators", [])
    provinces = province_ids(data)
    stated = [f for f in indicators if f.status == "stated"]
    ends = Counter(f.row["period_end"] for f in stated if f.row.get("period_end"))
    latest = ends.most_common(1)[0][0] if ends else ""
    chosen: dict[tuple, Fact] = {}
    for fact in stated:
        row = fact.row
        if (not row.get("comparison") and row.get("region_id") in provinces and latest
                and row.get("period_end") == latest):
            key = concept(fact)
            if key not in chosen or preference(fact) < preference(chosen[key]):
                chosen[key] = fact
    ordered = sorted(chosen.values(), key=lambda f: indicators.index(f))
    result = []
    for fact in ordered:
        result.append(fact)
        result.extend(f for f in indicators if f.status == "derived" and concept(f) == concept(fact))
    return result


def series(data: SiteData) -> list[list[Fact]]:
    """Groups of one indicator over several periods, each sorted by period (chart order)."""
    groups: dict[tuple, dict[tuple, Fact]] = {}
    for fact in data.facts.get("indicators", []):
        row = fact.row
        if row.get("unit") in NOT_CHARTED_UNITS or not row.get("value") or not row.get("period_end"):
            continue
        periods = groups.setdefault(concept(fact), {})
        when = (row.get("period_start", ""), row["period_end"])
        if when not in periods or preference(fact) < preference(periods[when]):
            periods[when] = fact
    return [[periods[p] for p in sorted(periods, key=lambda p: (p[1], p[0]))]
            for periods in groups.values() if len(periods) >= 2]
