"""What vulture (``make lint``) reports as unused but is used from outside Python's view; each group says why.

A name here is read by vulture as "used". Add a name only with its reason; remove it when the code goes.
"""

# ruff: noqa: B018, F821
_ = object()

# Attributes set on a library's objects and read by that library: openpyxl styles, print setup, data
# validation and workbook properties (publish/), Voilà and Jupyter server traitlets (app/server.py),
# IPython's compiler and shell (batch/kernelside.py), ipywidgets layouts (app/form.py), tempfile's tempdir,
# tornado's websocket ping parameters (app/handlers.py).
_.alignment
_.border
_.created
_.errorStyle
_.errorTitle
_.fitToHeight
_.fitToPage
_.fitToWidth
_.font
_.freeze_panes
_.horizontalCentered
_.modified
_.orientation
_.paperSize
_.print_title_rows
_.prompt
_.promptTitle
_.showErrorMessage
_.showInputMessage
_.allow_template_override
_.allow_theme_override
_.connection_dir
_.cull_connected
_.transport
_.db_file
_.secret
_.log_level
_.cull_idle_timeout
_.cull_interval
_.file_allowlist
_.language_code
_.port_retries
_.show_tracebacks
_.autoawait
_.cache_size
_.do_full_cache
_.execution_count
_.visibility
_.tempdir
_.ping_interval
_.ping_timeout
_.comment

# Methods and class attributes a framework calls by name: Jupyter's display protocol (_repr_mimebundle_,
# _ipython_display_ and its include/exclude arguments), nbconvert's exporter traits, tornado's handler hooks,
# papermill's engine hook, and module-level __getattr__/__dir__ (lazy imports).
_._repr_mimebundle_
_._ipython_display_
include
exclude
_._file_extension_default
default_preprocessors
export_from_notebook
output_mimetype
_.check_xsrf_cookie
_.compute_etag
execute_managed_notebook
__getattr__
__dir__

# Called from the report notebooks (notebooks/*.ipynb, through sti_monitor.report's lazy names), from the
# Voilà panel notebook, from a warm kernel's code string, or by the tests only (a sample of one unit).
assessment_rules
brief_page
city_assessment
final_year_part
indicator_part
_.from_environment
warm_up
make_single_unit

# Arguments a caller's signature requires: a signal handler's signum, a papermill log callback's msg.
signum
msg
