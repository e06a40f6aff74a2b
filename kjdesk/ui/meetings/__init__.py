"""The review meetings page."""
