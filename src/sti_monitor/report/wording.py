"""The sentences of the reports, from ``params/wording/*.yaml``: one template per situation, with named fields.

An analyst changes how a report speaks by editing those files, not Python. A template is a ``str.format``
string (``"{unit}{year}年……"``); :func:`say` fills it and refuses to leave a field empty or unknown.

The names a plan gives its whole and its parts (``{whole}``: 全市 / 走廊 / 全县; ``{member}``: 县（市、区） /
片区; ``{reporters}``: who sends the statistics) are never written in a template nor in Python: they come from
the ``wording`` block of the plan's units file (``params/units/*.yaml``; the keys, their meaning and defaults
in ``params/wording/plan_words.yaml``) and fill any template field a caller does not pass. A report speaks for
one plan at a time: :func:`speak_for` is called with the results it shows.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from string import Formatter

from ..config import load_yaml
from ..errors import ConfigError
from ..ingest.units import PLAN_WORDS_FILE, plan_word_defaults, plan_words_of, reword
from ..paths import PARAMS_DIR

WORDING_DIR = PARAMS_DIR / "wording"


@cache
def templates() -> dict[str, str]:
    """Every template of every wording file, by key; a key defined twice is an error naming both files."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted(WORDING_DIR.glob("*.yaml")):
        if path.name == PLAN_WORDS_FILE.name:
            continue
        for key, text in load_yaml(path).items():
            if not isinstance(text, str):
                raise ConfigError(path, f"“{key}”应为一句文字模板")
            if key in found:
                raise ConfigError(path, f"“{key}”已在 {found[key][0]} 中定义")
            found[key] = (path.name, text)
    return {key: text for key, (_, text) in found.items()}


_PLAN_WORDS: ContextVar[dict[str, str] | None] = ContextVar("plan_words", default=None)


def speak_for(units) -> None:
    """From now on, sentences use the words of the plan whose units are ``units``."""
    _PLAN_WORDS.set(plan_words_of(units))


def plan_words() -> dict[str, str]:
    """The words of the plan being reported on (the defaults before any :func:`speak_for`)."""
    return _PLAN_WORDS.get() or plan_word_defaults()


def say(key: str, **fields) -> str:
    """The sentence ``key`` with its named ``fields`` filled in; the plan's words (``{whole}``, ``{member}``, …)
    fill the fields not passed."""
    try:
        template = templates()[key]
    except KeyError:
        raise ConfigError(WORDING_DIR, f"缺少文字模板“{key}”") from None
    fields = {**plan_words(), **fields}
    wanted = {name for _, name, _, _ in Formatter().parse(template) if name}
    if wanted - fields.keys():
        raise ConfigError(WORDING_DIR, f"文字模板“{key}”需要字段：{'、'.join(sorted(wanted - fields.keys()))}")
    return template.format(**fields)


def plan_text(text: str) -> str:
    """A text the measuring code wrote for a city of counties (a target's rule or note: "与全市目标相同") in the
    words of the plan being reported on."""
    return reword(text, plan_words())
