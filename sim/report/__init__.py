"""Debrief reports and class summaries: self-contained HTML pages with hand-written SVG charts.

`debrief` and `summary` gather the numbers from transcripts; `debrief_page` and
`summary_page` lay them out; `svg` draws the charts and `html` holds the page shell. Nothing
here reaches the network: a report opens from a USB stick in a classroom without Wi-Fi.
"""
