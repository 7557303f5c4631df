"""Writing the illustrative workbooks: a district's workbook as a district might fill it in, and whole numbers
shared out by weight."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..atomic import atomic_path
from ..ingest import Unit
from ..publish import district_workbook


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    raw = weights / weights.sum() * total
    out = np.floor(raw).astype(int)
    out[np.argsort(-(raw - out))[: total - out.sum()]] += 1
    return out


def write_district(path: Path, unit: Unit, years, values, fields, labels=None, blank_codes=False, identity=True):
    """A district's workbook of ``values`` (field -> year -> value); ``blank_codes`` leaves the code column empty
    (names only), ``identity`` False leaves the identity cells empty (the file name says who)."""
    wb = district_workbook(unit, list(years), fields, values, labels)
    ws = wb["数据"]
    if blank_codes:
        names = {"rd_expenditure": "研究与试验发展经费支出", "hitech_enterprises": "高新技术企业累计数"}
        for r in range(5, 5 + len(fields)):
            code = ws.cell(r, 1).value
            ws.cell(r, 2, names.get(code, ws.cell(r, 2).value))
            ws.cell(r, 1).value = None
    if not identity:
        for c in (2, 4):
            ws.cell(2, c).value = None
    with atomic_path(path) as tmp:
        wb.save(tmp)
