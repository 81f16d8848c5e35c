"""Provides the full-screen practice room (Textual)."""
