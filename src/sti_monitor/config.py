"""Read YAML parameter files with errors that name the file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .errors import ConfigError
from .paths import PARAMS_DIR

# PyYAML's problems, as people who write the file by hand meet them
_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        "此处不能出现“键: 值”（常见原因：冒号后缺空格、缩进不对，或值中的冒号没有加引号）",
    ),
    (
        "cannot start any token",
        "含有不能出现在此处的字符（常见原因：用了 Tab 缩进，请改用空格；或 @、` 开头的值没有加引号）",
    ),
    ("could not find expected ':'", "缺少冒号“:”（常见原因：上一行的引号没有闭合）"),
    ("expected <block end>", "缩进不一致：同一层的项目应对齐"),
    ("did not find expected key", "缩进不一致，或列表项“- ”与上一层混在一起"),
    ("did not find expected ',' or '}'", "花括号 { } 中的项目之间缺少逗号，或缺少右花括号"),
    ("did not find expected ',' or ']'", "方括号 [ ] 中的项目之间缺少逗号，或缺少右方括号"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了"),
    ("found duplicate anchor", "重复的锚点（&）"),
    ("found undefined alias", "引用了未定义的锚点（*）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
)


def yaml_error_text(exc: yaml.YAMLError) -> str:
    """A YAML syntax error in Chinese, with its line and column (1-based)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    text = " ".join(str(getattr(exc, k, "") or "") for k in ("context", "problem"))
    why = next((zh for en, zh in _YAML_PROBLEMS if en in text), "格式错误")
    where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列附近" if mark is not None else ""
    return f"YAML 格式错误，{where}：{why}" if where else f"YAML 格式错误：{why}"


def load_yaml(path: Path) -> dict:
    """Return the mapping stored in the YAML file ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "文件不存在") from None
    except UnicodeDecodeError:
        raise ConfigError(path, "不是 UTF-8 编码：请用记事本或其他编辑器“另存为” UTF-8 编码") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(path, yaml_error_text(exc)) from None
    if not isinstance(data, dict):
        raise ConfigError(path, "文件内容应为键值映射（mapping）")
    return data


@cache
def settings() -> dict:
    """Project-wide settings from ``params/settings.yaml``."""
    return load_yaml(PARAMS_DIR / "settings.yaml")
