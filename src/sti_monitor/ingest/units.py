"""Reporting units (districts, functional zones, the city) from ``params/units/*.yaml``.

A data directory may carry its own ``units.yaml`` in the same format; it then replaces
the default, which is how another city or a province is served without code changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..config import load_yaml
from ..errors import ConfigError
from ..paths import UNITS_DIR
from .fields import normalize_label

CODE_PATTERN = re.compile(r"^[0-9A-Za-z_-]{1,24}$")
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]|^\.+')
SLUG_NAME_BYTES = 60  # 20 Chinese characters; the longest output name adds 40 bytes to the stem

KIND_LABELS = {"city": "全市", "district": "县（市、区）", "zone": "功能区"}


@dataclass(frozen=True)
class Unit:
    """A reporting unit: its ``code``, Chinese ``name`` and ``kind`` (city, district or zone)."""

    code: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """File-name stem ``{code}_{name}``: the name made safe on Windows too and cut to
        ``SLUG_NAME_BYTES`` of UTF-8 (the code alone keeps it unique), so that every output file
        and its temporary twin fit any file system's name limit."""
        name = UNSAFE_NAME.sub("_", self.name).rstrip(". ")
        cut = name.encode("utf-8")[:SLUG_NAME_BYTES].decode("utf-8", "ignore")
        return f"{self.code}_{cut}" if cut else self.code


class UnitRegistry:
    """The units of one city (or province): one aggregate, its districts, its zones."""

    def __init__(self, id: str, city: Unit, districts: list[Unit], zones: list[Unit], source: Path | None = None):
        self.id = id
        self.city = city
        self.districts = districts
        self.zones = zones
        self.source = source
        self._by_code = {u.code: u for u in self.all()}
        self._by_name = {}
        for unit in self.all():
            for label in (unit.name, *unit.aliases):
                self._by_name[normalize_label(label)] = unit

    def all(self) -> list[Unit]:
        """Districts, then zones, then the city: the order reports are listed in."""
        return [*self.districts, *self.zones, self.city]

    def get(self, code) -> Unit | None:
        return self._by_code.get(str(code).strip())

    def by_name(self, name: str) -> Unit | None:
        return self._by_name.get(normalize_label(name))

    def __getitem__(self, code) -> Unit:
        unit = self.get(code)
        if unit is None:
            raise KeyError(code)
        return unit

    def __contains__(self, code) -> bool:
        return self.get(code) is not None

    def __len__(self) -> int:
        return len(self._by_code)


def _unit(spec, kind: str, path: Path) -> Unit:
    if not isinstance(spec, dict) or "code" not in spec or "name" not in spec:
        raise ConfigError(path, f"每个单位需要 code 和 name：{spec!r}")
    code, name = str(spec["code"]).strip(), str(spec["name"]).strip()
    if not CODE_PATTERN.match(code):
        raise ConfigError(path, f"单位代码 {code!r} 只能含字母、数字、下划线或连字符")
    if not name or UNSAFE_NAME.search(name):
        raise ConfigError(path, f"单位名称 {name!r} 含有不能用于文件名的字符")
    return Unit(code=code, name=name, kind=kind, aliases=tuple(spec.get("aliases") or ()))


def load_units(path: Path) -> UnitRegistry:
    """Read one units file."""
    path = Path(path)
    data = load_yaml(path)
    if "city" not in data:
        raise ConfigError(path, "缺少 city（全市/全省汇总单位）")
    city = _unit(data["city"], "city", path)
    districts = [_unit(s, "district", path) for s in data.get("districts") or []]
    zones = [_unit(s, "zone", path) for s in data.get("zones") or []]
    registry = UnitRegistry(str(data.get("id", path.stem)), city, districts, zones, source=path)
    if len(registry) != len(districts) + len(zones) + 1:
        raise ConfigError(path, "单位代码重复")
    return registry


def units_for(data_dir: Path | None, default_id: str) -> UnitRegistry:
    """The units of a data directory: its own ``units.yaml`` if present, else ``params/units/{default_id}.yaml``."""
    if data_dir is not None:
        own = Path(data_dir) / "units.yaml"
        if own.is_file():
            return load_units(own)
    return load_units(UNITS_DIR / f"{default_id}.yaml")
