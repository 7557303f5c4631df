"""Typst layouts of the report's page frame, from ``report/templates/*.typ``: the Typst is kept in
Typst files, the words in ``params/wording`` (:func:`~sti_monitor.report.wording.say`).

A template's ``{{name}}`` is replaced by the text given for ``name``, as it is: pass Typst source
(a string literal made with :func:`~sti_monitor.report.elements.typst_str`, a number, markup).
Every placeholder must be given and nothing else; the file's final newline is not part of it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ..errors import ConfigError

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


@cache
def _source(name: str) -> str:
    return (TEMPLATES_DIR / f"{name}.typ").read_text(encoding="utf-8").removesuffix("\n")


def fill(name: str, **fields) -> str:
    """The template ``name`` (``templates/{name}.typ``) with its placeholders replaced by ``fields``."""
    source = _source(name)
    wanted = set(PLACEHOLDER.findall(source))
    if wanted != fields.keys():
        raise ConfigError(
            TEMPLATES_DIR / f"{name}.typ", f"Typst 模板需要字段 {sorted(wanted)}，实际给出 {sorted(fields)}"
        )
    return PLACEHOLDER.sub(lambda m: str(fields[m.group(1)]), source)
