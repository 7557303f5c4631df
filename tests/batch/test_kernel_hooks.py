"""The private ipykernel attributes ``batch/kernelside.py`` sets in a warm kernel: present in the
installed ipykernel, which lies in the range ``pyproject.toml`` pins, and set after the warm-up."""

import inspect
import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement

from sti_monitor.paths import PACKAGE_DIR

PYPROJECT = PACKAGE_DIR.parents[1] / "pyproject.toml"
GONE = (
    "ipykernel {version}: {what} is gone; batch/kernelside.py's warm_up sets it ({why}). Adapt warm_up to this "
    "ipykernel, or keep ipykernel in the range pinned in pyproject.toml"
)


def _pin() -> Requirement:
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    return next(r for r in map(Requirement, deps) if r.name == "ipykernel")


def test_ipykernel_is_pinned_and_the_installed_one_is_in_the_range():
    pin = _pin()
    assert any(s.operator in ("<", "<=", "~=", "==") for s in pin.specifier), f"ipykernel has no upper bound: {pin}"
    assert pin.specifier.contains(version("ipykernel")), (
        f"ipykernel {version('ipykernel')} is outside the tested range {pin}"
    )


def test_the_ipykernel_hooks_kernelside_sets_exist():
    from ipykernel.ipkernel import IPythonKernel
    from ipykernel.kernelbase import Kernel
    from IPython.core.compilerop import CachingCompiler

    installed = version("ipykernel")
    assert "_execute_sleep" in Kernel.class_trait_names(), GONE.format(
        version=installed, what="Kernel._execute_sleep", why="to 0: nbclient waits for the idle status, not for a pause"
    )
    compiler = IPythonKernel.compiler_class.default_value
    assert callable(getattr(compiler, "get_code_name", None)), GONE.format(
        version=installed,
        what=f"{compiler.__name__}.get_code_name",
        why="to IPython's CachingCompiler.get_code_name: a hash in C, not the debugger's in Python",
    )
    # IPython's method replaces ipykernel's on the kernel's compiler: both are called the same way
    assert (
        len(inspect.signature(CachingCompiler.get_code_name).parameters)
        == len(inspect.signature(compiler.get_code_name).parameters)
        == 4
    )  # self, raw code, transformed code, number


PROBE = """
from IPython.core.compilerop import CachingCompiler
ip = get_ipython()
print(ip.kernel._execute_sleep, ip.compile.get_code_name.__func__ is CachingCompiler.get_code_name)
"""


@pytest.mark.slow
def test_the_warm_up_sets_the_hooks_in_a_real_kernel():
    from sti_monitor.batch.engine import shutdown_warm_kernel, warm_client, warm_kernel

    printed = []
    try:
        warm_kernel()
        reply = warm_client().execute_interactive(
            PROBE, timeout=60, output_hook=lambda msg: printed.append(msg["content"].get("text", ""))
        )
    finally:
        shutdown_warm_kernel()
    assert reply["content"]["status"] == "ok", reply["content"]
    assert "".join(printed) == "0.0 True\n", "the warm-up did not set ipykernel's _execute_sleep and get_code_name"
