"""Figures of chapter 5, where sigmoid and softmax meet."""

__all__ = []
