"""The ``sti-monitor`` command line: the parser and entry point (:mod:`.main`), the commands on the data
(:mod:`.data`), rendering and the control panel (:mod:`.render`), what is printed (:mod:`.output`) and the
Chinese argparse (:mod:`.parsing`)."""

from .main import EXAMPLES, build_parser, main
from .output import checked_sentence, escape_control, print_problems
from .render import default_reports_folder, require_extra

__all__ = [
    "EXAMPLES",
    "build_parser",
    "checked_sentence",
    "default_reports_folder",
    "escape_control",
    "main",
    "print_problems",
    "require_extra",
]
