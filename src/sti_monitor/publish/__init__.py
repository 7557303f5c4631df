"""Indicator tables out (CSV, JSON, XLSX) and the workbooks districts and the city fill in."""
from .export import write_results, write_scores
from .templates import district_workbook, save_new, task_table_workbook

__all__ = ["district_workbook", "save_new", "task_table_workbook", "write_results", "write_scores"]
