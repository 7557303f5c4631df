"""A papermill engine that keeps one warm kernel per process and resets it between notebooks.

Registered with papermill as ``sti_warm``. A cold papermill run pays a kernel start and the
library imports for every notebook; here each worker process starts its kernel once, over IPC
transport (no TCP ports to collide on), and before every notebook clears the user namespace,
matplotlib's state, warnings filters, the working directory and the execution counter, so
nothing from one unit's run reaches the next.

The reset never runs a full garbage collection: the warm-up imports everything a report needs,
collects once and freezes what survives (``gc.freeze()``: the libraries are never scanned again),
and turns off IPython's output cache (``Out``, ``_1``…), whose flush is what would collect. A unit's
own objects are freed by reference counting when the namespace is cleared, and the rare cycles
by Python's generational collector, which no longer walks the frozen libraries.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager

from . import lifeline
from .lifeline import kernel_argv

logger = logging.getLogger(__name__)

KERNEL_NAME = "sti-monitor-here"
SOCKET_PATH_MAX = 104  # bytes of a Unix socket path: 108 on Linux, 104 on macOS
WARM_UP = "from sti_monitor.batch import kernelside as _k; _k.warm_up(); del _k"
RESET = "__import__('sti_monitor.batch.kernelside', fromlist=['reset']).reset({cwd!r}, {path!r}, {results_path!r}, {inputs!r})"


class HereKernelSpecManager(KernelSpecManager):
    """Kernel specs that always run this very interpreter, whatever kernels are installed."""

    def get_kernel_spec(self, kernel_name):
        if kernel_name == KERNEL_NAME:
            # the kernel exits by itself when this process is gone (see lifeline)
            return KernelSpec(
                argv=kernel_argv(os.getpid()), display_name="sti-monitor", language="python", resource_dir=""
            )
        return super().get_kernel_spec(kernel_name)


def new_kernel_manager() -> KernelManager:
    """A kernel manager using IPC transport in a private folder (no TCP port races); TCP on the
    loopback when TMPDIR is so deep that a socket path would pass the system's limit."""
    folder = lifeline.kernel_folder()
    ipc = os.path.join(folder, "kernel")
    if len(os.fsencode(ipc)) + len("-65535") < SOCKET_PATH_MAX:
        km = KernelManager(
            kernel_name=KERNEL_NAME, kernel_spec_manager=HereKernelSpecManager(), transport="ipc", ip=ipc
        )
    else:
        km = KernelManager(
            kernel_name=KERNEL_NAME, kernel_spec_manager=HereKernelSpecManager(), transport="tcp", ip="127.0.0.1"
        )
    km.connection_file = os.path.join(folder, "kernel.json")
    return km


class _Warm:
    lock = threading.Lock()
    km: KernelManager | None = None
    kc = None
    cwd = os.getcwd()
    path = list(sys.path)
    interrupted = False  # an execution stopped by Ctrl-C: the client's event loop still holds its tasks


def _run(kc, code: str, timeout: float = 120) -> None:
    reply = kc.execute_interactive(code, timeout=timeout, store_history=False, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")


def warm_client():
    """A client with open channels to this process's warm kernel."""
    if _Warm.kc is None:
        kc = _Warm.km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        _Warm.kc = kc
    return _Warm.kc


def warm_kernel() -> KernelManager:
    """This process's warm kernel, started (and imports loaded) on first use."""
    if _Warm.km is None or not _Warm.km.is_alive():
        shutdown_warm_kernel()  # a dead kernel's folder
        km = new_kernel_manager()
        _Warm.km, _Warm.kc = km, None  # known before it starts, so a shutdown meanwhile stops it
        try:
            km.start_kernel(cwd=_Warm.cwd, env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
            _run(warm_client(), WARM_UP)
        except BaseException:
            shutdown_warm_kernel()
            raise
    return _Warm.km


def reset_warm_kernel(parameters: dict | None = None) -> None:
    """Clear what the last notebook left in this process's warm kernel (see the module docstring).

    ``parameters`` are the next notebook's: when they hold a batch's ``results_path`` and
    ``inputs`` (JSON text), the kernel is told that those inputs are the ones the batch hashed
    when it computed those results (see ``sti_monitor.report.content.load``)."""
    parameters = parameters or {}
    inputs = parameters.get("inputs") if isinstance(parameters.get("inputs"), str) else None
    # papermill applies its cwd argument by changing this process's directory around the call
    _run(
        warm_client(),
        RESET.format(
            cwd=os.getcwd(), path=_Warm.path + [""], results_path=parameters.get("results_path"), inputs=inputs
        ),
    )


def shutdown_warm_kernel() -> None:
    """Stop this process's kernel (called at exit, and by workers when they finish)."""
    km, kc, _Warm.km, _Warm.kc = _Warm.km, _Warm.kc, None, None
    if kc is not None:
        kc.stop_channels()
    if km is not None:
        process = getattr(km.provisioner, "process", None)
        if _Warm.interrupted:
            # jupyter's synchronous calls would run the event loop, which resumes the interrupted
            # execution's tasks: stop the kernel process directly, and its folder goes below
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        else:
            try:
                km.shutdown_kernel(now=True)
            except Exception:  # the kernel may already be gone
                logger.debug("kernel shutdown failed", exc_info=True)
                if process is not None and process.poll() is None:
                    process.kill()
            km.cleanup_resources()
        lifeline.release(os.path.dirname(km.connection_file))


atexit.register(shutdown_warm_kernel)


def _execute_warm(
    nb_man,
    kernel_name,
    log_output=False,
    stdout_file=None,
    stderr_file=None,
    start_timeout=60,
    execution_timeout=None,
    **kwargs,
):
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.utils import merge_kwargs, remove_args

    with _Warm.lock:
        km, kc = warm_kernel(), warm_client()
        reset_warm_kernel(nb_man.nb.metadata.get("papermill", {}).get("parameters"))
        kwargs = remove_args(["input_path", "timeout", "startup_timeout", "cwd"], **kwargs)
        final = merge_kwargs(
            kwargs,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=KERNEL_NAME,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, km=km, **final)
        client.kc = kc  # reuse the open channels: no new client, no extra round trips per unit
        try:
            return client.execute()
        except KeyboardInterrupt:
            _Warm.interrupted = True
            raise
        finally:
            if not km.is_alive():  # a notebook that killed its kernel gets a fresh one next time
                shutdown_warm_kernel()


_engine_class = None


def __getattr__(name):
    """``WarmEngine`` is built on first access, so importing this module never imports papermill
    (papermill imports it while loading its entry points, which would be circular)."""
    global _engine_class
    if name != "WarmEngine":
        raise AttributeError(name)
    if _engine_class is None:
        from papermill.engines import NBClientEngine

        class WarmEngine(NBClientEngine):
            """papermill engine ``sti_warm``: executes through papermill's client on a reused, reset kernel."""

            execute_managed_notebook = classmethod(
                lambda cls, nb_man, kernel_name, **kw: _execute_warm(nb_man, kernel_name, **kw)
            )

        _engine_class = WarmEngine
    return _engine_class
