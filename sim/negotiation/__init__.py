"""The negotiation itself: a scenario compiled to arrays (`game`), per-run parameters
(`params`), the SimPy engine that owns time and state (`engine`), the round protocols
(`protocols/`), consent, events, addressed randomness, results and snapshots."""
