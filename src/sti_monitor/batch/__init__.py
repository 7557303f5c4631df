"""Render reports in batch: warm papermill kernels, one job per unit, fingerprints, local pools and Dask."""

__all__ = ["render_batch"]


def __getattr__(name):
    """``render_batch``, imported on first use, so that a worker or kernel importing ``lifeline`` starts light."""
    if name == "render_batch":
        from .run import render_batch

        return render_batch
    raise AttributeError(f"module 'sti_monitor.batch' has no attribute {name!r}")
