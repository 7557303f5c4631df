"""Indicator tables out (CSV, JSON, XLSX), scores, the problem list, and the workbooks districts and the city fill in."""

from .export import write_results
from .problems import write_problems
from .scores import write_scores
from .templates import district_workbook, save_new, task_table_workbook, wide_workbook

__all__ = [
    "district_workbook",
    "save_new",
    "task_table_workbook",
    "wide_workbook",
    "write_problems",
    "write_results",
    "write_scores",
]
