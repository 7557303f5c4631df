"""Write district workbooks: the blank template districts fill in, and filled ones for sample data.

Layout: a merged title row; identity cells (行政区划代码, 单位名称); a header row
(字段代码, 指标名称, 单位, one column per year); one row per raw field; notes below.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from ..ingest import Field, Unit, UnitRegistry, convertible_units, load_fields
from ..ingest.units import plan_words_of
from ..measure import Framework

FIXED_TIME = dt.datetime(2024, 1, 1)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NOTES = [
    "注：1. 数值按“单位”列填写；可改用可换算单位（如 万元/亿元、人/万人），并同时修改“单位”列。",
    "2. 不可得的数据填“—”或留空；不要删除行、不要改动字段代码。",
    "3. 企业数为年末累计数；增速为可比口径百分比，不带 % 号亦可。",
]
INSTRUCTIONS = [
    ("填表说明", ""),
    ("1", "在“数据”工作表第 2 行核对行政区划代码和单位名称。"),
    ("2", "在黄色单元格中按“单位”列的计量单位填写各年数值。"),
    ("3", "数字可以直接输入，也可带千分位逗号；百分比字段可带 % 号。"),
    ("4", "不可得的数据填“—”或留空。不要增删行列、不要修改字段代码。"),
    ("5", "高新技术产业投资增速为可比口径增速，未掌握时可不填，系统将按投资额计算。"),
    ("6", "填好后运行 sti-monitor validate 数据目录 检查，按提示逐项修改。"),
]


def _validation(fld: Field, ref: str) -> DataValidation:
    if fld.kind == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.promptTitle, dv.prompt = fld.name, f"填写非负整数（{fld.unit}）；不可得填“—”"
    elif fld.kind == "amount":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.promptTitle, dv.prompt = fld.name, f"填写非负数（{fld.unit}）；不可得填“—”"
    else:
        dv = DataValidation(type="decimal", operator="between", formula1="-100", formula2="10000", allow_blank=True)
        dv.promptTitle, dv.prompt = fld.name, "填写百分比数值，如 12.5；不可得填“—”"
    dv.errorStyle = "warning"  # a warning, so “—” for not available can still be typed
    dv.errorTitle, dv.error = "数值格式", f"{fld.name}应填写数字（{fld.unit}）。确需填“—”请点“是”。"
    dv.showInputMessage = dv.showErrorMessage = True
    dv.add(ref)
    return dv


def _instructions_sheet(info, field_codes, fields) -> None:
    """填表说明: how to fill the workbook in, and each field's name, the units it may be given in and its aliases."""
    for r, (a, b) in enumerate(INSTRUCTIONS, start=1):
        info.cell(r, 1, a)
        info.cell(r, 2, b)
    info.cell(1, 1).font = Font(bold=True, size=13)
    r = len(INSTRUCTIONS) + 2
    info.cell(r, 1, "字段代码").font = Font(bold=True)
    info.cell(r, 2, "指标名称（可用的计量单位）").font = Font(bold=True)
    for code in field_codes:
        r += 1
        fld = fields[code]
        info.cell(r, 1, code)
        info.cell(
            r, 2, f"{fld.name}（{'、'.join(convertible_units(fld.unit))}）；也可写作：{'、'.join(fld.aliases) or '—'}"
        )
    info.column_dimensions["A"].width = 26
    info.column_dimensions["B"].width = 100


def district_workbook(
    unit: Unit | None,
    years: list[int],
    field_codes,
    values: dict | None = None,
    unit_labels: dict | None = None,
    title: str | None = None,
) -> Workbook:
    """A district workbook for ``unit`` (blank identity when ``None``).

    ``values[field][year]`` may hold numbers or text exactly as a district would type it;
    ``unit_labels[field]`` overrides the unit column (e.g. 万元) for sample variety.
    """
    fields = load_fields()
    values, unit_labels = values or {}, unit_labels or {}
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = "数据"
    last_col = 3 + len(years)
    ws.cell(1, 1, title or f"{unit.name if unit else '　　　　'}科技创新统计报表（{max(years)}年）")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    ws.cell(1, 1).font = Font(size=14, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.cell(2, 1, "行政区划代码")
    code_cell = ws.cell(2, 2, unit.code if unit else None)
    code_cell.number_format = "@"
    ws.cell(2, 3, "单位名称")
    ws.cell(2, 4, unit.name if unit else None)
    for c in (2, 4):
        ws.cell(2, c).fill = INPUT_FILL
    header = ["字段代码", "指标名称", "单位", *[f"{y}年" for y in years]]
    for c, text in enumerate(header, start=1):
        cell = ws.cell(4, c, text)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center")
    row = 5
    for code in field_codes:
        fld = fields[code]
        ws.cell(row, 1, code).border = BOX
        ws.cell(row, 2, fld.name).border = BOX
        ws.cell(row, 3, unit_labels.get(code, fld.unit)).border = BOX
        for c, year in enumerate(years, start=4):
            cell = ws.cell(row, c, values.get(code, {}).get(year))
            cell.fill, cell.border = INPUT_FILL, BOX
            cell.number_format = "0" if fld.kind == "count" else "#,##0.00"
        row += 1
    first, last = 5, row - 1
    for r, code in zip(range(first, last + 1), field_codes):
        ws.add_data_validation(_validation(fields[code], f"D{r}:{chr(ord('C') + len(years))}{r}"))
    for i, note in enumerate(NOTES):
        ws.cell(row + 1 + i, 1, note)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 10
    for c in range(4, last_col + 1):
        ws.column_dimensions[chr(ord("A") + c - 1)].width = 14
    ws.freeze_panes = "D5"
    _instructions_sheet(wb.create_sheet("填表说明"), field_codes, fields)
    return wb


def task_table_workbook(framework: Framework, units: UnitRegistry, year: int, targets: dict | None = None) -> Workbook:
    """A 指标任务表 with one row per district/zone and indicator for ``year``; ``targets[(code, id)]`` fills values."""
    targets = targets or {}
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = "指标任务表"
    ws.cell(1, 1, f"{framework.name}  {year}年指标任务表").font = Font(size=14, bold=True)
    ws.merge_cells("A1:F1")
    for c, text in enumerate(["单位代码", "单位名称", "指标代码", "指标名称", "年份", "目标值"], start=1):
        cell = ws.cell(3, c, text)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
    r = 4
    for unit in [*units.districts, *units.zones, *units.areas]:
        for ind in framework.indicators:
            for c, v in enumerate(
                [unit.code, unit.name, ind.id, f"{ind.name}（{ind.unit}）", year, targets.get((unit.code, ind.id))],
                start=1,
            ):
                cell = ws.cell(r, c, v)
                cell.border = BOX
            ws.cell(r, 1).number_format = "@"
            ws.cell(r, 6).fill = INPUT_FILL
            r += 1
    ws.cell(r + 1, 1, "注：只需填写下达了任务的指标；目标值留空的指标按全市目标按基期比例分解。单位与指标体系一致。")
    for col, width in zip("ABCDEF", (12, 18, 26, 48, 8, 12)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    return wb


def wide_workbook(units: UnitRegistry, year: int, field_codes) -> Workbook:
    """The city bureau's table for ``year``: a row per district and zone, a column per raw field (unit in brackets),
    a 合计 row that sums the districts (checked by the reader, never taken as a unit)."""
    fields = load_fields()
    codes = [c for c in field_codes if c in fields.fields]
    wb = Workbook()
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = f"{year}年"
    member = plan_words_of(units)["member"]  # the plan's word for its members: 县（市、区） / 片区
    ws.cell(1, 1, f"{units.city.name}{year}年各{member}科技创新统计汇总表").font = Font(size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2 + len(codes))
    head = ["行政区划代码", "地区", *[f"{fields[c].name}（{fields[c].unit}）" for c in codes]]
    for c, text in enumerate(head, start=1):
        cell = ws.cell(3, c, text)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    rows = [*units.districts, *units.zones]
    for r, unit in enumerate(rows, start=4):
        ws.cell(r, 1, unit.code).number_format = "@"
        ws.cell(r, 2, unit.name)
        for c, code in enumerate(codes, start=3):
            cell = ws.cell(r, c)
            cell.fill, cell.border = INPUT_FILL, BOX
            ws.add_data_validation(_validation(fields[code], cell.coordinate))
    total = 4 + len(rows)
    ws.cell(total, 2, "合计（县市区）").font = Font(bold=True)
    last_district = 3 + len(units.districts)
    for c in range(3, 3 + len(codes)):
        if fields[codes[c - 3]].kind != "rate":
            col = ws.cell(total, c).column_letter
            ws.cell(total, c, f"=SUM({col}4:{col}{last_district})")
    ws.cell(
        total + 2,
        1,
        "注：合计行只用于核对（应等于各县、市、区之和，不含功能区），不作为任何单位的数据；"
        "金额可改用万元，并把表头括号中的单位一并改为（万元）。",
    )
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 18
    for c in range(3, 3 + len(codes)):
        ws.column_dimensions[ws.cell(3, c).column_letter].width = 16
    ws.row_dimensions[3].height = 48
    ws.freeze_panes = "C4"
    return wb


def save_new(wb: Workbook, path: Path, overwrite: bool = False) -> Path:
    """Save ``wb`` to ``path`` atomically, refusing to replace an existing file unless ``overwrite``."""
    from ..atomic import atomic_path
    from ..errors import OutputError

    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputError(f"文件已存在：{path}（为免覆盖他人填报的数据，请换一个文件名，或加 --force）")
    if path.suffix.lower() != ".xlsx":
        raise OutputError(f"输出文件应以 .xlsx 结尾：{path}")
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
