"""Figures of chapter 3, multi-class classification."""

__all__ = []
