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
                book.problems.append(Problem(
                    book.name, f"{year}年{ind.name}的分母{fields[f.denominator[0]].name}为 0，无法计算比重",
                    f"填写{fields[f.denominator[0]].name}的实际数值", sheet=first.sheet, cell=first.cell, unit_code=unit))
                continue
            value = num / den * f.scale
            if ind.plausible and not ind.plausible[0] <= value <= ind.plausible[1]:
                top = recs[f.numerator[0]]
                book.problems.append(Problem(
                    book.name,
                    f"{year}年{ind.name}算得 {value:.2f}{ind.unit}，超出合理范围 {ind.plausible[0]:g}～{ind.plausible[1]:g}{ind.unit}",
                    f"核对{fields[f.numerator[0]].name}（{top.cell}）和{fields[f.denominator[0]].name}（{first.cell}）的数值与单位（常见原因：万元误作亿元）",
                    sheet=top.sheet, cell=top.cell, severity="warning", unit_code=unit))



def check_baseline(dataset: Dataset, framework: Framework) -> Problem | None:
    """An error when the framework's baseline year has no data: district targets are scaled from it.

    Says where the year's folder belongs: beside the data directory when that is itself a year folder
    (``data/wenzhou/2024``), else inside it."""
    year = framework.baseline_year
    if dataset.panel.empty or year in dataset.years:
        return None
    root = dataset.data_dir
    if re.fullmatch(r"(19|20)\d{2}", root.name):
        where = f"把 {year} 年的工作簿放在 {root.parent / str(year)}，并对上一级目录 {root.parent} 运行（各年文件夹并列）"
    else:
        where = f"把 {year} 年的工作簿放在 {root / str(year)}（每年一个文件夹）"
    return Problem(root.name, f"缺少基期 {year} 年的数据（{framework.name}以 {year} 年为基期，区县目标按基期值分解）",
                   where)


def load_dataset(data_dir, framework: Framework, units: UnitRegistry | None = None) -> Dataset:
    """Read and validate every workbook under ``data_dir`` for ``framework``, with its indicator checks."""
    check = partial(check_indicators, framework=framework, fields=load_fields())
    return read_dataset(Path(data_dir), framework.units, framework.indicators, framework.id, units, check)
