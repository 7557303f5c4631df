"""The results a batch hands its workers: one temporary file per process, removed when the process ends."""

import os
import subprocess
import sys

SCRIPT = """
from sti_monitor.batch.job import results_file
path = results_file("k" * 64, b"results")
assert results_file("k" * 64, None) == path  # written once per process
print(path)
"""


def test_results_file_is_removed_when_the_process_ends():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    path = done.stdout.strip()
    assert path.endswith(".pkl") and "sti-results-" in path
    assert not os.path.exists(path)
