"""Fixtures of the report tests."""

from __future__ import annotations

import pytest

from sti_monitor.ingest.units import load_units
from sti_monitor.paths import UNITS_DIR
from sti_monitor.report.wording import speak_for


@pytest.fixture
def words():
    """``words("jinzhou")``: the reports speak that units file's plan words; Wenzhou's again after the test."""

    def speak(units_id):
        speak_for(load_units(UNITS_DIR / f"{units_id}.yaml"))

    yield speak
    speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))
