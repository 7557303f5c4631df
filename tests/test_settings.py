"""Every setting in params/settings.yaml is read by the code: a tunable nobody reads is a lie to its reader."""

from __future__ import annotations

import ast

import yaml

from sti_monitor.paths import PACKAGE_DIR, PARAMS_DIR

# Mappings whose keys are names chosen by the plan (grade words, group words), not settings read by name.
NAMED_BY_THE_PLAN = {"grades", "groups", "conditions"}


def _setting_keys(data: dict, prefix: str = "") -> list[str]:
    keys = []
    for key, value in data.items():
        keys.append(prefix + str(key))
        if isinstance(value, dict) and key not in NAMED_BY_THE_PLAN:
            keys += _setting_keys(value, f"{prefix}{key}.")
    return keys


def _string_constants() -> set[str]:
    found = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def unread_settings(settings: dict, constants: set[str]) -> list[str]:
    """The dotted settings whose last part is never written as a string in the package's code."""
    return [key for key in _setting_keys(settings) if key.rsplit(".", 1)[-1] not in constants]


def test_every_setting_is_read_somewhere():
    settings = yaml.safe_load((PARAMS_DIR / "settings.yaml").read_text(encoding="utf-8"))
    assert unread_settings(settings, _string_constants()) == []


def test_an_unread_setting_is_found():
    settings = {"near_threshold": 0.95, "assessment": {"cap": 1.0, "grades": {"优秀": 90}}, "forgotten": 1}
    assert unread_settings(settings, {"near_threshold", "assessment", "cap"}) == ["assessment.grades", "forgotten"]
