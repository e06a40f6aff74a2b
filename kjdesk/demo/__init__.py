"""The trainers' demo data set: plausible Chinese data that reproduces the published 2017 figures.

``build_demo(session_factory, progress=None)`` replaces a database's data with it; see docs/demo.md.
"""
from __future__ import annotations


def build_demo(session_factory, *, progress=None, before_clearing=None) -> None:
    """Replace the database's data with the demo data set; ``progress(fraction, message)`` is told how far."""
    from kjdesk.demo.build import build_demo as build

    build(session_factory, progress=progress, before_clearing=before_clearing)
