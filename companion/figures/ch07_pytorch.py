"""Figures of chapter 7, the PyTorch implementation."""

__all__ = []
