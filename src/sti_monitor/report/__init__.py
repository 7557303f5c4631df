"""Report content: elements that show as HTML in JupyterLab and as Typst in print, charts and wording.

The functions re-exported here are what the report notebooks call. They are loaded on first use:
the typesetter needs only the elements and the fonts, and a batch worker that typesets should not
pay for pandas and matplotlib (about 80 MB and half a second per process).
"""

from importlib import import_module

_WHERE = {
    **{name: ".appendices" for name in ("appendix",)},
    **{name: ".frame" for name in ("cover", "front_matter", "heading")},
    **{name: ".loading" for name in ("load", "trust_batch")},
    **{name: ".overview" for name in ("city_overview", "city_ranking")},
    **{name: ".sections" for name in ("indicator_part", "indicator_section", "indicator_sections")},
    **{name: ".brief" for name in ("headlines", "scorecard", "summary")},
    **{name: ".brief_one_page" for name in ("brief_page", "final_year_part")},
    **{name: ".assessment" for name in ("assessment_heading", "city_assessment", "unit_assessment")},
    **{name: ".rules_appendix" for name in ("assessment_rules",)},
    **{name: ".elements" for name in ("TYPST_MIME", "typst_str")},
    **{name: ".fonts" for name in ("SANS", "SERIF", "font_dirs", "font_files", "setup_matplotlib")},
}

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name], __name__), name)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__():
    return sorted({*globals(), *__all__})
