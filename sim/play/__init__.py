"""One game with people at the table: the session the TUI and tests drive (`session`), with
its what-if continuations and debrief baseline, and save files (`saves`)."""
