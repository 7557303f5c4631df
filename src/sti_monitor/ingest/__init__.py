"""Read district workbooks of every format and shape, validate them, and build the tidy panel of raw fields."""
from .conversion import convertible_units
from .fields import Field, FieldRegistry, load_fields
from .panel import Dataset, list_workbooks, read_dataset
from .problems import Problem
from .read import Workbook
from .units import KIND_LABELS, Unit, UnitRegistry, load_units, units_for

__all__ = ["Dataset", "Field", "FieldRegistry", "KIND_LABELS", "Problem", "Unit", "UnitRegistry", "Workbook",
           "convertible_units", "list_workbooks", "load_fields", "load_units", "read_dataset", "units_for"]
