"""Read district workbooks of every format and shape, validate them, and build the tidy panel of raw fields."""

from .confirmations import Confirmation, add_confirmation, load_confirmations
from .conversion import convertible_units
from .fields import Field, FieldRegistry, load_fields
from .panel import Confirmed, Dataset, list_workbooks, read_dataset
from .problems import Problem
from .read import Workbook
from .units import KIND_LABELS, Unit, UnitRegistry, load_units, units_for

__all__ = [
    "Confirmation",
    "Confirmed",
    "Dataset",
    "Field",
    "FieldRegistry",
    "KIND_LABELS",
    "Problem",
    "Unit",
    "UnitRegistry",
    "Workbook",
    "add_confirmation",
    "convertible_units",
    "list_workbooks",
    "load_confirmations",
    "load_fields",
    "load_units",
    "read_dataset",
    "units_for",
]
