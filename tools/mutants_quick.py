"""Run mutmut's mutants of one module of measure/ in one Python process, against the fast tests that reach them.

mutmut 3 starts a pytest process per mutant and runs every test that called the mutated function, about 20 s a
mutant on a shared 2-core machine (a few tests that run the whole pipeline take most of it): hours per module.
This runs the same mutants (from an earlier ``mutmut run``'s ``mutants/`` folder, whose trampolines read
``MUTANT_UNDER_TEST`` at every call) with ``pytest.main`` in-process, against the tests mutmut's stats say reach
the mutated function, without the slow ones (over ``--slow`` seconds), plus the test files named on the command line
(copied into ``mutants/tests/`` first). A mutant killed here is killed by ``tests/measure``; a survivor here
should be re-checked with the slow tests too (``--slow 1000``), or one by one as README.md says.

    PYTHONPATH=$PWD/src .venv/bin/mutmut run --max-children 1 "sti_monitor.measure.trajectory*"  # stop it once running
    .venv/bin/python tools/mutants_quick.py trajectory tests/measure/test_trajectory_edges.py
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class MutantTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise MutantTimeout


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="a module of sti_monitor.measure, e.g. trajectory")
    parser.add_argument("tests", nargs="*", help="test files run for every mutant (copied into mutants/)")
    parser.add_argument("--source", default=str(ROOT), help="the folder the test files are copied from")
    parser.add_argument("--stats", action="store_true", help="also the tests mutmut's stats say reach the function")
    parser.add_argument("--slow", type=float, default=1.0, help="with --stats: leave out tests slower than this (s)")
    parser.add_argument(
        "--only", nargs="*", default=None, help="mutants whose name starts so (x_classify__mutmut_3, x_classify__)"
    )
    parser.add_argument("--exact", action="store_true", help="--only names whole mutants, not prefixes")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a mutant counts as killed")
    args = parser.parse_intermixed_args(argv)

    mutants = ROOT / "mutants"
    for t in {t.split("::")[0] for t in args.tests}:  # a file, or one test of it (file::name)
        shutil.copy(Path(args.source) / t, mutants / t)
    stats = json.loads((mutants / "mutmut-stats.json").read_text())
    meta = json.loads((mutants / "src/sti_monitor/measure" / f"{args.module}.py.meta").read_text())
    names = list(meta["exit_code_by_key"])
    if args.only:
        short = {n: n.rsplit(".", 1)[-1] for n in names}
        if args.exact:
            names = [n for n in names if short[n] in args.only]
        else:
            names = [n for n in names if any(short[n].startswith(o) for o in args.only)]
    slow = {t for t, d in stats["duration_by_test"].items() if d > args.slow}

    os.chdir(mutants)
    sys.path.insert(0, str(mutants / "src"))
    import pytest

    signal.signal(signal.SIGALRM, _alarm)

    by_function = stats["tests_by_mangled_function_name"]

    def tests_of(name: str) -> list[str]:
        if not args.stats:
            return []
        return sorted(set(by_function.get(name.split("__mutmut_")[0], [])) - slow)

    def run(name: str, tests: list[str], timeout: float = args.timeout) -> int:
        os.environ["MUTANT_UNDER_TEST"] = name
        selection = [*tests, *args.tests]
        if not selection:
            return 0
        signal.setitimer(signal.ITIMER_REAL, timeout)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                rc = int(pytest.main(["-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *selection]))
            if rc not in (0, 1) or not name:  # an error of the run itself, or the tests fail without a mutant
                print(out.getvalue()[-3000:], file=sys.stderr)
            return rc
        except MutantTimeout:
            return -1
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    start = time.monotonic()
    if run("", sorted({t for n in names for t in tests_of(n)}), timeout=600) != 0:  # imports take a while
        print("the tests fail without any mutant", file=sys.stderr)
        return 2
    survivors, timeouts = [], 0
    for i, name in enumerate(names, 1):
        rc = run(name, tests_of(name))
        print(f"{i}/{len(names)} {name} {'survived' if rc == 0 else 'killed'}", file=sys.stderr, flush=True)
        timeouts += rc == -1
        if rc == 0:
            survivors.append(name)
    minutes = (time.monotonic() - start) / 60
    print(
        f"{args.module}: {len(names)} mutants, {len(names) - len(survivors)} killed ({timeouts} by timeout), "
        f"{len(survivors)} survived, {minutes:.1f} min"
    )
    for name in survivors:
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
