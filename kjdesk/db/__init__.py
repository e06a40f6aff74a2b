"""The local database: typed models, opening and upgrading the file."""
