"""sparring: rehearse asking your manager for remote work."""

__version__ = "0.1.0"
