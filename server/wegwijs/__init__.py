"""Wegwijs: contextual help inside the web apps people already use."""

__version__ = "0.1.0"
