"""The plan a data directory is for, remembered in its ``规划.yaml`` (written by ``sti-monitor sample`` and
``template --all``), so that every command and the control panel use it without ``--framework``.

The file holds one key: ``framework: jinzhou-2020`` (an id of ``params/frameworks``).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .atomic import write_bytes
from .errors import StiMonitorError
from .paths import DEFAULT_FRAMEWORK, FRAMEWORKS_DIR

PLAN_FILE = "规划.yaml"


def recorded_plan(data_dir) -> str | None:
    """The framework id ``data_dir``'s ``规划.yaml`` names, or ``None`` when there is none."""
    path = Path(data_dir) / PLAN_FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise StiMonitorError(
            f"{path} 无法读取（{type(exc).__name__}）：应为一行“framework: 指标体系id”，"
            f"如 framework: {DEFAULT_FRAMEWORK}"
        ) from None
    plan = data.get("framework") if isinstance(data, dict) else None
    if not isinstance(plan, str) or not (FRAMEWORKS_DIR / f"{plan}.yaml").is_file():
        raise StiMonitorError(
            f"{path} 应写明本数据目录所用的指标体系，如 framework: {DEFAULT_FRAMEWORK}"
            f"（可用的见 sti-monitor frameworks）；现为：{plan!r}"
        )
    return plan


def record_plan(data_dir, framework_id: str) -> Path | None:
    """Write ``规划.yaml`` naming ``framework_id`` in ``data_dir`` (only for a shipped plan's id; a framework
    given as a file is not remembered). Returns the file written, or ``None``."""
    if not (FRAMEWORKS_DIR / f"{framework_id}.yaml").is_file():
        return None
    path = Path(data_dir) / PLAN_FILE
    write_bytes(
        path,
        (
            f"# 本数据目录所用的指标体系：sti-monitor 的各命令和控制面板不加 --framework 时使用它\n"
            f"framework: {framework_id}\n"
        ).encode(),
    )
    return path


def chosen_plan(data_dir, given: str | None) -> str:
    """The framework a command uses for ``data_dir``: ``given`` (``--framework``), else the recorded plan,
    else the default. A shipped plan given that is not the recorded one is an error naming both."""
    recorded = recorded_plan(data_dir) if data_dir is not None and Path(data_dir).is_dir() else None
    if given is None:
        return recorded or DEFAULT_FRAMEWORK
    if recorded and given != recorded and (FRAMEWORKS_DIR / f"{given}.yaml").is_file():
        raise StiMonitorError(
            f"数据目录 {data_dir} 的 {PLAN_FILE} 写明所用指标体系为 {recorded}，与 --framework {given} 不符："
            f"去掉 --framework 即按 {recorded}；确要改用 {given} 时请改正 {PLAN_FILE}"
        )
    return given
