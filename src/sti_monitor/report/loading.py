"""The results a report shows: loaded from its batch's cache while the inputs it recorded are
unchanged, recomputed (saying which files changed) otherwise.

Inside a batch the inputs were hashed once, when it started, and every report of the batch is made
from that one snapshot: the batch engine tells the kernel so before each unit (:func:`trust_batch`),
and :func:`load` then does not hash every input again for every unit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..ingest.panel import input_files, inputs_digest
from ..measure import Results, evaluate
from ..measure.results import load_results_file
from ..paths import DEFAULT_FRAMEWORK, SAMPLE_DATA_DIR
from .wording import say, speak_for


@dataclass
class BatchSnapshot:
    """The results file and the ``inputs`` text of the batch this kernel is rendering (none: trust nothing)."""

    results_path: str | None = None
    inputs: str | None = None

    def trust(self, results_path, inputs: str | None) -> None:
        """From now on ``inputs`` (JSON text) is what the batch hashed when it computed ``results_path``."""
        if results_path and inputs:
            self.results_path, self.inputs = str(results_path), inputs
        else:
            self.results_path = self.inputs = None

    def covers(self, results_path, inputs) -> bool:
        """Whether a notebook's recorded ``inputs`` are this batch's own snapshot."""
        return (
            isinstance(inputs, str)
            and self.inputs is not None
            and (str(results_path), inputs) == (self.results_path, self.inputs)
        )


#: The one snapshot of this process (a kernel renders one batch's units at a time).
BATCH = BatchSnapshot()


def trust_batch(results_path: str | None, inputs: str | None) -> None:
    """Called by the batch engine before each unit: ``inputs`` (the unit's ``inputs`` parameter, JSON
    text) is what the batch hashed when it computed ``results_path`` (``None``: trust nothing)."""
    BATCH.trust(results_path, inputs)


def changed_inputs(data_dir, recorded: dict) -> list[str] | None:
    """The files named in ``recorded`` whose SHA-256 differs now, or None when nothing changed.
    ``recorded``: ``{"all": SHA-256 over every input, "files": {file: SHA-256}}`` (or a plain
    ``{file: SHA-256}``); ``[]`` when only other units' files changed."""
    structured = isinstance(recorded.get("files"), dict) and isinstance(recorded.get("all"), str)
    files = recorded["files"] if structured else recorded
    now = input_files(Path(data_dir)) if Path(data_dir).is_dir() else {}
    names = set(files) if structured else {*files, *now}
    changed = sorted(name for name in names if files.get(name) != now.get(name))
    others = structured and inputs_digest(now) != recorded["all"]
    return changed if changed or others else None


def load(
    data_dir=None,
    framework: str = DEFAULT_FRAMEWORK,
    results_path=None,
    inputs=None,
    snapshot: BatchSnapshot = BATCH,
    until: int | None = None,
) -> Results:
    """The results to report on. A batch passes ``results_path`` (the results it computed once) and
    records ``data_dir`` and ``inputs``: JSON text of ``{"all": SHA-256 over every input file,
    "files": {file: SHA-256}}`` for the files this unit's own numbers come from (every member's
    for the city), so that its size does not grow with the number of units (a plain
    ``{file: SHA-256}`` dict is read too). Re-executed later, the notebook loads that cache while
    it exists and the inputs are unchanged; else it recomputes from ``data_dir``, first printing
    which of its files changed (or that other units' files did). ``data_dir`` None: the embedded
    sample data. Inputs that are ``snapshot``'s (the batch's own) are not hashed again. ``until``: the report's
    year, so that a recomputation uses the folders up to it only, as the batch did (a later year's folder
    never changes an earlier year's report)."""
    results = _load(data_dir, framework, results_path, inputs, snapshot, until)
    speak_for(results.units)
    return results


def _load(data_dir, framework: str, results_path, inputs, snapshot: BatchSnapshot, until: int | None) -> Results:
    recorded = json.loads(inputs) if isinstance(inputs, str) else inputs
    if data_dir and recorded and not snapshot.covers(results_path, inputs):
        changed = changed_inputs(data_dir, recorded)
        if changed is not None:
            print(say("inputs_changed", files="、".join(changed) or say("inputs_changed_others"), data_dir=data_dir))
            return evaluate(Path(data_dir), framework, until=until)
    if results_path and Path(results_path).is_file():
        return load_results_file(results_path)
    return evaluate(Path(data_dir) if data_dir else SAMPLE_DATA_DIR, framework, until=until)
