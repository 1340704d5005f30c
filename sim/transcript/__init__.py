"""Transcripts: the JSON Lines format (`format`), the recorder that writes a game's records
as the engine runs (`recorder`), and answers' reasons in words."""
