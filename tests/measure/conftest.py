"""A tiny framework file for the assessment, composite and trajectory tests."""
from __future__ import annotations

import pytest
import yaml

from sti_monitor.ingest import UnitRegistry
from sti_monitor.ingest.units import Unit
from sti_monitor.measure.framework import load_framework_file

BASE = {
    "id": "tiny", "name": "测试体系", "units": "wenzhou", "baseline_year": 2022, "final_year": 2027,
    "indicators": [
        {"id": "x", "name": "指标X", "short_name": "X", "unit": "%", "precision": 2, "group": "投入",
         "formula": {"kind": "ratio", "numerator": "rd_expenditure", "denominator": "gdp", "scale": 100},
         "targets": {2027: 3}},
        {"id": "y", "name": "指标Y", "short_name": "Y", "unit": "家", "precision": 0, "direction": "lower",
         "group": "投入", "formula": {"kind": "field", "field": "hitech_enterprises"}, "targets": {2027: 3}},
        {"id": "z", "name": "指标Z", "short_name": "Z", "unit": "%", "precision": 1,
         "formula": {"kind": "growth", "field": "hitech_investment"}, "targets": {2027: 15}},
    ],
}


@pytest.fixture
def tiny_framework(tmp_path):
    """``tiny_framework(assessment=..., composite=..., changes={"x": {...}})``: the framework file written and loaded."""
    def make(changes=None, **blocks):
        indicators = [{**spec, **(changes or {}).get(spec["id"], {})} for spec in BASE["indicators"]]
        path = tmp_path / "tiny.yaml"
        path.write_text(yaml.safe_dump({**BASE, "indicators": indicators, **blocks}, allow_unicode=True), encoding="utf-8")
        return load_framework_file(path)
    return make


@pytest.fixture
def units_of():
    """``units_of(["D1", "D2"], zones=["Z"])``: city C with those districts and zones."""
    def make(districts, zones=()) -> UnitRegistry:
        return UnitRegistry("t", Unit("C", "全市", "city"), [Unit(c, f"区{c}", "district") for c in districts],
                            [Unit(c, f"园{c}", "zone") for c in zones])
    return make


