"""Screens of the Parley TUI, one module each (dialogs share one)."""
