"""The `parley` command: argument parsing and one module per command group (`commands/`).

It sits beside `sim` (the engine) and `tui` (the terminal app) and may import both; nothing
under `sim` imports it or `tui`.
"""
