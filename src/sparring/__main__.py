"""Provides `python -m sparring`."""

from sparring.cli import entry

entry()
