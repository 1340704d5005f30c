"""Parley: diplomatic scenario simulation."""

__version__ = "0.1.0"
