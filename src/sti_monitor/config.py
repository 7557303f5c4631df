"""Read YAML parameter files with errors that name the file."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .errors import ConfigError
from .paths import PARAMS_DIR


def load_yaml(path: Path) -> dict:
    """Return the mapping stored in the YAML file ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "文件不存在") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"YAML 格式错误：{exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(path, "文件内容应为键值映射（mapping）")
    return data


@lru_cache(maxsize=None)
def settings() -> dict:
    """Project-wide settings from ``params/settings.yaml``."""
    return load_yaml(PARAMS_DIR / "settings.yaml")
