"""Each plan's reports name its whole and its parts in its own words (issue 23): the words come from the plan's
units file, never from a template or from Python."""

from string import Formatter

import pytest

from sti_monitor.config import load_yaml
from sti_monitor.errors import ConfigError
from sti_monitor.ingest.units import load_units
from sti_monitor.paths import UNITS_DIR
from sti_monitor.report.wording import WORDING_DIR, plan_text, plan_words_of, say, speak_for

REPORT_WORDING = ("report.yaml", "report_parts.yaml", "assessment.yaml", "overview_large.yaml")
# words the other plans use and each plan's own must not
FOREIGN = {
    "daluoshan": ["全市", "县（市、区）", "全县"],
    "xinchang": ["全市", "县（市、区）", "走廊", "片区"],
    "wenzhou": ["走廊", "片区", "全县"],
    "wenzhou-zcq": ["走廊", "片区", "全县"],
    "jinzhou": ["走廊", "片区", "全县"],
}


def every_sentence() -> list[str]:
    """Every report template filled with X for the fields a caller passes (the plan's words fill the rest)."""
    out = []
    for name in REPORT_WORDING:
        for key, template in load_yaml(WORDING_DIR / name).items():
            fields = {f: "X" for _, f, _, _ in Formatter().parse(template) if f}
            out.append(say(key, **{f: v for f, v in fields.items() if f not in plan_words_of(None)}))
    return out


@pytest.mark.parametrize("plan", sorted(FOREIGN))
def test_no_report_sentence_uses_another_plans_words(plan):
    speak_for(load_units(UNITS_DIR / f"{plan}.yaml"))
    try:
        text = "\n".join(every_sentence())
        assert [w for w in FOREIGN[plan] if w in text] == []
    finally:
        speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))


def test_the_corridor_and_the_county_are_named_as_their_plans_name_them():
    speak_for(load_units(UNITS_DIR / "daluoshan.yaml"))
    try:
        assert say("section_city", value="907", measure="家") == "走廊为907家"
        assert say("rank_note", n=6).startswith("位次：在6个片区中按该指标数值排列")
        assert say("cover_colophon", version="1.0") == "由 sti-monitor 1.0 根据各片区统计报表自动生成"
        assert plan_text("与全市目标相同") == "与走廊目标相同"
        speak_for(load_units(UNITS_DIR / "xinchang.yaml"))
        assert say("cover_colophon", version="1.0") == "由 sti-monitor 1.0 根据新昌县统计报表自动生成"
        assert plan_text("与全市相同") == "与全县相同"
    finally:
        speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))


def test_a_units_file_with_an_unknown_word_is_refused(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text('id: x\nwording: {whole: 全区, city_name: 全区}\ncity: {code: "1", name: 某区}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="city_name"):
        speak_for(load_units(path))


class _Plan:
    """The little of a plan's results a cover looks at: its units and which of them the whole sums."""

    def __init__(self, units_id: str, member_kind: str):
        self.units = load_units(UNITS_DIR / f"{units_id}.yaml")
        self.members = [u for u in self.units.all() if u.kind == member_kind]

    def cached(self, _key, build):
        return build()


COVERS = [  # (units file, the kind the whole sums, unit code, who sent the statistics as the cover says)
    ("jinzhou", "district", "210700", "各县（市、区）"),
    ("jinzhou", "district", "210726", "本县（市、区）"),  # 黑山县's own report
    ("wenzhou", "district", "330300", "各县（市、区）和功能区"),  # the city report shows the zones too
    ("wenzhou", "district", "330328", "本县（市、区）"),
    ("wenzhou", "district", "330371", "本功能区"),
    ("wenzhou-zcq", "district", "330300", "各县（市、区）和园区"),
    ("wenzhou-zcq", "district", "3303Z0", "各园区"),
    ("wenzhou-zcq", "district", "3303Z4", "本园区"),
    ("daluoshan", "area", "DLS00", "各片区"),
    ("daluoshan", "area", "DLS01", "本片区"),
    ("xinchang", "district", "330624", "新昌县"),
]


@pytest.mark.parametrize(("units_id", "member_kind", "code", "reporters"), COVERS)
def test_a_cover_names_who_sent_the_statistics_in_the_plans_words(units_id, member_kind, code, reporters):
    from sti_monitor.report.frame import cover_reporters

    plan = _Plan(units_id, member_kind)
    speak_for(plan.units)
    try:
        assert cover_reporters(plan, code) == reporters
    finally:
        speak_for(load_units(UNITS_DIR / "wenzhou.yaml"))
