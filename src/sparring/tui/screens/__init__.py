"""Provides the screens of the practice room."""
