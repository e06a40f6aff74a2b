"""Headless commands; each module registers its subcommand with ``register(subparsers, common)``."""
