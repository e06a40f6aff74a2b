"""The yearly assessment sheets: rubrics from ``forms/``, figures from the database, the rules that
turn one into scores, and the manager's entries and adjustments."""
