"""Use cases over a session: each function does one job in one transaction the caller owns."""
