"""Classroom use: class packs and rosters (`pack`), private briefs and the instructor's key
(`briefs`), and simulated students (`stand_in`). The pages a class reads afterwards (debriefs,
the class summary) are in `sim.report`."""
