"""kjdesk: case management for Shanghai's sci-tech finance service network."""

__version__ = "0.1.0"
