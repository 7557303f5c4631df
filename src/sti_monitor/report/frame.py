"""The page frame of a report: page settings with the running header and footer, the cover, and
section headings. The Typst is in ``templates/`` (:func:`~.typst_template.fill`), the words in
``params/wording/report_parts.yaml``."""

from __future__ import annotations

import datetime as dt

from .. import __version__
from ..measure import Results
from .elements import Elements, Heading, Raw, typst_str
from .formatting import cn
from .typst_template import fill
from .units import is_member, unit_key, unit_name
from .wording import plan_words, say

COVER_LINE = 22  # characters of the cover's title on one line at its smaller size


def report_title(unit_name: str, year: int, final: bool = False) -> str:
    """The report's title; in the plan's final year the report is its final evaluation (终期评估)."""
    return say("report_title_final" if final else "report_title", unit=unit_name, year=year)


def cover_reporters(results: Results, unit_code: str) -> str:
    """Who sent the statistics a report is made from, in the plan's words (its units file's ``wording``): the
    whole's report names its members and the units beside them it shows, a member's own report itself
    (本县（市、区）), an aggregate its parts, a unit outside the whole itself (本功能区, 本园区)."""
    words = plan_words()
    unit = results.units[unit_code]
    if unit_code == results.units.city.code:
        return words["cover_reporters"]
    if is_member(results, unit_code):
        return words["own_reporter"]
    return words["aggregate_reporters"] if unit.members else words["outside_reporter"]


def page_break() -> Raw:
    return Raw(fill("page_break") + "\n", "")


def document(results: Results, unit_code: str, year: int) -> Raw:
    """Page settings of the PDF: A4, running header with the unit and year, 第 X 页 共 Y 页."""
    unit_code = unit_key(results, unit_code)
    name = unit_name(results, unit_code)
    final = results.is_final(year)
    title = report_title(name, year, final)
    header = say("page_header_unit_final" if final else "page_header_unit", unit=name, year=year)
    footer = say("page_footer", page="#counter(page).display()", pages="#counter(page).final().first()")
    typst = fill(
        "page",
        title=typst_str(title),
        header_left=typst_str(header),
        header_right=typst_str(say("page_header_title_final" if final else "page_header_title")),
        footer=footer,
    )
    return Raw(typst + "\n", f"<p style='color:#666'>{header}</p>")


def cover(results: Results, unit_code: str, year: int, generated: dt.date | None = None) -> Elements:
    """The cover page: title, framework, date of generation."""
    unit_code = unit_key(results, unit_code)
    name = unit_name(results, unit_code)
    generated = generated or dt.date.today()
    date = say("cover_date_format", year=generated.year, month=generated.month, day=generated.day)
    title = report_title(name, year, results.is_final(year))
    main, subtitle = title.rsplit("（", 1)
    if len(main) > COVER_LINE and main.startswith(name):  # a long title breaks after the unit's name, not mid-word
        main = name + "\n" + main[len(name) :]
    framework = say("cover_framework", framework=cn(results.framework.name))
    generated_text = say("cover_date", date=date)
    typst = fill(
        "cover",
        title_size=24 if len(name) <= 6 else 19,
        title=typst_str(main),
        subtitle=typst_str("（" + subtitle),
        framework=typst_str(framework),
        generated=typst_str(generated_text),
        colophon=typst_str(say("cover_colophon", version=__version__, reporters=cover_reporters(results, unit_code))),
    )
    html = f"<h1>{title}</h1><p>{framework}<br>{generated_text}</p>"
    return Elements([Raw(typst + "\n", html)])


def front_matter(results: Results, unit_code: str | None, year: int) -> Elements:
    """Page settings and the cover (``unit_code`` None: the city)."""
    unit_code = unit_key(results, unit_code)
    return Elements([document(results, unit_code, year), *cover(results, unit_code, year)])


def heading(key: str, level: int = 2) -> Heading:
    """A section heading from the wording file (``heading_summary``, ``heading_appendix``, …)."""
    return Heading(say(key), level)
