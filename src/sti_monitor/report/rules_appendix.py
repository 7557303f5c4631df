"""The rules of the assessment (考核), the composite index, the rank intervals and the outlook toward the final
target, in Chinese, for a report's appendix; from the framework's blocks and ``params/settings.yaml``."""

from __future__ import annotations

from ..config import settings
from ..ingest import load_fields
from ..measure import Results
from ..measure.assessment import VETO_LABELS
from .elements import Bullets, Elements, Heading
from .units import heading_variant
from .wording import say


def condition_text(c) -> str:
    """A grade's conditions besides its score (so that a grade never contradicts the status counts)."""
    parts = []
    if c.max_behind is not None:
        parts.append(
            say("grade_condition_none_behind")
            if c.max_behind == 0
            else say("grade_condition_max_behind", n=c.max_behind)
        )
    if c.min_met_share is not None:
        parts.append(say("grade_condition_min_met", share=f"{c.min_met_share:.0%}"))
    return "，且" + "、".join(parts) if parts else ""


def assessment_rules(results: Results, year: int | None = None) -> Elements:
    """Every rule of the assessment, composite index, rank intervals and outlooks, in Chinese. In the plan's final
    year (``year``) the outlook is only 已完成 or 未完成, so its rule defines no pace (进展顺利, 需加快…)."""
    fw = results.framework
    a, c = fw.assessment, fw.composite
    fields = load_fields()
    weights = dict(a.weights)
    if len(set(weights.values())) == 1:
        weight_text = say("rule_equal_weights")
    else:
        weight_text = "；".join(f"{fw.indicator(i).short_name} {w:g}" for i, w in weights.items())
    grades = "，".join(
        say("rule_grade", name=name, low=f"{low:g}", condition=condition_text(a.condition(name)))
        for name, low in a.grades
    ) + say("rule_otherwise", name=a.fail_grade)
    vetoes = "；".join(
        say("rule_veto", indicator=fw.indicator(v.indicator).short_name, when=VETO_LABELS[v.when], grade=v.best_grade)
        for v in a.vetoes
    )
    transforms = []
    for ind_id, t in c.transforms:
        text = fw.indicator(ind_id).short_name
        if t.per:
            text += say("rule_transform_per", field=fields[t.per].name)
        if t.scale != 1:
            text += say("rule_transform_scale", scale=f"{t.scale:g}")
        if t.sqrt:
            text += say("rule_transform_sqrt")
        transforms.append(text)
    groups = "，".join(say("rule_group", name=name, low=f"{low:g}") for name, low in c.groups) + say(
        "rule_otherwise", name=c.lowest_group
    )
    outlook = settings()["outlook"]
    items = [
        say("assessment_rule_score", cap=f"{a.cap:g}", weights=weight_text),
        say("assessment_rule_growth", points=f"{a.points_per_point:g}"),
        say("assessment_rule_grade", grades=grades) if a.grades else say("assessment_rule_no_grade"),
        say("assessment_rule_veto", rules=vetoes) if vetoes else say("assessment_rule_no_veto"),
        say("assessment_rule_transform", transforms="；".join(transforms))
        if transforms
        else say("assessment_rule_transform_none"),
        say("assessment_rule_normalise", base_year=fw.baseline_year, sd=f"{c.outlier_sd:g}"),
        say("assessment_rule_index", coverage=f"{c.min_coverage:.0%}", base_year=fw.baseline_year),
        say("assessment_rule_group", groups=groups),
        say("assessment_rule_interval", seed=c.seed, draws=c.draws, sd=f"{c.outlier_sd:g}"),
        say(
            "assessment_rule_outlook_final" if year == fw.final_year else "assessment_rule_outlook",
            base_year=fw.baseline_year,
            final_year=fw.final_year,
            total=fw.final_year - fw.baseline_year,
            on_track=f"{outlook['on_track']:g}",
            acceleration=f"{outlook['acceleration_needed']:g}",
        ),
    ]
    if not results.members:  # a plan of one unit: no ranks, no index against other units
        single = (
            say("assessment_rule_grade_single", grades=grades) if a.grades else say("assessment_rule_no_grade_single")
        )
        items = [items[0], items[1], single, items[3], items[-1]]
    return Elements([Heading(say(f"heading_assessment_rules{heading_variant(results, year)}"), 3), Bullets(items)])
