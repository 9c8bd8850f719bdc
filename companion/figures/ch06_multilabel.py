"""Figures of chapter 6, more than one label."""

__all__ = []
