"""Render reports in batch: warm papermill kernels, one job per unit, fingerprints, local pools and Dask."""
from .run import render_batch

__all__ = ["render_batch"]
