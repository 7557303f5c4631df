"""The sentences of the reports, from ``params/wording/*.yaml``: one template per situation, with named fields.

An analyst changes how a report speaks by editing those files, not Python. A template is a ``str.format``
string (``"{unit}{year}年……"``); :func:`say` fills it and refuses to leave a field empty or unknown.
"""
from __future__ import annotations

from functools import lru_cache
from string import Formatter

from ..config import load_yaml
from ..errors import ConfigError
from ..paths import PARAMS_DIR

WORDING_DIR = PARAMS_DIR / "wording"


@lru_cache(maxsize=None)
def templates() -> dict[str, str]:
    """Every template of every wording file, by key; a key defined twice is an error naming both files."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(WORDING_DIR.glob("*.yaml")):
        for key, text in load_yaml(path).items():
            if not isinstance(text, str):
                raise ConfigError(path, f"“{key}”应为一句文字模板")
            if key in found:
                raise ConfigError(path, f"“{key}”已在 {found[key][0]} 中定义")
            found[key] = (path.name, text)
    return {key: text for key, (_, text) in found.items()}


def say(key: str, **fields) -> str:
    """The sentence ``key`` with its named ``fields`` filled in."""
    try:
        template = templates()[key]
    except KeyError:
        raise ConfigError(WORDING_DIR, f"缺少文字模板“{key}”") from None
    wanted = {name for _, name, _, _ in Formatter().parse(template) if name}
    if wanted - fields.keys():
        raise ConfigError(WORDING_DIR, f"文字模板“{key}”需要字段：{'、'.join(sorted(wanted - fields.keys()))}")
    return template.format(**fields)
