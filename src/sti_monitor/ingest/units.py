"""Reporting units (districts, functional zones, areas, aggregates, the city) from ``params/units/*.yaml``.

Districts are summed into the city. Zones and areas (parks, corridor areas) report their own
data and are never summed into the city unless a framework says so (``city_sums``). An
aggregate (a zone made of parks) is the sum of its ``members``. A reference unit (the province)
supplies the values of reference-relative targets and gets no report.

A data directory may carry its own ``units.yaml`` in the same format; it then replaces
the default, which is how another city or a province is served without code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..config import load_yaml
from ..errors import ConfigError
from ..paths import PARAMS_DIR, UNITS_DIR
from .fields import normalize_label

CODE_PATTERN = re.compile(r"^[0-9A-Za-z_-]{1,24}$")
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]|^\.+')
SLUG_NAME_BYTES = 60  # 20 Chinese characters; the longest output name adds 40 bytes to the stem

KIND_LABELS = {
    "city": "全市",
    "district": "县（市、区）",
    "zone": "功能区",
    "area": "园区（片区）",
    "aggregate": "汇总区域",
    "reference": "参照单位",
}


PLAN_WORDS_FILE = PARAMS_DIR / "wording" / "plan_words.yaml"  # the plan words' defaults and what each means


@cache
def plan_word_defaults() -> dict[str, str]:
    """The plan words a units file may set, with the words used when it does not (a city of counties)."""
    return {key: str(text) for key, text in load_yaml(PLAN_WORDS_FILE).items()}


def plan_words_of(units) -> dict[str, str]:
    """The words of the plan whose units are ``units`` (a :class:`UnitRegistry`): its ``wording`` block over
    the defaults; an unknown key is an error naming the units file."""
    own = getattr(units, "wording", None) or {}
    unknown = set(own) - set(plan_word_defaults())
    if unknown:
        raise ConfigError(
            getattr(units, "source", PLAN_WORDS_FILE),
            f"wording 中未知的键 {'、'.join(sorted(unknown))}（可用：{'、'.join(plan_word_defaults())}）",
        )
    return {**plan_word_defaults(), **{k: str(v) for k, v in own.items()}}


def reword(text: str, words: dict[str, str]) -> str:
    """A text the measuring code wrote for a city of counties (a target's rule or note: "与全市目标相同") in
    ``words``, the words of another plan (:func:`plan_words_of`)."""
    defaults = plan_word_defaults()
    for key in ("whole_target", "reporters", "member", "whole"):  # longest first: 全市目标 before 全市
        if words[key] != defaults[key]:
            text = text.replace(defaults[key], words[key])
    return text


def kind_labels(units, member_kinds=("district",)) -> dict[str, str]:
    """The name of each unit kind in the plan's words: the city is its whole (全市 / 走廊 / 全县), the kinds it
    sums (``member_kinds``, a framework's ``city_sums``) its members (县（市、区） / 片区)."""
    words = plan_words_of(units)
    return {**KIND_LABELS, "city": words["whole"], **{kind: words["member"] for kind in member_kinds}}


@dataclass(frozen=True)
class Unit:
    """A reporting unit: its ``code``, Chinese ``name`` and ``kind`` (see ``KIND_LABELS``);
    an aggregate lists the codes of its ``members``."""

    code: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """File-name stem ``{code}_{name}``: the name made safe on Windows too and cut to
        ``SLUG_NAME_BYTES`` of UTF-8 (the code alone keeps it unique), so that every output file
        and its temporary twin fit any file system's name limit."""
        name = UNSAFE_NAME.sub("_", self.name).rstrip(". ")
        cut = name.encode("utf-8")[:SLUG_NAME_BYTES].decode("utf-8", "ignore")
        return f"{self.code}_{cut}" if cut else self.code


class UnitRegistry:
    """The units of one city (or province): the city, its districts, zones, areas, aggregates
    and reference units."""

    def __init__(
        self,
        id: str,
        city: Unit,
        districts: list[Unit],
        zones: list[Unit],
        source: Path | None = None,
        areas: list[Unit] = (),
        aggregates: list[Unit] = (),
        references: list[Unit] = (),
    ):
        self.id = id
        self.city = city
        self.districts = list(districts)
        self.zones = list(zones)
        self.areas = list(areas)
        self.aggregates = list(aggregates)
        self.references = list(references)
        self.source = source
        self.wording: dict[str, str] = {}  # how reports name the whole and its parts (the units file's ``wording``)
        self._by_code = {u.code: u for u in [*self.all(), *self.references]}
        self._by_name = {}
        for unit in [*self.all(), *self.references]:
            for label in (unit.name, *unit.aliases):
                self._by_name[normalize_label(label)] = unit

    def all(self) -> list[Unit]:
        """The units that get reports, in the order they are listed: districts, zones, areas, aggregates, the city."""
        return [*self.districts, *self.zones, *self.areas, *self.aggregates, self.city]

    def members(self, city_sums=("district",)) -> dict[str, list[str]]:
        """Codes summed into each aggregate: the city's members are the units of the kinds in ``city_sums``."""
        out = {u.code: list(u.members) for u in self.aggregates}
        out[self.city.code] = [u.code for u in [*self.districts, *self.zones, *self.areas] if u.kind in city_sums]
        return out

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


UNIT_KEYS = {"code", "name", "aliases", "members"}


def _unit(spec, kind: str, path: Path) -> Unit:
    if not isinstance(spec, dict) or "code" not in spec or "name" not in spec:
        raise ConfigError(path, f"每个单位需要 code 和 name：{spec!r}")
    unknown = set(spec) - UNIT_KEYS
    if unknown:
        raise ConfigError(
            path,
            f"单位 {spec['code']}：未知的键 {'、'.join(sorted(map(str, unknown)))}（可用：{'、'.join(sorted(UNIT_KEYS))}）",
        )
    code, name = str(spec["code"]).strip(), str(spec["name"]).strip()
    if not CODE_PATTERN.match(code):
        raise ConfigError(path, f"单位代码 {code!r} 只能含字母、数字、下划线或连字符")
    if not name or UNSAFE_NAME.search(name):
        raise ConfigError(path, f"单位名称 {name!r} 含有不能用于文件名的字符")
    members = tuple(str(m).strip() for m in spec.get("members") or ())
    if kind == "aggregate" and not members:
        raise ConfigError(path, f"汇总区域 {code}（{name}）需要 members：组成它的单位代码列表")
    if kind != "aggregate" and members:
        raise ConfigError(path, f"单位 {code}（{name}）不是汇总区域（aggregates），不能有 members")
    return Unit(code=code, name=name, kind=kind, aliases=tuple(spec.get("aliases") or ()), members=members)


def load_units(path: Path) -> UnitRegistry:
    """Read one units file."""
    path = Path(path)
    data = load_yaml(path)
    if "city" not in data:
        raise ConfigError(path, "缺少 city（全市/全省汇总单位）")
    city = _unit(data["city"], "city", path)
    # peer_groups: the groups a unit's report compares it within (read by the report, report/context.py);
    # wording: how the plan names its whole and its members (params/wording/plan_words.yaml)
    unknown = set(data) - {
        "id",
        "name",
        "city",
        "districts",
        "zones",
        "areas",
        "aggregates",
        "references",
        "peer_groups",
        "wording",
    }
    if unknown:
        raise ConfigError(path, f"未知的键 {'、'.join(sorted(map(str, unknown)))}")
    groups = {
        kind: [_unit(s, kind, path) for s in data.get(key) or []]
        for key, kind in (
            ("districts", "district"),
            ("zones", "zone"),
            ("areas", "area"),
            ("aggregates", "aggregate"),
            ("references", "reference"),
        )
    }
    registry = UnitRegistry(
        str(data.get("id", path.stem)),
        city,
        groups["district"],
        groups["zone"],
        source=path,
        areas=groups["area"],
        aggregates=groups["aggregate"],
        references=groups["reference"],
    )
    wording = data.get("wording") or {}
    if not isinstance(wording, dict):
        raise ConfigError(path, "wording 应为“键: 文字”的映射（本规划对全市、县（市、区）等的称呼）")
    registry.wording = {str(k): str(v) for k, v in wording.items()}  # the plan's words, read by report/wording.py
    if len(registry) != 1 + sum(len(g) for g in groups.values()):
        raise ConfigError(path, "单位代码重复")
    summable = {u.code for g in ("district", "zone", "area") for u in groups[g]}
    for agg in groups["aggregate"]:
        strangers = [m for m in agg.members if m not in summable]
        if strangers:
            raise ConfigError(
                path,
                f"汇总区域 {agg.code}（{agg.name}）的 members 中 {'、'.join(strangers)} "
                "不是本文件中的县（市、区）、功能区或园区",
            )
    return registry


def units_for(data_dir: Path | None, default_id: str) -> UnitRegistry:
    """The units of a data directory: its own ``units.yaml`` if present, else ``params/units/{default_id}.yaml``."""
    if data_dir is not None:
        own = Path(data_dir) / "units.yaml"
        if own.is_file():
            return load_units(own)
    return load_units(UNITS_DIR / f"{default_id}.yaml")
