"""The reports page: the published statistics tables on screen and exported."""
