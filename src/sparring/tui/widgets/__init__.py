"""Provides the widgets of the practice room."""
