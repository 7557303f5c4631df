"""Everything the report notebooks call, in one import: the parts of a report now live in modules of
their own (:mod:`.loading`, :mod:`.frame`, :mod:`.brief`, :mod:`.sections`, :mod:`.appendices`,
:mod:`.overview`). Kept for callers of the former single module: the batch engine imports it to warm a
kernel with every part and calls :func:`trust_batch`; notebooks use ``sti_monitor.report`` instead."""

from .appendices import appendix, appendix_large, definitions_table
from .brief import assessment_table, headlines, overall_standing, scorecard, summary
from .frame import cover, document, front_matter, heading, page_break, report_title
from .loading import BATCH, BatchSnapshot, load, trust_batch
from .overview import city_overview, city_ranking, status_table
from .rows import Shown, gap_text, rank_text, shown, status_cell, status_label, status_phrase, still_needed
from .sections import Peers, indicator_section, indicator_sections, peers_of, target_path_table
from .units import is_member, member_codes, members, single_unit, unit_key, unit_name

__all__ = [
    "BATCH",
    "BatchSnapshot",
    "Peers",
    "Shown",
    "appendix",
    "appendix_large",
    "assessment_table",
    "city_overview",
    "city_ranking",
    "cover",
    "definitions_table",
    "document",
    "front_matter",
    "gap_text",
    "heading",
    "headlines",
    "indicator_section",
    "indicator_sections",
    "is_member",
    "load",
    "member_codes",
    "members",
    "overall_standing",
    "page_break",
    "peers_of",
    "rank_text",
    "report_title",
    "scorecard",
    "shown",
    "single_unit",
    "status_cell",
    "status_label",
    "status_phrase",
    "status_table",
    "still_needed",
    "summary",
    "target_path_table",
    "trust_batch",
    "unit_key",
    "unit_name",
]
