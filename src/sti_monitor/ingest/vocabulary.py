"""The words that mark header, identity, total and note cells, from ``params/ingest.yaml``."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from ..config import load_yaml
from ..errors import ConfigError
from ..paths import PARAMS_DIR


def _fold(word) -> str:
    return "".join(unicodedata.normalize("NFKC", str(word)).split())


@dataclass(frozen=True)
class Vocabulary:
    """Header words per column kind, label prefixes, and the 合计 tolerance (relative, absolute)."""

    field_code: frozenset[str]
    field_name: frozenset[str]
    unit: frozenset[str]
    unit_code: frozenset[str]
    unit_name: frozenset[str]
    year: frozenset[str]
    value: frozenset[str]
    revision: tuple[str, ...]
    total_labels: tuple[str, ...]
    code_labels: tuple[str, ...]
    name_labels: tuple[str, ...]
    footer_prefixes: tuple[str, ...]
    header_scan_rows: int
    total_tolerance: tuple[float, float]
    provisional_words: tuple[str, ...]
    illustrative_words: tuple[str, ...] = ()


@cache
def vocabulary(path=None) -> Vocabulary:
    """Read ``params/ingest.yaml`` (or ``path``)."""
    path = path or PARAMS_DIR / "ingest.yaml"
    data = load_yaml(path)
    try:
        headers, identity, tolerance = data["headers"], data["identity_labels"], data["total_tolerance"]
        words = {
            k: frozenset(_fold(w) for w in headers[k])
            for k in ("field_code", "field_name", "unit", "unit_code", "unit_name", "year", "value")
        }
        return Vocabulary(
            **words,
            revision=tuple(sorted((_fold(w) for w in headers["revision"]), key=len, reverse=True)),
            total_labels=tuple(_fold(w) for w in data["total_labels"]),
            code_labels=tuple(_fold(w) for w in identity["code"]),
            name_labels=tuple(_fold(w) for w in identity["name"]),
            footer_prefixes=tuple(_fold(w) for w in data["footer_prefixes"]),
            header_scan_rows=int(data["header_scan_rows"]),
            total_tolerance=(float(tolerance["relative"]), float(tolerance["absolute"])),
            provisional_words=tuple(_fold(w) for w in data["provisional_words"]),
            illustrative_words=tuple(_fold(w) for w in data.get("illustrative_words") or ()),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(path, f"缺少或写错了键 {exc}（见该文件开头的说明）") from None
