"""Judging outcomes: the Pareto frontier and Nash point (`frontier`) and statistics over many
runs (`statistics`)."""
