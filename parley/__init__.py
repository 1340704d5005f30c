"""The `parley` command: argument parsing and one module per command group (`commands/`).

It sits beside `sim` (the engine) and `tui` (the terminal app) and may import both; nothing
under `sim` imports it or `tui`.
"""

import os

# One OpenBLAS thread unless the user says otherwise, set before anything imports numpy.
# Parley never calls BLAS (sums over issues are explicit, see sim.negotiation.game), but
# OpenBLAS starts a thread per core when numpy is imported, which cost every command about
# 50 ms of start-up and as much CPU again; batch workers are separate processes anyway.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
