"""The case view: one loan case, its timeline and the workflow actions it allows."""
