"""Synthetic and sample data, benchmark and stress runs."""
