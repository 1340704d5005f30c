"""The class host (`parley host PACK/`): one process that owns every table of a class pack.

Small modules, one job each: `codes` (who a join code seats, and slowing down wrong ones),
`store` (every decision in SQLite before it takes effect), `tables` (one `PlaySession` per
table, replayed from the store after a restart), `protocol` (the messages a seat exchanges
with the host, each cut to what its side may know), `server` (aiohttp: the seats' websocket,
the browser's terminal, the teacher's view), `client` (a seat at the host for the TUI:
`sim.play.seat.Seated` over the network), `browser` (the page and terminal a student's
browser opens). The engine (`sim`) never imports any of it.
"""
