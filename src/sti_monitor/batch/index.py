"""``index.md``: the year's reports, with the status of each, for a person browsing the folder."""

from __future__ import annotations

from ..atomic import write_bytes
from .summary import BatchSummary

LABELS = {
    "rendered": "已生成",
    "skipped": "未变化（沿用）",
    "failed": "失败",
    "rejected": "数据有误，未生成",
    "held": "未生成",
    "unreported": "未报送",
    "stray": "文件未采用",
}


def write_index(summary: BatchSummary, results) -> None:
    """``index.md``: every unit's report, with its status, in the units file's order (districts,
    zones, areas, aggregates, the city), whatever order they finished in."""
    summary.sort([u.code for u in results.units.all()])
    lines = [
        f"# {summary.year}年科技创新主要指标{'终期评估' if results.is_final(summary.year) else '监测'}报告",
        "",
        f"指标体系：{results.framework.name}",
        "",
        "| 单位代码 | 单位 | 报告 | 执行记录 | 状态 | 说明 |",
        "|---|---|---|---|---|---|",
    ]
    for u in summary.units:
        pdf = f"[{u.slug}.pdf]({u.slug}.pdf)" if (summary.folder / f"{u.slug}.pdf").exists() else "—"
        nb = f"[ipynb]({u.slug}.ipynb)" if (summary.folder / f"{u.slug}.ipynb").exists() else "—"
        lines.append(f"| {u.unit_code} | {u.unit_name} | {pdf} | {nb} | {LABELS[u.status]} | {u.reason} |")
    lines += ["", "汇总表：[summary.xlsx](summary.xlsx)", ""]
    write_bytes(summary.folder / "index.md", "\n".join(lines).encode("utf-8"))
