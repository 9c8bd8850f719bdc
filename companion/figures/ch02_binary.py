"""Figures of chapter 2, binary classification."""

__all__ = []
