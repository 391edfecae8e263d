"""Packaged data: rule patterns, gazetteers and the default pipeline settings.

Installed as ``pipeline.models``; a checkout uses this folder directly.
"""
