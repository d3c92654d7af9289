"""Custom actions of the SEN support guide: thin adapters over `knowledge/`.

rasa-sdk imports every module of this package when the action server starts, so no module
does any work at import time; content is loaded on first use by `common.knowledge()`.
"""
