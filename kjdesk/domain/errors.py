"""The one error type the domain raises for input a user can correct."""


class DomainError(ValueError):
    """Input that breaks a rule. ``message`` is already translated for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
