"""The PySide6 client: thin screens over kjdesk.services."""
