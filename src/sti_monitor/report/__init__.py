"""Report content: elements that show as HTML in JupyterLab and as Typst in print, charts and wording.

The functions re-exported here are what the report notebooks call.
"""
from .content import (
                      appendix,
                      city_overview,
                      city_ranking,
                      cover,
                      front_matter,
                      heading,
                      headlines,
                      indicator_section,
                      indicator_sections,
                      load,
                      scorecard,
                      summary,
)
from .assessment import assessment_rules, city_assessment, unit_assessment
from .elements import TYPST_MIME, typst_str
from .fonts import SANS, SERIF, font_dirs, font_files, setup_matplotlib

__all__ = ["SANS", "SERIF", "TYPST_MIME", "appendix", "assessment_rules", "city_assessment", "city_overview",
           "city_ranking", "cover", "font_dirs", "font_files", "front_matter", "heading", "headlines", "indicator_section",
           "indicator_sections", "load", "scorecard", "unit_assessment",
           "setup_matplotlib", "summary", "typst_str"]
