"""Where the project's files live, derived from the package location, never the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parents[1]


#: The plan used when none is named (and the one whose sample is ``data/sample``).
DEFAULT_FRAMEWORK = "wenzhou-2027"

#: YAML parameters: fields, settings, frameworks, units. ``STI_MONITOR_PARAMS`` overrides.
PARAMS_DIR = Path(os.environ.get("STI_MONITOR_PARAMS") or PROJECT_DIR / "params")
FRAMEWORKS_DIR = PARAMS_DIR / "frameworks"
UNITS_DIR = PARAMS_DIR / "units"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
SAMPLE_DATA_DIR = PROJECT_DIR / "data" / "sample"
REPORTS_DIR = PROJECT_DIR / "reports"
