"""What the batch engine runs inside its warm kernel (see :mod:`.engine`): the warm-up once, and the
reset before every notebook. Functions of a module, so the kernel compiles them once; the engine
sends a one-line call."""

from __future__ import annotations

import gc
import os
import sys
import types
import warnings


def _shell():
    from IPython import get_ipython

    return get_ipython()


def warm_up() -> None:
    """Import everything a report needs, set the shell up for batch use, then freeze what survives
    (``gc.freeze()``: the libraries are never scanned by a collection again)."""
    import IPython.core.compilerop
    import matplotlib  # noqa: F401
    import pandas  # noqa: F401

    import sti_monitor.report.assessment  # noqa: F401
    import sti_monitor.report.charts  # noqa: F401
    import sti_monitor.report.content  # noqa: F401
    import sti_monitor.report.svgchart  # noqa: F401
    from sti_monitor.report.fonts import setup_matplotlib

    setup_matplotlib()
    ip = _shell()
    ip.displayhook.do_full_cache = 0  # no Out/_N cache: nothing kept between cells, and reset() skips its gc pass
    ip.displayhook.cache_size = 0
    # cells are named by IPython's own hash (hashlib), not ipykernel's debugger hash: that one is
    # pure Python and costs milliseconds per kilobyte of cell
    ip.compile.get_code_name = types.MethodType(IPython.core.compilerop.CachingCompiler.get_code_name, ip.compile)
    ip.autoawait = False  # report cells never await: no second compile of every cell to look for it
    kernel = getattr(ip, "kernel", None)
    if kernel is not None and hasattr(kernel, "_execute_sleep"):
        kernel._execute_sleep = 0  # nbclient waits for the kernel's idle status, not for a pause
    gc.collect()
    gc.freeze()


def reset(cwd: str, path: list[str], results_path: str | None, inputs: str | None) -> None:
    """Clear what the last notebook left: matplotlib's figures and settings, pandas options, warnings
    filters, the working directory, ``sys.path``, the user namespace and the execution counter;
    then tell the report which inputs this batch hashed (``sti_monitor.report.content.trust_batch``)."""
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd

    from sti_monitor.report import content
    from sti_monitor.report.fonts import chart_rc

    plt.close("all")
    matplotlib.rcdefaults()
    matplotlib.rcParams.update(chart_rc())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")
    warnings.resetwarnings()
    warnings.simplefilter("default")
    os.chdir(cwd)
    sys.path[:] = path
    ip = _shell()
    ip.reset(new_session=False)  # user namespace and history; no gc pass (output cache off since warm-up)
    ip.execution_count = 1
    content.trust_batch(results_path, inputs)
