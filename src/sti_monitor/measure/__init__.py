"""Indicators, targets and compliance from the tidy panel, as a plan's framework defines them."""

from .compliance import STATUS_COLOURS, STATUS_LABELS, round_half_up
from .framework import TARGET_KIND_LABELS, Framework, list_frameworks, load_framework
from .outlook import OUTLOOK_COLOURS, OUTLOOK_LABELS
from .results import Results, evaluate
from .targets import RULE_LABELS, target_paths
from .validation import check_baseline, check_unreported, load_dataset

__all__ = [
    "Framework",
    "RULE_LABELS",
    "Results",
    "STATUS_COLOURS",
    "STATUS_LABELS",
    "TARGET_KIND_LABELS",
    "OUTLOOK_COLOURS",
    "OUTLOOK_LABELS",
    "check_baseline",
    "check_unreported",
    "evaluate",
    "list_frameworks",
    "load_dataset",
    "load_framework",
    "round_half_up",
    "target_paths",
]
