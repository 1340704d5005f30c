"""One game with people at the table: the session the TUI and tests drive (`session`), save
files, and what-if continuations of a game in progress (`whatif`)."""
