"""Provides the screens of the Textual app."""
