"""Checks that need the plan's indicators, run on each workbook before its values are used."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import partial
from pathlib import Path

from ..ingest import (
    Dataset,
    FieldRegistry,
    Problem,
    UnitRegistry,
    Workbook,
    load_fields,
    read_dataset,
)
from .applicability import applicability, exists_in
from .framework import Framework


def check_indicators(book: Workbook, framework: Framework, fields: FieldRegistry):
    """Zero denominators (error) and implausible indicator values (warning), per year."""
    by_year = defaultdict(dict)
    for unit, r in book.accepted_records():
        by_year[(unit, r.year)][r.field] = r
    for (unit, year), recs in sorted(by_year.items()):
        for ind in framework.indicators:
            f = ind.formula
            if f.kind != "ratio" or not all(c in recs for c in (*f.numerator, *f.denominator)):
                continue
            num = sum(recs[c].value for c in f.numerator)
            den = sum(recs[c].value for c in f.denominator)
            first = recs[f.denominator[0]]
            if den == 0:
                book.problems.append(
                    Problem(
                        book.name,
                        f"{year}年{ind.name}的分母{fields[f.denominator[0]].name}为 0，无法计算比重",
                        f"填写{fields[f.denominator[0]].name}的实际数值",
                        sheet=first.sheet,
                        cell=first.cell,
                        unit_code=unit,
                    )
                )
                continue
            value = num / den * f.scale
            if ind.plausible and not ind.plausible[0] <= value <= ind.plausible[1]:
                top = recs[f.numerator[0]]
                book.problems.append(
                    Problem(
                        book.name,
                        f"{year}年{ind.name}算得 {value:.2f}{ind.unit}，超出合理范围 {ind.plausible[0]:g}～{ind.plausible[1]:g}{ind.unit}",
                        f"核对{fields[f.numerator[0]].name}（{top.cell}）和{fields[f.denominator[0]].name}（{first.cell}）的数值与单位（常见原因：万元误作亿元）",
                        sheet=top.sheet,
                        cell=top.cell,
                        severity="warning",
                        unit_code=unit,
                    )
                )


def check_baseline(dataset: Dataset, framework: Framework) -> Problem | None:
    """An error when the framework's baseline year has no data: district targets are scaled from it.

    Says where the year's folder belongs: beside the data directory when that is itself a year folder
    (``data/wenzhou/2024``), else inside it."""
    year = framework.baseline_year
    if dataset.panel.empty or year in dataset.years:
        return None
    root = dataset.data_dir
    if re.fullmatch(r"(19|20)\d{2}", root.name):
        where = (
            f"把 {year} 年的工作簿放在 {root.parent / str(year)}，并对上一级目录 {root.parent} 运行（各年文件夹并列）"
        )
    else:
        where = f"把 {year} 年的工作簿放在 {root / str(year)}（每年一个文件夹）"
    return Problem(
        root.name, f"缺少基期 {year} 年的数据（{framework.name}以 {year} 年为基期，区县目标按基期值分解）", where
    )


def check_unreported(dataset: Dataset, framework: Framework) -> list[Problem]:
    """An error (未报送) for every field an applicable indicator needs that a unit's accepted workbook of a
    year leaves out: the unit then scores 0 on that indicator, so ``validate`` must not pass. Only units
    that reported something in the year are checked (a workbook with errors is reported already)."""
    fields = load_fields()
    units = dataset.units
    applies = applicability(framework, units)
    files: dict[tuple[str, int], str] = {}
    have: dict[tuple[str, int], set[str]] = defaultdict(set)
    for book in dataset.workbooks:
        for unit, r in book.accepted_records():
            files.setdefault((unit, r.year), book.name)
            have[(unit, r.year)].add(r.field)
    members = units.members(framework.city_sums)[units.city.code]
    problems = []
    for (unit, year), reported in sorted(have.items()):
        if unit not in units or units[unit].kind == "reference":
            continue
        needed: dict[str, list[str]] = {}
        for ind in framework.indicators:
            if not applies.get((unit, ind.id), False) or not exists_in(ind, year):
                continue
            # the city (unless it has no members) and aggregates are sums of their members, except a rate they report
            summed = units[unit].kind == "aggregate" or (units[unit].kind == "city" and bool(members))
            if summed and not (ind.formula.kind == "field" and fields[ind.formula.numerator[0]].kind == "rate"):
                continue
            for code in (*ind.formula.numerator, *ind.formula.denominator):  # a reported growth is optional
                needed.setdefault(code, []).append(ind.short_name)
        for code, names in needed.items():
            if code in reported:
                continue
            f = fields[code]
            problems.append(
                Problem(
                    files[(unit, year)],
                    f"未报送：{units[unit].name}{year}年缺少{f.name}（{'、'.join(names)}需要，缺报按0分计）",
                    f"在该工作簿中补填{f.name}（字段代码 {code}，单位 {f.unit}）；确实不可得的，请与市科技局确认",
                    unit_code=unit,
                    field=code,
                    year=year,
                )
            )
    return problems


def load_dataset(
    data_dir, framework: Framework, units: UnitRegistry | None = None, until: int | None = None
) -> Dataset:
    """Read and validate every workbook under ``data_dir`` for ``framework``, with its indicator checks
    (``until``: see :func:`.read_dataset`)."""
    check = partial(check_indicators, framework=framework, fields=load_fields())
    return read_dataset(Path(data_dir), framework.units, framework.indicators, framework.id, units, check, until)
