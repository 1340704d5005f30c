"""Widgets of the Parley TUI: each takes its data as attributes and posts messages up."""
